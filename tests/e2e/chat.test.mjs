// Chatbot apps: the app token (client_credentials, imchat:bot), Zoom's
// "Send Chatbot message" (POST /v2/im/chat/messages), a user writing to the
// bot (control API and `plaza chat send`) which reaches the app as a signed
// bot_notification, and the stored conversation (GET /_plaza/chat/messages,
// `plaza chat list`). Rivet's own ChatbotClient answers a slash command end
// to end: its receiver verifies the event, its say() sends the reply. The
// Features page's Bot endpoint URL receives bot_notification with no event
// subscription: signed, retried on Zoom's schedule, once per URL, inspected
// with destination bot_endpoint, and no more once the URL is cleared.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import axios from 'axios';
import { ChatbotClient, HttpReceiver } from '@zoom/rivet/chatbot';
import { startPlaza, createAccount, createUser, createApp, control, token, v2, userToken, advanceClock,
         assertZoomError, assertProblem } from './lib/plaza.mjs';
import { subscribeActive, waitFor, waitDeliveries, deliveries, startReceiver, zoomSignature, fence } from './lib/receiver.mjs';

const run = promisify(execFile);
const SECRET = 'chatbot-secret-token-0123';
let plaza, acc, member, bot, botToken, interceptor, fenced;
const receivers = [];

const jid = (id) => `${id.toLowerCase()}@xmpp.zoom.us`;
const card = (text) => ({ head: { text: 'Plaza bot' }, body: [{ type: 'message', text }] });
const send = (tok, body) => v2(plaza, tok, 'POST', '/im/chat/messages', body);
const list = (q) => control(plaza).ok('GET', `/chat/messages?${new URLSearchParams(q)}`, undefined, 200);

before(async () => {
  plaza = await startPlaza();
  acc = await createAccount(plaza);
  member = await createUser(plaza, acc.id);
  bot = await createApp(plaza, acc.id, { type: 'chatbot', scopes: ['imchat:bot'] });
  const dev = bot.credentials.development;
  const t = await token(plaza, dev.client_id, dev.client_secret, { grant_type: 'client_credentials' });
  assert.equal(t.status, 200, t.text);
  assert.equal(t.json.scope, 'imchat:bot');
  assert.equal(t.json.refresh_token, undefined);
  botToken = t.json.access_token;
  fenced = await fence(plaza);
  interceptor = axios.interceptors.request.use((config) => {
    if (typeof config.url === 'string' && config.url.startsWith('https://zoom.us/'))
      config.url = plaza.url + config.url.slice('https://zoom.us'.length);
    return config;
  });
});
after(async () => {
  axios.interceptors.request.eject(interceptor);
  for (const rx of receivers) await rx.close();
  await fenced.close();
  await plaza.stop();
});

test('chatbot_sends_a_message_card_that_is_stored_and_listed', async () => {
  const robot = bot.credentials.development.bot_jid;
  assert.match(robot, /^v1[0-9a-f]{22}@xmpp\.zoom\.us$/);
  const r = await send(botToken, { robot_jid: robot, to_jid: jid(member.id), account_id: acc.id, user_jid: jid(member.id),
                                   content: card('Build 42 passed'), is_markdown_support: false });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(Object.keys(r.json), ['message_id', 'robot_jid', 'sent_time', 'to_jid', 'user_jid']);
  assert.equal(r.json.robot_jid, robot);
  assert.equal(r.json.to_jid, jid(member.id));
  assert.match(r.json.sent_time, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);
  const page = await list({ app: bot.id, user: member.id });
  const m = page.messages.find((x) => x.message_id === r.json.message_id);
  assert.ok(m, JSON.stringify(page));
  assert.equal(m.direction, 'from_bot');
  assert.deepEqual(m.content, card('Build 42 passed'));
  assert.equal(m.user_id, member.id);
});

