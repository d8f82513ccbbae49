// Chatbot apps: the app token (client_credentials, imchat:bot), Zoom's
// "Send Chatbot message" (POST /v2/im/chat/messages), a user writing to the
// bot (control API and `plaza chat send`) which reaches the app as a signed
// bot_notification, and the stored conversation (GET /_plaza/chat/messages,
// `plaza chat list`). Rivet's own ChatbotClient answers a slash command end
// to end: its receiver verifies the event, its say() sends the reply.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import axios from 'axios';
import { ChatbotClient, HttpReceiver } from '@zoom/rivet/chatbot';
import { startPlaza, createAccount, createUser, createApp, control, token, v2, userToken,
         assertZoomError, assertProblem } from './lib/plaza.mjs';
import { subscribeActive, waitFor, waitDeliveries } from './lib/receiver.mjs';

const run = promisify(execFile);
const SECRET = 'chatbot-secret-token-0123';
let plaza, acc, member, bot, botToken, interceptor;

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
  interceptor = axios.interceptors.request.use((config) => {
    if (typeof config.url === 'string' && config.url.startsWith('https://zoom.us/'))
      config.url = plaza.url + config.url.slice('https://zoom.us'.length);
    return config;
  });
});
after(async () => {
  axios.interceptors.request.eject(interceptor);
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

