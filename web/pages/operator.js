// The operator's page, #/operator: what the admin key does, for a user with
// the operator role. One section each: accounts (list, create with an owner),
// reviewers and operators (add by id or e-mail, remove), the virtual clock
// (advance), fault rules (add, remove one, remove all) and the Marketplace
// settings. Each section loads and reloads on its own, so one refusal does
// not hide the rest.
import { get, post, put, patch, del, seg } from '../api.js';
import { h, clear, field, form, inFlight, statusLine, valueOf, when } from '../dom.js';

const PLANS = [['pro', 'Pro'], ['free', 'Free'], ['business', 'Business'], ['business_plus', 'Business Plus'], ['enterprise', 'Enterprise']];

// A section of the page: a card with an h2 and a body that `load(body, reload)`
// fills; reload(message) fills it again and says `message` in its status line.
function panel(main, id, title, load) {
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const heading = h('h2', { id: `op-${id}-title`, text: title });
  const holder = h('div');
  main.append(h('section', { class: 'card operator-panel', id: `op-${id}`, 'aria-labelledby': heading.id }, heading, status, holder));
  const reload = async (message = '') => {
    const hadFocus = holder.contains(document.activeElement) || document.activeElement === document.body;
    try {
      const fresh = h('div', { class: 'stack' });
      await load(fresh, reload);
      clear(holder, fresh);
    } catch (err) {
      clear(holder, h('div', { class: 'form-error', role: 'alert' }, h('p', { text: `${title} could not be read: ${err.problem?.title || err.message}` }),
        err.problem?.detail ? h('p', { text: err.problem.detail }) : null));
    }
    status.textContent = message;
    // what had focus is gone: keep the keyboard in this section
    if (hadFocus && !holder.contains(document.activeElement)) { heading.tabIndex = -1; heading.focus(); }
  };
  return reload;
}

// A small button that runs `work` in flight, with its own status line.
function action(text, cls, ariaLabel, pending, done, work) {
  const button = h('button', { type: 'button', class: cls, text, 'aria-label': ariaLabel || false });
  const status = statusLine();
  button.addEventListener('click', () => inFlight({ button, status, pending, done }, work));
  return h('span', { class: 'actions inline' }, button, status);
}

const num = (f, name) => { const v = valueOf(f, name); return v === null ? undefined : Number(v); };

async function accounts(body, reload) {
  const { accounts: list, next_page_token: more } = await get('/_plaza/accounts?page_size=300');
  body.append(list.length ? h('table', { class: 'list' },
    h('caption', { text: `${list.length}${more ? '+' : ''} account${list.length === 1 ? '' : 's'}` }),
    h('thead', {}, h('tr', {}, ['Name', 'Plan', 'Id', 'Created'].map((t) => h('th', { scope: 'col', text: t })))),
    h('tbody', {}, list.map((a) => h('tr', {},
      h('th', { scope: 'row', text: a.name }), h('td', { text: `plan ${a.plan}` }), h('td', {}, h('code', { text: a.id })), h('td', { text: `created ${when(a.created_at)}` })))))
    : h('p', { text: 'No accounts yet.' }));
  body.append(form({
    label: 'New account',
    submit: 'Create account',
    pending: 'Creating…',
    fields: [
      h('h3', { text: 'New account' }),
      field({ label: 'Account name', name: 'name', required: true, maxlength: 128 }),
      field({ label: 'Plan', name: 'plan', type: 'select', options: PLANS }),
      field({ label: 'Owner e-mail', name: 'owner.email', type: 'email', required: true, autocomplete: 'off' }),
      field({ label: 'Owner first name', name: 'owner.first_name', required: true }),
      field({ label: 'Owner last name', name: 'owner.last_name', required: true }),
      field({ label: 'Owner password', name: 'owner.password', type: 'password', autocomplete: 'new-password',
        hint: 'The owner signs in with it; leave empty for an owner without a password.' }),
    ],
    onsubmit: async (f) => {
      const owner = { email: valueOf(f, 'owner.email') || '', first_name: valueOf(f, 'owner.first_name') || '',
        last_name: valueOf(f, 'owner.last_name') || '' };
      const pw = f.querySelector('[data-field="owner.password"]').value;
      if (pw) owner.password = pw;
      const a = await post('/_plaza/accounts', { name: valueOf(f, 'name') || '', plan: valueOf(f, 'plan'), owner });
      await reload(`Created account ${a.name} with owner ${a.owner?.email || owner.email}.`);
    },
  }));
}

