// An app's webhook deliveries: the inspector (GET /_plaza/deliveries?app_id=,
// one delivery's exact request headers, body and every attempt), Redeliver
// (POST /_plaza/deliveries/{id}/redeliver) and a live tail: an EventSource on
// /_plaza/apps/{id}/deliveries/stream (same origin, the session cookie is
// sent) whose events prepend new deliveries and update those under way.
import { get, post, seg, ApiError } from '../api.js';
import { h, clear, statusLine, inFlight } from '../dom.js';

// "2026-11-24T13:08:59.140Z" -> "2026-11-24 13:08:59 UTC" (deliveries are timed to the second).
const when = (t) => (t ? String(t).replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC') : '—');

const MAX_PAGES = 5; // at most 1000 deliveries read at first (the newest are shown first)

const STATUS = { pending: 'Pending', sending: 'Sending', retrying: 'Retrying', delivered: 'Delivered', failed: 'Failed' };
const badgeClass = (s) => ({ delivered: 'delivered', failed: 'failed', retrying: 'pending', pending: 'pending', sending: 'pending' }[s] || '');

async function allDeliveries(appId) {
  const all = [];
  let token = '';
  for (let i = 0; i < MAX_PAGES; i++) {
    const q = new URLSearchParams({ app_id: appId, page_size: '200' });
    if (token) q.set('next_page_token', token);
    const page = await get(`/_plaza/deliveries?${q}`);
    all.push(...page.deliveries);
    token = page.next_page_token;
    if (!token) break;
  }
  return all;
}

function prettyBody(body) {
  try { return JSON.stringify(JSON.parse(body), null, 2); } catch { return body; }
}

function attemptView(a) {
  const ok = a.status_code === 200 || a.status_code === 204;
  return h('li', { class: 'attempt' },
    h('h4', {}, `Attempt ${a.n}: `, h('span', { class: `badge ${ok ? 'delivered' : 'failed'}`, text: a.status_code ? `HTTP ${a.status_code}` : 'not sent' }),
      ` · ${when(a.at)} · ${a.duration_ms} ms`),
    a.error ? h('p', { class: 'error', text: a.error }) : null,
    h('details', {}, h('summary', { text: 'Request headers' }),
      h('dl', { class: 'headers' }, Object.entries(a.request_headers || {}).map(([k, v]) => [h('dt', {}, h('code', { text: k })), h('dd', {}, h('code', { text: v }))]))),
    h('p', { class: 'label', text: 'Response' }),
    h('pre', { tabindex: '0', 'aria-label': `Response to attempt ${a.n}`, text: a.response || '(empty)' }));
}

async function webhooks(main, params) {
  let app;
  try {
    app = await get(`/_plaza/apps/${seg(params.id)}`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      main.append(h('h1', { text: 'Not found' }), h('p', {}, 'No app of yours has this address. ', h('a', { href: '#/apps', text: 'Your apps' })));
      return;
    }
    throw err;
  }
  document.title = `Webhooks: ${app.name} — plaza Marketplace`;
  main.append(h('p', {}, h('a', { href: `#/apps/${seg(app.id)}`, text: `← ${app.name}` })),
    h('h1', { text: `Webhook deliveries: ${app.name}` }),
    h('p', { class: 'meta', text: 'Every notification plaza sent for this app, exactly as sent, with each attempt.' }));

  const byId = new Map(); // delivery id -> {d, row}
  let selected = null;
  const liveStatus = h('p', { class: 'status', role: 'status', 'aria-live': 'polite', text: 'Connecting to the live tail…' });
  const list = h('ul', { class: 'plain deliveries', 'aria-label': 'Deliveries, newest first' });
  const empty = h('p', { text: 'No deliveries yet. New ones appear here as they are sent.' });
  const detail = h('section', { class: 'card delivery-detail', 'aria-labelledby': 'delivery-title', hidden: true });

  const rowContent = (d) => [
    h('button', { type: 'button', class: 'link', 'aria-pressed': selected === d.id ? 'true' : 'false',
      onclick: () => select(d.id) }, `#${d.id} ${d.event}`),
    ' ', h('span', { class: `badge ${badgeClass(d.status)}`, text: STATUS[d.status] || d.status }),
    h('span', { class: 'hint', text: ` ${d.attempts} attempt${d.attempts === 1 ? '' : 's'} · ${when(d.created_at)}` })];

  const upsert = (d, { prepend = true } = {}) => {
    const had = byId.get(d.id);
    if (had) { had.d = d; clear(had.row, rowContent(d)); } else {
      const row = h('li', { 'data-delivery': d.id }, rowContent(d));
      byId.set(d.id, { d, row });
      if (prepend) list.prepend(row); else list.append(row);
    }
    empty.hidden = byId.size > 0;
    if (selected === d.id) renderDetail(d);
    return !had;
  };

  function renderDetail(d, note = '') {
    const status = statusLine();
    status.textContent = note;
    const redeliver = h('button', { type: 'button', class: 'primary', text: 'Redeliver' });
    redeliver.addEventListener('click', () => inFlight({ button: redeliver, status, pending: 'Redelivering…', done: (n) => `Redelivered as #${n.id}.` }, async () => {
      const n = await post(`/_plaza/deliveries/${seg(d.id)}/redeliver`, {});
      upsert(n);
      await select(n.id, { note: `Redelivered #${d.id} as #${n.id}.` });
      return n;
    }));
    clear(detail,
      h('h2', { id: 'delivery-title', tabindex: '-1', text: `Delivery #${d.id}: ${d.event}` }),
      h('dl', {},
        h('dt', { text: 'Status' }), h('dd', {}, h('span', { class: `badge ${badgeClass(d.status)}`, text: STATUS[d.status] || d.status })),
        h('dt', { text: 'To' }), h('dd', {}, h('code', { text: d.url })),
        h('dt', { text: 'Destination' }), h('dd', { text: d.destination }),
        h('dt', { text: 'Created' }), h('dd', { text: when(d.created_at) }),
        h('dt', { text: 'Delivered' }), h('dd', { text: d.delivered_at ? when(d.delivered_at) : '—' }),
        d.next_attempt_at ? [h('dt', { text: 'Next attempt' }), h('dd', { text: when(d.next_attempt_at) })] : null),
      d.event !== 'endpoint.url_validation' ? h('div', { class: 'actions' }, redeliver, status) : null,
      h('h3', { text: 'Request body (exactly as sent and signed)' }),
      h('pre', { tabindex: '0', 'aria-label': 'Request body', text: d.body }),
      d.body && prettyBody(d.body) !== d.body ? h('details', {}, h('summary', { text: 'Formatted' }), h('pre', { text: prettyBody(d.body) })) : null,
      h('h3', { text: `Attempts (${(d.attempt_log || []).length})` }),
      (d.attempt_log || []).length ? h('ol', { class: 'plain attempts' }, d.attempt_log.map(attemptView)) : h('p', { text: 'Not attempted yet.' }));
    detail.hidden = false;
  }

  async function select(id, { focus = true, note = '' } = {}) {
    selected = id;
    for (const { d, row } of byId.values()) row.querySelector('button')?.setAttribute('aria-pressed', d.id === id ? 'true' : 'false');
    const d = await get(`/_plaza/deliveries/${seg(id)}`);
    upsert(d);
    renderDetail(d, note);
    if (focus) detail.querySelector('h2').focus();
  }

  main.append(h('div', { class: 'inspector' },
    h('section', { class: 'card', 'aria-labelledby': 'deliveries-title' },
      h('h2', { id: 'deliveries-title', text: 'Deliveries' }), liveStatus, empty, list),
    detail));

  const initial = await allDeliveries(app.id);
  for (const d of initial) upsert(d);
  empty.hidden = byId.size > 0;

  // The live tail. EventSource reconnects by itself with Last-Event-ID.
  const es = new EventSource(`/_plaza/apps/${seg(app.id)}/deliveries/stream`);
  const stop = () => es.close();
  window.addEventListener('hashchange', stop, { once: true });
  es.addEventListener('open', () => { liveStatus.textContent = 'Live: new deliveries appear at the top.'; });
  es.addEventListener('error', () => {
    if (!list.isConnected) { stop(); return; }
    liveStatus.textContent = es.readyState === EventSource.CLOSED ? 'The live tail stopped. Reload to try again.' : 'The live tail was cut; reconnecting…';
  });
  es.addEventListener('delivery', (ev) => {
    if (!list.isConnected) { stop(); return; }
    let d;
    try { d = JSON.parse(ev.data); } catch { return; }
    if (d.app_id && d.app_id !== app.id) return;
    const fresh = upsert(d);
    liveStatus.textContent = fresh ? `New delivery #${d.id}: ${d.event}, ${STATUS[d.status] || d.status}.`
      : `Delivery #${d.id} is now ${STATUS[d.status] || d.status}.`;
  });
}

export const routes = [
  { path: '/apps/:id/webhooks', title: 'Webhook deliveries', render: webhooks },
];
