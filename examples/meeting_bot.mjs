// A meeting bot and a recording pipeline against plaza, end to end, with
// nothing but Node 18+ (no packages): run `plaza serve`, then
//   PLAZA_URL=http://127.0.0.1:8080 PLAZA_ADMIN_KEY=... node examples/meeting_bot.mjs
// It makes an account, a Server-to-Server app (the CRM that schedules the
// meeting and stores its recording) and a General app with Embed → Meeting SDK
// (the bot); subscribes to recording.completed; the bot joins with an SDK JWT
// signed with its client secret and listens while people talk; the meeting
// ends, and the pipeline downloads the files recording.completed points to
// with its download_token. It prints what happened and exits 0, or throws.
import http from 'node:http';
import { createHmac } from 'node:crypto';

const URL_ = process.env.PLAZA_URL ?? 'http://127.0.0.1:8080';
const ADMIN = process.env.PLAZA_ADMIN_KEY;
if (!ADMIN) throw new Error('set PLAZA_ADMIN_KEY (plaza serve prints it)');
const SECRET = 'example-webhook-secret-123';
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
const b64url = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const hmac = (key, text, enc) => createHmac('sha256', key).update(text).digest(enc);

// The Meeting SDK JWT a bot's backend signs (HS256 with the client secret).
function sdkSignature(clientId, clientSecret, meetingNumber, role, now) {
  const head = b64url({ alg: 'HS256', typ: 'JWT' });
  const body = b64url({ appKey: clientId, sdkKey: clientId, mn: meetingNumber, role, iat: now - 30, exp: now + 7200,
                        tokenExp: now + 7200 });
  return `${head}.${body}.${hmac(clientSecret, `${head}.${body}`, 'base64url')}`;
}

// 1. An account, the CRM's Server-to-Server app and the bot's app.
const account = await call('POST', '/_plaza/accounts', { body: {
  name: `Example ${tag}`, plan: 'pro',
  owner: { email: `owner-${tag}@example.test`, first_name: 'Olive', last_name: 'Owner', password: 'owner-password-1' },
} });
const crm = await call('POST', '/_plaza/apps', { body: {
  account_id: account.id, name: `CRM ${tag}`, type: 's2s', scopes: ['meeting:write:admin', 'recording:read:admin'],
} });
const bot = await call('POST', '/_plaza/apps', { body: {
  account_id: account.id, name: `Notetaker ${tag}`, type: 'oauth', redirect_url: 'http://127.0.0.1:3000/cb',
  scopes: ['meeting:read'],
} });
await call('PATCH', `/_plaza/apps/${bot.id}/environments/development`, { body: { features: { meeting_sdk: true } } });
const { client_id: crmId, client_secret: crmSecret } = crm.credentials.development;
const token = (await call('POST', `/oauth/token?grant_type=account_credentials&account_id=${account.id}`,
                          { basic: Buffer.from(`${crmId}:${crmSecret}`).toString('base64') })).access_token;

// 2. The pipeline's webhook endpoint: answers Zoom's URL validation, keeps recording.completed.
let completed;
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
    if (e.event === 'recording.completed') completed = e;
    res.end('{}');
  });
});
await new Promise((ok) => receiver.listen(0, '127.0.0.1', ok));
const sub = await call('POST', `/_plaza/apps/${crm.id}/event_subscriptions`, {
  body: { url: `http://127.0.0.1:${receiver.address().port}/zoom`, events: ['recording.completed'], secret_token: SECRET },
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
  // 3. The CRM schedules a meeting with cloud recording; the host starts it.
  const meeting = await call('POST', `/v2/users/${account.owner.id}/meetings`, {
    token, body: { topic: 'Quarterly review', settings: { auto_recording: 'cloud' } },
  });
  await call('POST', `/_plaza/meetings/${meeting.id}/start`);

  // 4. The bot joins with an SDK JWT, as the Meeting SDK would.
  const clock = await call('GET', '/_plaza/clock');
  const now = Math.floor(clock.now_ms / 1000);
  const { client_id: botId, client_secret: botSecret } = bot.credentials.development;
  const joined = await call('POST', '/_plaza/sdk/join', {
    token: null, body: { signature: sdkSignature(botId, botSecret, meeting.id, 0, now), meeting_number: meeting.id,
                       password: meeting.password, display_name: 'Notetaker' },
  });
  console.log(`bot joined as participant ${joined.participant_id}`);

  // 5. People talk; the virtual clock moves a minute; the bot hears it as WAV.
  const ann = await call('POST', `/_plaza/meetings/${meeting.id}/participants`, { body: { name: 'Ann', email: 'ann@example.test' } });
  await call('POST', `/_plaza/meetings/${meeting.id}/say`, { body: { participant_id: ann.id, text: 'The quarter closed well.' } });
  await call('POST', `/_plaza/meetings/${meeting.id}/chat`, { body: { participant_id: ann.id, text: 'Slides: https://example.test/q3' } });
  await call('POST', '/_plaza/clock', { body: { advance: 60 } });
  const ears = new URL(joined.audio_url);
  const heard = await fetch(`${URL_}${ears.pathname}${ears.search}`);
  if (heard.status !== 200) throw new Error(`audio: ${heard.status}`);
  const wav = Buffer.from(await heard.arrayBuffer());
  console.log(`bot heard ${heard.headers.get('x-plaza-audio-to')} s: ${wav.length} bytes of ${heard.headers.get('content-type')}`);

  // 6. The meeting ends; recording.completed brings the files and a download_token.
  await call('POST', `/_plaza/meetings/${meeting.id}/end`);
  const event = await until('recording.completed', () => completed);
  for (const f of event.payload.object.recording_files) {
    const r = await fetch(`${f.download_url}?access_token=${event.download_token}`.replace(/^https?:\/\/[^/]+/, URL_));
    const bytes = Buffer.from(await r.arrayBuffer());
    if (r.status !== 200 || bytes.length !== f.file_size) throw new Error(`${f.file_type}: ${r.status}, ${bytes.length} bytes`);
    console.log(`${f.file_type}: ${bytes.length} bytes (${r.headers.get('content-type')})`);
    if (f.file_type === 'TRANSCRIPT') console.log(bytes.toString().trim().split('\n').slice(-2).join(' | '));
  }
} finally {
  receiver.close();
}