// Reviewers and operators: the same list and the same add/remove.
function roleHolders(kind, noun) {
  return async (body, reload) => {
    const list = (await get(`/_plaza/${kind}`))[kind] || [];
    body.append(list.length ? h('ul', { class: 'plain', 'aria-label': `${noun}s` }, list.map((u) => h('li', { class: 'holder' },
      h('span', {}, h('strong', { text: u.email }), ` · ${u.display_name || ''} · account `, h('code', { text: u.account_id })),
      action('Remove', 'danger', `Remove ${noun} ${u.email}`, 'Removing…', 'Removed.', async () => {
        await del(`/_plaza/${kind}/${seg(u.id)}`);
        await reload(`${u.email} is no longer a${noun === 'operator' ? 'n' : ''} ${noun}.`);
      })))) : h('p', { text: `No ${noun}s.` }));
    body.append(form({
      label: `Add ${noun}`,
      submit: `Add ${noun}`,
      pending: 'Adding…',
      fields: [field({ label: 'User (id or e-mail)', name: 'user', required: true, autocomplete: 'off',
        hint: noun === 'reviewer' ? 'A reviewer reviews apps of every account but their own.' : 'An operator may do everything the admin key does.' })],
      onsubmit: async (f) => {
        const u = await put(`/_plaza/${kind}/${seg(valueOf(f, 'user') || '')}`);
        await reload(`${u.email} is a${noun === 'operator' ? 'n' : ''} ${noun} now.`);
      },
    }));
  };
}

const CLOCK_STEPS = [['60', '1 minute'], ['3600', '1 hour'], ['86400', '1 day'], ['604800', '7 days'], ['2592000', '30 days'], ['other', 'Other (seconds below)']];

async function clock(body, reload) {
  const c = await get('/_plaza/clock');
  body.append(h('dl', {}, h('dt', { text: 'Now (virtual)' }), h('dd', { text: when(c.now) }),
    h('dt', { text: 'Ahead of real time' }), h('dd', { text: `${c.offset_seconds} s` })),
  form({
    label: 'Advance the clock',
    submit: 'Advance',
    pending: 'Advancing…',
    fields: [
      field({ label: 'Advance by', name: 'step', type: 'select', options: CLOCK_STEPS, value: '3600' }),
      field({ label: 'Other, in seconds', name: 'advance', type: 'number', hint: 'Used when "Other" is chosen: 1 s to 10 years. The clock never goes back, and sessions (yours too) end after 12 hours of it.' }),
    ],
    onsubmit: async (f) => {
      const step = valueOf(f, 'step');
      const seconds = step === 'other' ? num(f, 'advance') : Number(step);
      const now = await post('/_plaza/clock', { advance: seconds ?? 0 });
      await reload(`The clock moved ${seconds} s: it is ${when(now.now)}.`);
    },
  }));
}

const METHODS = [['', 'Any method'], ['GET', 'GET'], ['POST', 'POST'], ['PUT', 'PUT'], ['PATCH', 'PATCH'], ['DELETE', 'DELETE']];