test('a_user_message_reaches_the_bot_as_a_signed_bot_notification', async () => {
  const received = [];
  const rx = new LoopbackReceiver({ webhooksSecretToken: SECRET, port: 0, logLevel: 'error' });
  rx.init({ eventEmitter: { emit: async (event, payload) => { received.push({ event, payload }); } } });
  const server = await rx.start(0);
  try {
    const url = `http://127.0.0.1:${server.address().port}/zoom/events`;
    const app = await createApp(plaza, acc.id, { type: 'chatbot', scopes: ['imchat:bot'] });
    await subscribeActive(plaza, app.id, url, ['bot_notification'], { secret_token: SECRET });
    const sent = await control(plaza).ok('POST', '/chat/messages', { app_id: app.id, user: member.email, text: 'hello bot' }, 201);
    assert.equal(sent.direction, 'to_bot');
    assert.equal(sent.text, 'hello bot');
    const got = await waitFor(() => received.find((x) => x.event === 'bot_notification'), { what: 'bot_notification' });
    const p = got.payload.payload;
    assert.deepEqual(Object.keys(p), ['accountId', 'channelName', 'cmd', 'robotJid', 'timestamp', 'toJid', 'triggerId',
                                      'userId', 'userJid', 'userName']);
    assert.equal(p.cmd, 'hello bot');
    assert.equal(p.accountId, acc.id);
    assert.equal(p.robotJid, app.credentials.development.bot_jid);
    assert.equal(p.userId, member.id);
    assert.equal(p.userJid, jid(member.id));
    assert.equal(p.toJid, jid(member.id));
    const d = await waitDeliveries(plaza, { app_id: app.id, event: 'bot_notification' }, (l) => l.length === 1);
    assert.equal(d[0].event, 'bot_notification');
  } finally {
    server.closeAllConnections?.();
    await rx.stop();
  }
});

test('rivet_chatbot_client_answers_a_slash_command_and_the_reply_is_listed', async () => {
  const app = await createApp(plaza, acc.id, { type: 'chatbot', scopes: ['imchat:bot'] });
  const dev = app.credentials.development;
  const rx = new LoopbackReceiver({ webhooksSecretToken: SECRET, port: 0, logLevel: 'error' });
  const client = new ChatbotClient({ clientId: dev.client_id, clientSecret: dev.client_secret, receiver: rx,
                                     baseUrl: `${plaza.url}/v2` });
  client.webEventConsumer.onSlashCommand('*', async ({ say, payload }) => { await say(`pong: ${payload.cmd}`); });
  const server = await rx.start(0);
  try {
    await subscribeActive(plaza, app.id, `http://127.0.0.1:${server.address().port}/zoom/events`, ['bot_notification'],
                          { secret_token: SECRET });
    await control(plaza).ok('POST', '/chat/messages', { app_id: app.id, user: member.id, text: 'ping' }, 201);
    const reply = await waitFor(async () => (await list({ app: app.id, user: member.id })).messages
      .find((m) => m.direction === 'from_bot'), { what: 'the bot reply' });
    assert.deepEqual(reply.content, { body: [{ type: 'message', text: 'pong: ping' }] });
    assert.equal(reply.to_jid, jid(member.id));
    const all = (await list({ app: app.id })).messages.map((m) => m.direction);
    assert.deepEqual(all, ['to_bot', 'from_bot'], 'both directions, oldest first');
  } finally {
    server.closeAllConnections?.();
    await rx.stop();
  }
});

