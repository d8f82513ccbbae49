// People acting for themselves on the control API (docs/access.md): a signed-in
// session (cookie and CSRF token) or a personal access token.
import assert from 'node:assert/strict';
import { request } from './plaza.mjs';

export const OWNER_PASSWORD = 'owner-password-1';
export const USER_PASSWORD = 'user-password-1';

// Signs in; returns { call(method, path, body, { csrf }) , cookie, csrf, session }.
export async function signIn(plaza, email, password = USER_PASSWORD) {
  const r = await request(plaza, 'POST', '/_plaza/session', { body: { email, password } });
  assert.equal(r.status, 201, r.text);
  const line = r.headers.getSetCookie().find((l) => l.startsWith('plaza_session='));
  assert.ok(line, 'a session cookie');
  return asSession(plaza, line.split(';')[0], r.json.csrf_token, r.json);
}

export function asSession(plaza, cookie, csrf, session) {
  const call = (method, path, body, { csrf: send = true, headers = {} } = {}) => {
    const h = { cookie, ...headers };
    if (send && method !== 'GET' && method !== 'HEAD') h['x-csrf-token'] = csrf;
    return request(plaza, method, `/_plaza${path}`, { body, headers: h });
  };
  return { call, cookie, csrf, session, ok: okOf(call) };
}

export function asToken(plaza, token) {
  const call = (method, path, body) =>
    request(plaza, method, `/_plaza${path}`, { body, headers: { authorization: `Bearer ${token}` } });
  return { call, token, ok: okOf(call) };
}

function okOf(call) {
  return async (method, path, body, expected = [200, 201, 204]) => {
    const r = await call(method, path, body);
    assert.ok([].concat(expected).includes(r.status), `${method} ${path}: ${r.status} ${r.text}`);
    return r.json;
  };
}
