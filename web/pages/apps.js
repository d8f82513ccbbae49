// The developer's "Manage" list and "Build app": GET/POST /_plaza/apps.
import { get, post } from '../api.js';
import { h, field, form, valueOf, when } from '../dom.js';
import { secretsShownOnce } from './build.js';

export const APP_TYPES = [
  { id: 'oauth-user', type: 'oauth', management: 'user', name: 'General app (user-managed)',
    about: 'Each user installs it for themselves with OAuth: the Marketplace\'s usual app.' },
  { id: 'oauth-admin', type: 'oauth', management: 'admin', name: 'General app (admin-managed)',
    about: 'An owner or admin installs it once for the whole account; may use account-level (:admin) scopes.' },
  { id: 's2s', type: 's2s', name: 'Server-to-Server OAuth',
    about: 'Your server calls the API for your own account, without a user: one set of credentials, not submitted.' },
  { id: 'webhook', type: 'webhook', name: 'Webhook-only',
    about: 'Receives event notifications and makes no API calls; stays in your account.' },
  { id: 'chatbot', type: 'chatbot', management: 'user', name: 'Chatbot',
    about: 'A Team Chat bot: a bot endpoint URL, slash commands and the imchat:bot scope.' },
];

export const typeName = (app) => (APP_TYPES.find((t) => t.type === app.type && (!t.management || t.management === app.management))
  || APP_TYPES.find((t) => t.type === app.type) || { name: app.type }).name;

export const statusName = (s) => ({ draft: 'Draft', submitted: 'Submitted', in_review: 'In review', approved: 'Approved',
  published: 'Published', rejected: 'Rejected', withdrawn: 'Withdrawn' }[s] || s);

async function manage(main, _p, ctx) {
  main.append(h('h1', { text: 'Your apps' }));
  const q = ctx.session?.user?.account_id ? `?account_id=${encodeURIComponent(ctx.session.user.account_id)}&page_size=300` : '?page_size=300';
  const { apps } = await get(`/_plaza/apps${q}`);
  main.append(h('p', {}, h('a', { class: 'button primary', href: '#/apps/new', text: 'Build app' })));
  if (!apps.length) { main.append(h('p', { text: 'No apps yet. Build one to get development credentials at once.' })); return; }
  main.append(h('table', { class: 'list' },
    h('caption', { text: `${apps.length} app${apps.length === 1 ? '' : 's'} of your account` }),
    h('thead', {}, h('tr', {}, ['Name', 'Type', 'Status', 'Updated'].map((t) => h('th', { scope: 'col', text: t })))),
    h('tbody', {}, apps.map((a) => h('tr', {},
      h('th', { scope: 'row' }, h('a', { href: `#/apps/${encodeURIComponent(a.id)}/credentials`, text: a.name })),
      h('td', { text: typeName(a) }),
      h('td', {}, h('span', { class: `badge ${a.status}`, text: statusName(a.status) })),
      h('td', { text: when(a.updated_at) }))))));
}

async function build(main, _p, ctx) {
  main.append(h('h1', { text: 'Build app' }));
  const chooser = h('fieldset', { class: 'types' }, h('legend', { text: 'Choose your app type' }),
    APP_TYPES.map((t, i) => h('div', { class: 'type' },
      h('input', { type: 'radio', name: 'app_type', id: `type-${t.id}`, value: t.id, checked: i === 0, 'data-field': i === 0 ? 'type' : false,
        'aria-describedby': `type-${t.id}-about` }),
      h('label', { for: `type-${t.id}`, text: t.name }),
      h('p', { class: 'hint', id: `type-${t.id}-about`, text: t.about }))));
  const redirect = field({ label: 'OAuth redirect URL', name: 'redirect_url', type: 'url',
    hint: 'General apps and chatbots: where users come back after consent (https, or http on localhost).' });
  main.append(form({
    label: 'Build app',
    submit: 'Create',
    pending: 'Creating the app…',
    done: 'Created.',
    fields: [chooser, field({ label: 'App name', name: 'name', required: true, maxlength: 80 }), redirect],
    onsubmit: async (f) => {
      const t = APP_TYPES.find((x) => x.id === f.querySelector('input[name=app_type]:checked')?.value) || APP_TYPES[0];
      const body = { account_id: ctx.session.user.account_id, name: valueOf(f, 'name') || '', type: t.type };
      if (t.management) body.management = t.management;
      const url = valueOf(f, 'redirect_url');
      if (url) body.redirect_url = url;
      const app = await post('/_plaza/apps', body);
      secretsShownOnce.set(`${app.id}/development`, app.credentials?.development?.client_secret);
      ctx.navigate(`#/apps/${encodeURIComponent(app.id)}/credentials`);
    },
  }));
}

export const routes = [
  { path: '/apps', title: 'Your apps', render: manage },
  { path: '/apps/new', title: 'Build app', render: build },
];
