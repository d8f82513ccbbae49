// Account admin (owners and admins): the account's users and their roles with
// the Marketplace permissions role, the installs of the account's apps with
// "Remove app", and app pre-approval (policy and list).
//
// The installs are the account's (GET /_plaza/accounts/{id}/installs): every
// app its users added, whichever account made it.
import { get, post, put, patch, del, seg } from '../api.js';
import { h, clear, field, form, valueOf, statusLine, inFlight, when } from '../dom.js';

const ROLES = [['member', 'Member'], ['admin', 'Admin'], ['owner', 'Owner']];
const userName = (u) => (u ? (u.display_name?.trim() || u.email) : 'unknown user');

function section(id, title, ...children) {
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id, text: title }), children);
}

async function usersSection(box, account) {
  const [{ users }, perms] = await Promise.all([
    get(`/_plaza/accounts/${seg(account)}/users?page_size=300`),
    get(`/_plaza/accounts/${seg(account)}/marketplace-permissions`),
  ]);
  const granted = new Set(perms.users.map((u) => u.id));
  const render = (message = '') => {
    const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite', text: message });
    const permCell = (u) => {
      if (u.role !== 'member') return h('td', { text: 'Always (owner or admin)' });
      const has = granted.has(u.id);
      const b = h('button', { type: 'button', class: has ? 'danger' : 'secondary',
        text: has ? 'Revoke' : 'Grant', 'aria-label': `${has ? 'Revoke' : 'Grant'} Marketplace permissions for ${u.email}` });
      b.addEventListener('click', () => inFlight({ button: b, status, pending: 'Saving…' }, async () => {
        if (has) { await del(`/_plaza/accounts/${seg(account)}/marketplace-permissions/${seg(u.id)}`); granted.delete(u.id); }
        else { await put(`/_plaza/accounts/${seg(account)}/marketplace-permissions/${seg(u.id)}`, {}); granted.add(u.id); }
        render(`Marketplace permissions ${has ? 'revoked from' : 'granted to'} ${u.email}.`);
        box.querySelector(`[data-user="${CSS.escape(u.id)}"] button`)?.focus();
      }));
      return h('td', {}, h('span', { text: has ? 'Yes ' : 'No ' }), b);
    };
    clear(box, h('h2', { id: 'admin-users', text: 'Users and roles' }),
      h('p', { class: 'hint', text: perms.allows ? `Marketplace permissions allow ${perms.allows}.` : '' }),
      h('table', { class: 'list' },
        h('caption', { text: `${users.length} user${users.length === 1 ? '' : 's'}` }),
        h('thead', {}, h('tr', {}, ['User', 'E-mail', 'Role', 'Marketplace permissions'].map((t) => h('th', { scope: 'col', text: t })))),
        h('tbody', {}, users.map((u) => h('tr', { 'data-user': u.id },
          h('th', { scope: 'row', text: userName(u) }), h('td', {}, h('code', { text: u.email })),
          h('td', { text: ROLES.find(([r]) => r === u.role)?.[1] || u.role }), permCell(u))))),
      status,
      h('h3', { text: 'Add a user' }),
      form({
        label: 'Add a user', submit: 'Add user', pending: 'Adding…', done: 'Added.',
        fields: [
          field({ label: 'E-mail', name: 'email', type: 'email', required: true, autocomplete: 'off' }),
          field({ label: 'First name', name: 'first_name', maxlength: 64 }),
          field({ label: 'Last name', name: 'last_name', maxlength: 64 }),
          field({ label: 'Role', name: 'role', type: 'select', options: ROLES }),
          field({ label: 'Password', name: 'password', type: 'password', autocomplete: 'new-password',
            hint: '8 to 128 characters; without one the user cannot sign in.' }),
        ],
        onsubmit: async (f) => {
          const body = { email: valueOf(f, 'email') || '', role: valueOf(f, 'role') || 'member' };
          for (const k of ['first_name', 'last_name']) { const v = valueOf(f, k); if (v) body[k] = v; }
          const pw = f.querySelector('[name=password]').value;
          if (pw) body.password = pw;
          const u = await post(`/_plaza/accounts/${seg(account)}/users`, body);
          users.push(u);
          render(`Added ${u.email} as ${u.role}.`);
        },
      }));
  };
  render();
}