test('bad_chatbot_messages_are_refused_in_zoom_shape_and_not_stored', async () => {
  const robot = bot.credentials.development.bot_jid;
  const good = { robot_jid: robot, to_jid: jid(member.id), account_id: acc.id, user_jid: jid(member.id), content: card('x') };
  const other = await createAccount(plaza);
  const cases = [
    [{ ...good, robot_jid: 'v1aaaaaaaaaaaaaaaaaaaaaa@xmpp.zoom.us' }, 300, 'robot_jid'],
    [{ ...good, to_jid: 'Not A Jid' }, 300, 'to_jid'],
    [{ ...good, to_jid: 'abc@conference.xmpp.zoom.us' }, 300, 'to_jid'],
    [{ ...good, to_jid: `${'a'.repeat(200)}@xmpp.zoom.us` }, 300, 'to_jid'],
    [{ ...good, content: undefined }, 300, 'content'],
    [{ ...good, content: { body: [] } }, 300, 'content.body'],
    [{ ...good, content: { body: Array.from({ length: 51 }, () => ({ type: 'message', text: 'x' })) } }, 300, 'content.body'],
    [{ ...good, content: { body: [{ type: 'message', text: 'x'.repeat(17000) }] } }, 300, 'content'],
    [{ ...good, content: { body: [{ text: 'no type' }] } }, 300, 'content.body[0].type'],
    [{ ...good, is_markdown_support: 'yes' }, 300, 'is_markdown_support'],
    [{ ...good, account_id: other.id }, 300, 'account_id'],
    [{ ...good, account_id: undefined }, 300, 'account_id'],
    [{ ...good, to_jid: jid(other.owner.id) }, 1010, null],
    [{ ...good, user_jid: jid(other.owner.id) }, 1010, null],
  ];
  const before = (await list({ app: bot.id })).messages.length;
  for (const [body, code, field] of cases) {
    const r = await send(botToken, body);
    assertZoomError(r, 400, code);
    if (field) assert.ok(r.json.errors?.some((e) => e.field === field), `${field}: ${r.text}`);
  }
  assert.equal((await list({ app: bot.id })).messages.length, before, 'nothing stored');

  // a token without imchat:bot, and a token of another app
  const userTok = await userToken(plaza, acc.id, acc.owner.id, ['user:read']);
  assertZoomError(await send(userTok, good), 400, 4711, /imchat:bot/);
  const bot2 = await createApp(plaza, acc.id, { type: 'chatbot', scopes: ['imchat:bot'] });
  const t2 = await token(plaza, bot2.credentials.development.client_id, bot2.credentials.development.client_secret,
                         { grant_type: 'client_credentials' });
  const r = await send(t2.json.access_token, good);
  assertZoomError(r, 400, 300);
  assert.ok(r.json.errors.some((e) => e.field === 'robot_jid'), 'another app cannot speak as this bot');
});

test('control_api_refuses_bad_chat_input_and_pages_the_list', async () => {
  const c = control(plaza);
  const app = await createApp(plaza, acc.id, { type: 'chatbot', scopes: ['imchat:bot'] });
  const oauth = await createApp(plaza, acc.id);
  const stranger = await createAccount(plaza);
  assertProblem(await c.call('POST', '/chat/messages', { app_id: oauth.id, user: member.id, text: 'hi' }), 400, 'app_id');
  assertProblem(await c.call('POST', '/chat/messages', { app_id: app.id, user: member.id, text: '' }), 400, 'text');
  assertProblem(await c.call('POST', '/chat/messages', { app_id: app.id, user: member.id, text: 'x'.repeat(4097) }), 400, 'text');
  assertProblem(await c.call('POST', '/chat/messages', { app_id: app.id, user: 'nobody@example.test', text: 'hi' }), 400, 'user');
  assertProblem(await c.call('POST', '/chat/messages', { app_id: app.id, user: stranger.owner.id, text: 'hi' }), 400, 'user');
  assertProblem(await c.call('POST', '/chat/messages', { app_id: app.id, user: member.id, text: 'hi', env: 'production' }), 400, 'env');
  assertProblem(await c.call('POST', '/chat/messages', { app_id: 'nope', user: member.id, text: 'hi' }), 404);
  assertProblem(await c.call('GET', '/chat/messages'), 400, 'app');
  assertProblem(await c.call('GET', `/chat/messages?app=${app.id}&page_size=101`), 400, 'page_size');
  for (let i = 0; i < 5; i++) await c.ok('POST', '/chat/messages', { app_id: app.id, user: member.id, text: `m${i}` }, 201);
  const seen = [];
  let next = '';
  do {
    const page = await list({ app: app.id, page_size: '2', ...(next ? { next_page_token: next } : {}) });
    assert.ok(page.messages.length <= 2);
    seen.push(...page.messages.map((m) => m.text));
    next = page.next_page_token;
  } while (next);
  assert.deepEqual(seen, ['m0', 'm1', 'm2', 'm3', 'm4']);
});

test('cli_chat_send_and_list_show_the_conversation', async () => {
  const app = await createApp(plaza, acc.id, { type: 'chatbot', scopes: ['imchat:bot'] });
  const env = { ...process.env, PLAZA_URL: plaza.url, PLAZA_ADMIN_KEY: plaza.adminKey };
  const bin = process.env.PLAZA_BIN;
  await run(bin, ['chat', 'send', '--app', app.id, '--user', member.email, '--text', 'status please'], { env });
  const { stdout } = await run(bin, ['chat', 'list', '--app', app.id, '--json'], { env });
  const page = JSON.parse(stdout);
  assert.deepEqual(page.messages.map((m) => [m.direction, m.text]), [['to_bot', 'status please']]);
  const err = await run(bin, ['chat', 'send', '--app', app.id, '--user', member.email, '--text', ''], { env })
    .then(() => null, (e) => e);
  assert.ok(err && err.code !== 0, 'an empty message exits non-zero');
  assert.match(err.stderr, /text/);
});

