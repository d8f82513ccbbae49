// The reviewer's pages: #/review, the queue (apps submitted or in review, of
// every account, and pending private-sharing requests with approve/deny), and
// #/review/{appId}, one app as submitted, section by section, with Start
// review and a decision (approve, or reject with overall notes and a reason
// per section). The server decides who may do what; its refusals are shown
// as it says them (a reviewer of the app's own account: 403 naming
// `reviewer`; a rejection without reasons: 400 naming `sections`).
import { get, post, seg } from '../api.js';
import { h, clear, field, showErrors, clearErrors, statusLine, valueOf, when } from '../dom.js';
import { typeName, statusName } from './apps.js';

// The sections a review judges, in the order the server lists them.
export const REVIEW_SECTIONS = [
  ['basic_information', 'Basic information'],
  ['app_listing', 'App listing'],
  ['features', 'Features'],
  ['scopes', 'Scopes'],
  ['technical_design', 'Technical design'],
  ['submission', 'Submission'],
];
const sectionTitle = (k) => (REVIEW_SECTIONS.find(([id]) => id === k) || [k, k])[1];

// Which section each kind of upload belongs to.
const MEDIA_SECTION = { preview: 'app_listing', video: 'app_listing', architecture_diagram: 'technical_design',
  secure_development_document: 'technical_design', sast_dast_evidence: 'technical_design' };

// Field names as people read them: "developer_contact_email" -> "Developer contact email".
const label = (k) => { const s = String(k).replace(/_/g, ' '); return s.charAt(0).toUpperCase() + s.slice(1); };