async function faults(body, reload) {
  const { faults: list } = await get('/_plaza/faults');
  if (!list.length) body.append(h('p', { text: 'No fault rules: every /oauth and /v2 call answers normally.' }));
  else {
    body.append(h('table', { class: 'list' },
      h('caption', { text: `${list.length} live fault rule${list.length === 1 ? '' : 's'}` }),
      h('thead', {}, h('tr', {}, ['Rule', 'Answer', 'Uses left', 'Hits', 'Expires', ''].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, list.map((r) => h('tr', {},
        h('th', { scope: 'row' }, `#${r.id} ${r.method || 'any'} `, h('code', { text: r.path }), r.account_id ? [' · account ', h('code', { text: r.account_id })] : null),
        h('td', { text: [r.status ? `${r.status} (code ${r.code}) ${r.message}` : 'normal', r.delay_ms ? `after ${r.delay_ms} ms` : ''].filter(Boolean).join(' ') }),
        h('td', { text: r.count === -1 ? 'until it expires' : `${r.count} use${r.count === 1 ? '' : 's'} left` }),
        h('td', { text: `${r.hits} hit${r.hits === 1 ? '' : 's'}` }),
        h('td', { text: r.expires_at ? `expires ${when(r.expires_at)}` : 'no expiry' }),
        h('td', {}, action('Remove', 'danger', `Remove fault rule ${r.id}`, 'Removing…', 'Removed.', async () => {
          await del(`/_plaza/faults/${seg(r.id)}`);
          await reload(`Fault rule ${r.id} removed.`);
        })))))),
    action('Remove every rule', 'danger', null, 'Removing…', 'Removed.', async () => {
      await del('/_plaza/faults');
      await reload('Every fault rule removed.');
    }));
  }
  body.append(form({
    label: 'New fault rule',
    submit: 'Add rule',
    pending: 'Adding…',
    fields: [
      h('h3', { text: 'New fault rule' }),
      field({ label: 'Path pattern', name: 'path', required: true, hint: 'A shell pattern over the request path, e.g. /v2/users/* (* also crosses /).' }),
      field({ label: 'Method', name: 'method', type: 'select', options: METHODS }),
      field({ label: 'Status', name: 'status', type: 'number', value: '500', hint: '400–599; empty to only delay.' }),
      field({ label: 'Zoom error code', name: 'code', type: 'number', hint: 'Default: the status.' }),
      field({ label: 'Message', name: 'message', hint: 'Default: Injected fault.' }),
      field({ label: 'Delay (ms)', name: 'delay_ms', type: 'number', hint: '0–30000.' }),
      field({ label: 'Uses', name: 'count', type: 'number', hint: 'Default 1 (unlimited when only a lifetime is given).' }),
      field({ label: 'Lifetime (s, virtual)', name: 'ttl_seconds', type: 'number' }),
      field({ label: 'Only this account (id)', name: 'account_id', hint: 'Only /v2 calls whose token belongs to it.' }),
    ],
    onsubmit: async (f) => {
      const rule = { path: valueOf(f, 'path') || '' };
      for (const k of ['method', 'message', 'account_id']) { const v = valueOf(f, k); if (v) rule[k] = v; }
      for (const k of ['status', 'code', 'delay_ms', 'count', 'ttl_seconds']) { const v = num(f, k); if (v !== undefined) rule[k] = v; }
      const r = await post('/_plaza/faults', rule);
      await reload(`Fault rule ${r.id} added.`);
    },
  }));
}

async function settings(body, reload) {
  const s = await get('/_plaza/marketplace/settings');
  body.append(form({
    label: 'Marketplace settings',
    submit: 'Save settings',
    fields: [
      field({ label: 'Accept private sharing requests', name: 'accept_share_requests', type: 'checkbox', value: s.accept_share_requests }),
      field({ label: 'Sharing window (days)', name: 'share_days', type: 'number', value: String(s.share_days), hint: 'What an approval opens when the reviewer gives no number.' }),
    ],
    onsubmit: async (f) => {
      const change = { accept_share_requests: valueOf(f, 'accept_share_requests') };
      const days = num(f, 'share_days');
      if (days !== undefined) change.share_days = days;
      await patch('/_plaza/marketplace/settings', change);
      await reload('Saved.');
    },
  }));
}

async function operatorPage(main) {
  main.append(h('h1', { text: 'Operator' }),
    h('nav', { class: 'op-toc', 'aria-label': 'Operator sections' }, h('ul', {},
      [['accounts', 'Accounts'], ['reviewers', 'Reviewers'], ['operators', 'Operators'], ['clock', 'Clock'], ['faults', 'Fault rules'], ['settings', 'Settings']]
        .map(([id, t]) => h('li', {}, h('a', { href: `#/operator`, 'data-target': `op-${id}`, text: t, onclick: (ev) => {
          ev.preventDefault();
          const target = document.getElementById(`op-${id}-title`);
          if (target) { target.tabIndex = -1; target.focus(); }
        } }))))));
  await Promise.all([
    panel(main, 'accounts', 'Accounts', accounts)(),
    panel(main, 'reviewers', 'Reviewers', roleHolders('reviewers', 'reviewer'))(),
    panel(main, 'operators', 'Operators', roleHolders('operators', 'operator'))(),
    panel(main, 'clock', 'Virtual clock', clock)(),
    panel(main, 'faults', 'Fault rules', faults)(),
    panel(main, 'settings', 'Marketplace settings', settings)(),
  ]);
}

export const routes = [
  { path: '/operator', title: 'Operator', role: 'operator', render: operatorPage },
];