// ---- the Bot endpoint URL (features.bot_endpoint_url) ----

const cliEnv = () => ({ ...process.env, PLAZA_URL: plaza.url, PLAZA_ADMIN_KEY: plaza.adminKey });
const cliSend = (app, text) => run(process.env.PLAZA_BIN, ['chat', 'send', '--app', app.id, '--user', member.email,
                                                           '--text', text], { env: cliEnv() });
const setBotUrl = (app, url) => control(plaza).ok('PATCH', `/apps/${app.id}/sections`, { features: { bot_endpoint_url: url } }, 200);
const subscriptionsOf = async (app) => (await control(plaza).ok('GET', `/apps/${app.id}/event_subscriptions`, undefined, 200)).event_subscriptions;
const botEndpointOf = async (app) => (await subscriptionsOf(app)).filter((x) => x.kind === 'bot_endpoint');
const notifications = (app) => deliveries(plaza, { app_id: app.id, event: 'bot_notification' });

// A chatbot app with no event subscription, only its Bot endpoint URL at a fresh receiver.
async function onlyBotUrl(respond) {
  const app = await createApp(plaza, acc.id, { type: 'chatbot', scopes: ['imchat:bot'] });
  const rx = await startReceiver({ secret: 'unused', respond });
  receivers.push(rx);
  await setBotUrl(app, `${rx.url}/bot`);
  return { app, rx };
}

test('a_chatbot_with_only_a_bot_endpoint_url_receives_a_signed_bot_notification_retried_and_inspectable', async () => {
  let status = 500;
  const { app, rx } = await onlyBotUrl(() => ({ status, json: {} }));
  // shown with the app's subscriptions: its tokens are what signs there
  const eps = await botEndpointOf(app);
  assert.equal(eps.length, 1, 'one bot endpoint: development is the only environment with credentials');
  const [ep] = eps;
  assert.equal(ep.url, `${rx.url}/bot`);
  assert.deepEqual(ep.events, ['bot_notification']);
  assert.equal(ep.state, 'active', 'no url_validation for a bot endpoint');
  assert.equal(ep.env, 'development');
  assert.equal(ep.name, 'Bot Endpoint');
  assert.match(ep.secret_token, /^[A-Za-z0-9_-]{22}$/);

  await cliSend(app, 'deploy staging');
  const [got] = await rx.waitForEvents((q) => q.json.event === 'bot_notification', { what: 'bot_notification at the bot endpoint URL' });
  assert.equal(rx.validations().length, 0, 'never a url_validation');
  assert.equal(new URL(got.url, 'http://x').pathname, '/zoom/webhook/bot');
  assert.equal(got.headers['x-zm-signature'], zoomSignature(ep.secret_token, got.headers['x-zm-request-timestamp'], got.body),
               'signed with the endpoint\'s secret token');
  assert.equal(got.headers.authorization, ep.verification_token);
  assert.equal(got.headers.clientid, app.credentials.development.client_id);
  assert.deepEqual(Object.keys(got.json), ['event', 'payload', 'event_ts']);
  assert.equal(got.json.payload.cmd, 'deploy staging');
  assert.equal(got.json.payload.robotJid, app.credentials.development.bot_jid);
  assert.equal(got.json.payload.userId, member.id);

  // in the inspector like any delivery, and retried on Zoom's schedule
  const [d] = await waitDeliveries(plaza, { app_id: app.id, event: 'bot_notification' }, (l) => l[0]?.status === 'retrying');
  assert.equal(d.destination, 'bot_endpoint');
  assert.equal(d.subscription_id, ep.id);
  assert.equal(d.url, `${rx.url}/bot`);
  assert.equal(d.body, got.body);
  assert.equal(d.attempt_log[0].status_code, 500);
  assert.equal(d.attempt_log[0].request_headers.authorization, '[redacted]');
  assert.equal(Date.parse(d.next_attempt_at) - Date.parse(d.attempt_log[0].at), 5 * 60 * 1000);
  status = 200;
  await advanceClock(plaza, 5 * 60);
  const [done] = await waitDeliveries(plaza, { app_id: app.id, event: 'bot_notification' }, (l) => l[0]?.status === 'delivered');
  assert.equal(done.attempts, 2);
  assert.equal(rx.events().length, 2);
  assert.equal(rx.events()[1].body, got.body, 'the same event again');
  assert.equal(rx.events()[1].headers['x-zm-signature'],
               zoomSignature(ep.secret_token, rx.events()[1].headers['x-zm-request-timestamp'], got.body));
});