async function installsSection(box, account, users) {
  const { installs } = await get(`/_plaza/accounts/${seg(account)}/installs`);
  const ours = installs.filter((i) => i.status === 'installed').map((i) => ({ ...i, environment: i.env,
    scopes: i.scopes ? i.scopes.split(' ') : [], app: { id: i.app_id, name: i.app_name || i.app_id } }));
  const byId = new Map(users.map((u) => [u.id, u]));
  const status = statusLine();
  clear(box, h('h2', { id: 'admin-installs', text: 'Installed apps' }),
    h('p', { class: 'hint', text: 'Every app installed in your account, whoever added it and whichever account made it.' }));
  if (!ours.length) box.append(h('p', { text: 'No active installs by users of this account.' }));
  else {
    box.append(h('ul', { class: 'plain installs', 'aria-label': 'Active installs' }, ours.map((i) => {
      const who = i.user_id ? byId.get(i.user_id) : null;
      const by = byId.get(i.installed_by);
      const label = i.user_id ? (who?.email || i.user_id) : 'the whole account';
      const b = h('button', { type: 'button', class: 'danger', text: 'Remove app', 'aria-label': `Remove app ${i.app.name} for ${label}` });
      const row = h('li', {},
        h('h3', { text: i.app.name }),
        h('dl', {},
          h('dt', { text: 'For' }), h('dd', { text: label }),
          h('dt', { text: 'Installed by' }), h('dd', { text: by?.email || i.installed_by || '—' }),
          h('dt', { text: 'When' }), h('dd', { text: when(i.created_at) }),
          h('dt', { text: 'Environment' }), h('dd', { text: i.environment }),
          h('dt', { text: 'Scopes' }), h('dd', {}, i.scopes.length ? i.scopes.map((s, n) => [n ? ' ' : '', h('code', { text: s })]) : 'none'),
          i.reauthorization_required ? [h('dt', { text: 'Note' }), h('dd', { text: 'Must re-authorize: the app asks for more scopes now.' })] : null),
        h('div', { class: 'actions' }, b));
      b.addEventListener('click', () => inFlight({ button: b, status, pending: 'Removing…', done: `Removed ${i.app.name} for ${label}.` }, async () => {
        await del(`/_plaza/installs/${seg(i.id)}`);
        row.remove();
      }));
      return row;
    })));
  }
  box.append(status);
}

async function directoryApps() {
  const out = [];
  let token = '';
  for (let i = 0; i < 5; i++) {
    const q = new URLSearchParams({ page_size: '100' });
    if (token) q.set('next_page_token', token);
    const page = await get(`/_plaza/directory?${q}`);
    out.push(...page.apps);
    token = page.next_page_token;
    if (!token) break;
  }
  return out;
}

