// App Credentials (development and production; a secret is shown once after
// create or regenerate) and the OAuth settings (redirect URL, allow list,
// strict mode, subdomain check).
import { call, put, patch, seg } from '../api.js';
import { h, field, form, inFlight, statusLine, valueOf, when } from '../dom.js';
import { secretsShownOnce } from './build.js';

const lines = (s) => (s || '').split('\n').map((x) => x.trim()).filter(Boolean);

function secretBlock(app, env) {
  const key = `${app.id}/${env}`;
  const secret = secretsShownOnce.get(key);
  if (!secret) return h('p', { class: 'hint', text: 'The client secret is shown only once, when it is made. Regenerate it to see a new one (the old one stops working at once).' });
  secretsShownOnce.delete(key); // once: leaving the page forgets it
  return h('div', { class: 'secret', role: 'note' },
    h('p', {}, h('strong', { text: 'Client secret (shown once, copy it now): ' })),
    h('code', { class: 'copy', text: secret }));
}

function credentialsCard(app, env, ctx) {
  const c = app.credentials?.[env];
  const card = h('div', { class: 'card' }, h('h3', { text: env === 'development' ? 'Development' : 'Production' }));
  if (!c) return null;
  const dl = h('dl', {},
    h('dt', { text: 'Client ID' }), h('dd', {}, h('code', { text: c.client_id || '—' })),
    c.status ? [h('dt', { text: 'State' }), h('dd', { text: c.status })] : null,
    h('dt', { text: 'Created' }), h('dd', { text: when(c.created_at) }),
    h('dt', { text: 'Secret regenerated' }), h('dd', { text: when(c.rotated_at) }));
  const button = h('button', { type: 'button', class: 'secondary', text: 'Regenerate secret' });
  const status = statusLine();
  const holder = h('div', { class: 'stack' });
  button.addEventListener('click', () => inFlight({ button, status, pending: 'Regenerating…', done: 'New secret made.' }, async () => {
    const { data } = await call('POST', `/_plaza/apps/${seg(app.id)}/credentials/${env}/secret`);
    secretsShownOnce.set(`${app.id}/${env}`, data.client_secret);
    holder.replaceChildren(secretBlock(app, env));
  }));
  holder.append(secretBlock(app, env));
  card.append(dl, holder, h('div', { class: 'actions' }, button, status));
  return card;
}

function productionForm(app, ctx) {
  const prod = app.oauth?.production || {};
  return h('div', { class: 'card' }, h('h3', { text: 'Production set-up' }),
    h('p', { class: 'hint', text: 'The production redirect URL reserves the production client ID; its secret is issued once the app is approved.' }),
    form({
      label: 'Production set-up',
      submit: app.credentials?.production ? 'Save production URLs' : 'Set up production',
      fields: [
        field({ label: 'Production redirect URL', name: 'redirect_url', type: 'url', value: prod.redirect_url || '' }),
        field({ label: 'Production allow list (one URL a line)', name: 'allow_list', type: 'textarea', rows: 3, value: (prod.allow_list || []).join('\n') }),
      ],
      onsubmit: async (f) => {
        await put(`/_plaza/apps/${seg(app.id)}/production`, { redirect_url: valueOf(f, 'redirect_url') || '', allow_list: lines(f.querySelector('[name=allow_list]').value) });
        await ctx.reload();
      },
    }));
}

export const credentialsSection = {
  id: 'credentials',
  title: 'App Credentials',
  render(box, app, ctx) {
    box.append(credentialsCard(app, 'development', ctx), credentialsCard(app, 'production', ctx));
    if (app.type === 'oauth' || app.type === 'chatbot') box.append(productionForm(app, ctx));
  },
};

export const oauthSection = {
  id: 'oauth',
  title: 'OAuth',
  render(box, app, ctx) {
    box.append(form({
      label: 'OAuth settings',
      fields: [
        field({ label: 'Redirect URL for OAuth', name: 'redirect_url', type: 'url', value: app.redirect_url,
          hint: 'https, or http on a loopback host (localhost, 127.0.0.1).' }),
        field({ label: 'OAuth allow list (one URL a line)', name: 'allow_list', type: 'textarea', rows: 3, value: (app.allow_list || []).join('\n'),
          hint: 'Up to 20 more redirect URLs.' }),
        field({ label: 'Strict mode: a redirect_uri must equal an entry exactly', name: 'strict_mode', type: 'checkbox', value: app.strict_mode }),
        field({ label: 'Subdomain check: refuse subdomains of an entry (strict mode off)', name: 'subdomain_check', type: 'checkbox', value: app.subdomain_check }),
      ],
      onsubmit: async (f) => {
        await patch(`/_plaza/apps/${seg(app.id)}`, {
          redirect_url: valueOf(f, 'redirect_url') || '',
          allow_list: lines(f.querySelector('[name=allow_list]').value),
          strict_mode: valueOf(f, 'strict_mode'),
          subdomain_check: valueOf(f, 'subdomain_check'),
        });
      },
    }));
  },
};