test('a_subscription_at_the_bot_endpoint_url_gets_one_bot_notification_at_two_urls_one_each', async () => {
  const VERIFICATION = 'bot-verification-token-42';
  const app = await createApp(plaza, acc.id, { type: 'chatbot', scopes: ['imchat:bot'] });
  const rx = await startReceiver({ secret: SECRET });
  const other = await startReceiver({ secret: SECRET });
  receivers.push(rx, other);
  const sub = await subscribeActive(plaza, app.id, rx.url, ['bot_notification'], { secret_token: SECRET, verification_token: VERIFICATION });
  await setBotUrl(app, rx.url);
  // made after the subscription: it signs with the same tokens, as Zoom signs everything of an app with one Secret Token
  const [ep] = await botEndpointOf(app);
  assert.equal(ep.secret_token, SECRET);
  assert.equal(ep.verification_token, VERIFICATION);
  assert.deepEqual((await subscriptionsOf(app)).map((x) => x.kind), ['event_subscription', 'bot_endpoint']);

  await cliSend(app, 'one URL');
  await rx.waitForEvents((q) => q.json.payload?.cmd === 'one URL');
  await fenced();
  const once = await notifications(app);
  assert.equal(once.length, 1, 'one delivery for one URL');
  assert.equal(once[0].subscription_id, sub.id, 'through the subscription');
  assert.equal(once[0].destination, 'event_subscription');
  assert.equal(rx.events().length, 1);

  // the bot endpoint URL moves elsewhere: each URL gets it once
  await setBotUrl(app, other.url);
  await cliSend(app, 'two URLs');
  const [atOther] = await other.waitForEvents((q) => q.json.payload?.cmd === 'two URLs');
  await rx.waitForEvents((q) => q.body === atOther.body);
  await fenced();
  const twice = (await notifications(app)).slice(1);
  assert.deepEqual(twice.map((d) => d.destination).sort(), ['bot_endpoint', 'event_subscription']);
  assert.equal(new Set(twice.map((d) => d.body)).size, 1, 'the same event');
  assert.equal(atOther.headers['x-zm-signature'], zoomSignature(SECRET, atOther.headers['x-zm-request-timestamp'], atOther.body));
  assert.equal(atOther.headers.authorization, VERIFICATION);
  assert.equal(rx.events().length, 2);
  assert.equal(other.events().length, 1);
});

test('clearing_the_bot_endpoint_url_stops_bot_notification_going_there', async () => {
  const { app, rx } = await onlyBotUrl(() => ({ status: 503, json: {} }));
  await cliSend(app, 'first');
  await waitDeliveries(plaza, { app_id: app.id, event: 'bot_notification' }, (l) => l[0]?.status === 'retrying');
  await setBotUrl(app, null);
  const [gone] = await botEndpointOf(app);
  assert.equal(gone.state, 'disabled');
  const [failed] = await notifications(app);
  assert.equal(failed.status, 'failed', 'what waited for the cleared URL is dropped');
  assert.equal(failed.next_attempt_at, null);

  await cliSend(app, 'second');
  await advanceClock(plaza, 5 * 60);
  await fenced();
  assert.equal((await notifications(app)).length, 1, 'nothing more is queued for it');
  assert.equal(rx.events().length, 1, 'the endpoint heard only the first message');
  // the message itself is still stored
  assert.deepEqual((await list({ app: app.id })).messages.map((m) => m.text), ['first', 'second']);

  // set again: the same endpoint (and tokens) comes back
  await setBotUrl(app, `${rx.url}/again`);
  const [back] = await botEndpointOf(app);
  assert.equal(back.id, gone.id);
  assert.equal(back.state, 'active');
  assert.equal(back.secret_token, gone.secret_token);
  assert.equal(back.url, `${rx.url}/again`);
});