async function policySection(box, account) {
  const [policy, published] = await Promise.all([get(`/_plaza/accounts/${seg(account)}/app-policy`), directoryApps()]);
  const names = new Map(published.map((a) => [a.id, a.name]));
  const render = (p, message = '') => {
    const status = statusLine();
    status.textContent = message;
    const pre = new Set(p.preapproved_apps);
    const toggle = form({
      label: 'Pre-approval policy', submit: 'Save policy', pending: 'Saving…', done: 'Saved.',
      fields: [field({ label: 'Members may install only pre-approved apps', name: 'require_preapproval', type: 'checkbox', value: p.require_preapproval,
        hint: 'Owners and admins are not held back, and your account\'s own apps are not subject to it.' })],
      onsubmit: async (f) => {
        const np = await patch(`/_plaza/accounts/${seg(account)}/app-policy`, { require_preapproval: !!valueOf(f, 'require_preapproval') });
        render(np, `Pre-approval is ${np.require_preapproval ? 'on' : 'off'}.`);
      },
    });
    const choices = published.filter((a) => !pre.has(a.id));
    const pick = h('select', { id: 'preapprove-pick', name: 'app' }, choices.map((a) => h('option', { value: a.id, text: a.name })));
    const add = h('button', { type: 'submit', class: 'primary', text: 'Pre-approve', disabled: !choices.length });
    const addForm = h('form', { class: 'stack', 'aria-label': 'Pre-approve an app' },
      h('div', { class: 'field' }, h('label', { for: 'preapprove-pick', text: 'Published app' }), pick),
      h('div', { class: 'actions' }, add));
    addForm.addEventListener('submit', (ev) => {
      ev.preventDefault();
      if (!pick.value) return;
      const name = names.get(pick.value) || pick.value;
      inFlight({ button: add, status, pending: 'Pre-approving…' }, async () => {
        const np = await put(`/_plaza/accounts/${seg(account)}/preapproved-apps/${seg(pick.value)}`, {});
        render(np, `${name} is pre-approved.`);
      });
    });
    clear(box, h('h2', { id: 'admin-policy', text: 'App pre-approval' }),
      h('p', {}, 'Pre-approval is ', h('strong', { text: p.require_preapproval ? 'on' : 'off' }), '.'),
      toggle,
      h('h3', { text: `Pre-approved apps (${pre.size})` }),
      pre.size ? h('ul', { class: 'plain', 'aria-label': 'Pre-approved apps' }, [...pre].map((id) => {
        const name = names.get(id) || `${id} (not in the directory now)`;
        const b = h('button', { type: 'button', class: 'danger', text: 'Remove', 'aria-label': `Remove the pre-approval of ${name}` });
        b.addEventListener('click', () => inFlight({ button: b, status, pending: 'Removing…' }, async () => {
          await del(`/_plaza/accounts/${seg(account)}/preapproved-apps/${seg(id)}`);
          render(await get(`/_plaza/accounts/${seg(account)}/app-policy`), `${name} is no longer pre-approved.`);
        }));
        return h('li', { class: 'row' }, names.has(id) ? h('a', { href: `#/directory/${seg(id)}`, text: name }) : h('span', { text: name }), b);
      })) : h('p', { text: 'None yet.' }),
      choices.length ? addForm : h('p', { text: published.length ? 'Every published app is pre-approved.' : 'No app is published in the directory yet.' }),
      status);
  };
  render(policy);
}

async function admin(main, _p, ctx) {
  const account = ctx.session.user.account_id;
  const acc = await get(`/_plaza/accounts/${seg(account)}`);
  main.append(h('h1', { text: 'Account admin' }), h('p', { class: 'meta', text: `${acc.name} · plan ${acc.plan}` }));
  const users = h('section', { class: 'card', 'aria-labelledby': 'admin-users' }, h('h2', { id: 'admin-users', text: 'Users and roles' }), h('p', { text: 'Loading…' }));
  const installs = section('admin-installs', 'Installed apps', h('p', { text: 'Loading…' }));
  const policy = section('admin-policy', 'App pre-approval', h('p', { text: 'Loading…' }));
  main.append(users, installs, policy);
  const fail = (box) => (err) => box.append(h('p', { class: 'form-error', role: 'alert', text: err.problem?.detail || err.message }));
  const list = await get(`/_plaza/accounts/${seg(account)}/users?page_size=300`).catch(() => ({ users: [] }));
  await Promise.all([
    usersSection(users, account).catch(fail(users)),
    installsSection(installs, account, list.users).catch(fail(installs)),
    policySection(policy, account).catch(fail(policy)),
  ]);
}

export const routes = [
  { path: '/admin', title: 'Account admin', role: 'admin', render: admin },
];
