// A CRM that logs who attended its meetings, against plaza, with nothing but
// Node 18+ (no packages): run `plaza serve`, then
//   PLAZA_URL=http://127.0.0.1:8080 PLAZA_ADMIN_KEY=... node examples/crm_attendance.mjs
// It makes an account with a colleague, and the CRM's Server-to-Server app
// subscribed to meeting.ended; schedules a meeting with a customer; the
// meeting runs on the virtual clock (the customer leaves early); when
// meeting.ended arrives, the CRM reads the past meeting and its participants
// and prints an attendance line for each. It exits 0, or throws.
import http from 'node:http';
import { createHmac } from 'node:crypto';

const URL_ = process.env.PLAZA_URL ?? 'http://127.0.0.1:8080';
const ADMIN = process.env.PLAZA_ADMIN_KEY;
if (!ADMIN) throw new Error('set PLAZA_ADMIN_KEY (plaza serve prints it)');
const SECRET = 'example-webhook-secret-456';
const tag = Date.now().toString(36);

async function call(method, path, { body, token = ADMIN, basic } = {}) {
  const headers = {};
  if (basic || token) headers.authorization = basic ? `Basic ${basic}` : `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(`${URL_}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}
const hmac = (key, text, enc) => createHmac('sha256', key).update(text).digest(enc);

// 1. An account with a colleague, and the CRM's Server-to-Server app.
const account = await call('POST', '/_plaza/accounts', { body: {
  name: `Example ${tag}`, plan: 'pro',
  owner: { email: `owner-${tag}@example.test`, first_name: 'Olive', last_name: 'Owner', password: 'owner-password-1' },
} });
const colleague = await call('POST', `/_plaza/accounts/${account.id}/users`, { body: {
  email: `sam-${tag}@example.test`, first_name: 'Sam', last_name: 'Sales', password: 'sam-password-1',
} });
const crm = await call('POST', '/_plaza/apps', { body: {
  account_id: account.id, name: `CRM ${tag}`, type: 's2s', scopes: ['meeting:write:admin', 'meeting:read:admin'],
} });
const { client_id: id, client_secret: secret } = crm.credentials.development;
const token = (await call('POST', `/oauth/token?grant_type=account_credentials&account_id=${account.id}`,
                          { basic: Buffer.from(`${id}:${secret}`).toString('base64') })).access_token;

// 2. The CRM's webhook endpoint: answers Zoom's URL validation, keeps meeting.ended.
let ended;
const receiver = http.createServer((req, res) => {
  let body = '';
  req.on('data', (d) => { body += d; });
  req.on('end', () => {
    const e = JSON.parse(body);
    const signed = `v0=${hmac(SECRET, `v0:${req.headers['x-zm-request-timestamp']}:${body}`, 'hex')}`;
    if (req.headers['x-zm-signature'] !== signed) { res.writeHead(401).end(); return; }
    res.setHeader('content-type', 'application/json');
    if (e.event === 'endpoint.url_validation') {
      const { plainToken } = e.payload;
      res.end(JSON.stringify({ plainToken, encryptedToken: hmac(SECRET, plainToken, 'hex') }));
      return;
    }
    if (e.event === 'meeting.ended') ended = e;
    res.end('{}');
  });
});
await new Promise((ok) => receiver.listen(0, '127.0.0.1', ok));
const sub = await call('POST', `/_plaza/apps/${crm.id}/event_subscriptions`, {
  body: { url: `http://127.0.0.1:${receiver.address().port}/zoom`, events: ['meeting.ended'], secret_token: SECRET },
});
const until = async (what, fn, ms = 20000) => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((ok) => setTimeout(ok, 100))) {
    const v = await fn();
    if (v) return v;
  }
  throw new Error(`timed out waiting for ${what}`);
};
await until('the subscription to be validated', async () =>
  (await call('GET', `/_plaza/apps/${crm.id}/event_subscriptions/${sub.id}`)).state === 'active');

try {
  // 3. The CRM schedules a demo with a customer; the meeting runs on the virtual clock.
  const meeting = await call('POST', `/v2/users/${account.owner.id}/meetings`, { token, body: { topic: 'Product demo for Initech' } });
  const m = `/_plaza/meetings/${meeting.id}`;
  await call('POST', `${m}/start`);
  await call('POST', `${m}/participants`, { body: { name: 'Olive Owner', email: account.owner.email } });
  await call('POST', `${m}/participants`, { body: { name: 'Sam Sales', email: colleague.email } });
  const customer = await call('POST', `${m}/participants`, { body: { name: 'Peter Gibbons', email: 'peter@initech.example' } });
  await call('POST', '/_plaza/clock', { body: { advance: 20 * 60 } });
  await call('DELETE', `${m}/participants/${customer.id}`);
  await call('POST', '/_plaza/clock', { body: { advance: 10 * 60 } });
  await call('POST', `${m}/end`);

  // 4. meeting.ended names the instance; the CRM reads who attended.
  const event = await until('meeting.ended', () => ended);
  const uuid = encodeURIComponent(encodeURIComponent(event.payload.object.uuid)); // Zoom: double-encode UUIDs
  const past = await call('GET', `/v2/past_meetings/${uuid}`, { token });
  console.log(`${past.topic}: ${past.duration} min, ${past.participants_count} participants`);
  const { participants } = await call('GET', `/v2/past_meetings/${uuid}/participants?page_size=300`, { token });
  for (const p of participants) {
    // Zoom shows e-mails of the host's account's users only: an outside attendee is matched by name
    const who = p.user_email || `(outside the account) ${p.name}`;
    console.log(`attended: ${who} from ${p.join_time} for ${Math.round(p.duration / 60)} min`);
  }
} finally {
  receiver.close();
}
