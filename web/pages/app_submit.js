// Getting an app out: domain verification, Local Test, the submission
// checklist (each missing item links to where it is fixed) with submit and
// withdraw, the review history with the reviewer's notes, the Publishable URL
// and private sharing requests.
import { get, call, post, seg } from '../api.js';
import { h, field, form, inFlight, statusLine, valueOf, when } from '../dom.js';

const SECTION_TITLES = { basic_information: 'Basic information', app_listing: 'App listing', features: 'Features', scopes: 'Scopes',
  technical_design: 'Technical design', submission: 'Submission', publishable_url: 'Publishable URL' };

const MEDIA_FIELDS = ['app_listing.preview_images', 'technical_design.architecture_diagram',
  'technical_design.secure_development_document', 'technical_design.sast_dast_evidence'];

// The build-flow page where a checklist field is fixed.
export function pageOf(fieldPath) {
  const f = String(fieldPath);
  if (MEDIA_FIELDS.some((m) => f.startsWith(m))) return 'media';
  if (/^(oauth\.production|credentials)/.test(f)) return 'credentials';
  if (/^oauth\./.test(f)) return 'oauth';
  if (/^(app_listing|basic_information)\./.test(f)) return 'information';
  if (/^production\.features|^features\./.test(f)) return 'features';
  if (/^(production\.)?scopes/.test(f)) return 'scopes';
  if (/^technical_design\./.test(f)) return 'security';
  if (/^submission\./.test(f)) return 'reviewers';
  if (/^domains/.test(f)) return 'domains';
  if (/^publishable_url/.test(f)) return 'publishable-url';
  return 'credentials';
}

const link = (app, page, text) => h('a', { href: `#/apps/${seg(app.id)}/${page}`, text });

function checklistView(app, c) {
  return h('div', {},
    h('p', { class: 'ready-line' }, 'Status: ', h('strong', { class: `badge ${c.ready ? 'ready' : 'not_ready'}`, text: c.ready ? 'Ready' : 'Not ready' }),
      c.security_review ? h('span', { class: 'flag', text: ' · broad scopes: a security review follows' }) : null),
    h('ul', { class: 'checklist', 'aria-label': 'Checklist' }, c.sections.map((s) => h('li', {},
      h('strong', { text: SECTION_TITLES[s.section] || s.section }), ' ',
      h('span', { class: `badge ${s.status}`, text: s.status === 'ready' ? 'Ready' : 'Not ready' }),
      s.required === false ? h('span', { class: 'hint', text: ' (informational)' }) : null,
      s.missing.length ? h('ul', { class: 'missing' }, s.missing.map((m) => h('li', {},
        link(app, pageOf(m.field), m.field), `: ${m.message}`))) : null))),
    c.last_review ? reviewView(c.last_review) : null);
}

function reviewView(r) {
  return h('div', { class: 'card' }, h('h3', { text: `Last review: ${r.decision} (version ${r.version})` }),
    h('p', { text: `${when(r.at)}${r.by?.email ? ` by ${r.by.email}` : ''}` }),
    r.notes ? h('p', { text: r.notes }) : null,
    r.sections && Object.keys(r.sections).length ? h('dl', {}, Object.entries(r.sections).map(([k, v]) =>
      [h('dt', { text: SECTION_TITLES[k] || k }), h('dd', { text: v })])) : null);
}

function actionButton(text, cls, run) {
  const button = h('button', { type: 'button', class: cls, text });
  const status = statusLine();
  button.addEventListener('click', () => run(button, status));
  return h('div', { class: 'actions' }, button, status);
}

async function submitPage(box, app, ctx) {
  const c = await get(`/_plaza/apps/${seg(app.id)}/checklist`);
  box.append(checklistView(app, c));
  const act = (verb, pending, done) => (button, status) => inFlight({ button, status, pending, done }, async () => {
    await call('POST', `/_plaza/apps/${seg(app.id)}/${verb}`, { body: {} });
    await ctx.reload(done);
  });
  if (['draft', 'rejected', 'withdrawn'].includes(app.status) || (app.status === 'published' && app.version !== app.live_version)) {
    box.append(actionButton('Submit for review', 'primary', act('submit', 'Submitting…', 'Submitted for review.')));
  }
  if (app.status === 'approved') box.append(actionButton('Publish', 'primary', act('publish', 'Publishing…', 'Published: the app is in the directory.')));
  if (['submitted', 'in_review', 'approved'].includes(app.status)) box.append(actionButton('Withdraw', 'danger', act('withdraw', 'Withdrawing…', 'Withdrawn.')));
}

async function historyPage(box, app) {
  const { transitions } = await get(`/_plaza/apps/${seg(app.id)}/history`);
  if (!transitions.length) { box.append(h('p', { text: 'Nothing yet: the app has not been submitted.' })); return; }
  box.append(h('ol', { class: 'plain' }, transitions.map((t) => h('li', {},
    h('p', {}, h('strong', { text: `${t.from || '—'} → ${t.to}` }), ` · version ${t.version} · ${when(t.at)}`,
      t.by ? ` · ${t.by.kind}${t.by.email ? ` ${t.by.email}` : ''}` : ''),
    t.notes ? h('p', { text: t.notes }) : null,
    t.sections && Object.keys(t.sections).length ? h('dl', {}, Object.entries(t.sections).map(([k, v]) =>
      [h('dt', { text: SECTION_TITLES[k] || k }), h('dd', { text: v })])) : null))));
}