test('with_no_subscription_the_bot_endpoint_signs_with_the_tokens_of_the_deauthorization_endpoint', async () => {
  const c = control(plaza);
  const app = await createApp(plaza, acc.id, { type: 'chatbot', scopes: ['imchat:bot'] });
  const rx = await startReceiver({ secret: 'unused' });
  receivers.push(rx);
  await c.ok('PATCH', `/apps/${app.id}/sections`, { features: { deauthorization_url: `${rx.url}/deauth` } }, 200);
  const [deauth] = (await subscriptionsOf(app)).filter((x) => x.kind === 'deauthorization_endpoint');
  await setBotUrl(app, `${rx.url}/bot`);
  const all = await subscriptionsOf(app);
  assert.deepEqual(all.map((x) => x.kind), ['deauthorization_endpoint', 'bot_endpoint']);
  const [ep] = all.filter((x) => x.kind === 'bot_endpoint');
  assert.notEqual(ep.id, deauth.id, 'one endpoint of each kind');
  assert.equal(ep.secret_token, deauth.secret_token, 'the app signs everything with one Secret Token');
  assert.equal(ep.verification_token, deauth.verification_token);
  await cliSend(app, 'one secret');
  const [got] = await rx.waitForEvents((q) => q.json.payload?.cmd === 'one secret');
  assert.equal(new URL(got.url, 'http://x').pathname, '/zoom/webhook/bot');
  assert.equal(got.headers['x-zm-signature'], zoomSignature(deauth.secret_token, got.headers['x-zm-request-timestamp'], got.body));
});

test('the_bot_endpoint_keeps_its_url_from_the_app_and_bad_bot_endpoint_urls_are_refused', async () => {
  const c = control(plaza);
  const { app, rx } = await onlyBotUrl(() => ({ status: 200, json: {} }));
  const [ep] = await botEndpointOf(app);
  const path = `/apps/${app.id}/event_subscriptions/${ep.id}`;
  assertProblem(await c.call('PATCH', path, { url: `${rx.url}/x` }), 400, 'url');
  assertProblem(await c.call('PATCH', path, { events: ['meeting.created'] }), 400, 'events');
  assertProblem(await c.call('DELETE', path), 409);
  assertProblem(await c.call('POST', `${path}/validate`), 409);
  const patched = await c.ok('PATCH', path, { secret_token: 'new-bot-secret-0123456789' }, 200);
  assert.equal(patched.state, 'active', 'no validation after new tokens either');
  await cliSend(app, 'signed anew');
  const [got] = await rx.waitForEvents((q) => q.json.payload?.cmd === 'signed anew');
  assert.equal(got.headers['x-zm-signature'], zoomSignature('new-bot-secret-0123456789', got.headers['x-zm-request-timestamp'], got.body));
  // not counted among the app's 20 subscriptions
  assert.equal((await subscriptionsOf(app)).filter((x) => x.kind === 'event_subscription').length, 0);

  // the URL rules of every app URL; only chatbot apps have the field
  for (const url of ['ftp://example.test/bot', 'http://example.test/bot', 'not a url', 'https://u:p@example.test/bot'])
    assertProblem(await c.call('PATCH', `/apps/${app.id}/sections`, { features: { bot_endpoint_url: url } }), 400);
  assert.equal((await botEndpointOf(app))[0].url, `${rx.url}/bot`, 'a refused URL changes nothing');
  const oauth = await createApp(plaza, acc.id);
  assertProblem(await c.call('PATCH', `/apps/${oauth.id}/sections`, { features: { bot_endpoint_url: `${rx.url}/bot` } }), 400);
  assert.deepEqual(await botEndpointOf(oauth), []);
});

// Rivet's HttpReceiver listens on every interface; narrowed to 127.0.0.1.
class LoopbackReceiver extends HttpReceiver {
  getServerCreator() {
    const create = super.getServerCreator();
    return (options, handler) => {
      const server = create(options, handler);
      const listen = server.listen.bind(server);
      server.listen = (port, cb) => listen(port, '127.0.0.1', cb);
      return server;
    };
  }
}

