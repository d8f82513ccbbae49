// The control API client (/_plaza/...): JSON in and out, the session cookie
// (credentials: 'same-origin'), X-CSRF-Token on every non-GET, problem+json
// errors thrown as ApiError, and optimistic concurrency for apps: the ETag a
// response under /_plaza/apps/{id} carries is sent back as If-Match on that
// app's next edit (412 is then ApiError with status 412 and .conflict).

const etags = new Map(); // app id -> ETag last seen for it
let csrfToken = '';

export function setCsrfToken(token) { csrfToken = token || ''; }

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
    this.conflict = status === 412;
  }
}

function appIdOf(path) {
  const m = /^\/_plaza\/apps\/([^/?]+)/.exec(path);
  return m ? decodeURIComponent(m[1]) : null;
}

async function readBody(res) {
  const text = await res.text();
  if (!text) return null;
  const type = res.headers.get('content-type') || '';
  if (type.includes('json')) {
    try { return JSON.parse(text); } catch { return { detail: text }; }
  }
  return { detail: text };
}

// call(method, path, {body, raw, contentType}) -> {status, data, etag}.
// `path` starts with /_plaza. `body` is sent as JSON; `raw` (a Blob/File) as is.
export async function call(method, path, { body, raw, contentType } = {}) {
  const headers = { accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (method !== 'GET' && method !== 'HEAD') {
    if (csrfToken) headers['x-csrf-token'] = csrfToken;
    const app = appIdOf(path);
    if (app && etags.has(app)) headers['if-match'] = etags.get(app);
  }
  if (raw !== undefined) {
    init.body = raw;
    headers['content-type'] = contentType || 'application/octet-stream';
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, { title: 'plaza could not be reached.', detail: String(e.message || e) });
  }
  const data = await readBody(res);
  if (!res.ok) throw new ApiError(res.status, data || {});
  const etag = res.headers.get('etag');
  await remember(method, path, etag);
  return { status: res.status, data, etag };
}

// Keeps the app's ETag current: from the answer, else (a write that does not
// carry one) by reading the app again.
async function remember(method, path, etag) {
  const app = appIdOf(path);
  if (!app) return;
  if (etag) { // a read that started before a save may answer after it: keep the newest revision seen
    if (revisionOf(etag) >= revisionOf(etags.get(app))) etags.set(app, etag);
    return;
  }
  if (method === 'GET' || !etags.has(app)) return;
  etags.delete(app);
  if (method === 'DELETE' && path === `/_plaza/apps/${encodeURIComponent(app)}`) return;
  try { await call('GET', `/_plaza/apps/${encodeURIComponent(app)}`); } catch { /* the next read tells */ }
}

export function forgetEtag(appId) { etags.delete(appId); }

// plaza's tags are "r<revision>"; anything else counts as none.
function revisionOf(etag) {
  const m = /^"r(\d+)"$/.exec(etag || '');
  return m ? Number(m[1]) : 0;
}

export const get = (path) => call('GET', path).then((r) => r.data);
export const post = (path, body) => call('POST', path, { body }).then((r) => r.data);
export const patch = (path, body) => call('PATCH', path, { body }).then((r) => r.data);
export const put = (path, body) => call('PUT', path, { body }).then((r) => r.data);
export const del = (path) => call('DELETE', path).then((r) => r.data);

// A path segment, escaped: `/_plaza/apps/${seg(id)}`.
export const seg = (s) => encodeURIComponent(String(s));