async function domainsPage(box, app, ctx) {
  const d = await get(`/_plaza/apps/${seg(app.id)}/domains`);
  box.append(h('p', {}, 'Serve this code as the whole content of ', h('code', { text: '/verifyzoom.html' }), ' on each origin:'),
    h('p', {}, h('code', { class: 'copy', text: d.verification_code })),
    h('table', { class: 'list' }, h('caption', { text: 'Origins the app uses' }),
      h('thead', {}, h('tr', {}, ['Origin', 'Used by', 'State'].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, d.domains.map((o) => h('tr', {}, h('th', { scope: 'row' }, h('code', { text: o.origin })), h('td', { text: o.used_by }),
        h('td', {}, h('span', { class: `badge ${o.verified ? 'verified' : 'not_ready'}`, text: o.verified ? `Verified ${when(o.verified_at)}` : 'Not verified' }),
          o.last_error ? h('p', { class: 'hint', text: o.last_error }) : null))))),
    actionButton('Verify now', 'primary', (button, status) => inFlight({ button, status, pending: 'Fetching each origin\'s verifyzoom.html (up to 3 s)…', done: 'Checked.' }, async () => {
      await post(`/_plaza/apps/${seg(app.id)}/domains/verify`, {});
      await ctx.reload();
    })));
}

function localTestPage(box, app) {
  const url = app.credentials?.development?.authorize_url;
  box.append(h('p', { text: 'Install the app on your own account with its development credentials, as your users will.' }),
    url ? h('p', {}, h('a', { class: 'button primary', href: url, text: 'Add (install) the app' })) : h('p', { text: 'Set a redirect URL first (OAuth).' }));
  if (url) box.append(h('p', {}, 'Install link: ', h('code', { text: url })));
}

function linkView(l) {
  return h('dl', {}, h('dt', { text: 'URL' }), h('dd', {}, h('code', { text: l.url })),
    h('dt', { text: 'Environment' }), h('dd', { text: l.environment }),
    h('dt', { text: 'State' }), h('dd', {}, h('span', { class: `badge ${l.state}`, text: l.state })),
    l.invalid_reason ? [h('dt', { text: 'Why' }), h('dd', { text: l.invalid_reason })] : null,
    l.installs ? [h('dt', { text: 'Installs' }), h('dd', { text: l.installs })] : null,
    h('dt', { text: 'Made' }), h('dd', { text: when(l.created_at) }));
}

async function publishablePage(box, app, ctx) {
  try {
    box.append(linkView(await get(`/_plaza/apps/${seg(app.id)}/publishable-url`)));
  } catch (err) {
    if (err.status !== 404) throw err;
    box.append(h('p', { text: 'No Publishable URL yet.' }));
  }
  box.append(form({
    label: 'New Publishable URL',
    submit: 'Make a new Publishable URL',
    pending: 'Making the link…',
    fields: [field({ label: 'Environment', name: 'environment', type: 'select', options: [['', 'The default'], ['development', 'Development'], ['production', 'Production']],
      hint: 'A new link replaces the current one: copies already shared stop working.' })],
    onsubmit: async (f) => {
      const env = valueOf(f, 'environment');
      await post(`/_plaza/apps/${seg(app.id)}/publishable-url`, env ? { environment: env } : {});
      await ctx.reload();
    },
  }));
}

async function sharingPage(box, app, ctx) {
  const s = await get(`/_plaza/apps/${seg(app.id)}/share-requests`);
  box.append(h('p', { text: s.shared_until ? `Shared with other accounts until ${when(s.shared_until)}.` : 'Not shared outside your account.' }));
  if (s.share_requests.length) {
    box.append(h('ul', { class: 'plain', 'aria-label': 'Sharing requests' }, s.share_requests.map((r) => h('li', {},
      h('p', {}, h('span', { class: `badge ${r.status}`, text: r.status }), ` ${r.customer_type || ''} · asked ${when(r.requested_at)}`,
        r.expires_at ? ` · sharing ends ${when(r.expires_at)}` : ''),
      r.decision_notes ? h('p', { text: r.decision_notes }) : null))));
  }
  box.append(form({
      label: 'Ask to share',
      submit: 'Send the request',
      pending: 'Sending…',
      fields: [
        field({ label: 'Will you publish the app?', name: 'will_publish', type: 'checkbox' }),
        field({ label: 'Customers', name: 'customers', type: 'number', hint: 'How many customers will install it.' }),
        field({ label: 'Customer type', name: 'customer_type', type: 'select', options: [['internal', 'Internal'], ['beta_customers', 'Beta customers'], ['partners', 'Partners'], ['single_customer', 'Single customer']] }),
        field({ label: 'Days', name: 'duration_days', type: 'number', value: '30' }),
        field({ label: 'Reason', name: 'reason', type: 'textarea', rows: 2 }),
      ],
      onsubmit: async (f) => {
        const customers = valueOf(f, 'customers');
        await post(`/_plaza/apps/${seg(app.id)}/share-requests`, { will_publish: valueOf(f, 'will_publish'),
          customers: /^\d+$/.test(customers || '') ? Number(customers) : customers,
          customer_type: valueOf(f, 'customer_type'), duration_days: Number(valueOf(f, 'duration_days')), reason: valueOf(f, 'reason') || '' });
        await ctx.reload();
      },
    }));
}

const marketApp = (app) => app.type === 'oauth' || app.type === 'chatbot';

export const submitSections = [
  { id: 'domains', title: 'Domain verification', show: marketApp, render: domainsPage },
  { id: 'test', title: 'Local Test', show: marketApp, render: localTestPage },
  { id: 'submit', title: 'Submit', show: marketApp, render: submitPage },
  { id: 'history', title: 'Review history', show: marketApp, render: historyPage },
  { id: 'publishable-url', title: 'Publishable URL', show: marketApp, render: publishablePage },
  { id: 'sharing', title: 'Sharing', show: marketApp, render: sharingPage },
];