function valueText(v) {
  if (v === true) return 'Yes';
  if (v === false) return 'No';
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return v.length ? v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ') : '—';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

// Runs `work` with every button in `buttons` disabled (a second click does
// nothing); `status` says what is going on. Returns the result, or undefined
// after an error, which is shown on `form` (or in `status`).
async function busy(buttons, status, form, pending, work) {
  if (buttons.some((b) => b.disabled)) return undefined;
  for (const b of buttons) { b.disabled = true; b.setAttribute('aria-busy', 'true'); }
  status.textContent = pending;
  if (form) clearErrors(form);
  try {
    return await work();
  } catch (err) {
    const detail = err.problem?.detail && err.problem.detail !== err.problem?.title ? ` ${err.problem.detail}` : '';
    status.textContent = `Refused: ${err.problem?.title || err.message}${detail}`;
    if (form) showErrors(form, err);
    return undefined;
  } finally {
    for (const b of buttons) { b.disabled = false; b.removeAttribute('aria-busy'); }
  }
}

// ---- #/review: the queue ------------------------------------------------------

async function queue(main, _params, ctx) {
  main.append(h('h1', { text: 'Review queue' }));
  const [submitted, inReview, shares] = await Promise.all([
    get('/_plaza/apps?status=submitted&page_size=300'),
    get('/_plaza/apps?status=in_review&page_size=300'),
    get('/_plaza/share-requests?status=pending'),
  ]);
  const apps = [...inReview.apps, ...submitted.apps];
  const own = ctx.session?.user?.account_id;
  const appsBox = h('section', { class: 'card', 'aria-labelledby': 'queue-apps' }, h('h2', { id: 'queue-apps', text: 'Apps to review' }));
  if (!apps.length) appsBox.append(h('p', { text: 'Nothing waiting: no app is submitted or in review.' }));
  else {
    appsBox.append(h('table', { class: 'list' },
      h('caption', { text: `${apps.length} app${apps.length === 1 ? '' : 's'} submitted or in review` }),
      h('thead', {}, h('tr', {}, ['App', 'Account', 'Type', 'Status', 'Version', 'Updated'].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, apps.map((a) => h('tr', {},
        h('th', { scope: 'row' }, h('a', { href: `#/review/${seg(a.id)}`, text: a.name })),
        h('td', {}, h('code', { text: a.account_id }), a.account_id === own ? h('span', { class: 'hint', text: ' (your account: another reviewer decides)' }) : null),
        h('td', { text: typeName(a) }),
        h('td', {}, h('span', { class: `badge ${a.status}`, text: statusName(a.status) })),
        h('td', { text: `version ${a.version ?? '—'}` }),
        h('td', { text: `updated ${when(a.updated_at)}` }))))));
  }
  main.append(appsBox);

  const sharesBox = h('section', { class: 'card', 'aria-labelledby': 'queue-shares' }, h('h2', { id: 'queue-shares', text: 'Sharing requests' }));
  main.append(sharesBox);
  if (!shares.share_requests.length) { sharesBox.append(h('p', { text: 'No pending sharing requests.' })); return; }
  const names = new Map(apps.map((a) => [a.id, a.name]));
  await Promise.all(shares.share_requests.filter((r) => !names.has(r.app_id)).map(async (r) => {
    try { names.set(r.app_id, (await get(`/_plaza/apps/${seg(r.app_id)}`)).name); } catch { /* not readable: the id says it */ }
  }));
  sharesBox.append(h('ul', { class: 'plain', 'aria-label': 'Pending sharing requests' },
    shares.share_requests.map((r) => h('li', {}, shareRequest(r, names.get(r.app_id))))));
}

function shareRequest(r, appName) {
  const titleId = `share-${r.id}`;
  const approve = h('button', { type: 'button', class: 'primary', text: 'Approve' });
  const deny = h('button', { type: 'button', class: 'danger', text: 'Deny' });
  const status = statusLine();
  const f = h('form', { class: 'stack', 'aria-labelledby': titleId, novalidate: true },
    h('h3', { id: titleId, text: `Sharing ${appName || r.app_id}` }),
    h('dl', {},
      h('dt', { text: 'App' }), h('dd', {}, appName ? h('a', { href: `#/review/${seg(r.app_id)}`, text: appName }) : h('code', { text: r.app_id })),
      h('dt', { text: 'Customers' }), h('dd', { text: `${r.customers} (${label(r.customer_type)})` }),
      h('dt', { text: 'Will publish' }), h('dd', { text: r.will_publish ? 'Yes' : 'No' }),
      h('dt', { text: 'Days asked' }), h('dd', { text: r.duration_days }),
      h('dt', { text: 'Reason' }), h('dd', { text: r.reason || '—' }),
      h('dt', { text: 'Asked' }), h('dd', { text: when(r.requested_at) })),
    field({ label: 'Days to share', name: 'days', type: 'number', value: String(r.duration_days || ''),
      hint: 'Approval opens the window for this many days from now (empty: the Marketplace default).' }),
    field({ label: 'Notes to the developer', name: 'notes', type: 'textarea', rows: 2 }),
    h('div', { class: 'actions' }, approve, deny, status));
  f.addEventListener('submit', (ev) => ev.preventDefault());
  const decide = (decision) => busy([approve, deny], status, f, decision === 'approve' ? 'Approving…' : 'Denying…', async () => {
    const body = { decision, notes: valueOf(f, 'notes') || '' };
    const days = valueOf(f, 'days');
    if (decision === 'approve' && days) body.days = Number(days);
    const done = await post(`/_plaza/share-requests/${seg(r.id)}/decision`, body);
    const title = h('h3', { id: titleId, tabindex: '-1', text: `Sharing ${appName || r.app_id}` });
    clear(f, title, h('p', { role: 'status', text: done.status === 'approved' ? `Approved: shared until ${when(done.expires_at)}.` : 'Denied.' }));
    title.focus(); // the buttons are gone: keep the keyboard here
  });
  approve.addEventListener('click', () => decide('approve'));
  deny.addEventListener('click', () => decide('deny'));
  return f;
}

// ---- #/review/{appId}: one app ------------------------------------------------

async function reviewPage(main, params, ctx) {
  const id = params.appId;
  const app = await get(`/_plaza/apps/${seg(id)}`);
  const heading = h('h1', { text: `Review: ${app.name}` });
  const meta = h('p', { class: 'meta' });
  const notice = h('p', { class: 'status review-notice', role: 'status', 'aria-live': 'polite' });
  const body = h('div', { class: 'review' });
  main.append(h('p', { class: 'crumbs' }, h('a', { href: '#/review', text: 'Review queue' })), heading, meta, notice, body);
  const render = async (a) => {
    const [sections, checklist, media, history, versions, prod] = await Promise.all([
      get(`/_plaza/apps/${seg(id)}/sections`),
      get(`/_plaza/apps/${seg(id)}/checklist`),
      get(`/_plaza/apps/${seg(id)}/media`),
      get(`/_plaza/apps/${seg(id)}/history`),
      get(`/_plaza/apps/${seg(id)}/versions`),
      get(`/_plaza/apps/${seg(id)}/environments/production`).catch(() => null),
    ]);
    clear(meta, h('span', { text: typeName(a) }), ' · ', h('span', { class: `badge ${a.status}`, text: statusName(a.status) }),
      ` · version ${a.version ?? '—'} · account `, h('code', { text: a.account_id }));
    clear(body);
    const reload = async (message) => {
      const fresh = await get(`/_plaza/apps/${seg(id)}`);
      await render(fresh);
      notice.textContent = message;
    };
    body.append(decisionPanel(a, a.account_id === ctx.session?.user?.account_id, sections, checklist, media, prod, reload),
      historyView(history), versionsView(versions));
  };
  await render(app);
}

function sectionContent(key, a, sections, media, prod) {
  const rows = [];
  if (key === 'basic_information') {
    rows.push(['Name', a.name], ['Type', typeName(a)], ['Management', a.management],
      ['Production redirect URL', prod?.redirect_url ?? a.oauth?.production?.redirect_url],
      ['Production allow list', prod?.allow_list ?? a.oauth?.production?.allow_list]);
    for (const [k, v] of Object.entries(sections.basic_information || {})) rows.push([label(k), v]);
  } else if (key === 'scopes') {
    const scopes = prod?.scopes ?? a.scopes ?? [];
    if (!scopes.length) return [h('p', { text: 'No scopes on the Production tab.' })];
    return [h('dl', {}, scopes.map((s) => [h('dt', {}, h('code', { text: s.scope ?? s })), h('dd', { text: s.description || '—' })]))];
  } else if (key === 'features') {
    for (const [k, v] of Object.entries(sections.features || {})) rows.push([label(k), v]);
    if (prod?.features) for (const [k, v] of Object.entries(prod.features)) rows.push([`Production: ${label(k)}`, v]);
  } else {
    for (const [k, v] of Object.entries(sections[key] || {})) rows.push([label(k), v]);
  }
  const files = (media.media || []).filter((m) => MEDIA_SECTION[m.kind] === key);
  return [
    rows.length ? h('dl', {}, rows.map(([k, v]) => [h('dt', { text: k }), h('dd', { text: valueText(v) })])) : h('p', { text: 'Nothing filled in.' }),
    files.length ? h('ul', { class: 'media-list', 'aria-label': `${sectionTitle(key)} files` }, files.map((m) => h('li', {},
      h('a', { href: `/_plaza/apps/${seg(a.id)}/media/${seg(m.id)}`, text: m.filename, target: '_blank', rel: 'noopener' }),
      ` · ${label(m.kind)}${m.width ? ` · ${m.width}×${m.height}` : ''} · ${m.size} bytes`))) : null,
  ];
}

// The sections as submitted, each with its checklist state and a reason
// field, plus Start review / Approve / Reject: one form, so a refusal that
// names a section lands at that section's field.
function decisionPanel(a, ownAccount, sections, checklist, media, prod, reload) {
  const state = new Map((checklist.sections || []).map((s) => [s.section, s]));
  const start = h('button', { type: 'button', class: 'secondary', text: 'Start review' });
  const approve = h('button', { type: 'button', class: 'primary', text: 'Approve' });
  const reject = h('button', { type: 'button', class: 'danger', text: 'Reject' });
  const buttons = [start, approve, reject];
  const startStatus = statusLine();
  const status = statusLine();
  const cards = REVIEW_SECTIONS.map(([key, title]) => {
    const s = state.get(key);
    return h('section', { class: 'card review-section', 'aria-labelledby': `rs-${key}` },
      h('h2', { id: `rs-${key}` }, title, ' ', s ? h('span', { class: `badge ${s.status}`, text: s.status === 'ready' ? 'Ready' : 'Not ready' }) : null),
      s?.missing?.length ? h('ul', { class: 'missing' }, s.missing.map((m) => h('li', { text: `${m.field}: ${m.message}` }))) : null,
      sectionContent(key, a, sections, media, prod),
      field({ label: `Reason to reject ${title}`, name: `sections.${key}`, type: 'textarea', rows: 2,
        hint: 'Only for a rejection: what the developer must change here.' }));
  });
  const f = h('form', { class: 'review-form', 'aria-label': 'Review decision', novalidate: true },
    h('div', { class: 'card' },
      h('h2', { text: 'Status' }),
      h('p', {}, 'This version is ', h('span', { class: `badge ${a.status}`, text: statusName(a.status) }),
        checklist.security_review ? h('span', { class: 'flag', text: ' · broad scopes: security review' }) : null),
      ownAccount ? h('p', { class: 'flag', text: 'This app is of your own account: a reviewer of another account decides it.' }) : null,
      a.status === 'submitted' ? h('div', { class: 'actions' }, start, startStatus)
        : h('p', { class: 'hint', text: a.status === 'in_review' ? 'In review: approve or reject below.' : 'Only a submitted or in-review version can be decided.' })),
    cards,
    h('section', { class: 'card', 'aria-labelledby': 'rs-decision' },
      h('h2', { id: 'rs-decision', text: 'Decision' }),
      field({ label: 'Overall notes', name: 'notes', type: 'textarea', rows: 3,
        hint: 'Sent to the developer with the decision. A rejection needs a reason for a section, or at least these notes.' }),
      h('div', { class: 'actions' }, approve, reject, status)));
  // a rejection without any reason is refused naming `sections`: say it at the overall notes
  f.querySelector('[data-field="notes"]').setAttribute('data-also', 'sections');
  f.addEventListener('submit', (ev) => ev.preventDefault());
  const send = (decision, pending, done, st) => busy(buttons, st, f, pending, async () => {
    const body = { decision };
    const notes = valueOf(f, 'notes');
    if (notes && decision !== 'start') body.notes = notes;
    if (decision === 'reject') {
      const reasons = {};
      for (const [key] of REVIEW_SECTIONS) { const v = valueOf(f, `sections.${key}`); if (v) reasons[key] = v; }
      if (Object.keys(reasons).length) body.sections = reasons;
    }
    await post(`/_plaza/apps/${seg(a.id)}/review`, body);
    await reload(done);
    const h1 = document.querySelector('main h1');
    if (h1) { h1.tabIndex = -1; h1.focus(); }
  });
  start.addEventListener('click', () => send('start', 'Starting the review…', 'Review started: the app is in review.', startStatus));
  approve.addEventListener('click', () => send('approve', 'Approving…', 'Approved. The developer is told.', status));
  reject.addEventListener('click', () => send('reject', 'Rejecting…', 'Rejected. The developer is told, with your reasons.', status));
  return f;
}

function historyView({ transitions = [] }) {
  return h('section', { class: 'card', 'aria-labelledby': 'rs-history' }, h('h2', { id: 'rs-history', text: 'History' }),
    transitions.length ? h('ol', { class: 'plain' }, transitions.map((t) => h('li', {},
      h('p', {}, h('strong', { text: `${t.from || '—'} → ${t.to}` }), ` · version ${t.version} · ${when(t.at)}`,
        t.by ? ` · ${t.by.kind}${t.by.email ? ` ${t.by.email}` : ''}` : ''),
      t.notes ? h('p', { text: t.notes }) : null,
      reasonsOf(t) ? h('dl', {}, Object.entries(reasonsOf(t)).map(([k, v]) => [h('dt', { text: sectionTitle(k) }), h('dd', { text: v })])) : null)))
      : h('p', { text: 'No transitions yet.' }));
}

// A transition's per-section reasons (the server calls them `sections`).
function reasonsOf(t) {
  const r = t.sections || t.reasons;
  return r && typeof r === 'object' && Object.keys(r).length ? r : null;
}

function versionsView({ versions = [] }) {
  return h('section', { class: 'card', 'aria-labelledby': 'rs-versions' }, h('h2', { id: 'rs-versions', text: 'Versions' }),
    versions.length ? h('table', { class: 'list' }, h('caption', { text: 'Every version of the app' }),
      h('thead', {}, h('tr', {}, ['Version', 'Status', 'Scopes', 'Submitted', 'Decided'].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, versions.map((v) => h('tr', {},
        h('th', { scope: 'row', text: `${v.version}${v.live ? ' (live)' : ''}` }),
        h('td', {}, h('span', { class: `badge ${v.status}`, text: statusName(v.status) })),
        h('td', { text: (v.scopes || []).join(', ') || '—' }),
        h('td', { text: when(v.submitted_at) }),
        h('td', { text: when(v.decided_at) })))))
      : h('p', { text: 'No versions.' }));
}

export const routes = [
  { path: '/review', title: 'Review queue', role: 'reviewer', render: queue },
  { path: '/review/:appId', title: 'Review an app', role: 'reviewer', render: reviewPage },
];
