// The Marketplace's notifications through the real binary: each transition
// (submission, approval, rejection with reasons, sharing approved or denied,
// an app removed by someone else) leaves a notice in the mailbox for the
// right person with the right text; with --smtp the notices go to a (fake)
// SMTP server with their headers, a server that refuses the recipient leaves
// the notice failed with its error while plaza keeps serving, and one that
// cannot be reached is tried again on the virtual clock, three times in all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { execFile } from 'node:child_process';
import {
  startPlaza, control, createAccount, createUser, createApp, assertProblem, installUser, advanceClock,
} from './lib/plaza.mjs';
import { readyApp } from './lib/market.mjs';

let plaza, c, dev, developer, reviewerAcct, servers = [];

before(async () => {
  plaza = await startPlaza();
  c = control(plaza);
  dev = await createAccount(plaza);
  developer = await createUser(plaza, dev.id, { role: 'admin' });
  reviewerAcct = await createAccount(plaza);
});
after(async () => { for (const s of servers) await s.close(); await plaza.stop(); });

async function ready(p, accountId) {
  const r = await readyApp(p, accountId);
  servers.push(r.server);
  return r.app;
}

const mailOf = async (p, query) => (await control(p).ok('GET', `/mailbox?${new URLSearchParams(query)}`)).mail;

test('submission_approval_and_rejection_are_told_to_the_developer_who_submitted', async () => {
  const app = await ready(plaza, dev.id);
  await c.ok('POST', `/apps/${app.id}/submit`, { actor: developer.id });
  let mail = await mailOf(plaza, { app: app.id });
  assert.equal(mail.length, 1);
  assert.equal(mail[0].kind, 'submission_received');
  assert.equal(mail[0].to_user_id, developer.id);
  assert.equal(mail[0].to_email, developer.email);
  assert.equal(mail[0].account_id, dev.id);
  assert.equal(mail[0].smtp_status, 'not_sent');
  assert.match(mail[0].subject, new RegExp(`Submission received: ${app.name} \\(version 1\\)`));
  assert.match(mail[0].body, new RegExp(`${plaza.url}/marketplace#/apps/${app.id}`));

  await c.ok('POST', `/apps/${app.id}/review`, {
    decision: 'reject', notes: 'Almost there.',
    sections: { app_listing: 'Say what data you store.', scopes: 'Explain why you need user:read.' },
  });
  mail = await mailOf(plaza, { app: app.id });
  assert.equal(mail.length, 2);
  const rejected = mail[0]; // newest first
  assert.equal(rejected.kind, 'app_rejected');
  assert.equal(rejected.to_user_id, developer.id);
  assert.match(rejected.subject, /^Rejected: .* \(version 1\)$/);
  assert.match(rejected.body, /was rejected/);
  assert.match(rejected.body, /Almost there\./);
  assert.match(rejected.body, /app_listing: Say what data you store\./);
  assert.match(rejected.body, /scopes: Explain why you need user:read\./);

  // the operator resubmits: the account's owner and admins are told
  await c.ok('POST', `/apps/${app.id}/submit`, {});
  mail = await mailOf(plaza, { app: app.id });
  const resubmitted = mail.filter((m) => m.kind === 'submission_received' && m.id > rejected.id);
  assert.deepEqual(resubmitted.map((m) => m.to_user_id).sort(), [dev.owner.id, developer.id].sort());

  await c.ok('POST', `/apps/${app.id}/review`, { decision: 'approve', notes: 'Looks good.' });
  const approved = (await mailOf(plaza, { app: app.id })).filter((m) => m.kind === 'app_approved');
  // the last submission was the operator's: both managers hear of the approval
  assert.equal(approved.length, 2);
  assert.match(approved[0].subject, /^Approved: .* \(version 1\)$/);
  assert.match(approved[0].body, /Looks good\./);
  const one = await c.ok('GET', `/mailbox/${approved[0].id}`);
  assert.deepEqual(one, approved[0]);
});

test('a_user_sees_their_own_mail_by_id_or_email_and_pages_newest_first', async () => {
  const app = await ready(plaza, dev.id);
  await c.ok('POST', `/apps/${app.id}/submit`, { actor: developer.id });
  await c.ok('POST', `/apps/${app.id}/withdraw`, { actor: developer.id });
  await c.ok('POST', `/apps/${app.id}/submit`, { actor: developer.id });
  const all = await mailOf(plaza, { user: developer.email });
  assert.ok(all.length >= 2);
  assert.ok(all.every((m) => m.to_user_id === developer.id));
  for (let i = 1; i < all.length; i++) assert.ok(all[i - 1].id > all[i].id, 'newest first');
  const first = await c.ok('GET', `/mailbox?user=${developer.id}&page_size=1`);
  assert.equal(first.mail.length, 1);
  assert.equal(first.mail[0].id, all[0].id);
  assert.notEqual(first.next_page_token, '');
  const second = await c.ok('GET', `/mailbox?user=${developer.id}&page_size=1&next_page_token=${first.next_page_token}`);
  assert.equal(second.mail[0].id, all[1].id);
});

test('sharing_decisions_are_told_to_who_asked_with_notes_and_the_expiry', async () => {
  const app = await createApp(plaza, dev.id, { scopes: ['user:read'] });
  const body = { will_publish: true, customers: 3, customer_type: 'beta_customers', duration_days: 30,
                 reason: 'Three pilot customers try it first.', actor: developer.id };
  const first = await c.ok('POST', `/apps/${app.id}/share-requests`, body, 201);
  await c.ok('POST', `/share-requests/${first.id}/decision`, { decision: 'deny', notes: 'Tell us who they are.' });
  const second = await c.ok('POST', `/apps/${app.id}/share-requests`, body, 201);
  const approved = await c.ok('POST', `/share-requests/${second.id}/decision`,
                              { decision: 'approve', notes: 'Fine for a month.', days: 20 });
  const mail = await mailOf(plaza, { app: app.id });
  assert.deepEqual(mail.map((m) => m.kind), ['sharing_approved', 'sharing_denied']);
  assert.ok(mail.every((m) => m.to_user_id === developer.id));
  assert.match(mail[1].subject, /^Private sharing denied: /);
  assert.match(mail[1].body, /Tell us who they are\./);
  assert.match(mail[0].subject, /^Private sharing approved: /);
  assert.match(mail[0].body, /Fine for a month\./);
  assert.match(mail[0].body, /for 20 days/);
  assert.ok(mail[0].body.includes(approved.expires_at), `${mail[0].body} names ${approved.expires_at}`);
});

test('an_app_removed_by_an_admin_or_the_operator_is_told_to_its_user_and_not_when_they_removed_it', async () => {
  const managed = await createApp(plaza, dev.id, { management: 'admin', scopes: ['user:read:admin'] });
  await installUser(plaza, managed, dev.owner.id);
  await c.ok('POST', `/apps/${managed.id}/uninstall`, { user: developer.id }); // an admin removes it
  let mail = await mailOf(plaza, { app: managed.id });
  assert.equal(mail.length, 1);
  assert.equal(mail[0].kind, 'app_removed');
  assert.equal(mail[0].to_user_id, dev.owner.id);
  assert.match(mail[0].subject, new RegExp(`App removed: ${managed.name}`));
  assert.match(mail[0].body, new RegExp(`by ${developer.email.replace(/[.+]/g, '\\$&')}`));

  const app = await createApp(plaza, dev.id, { scopes: ['user:read'] });
  const member = await createUser(plaza, dev.id);
  await installUser(plaza, app, member.id);
  await c.ok('POST', `/apps/${app.id}/uninstall`, { user: member.id }); // the user's own doing: no notice
  assert.equal((await mailOf(plaza, { app: app.id })).length, 0);
  await installUser(plaza, app, member.id);
  const inst = (await c.ok('GET', `/installs?app_id=${app.id}`)).installs.find((i) => !i.revoked_at);
  await c.ok('DELETE', `/installs/${inst.id}`, undefined, 204);
  mail = await mailOf(plaza, { app: app.id });
  assert.equal(mail.length, 1);
  assert.equal(mail[0].to_user_id, member.id);
  assert.match(mail[0].body, /by the Marketplace operator/);
});

function cli(args) {
  const env = { ...process.env, PLAZA_URL: plaza.url, PLAZA_ADMIN_KEY: plaza.adminKey };
  return new Promise((resolve) => {
    execFile(process.env.PLAZA_BIN, args, { env, timeout: 20000 }, (err, stdout, stderr) =>
      resolve({ code: err ? err.code : 0, stdout, stderr }));
  });
}

test('plaza_mailbox_prints_a_users_mail_and_one_notice', async () => {
  const mail = await mailOf(plaza, { user: developer.id });
  assert.ok(mail.length > 0);
  const list = await cli(['mailbox', '--user', developer.email]);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /^ID\s+KIND\s+TO\s+SUBJECT\s+SMTP\s+CREATED/);
  assert.ok(list.stdout.includes(mail[0].subject));
  const one = await cli(['mailbox', 'get', String(mail[0].id)]);
  assert.equal(one.code, 0, one.stderr);
  assert.match(one.stdout, new RegExp(`kind: ${mail[0].kind}`));
  const unknown = await cli(['mailbox', '--user', 'nobody@example.test']);
  assert.notEqual(unknown.code, 0);
});

test('bad_mailbox_queries_are_refused', async () => {
  assertProblem(await c.call('GET', '/mailbox?user=nobody@example.test'), 404);
  assertProblem(await c.call('GET', '/mailbox?page_size=0'), 400, 'page_size');
  assertProblem(await c.call('GET', '/mailbox?page_size=abc'), 400, 'page_size');
  assertProblem(await c.call('GET', '/mailbox?next_page_token=xyz'), 400, 'next_page_token');
  assertProblem(await c.call('GET', '/mailbox/999999999'), 404);
  assertProblem(await c.call('GET', '/mailbox/abc'), 404);
});

// ---- SMTP ------------------------------------------------------------------

// A tiny SMTP server on 127.0.0.1: enough of RFC 5321 for libcurl. `refuseRcpt`
// answers RCPT TO with 550. Each message received is pushed to `messages`.
async function fakeSmtp({ refuseRcpt = false } = {}) {
  const messages = [];
  const sockets = new Set();
  const srv = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    let buf = '', data = null, env = { rcpt: [] };
    sock.write('220 fake.smtp.test ESMTP\r\n');
    sock.on('data', (chunk) => {
      buf += chunk.toString('utf8');
      let i;
      while ((i = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (data) {
          if (line === '.') {
            messages.push({ ...env, data: data.join('\r\n') });
            data = null; env = { rcpt: [] };
            sock.write('250 2.0.0 queued\r\n');
          } else data.push(line.startsWith('..') ? line.slice(1) : line);
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') sock.write('250-fake.smtp.test\r\n250 8BITMIME\r\n');
        else if (verb === 'MAIL') { env.from = line; sock.write('250 2.1.0 ok\r\n'); }
        else if (verb === 'RCPT') {
          if (refuseRcpt) sock.write('550 5.1.1 no such mailbox\r\n');
          else { env.rcpt.push(line); sock.write('250 2.1.5 ok\r\n'); }
        } else if (verb === 'DATA') { data = []; sock.write('354 go ahead\r\n'); }
        else if (verb === 'RSET' || verb === 'NOOP') sock.write('250 ok\r\n');
        else if (verb === 'QUIT') { sock.end('221 bye\r\n'); }
        else sock.write('502 unknown\r\n');
      }
    });
    sock.on('error', () => {});
  });
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${srv.address().port}`, messages,
    close: () => new Promise((r) => { for (const s of sockets) s.destroy(); srv.close(r); }),
  };
}

async function until(fn, what, ms = 8000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// A plaza sending to `smtpUrl`, with an account and an app ready to submit.
async function smtpPlaza(smtpUrl) {
  const p = await startPlaza({ args: ['--smtp', smtpUrl, '--smtp-from', 'market@plaza.test'] });
  const acct = await createAccount(p);
  const app = await ready(p, acct.id);
  return { p, acct, app };
}

test('with_smtp_a_notice_arrives_with_its_headers_and_body_and_is_marked_sent', async () => {
  const smtp = await fakeSmtp();
  const { p, acct, app } = await smtpPlaza(smtp.url);
  try {
    await control(p).ok('POST', `/apps/${app.id}/submit`, { actor: acct.owner.id });
    const sent = await until(async () => (await mailOf(p, { app: app.id })).find((m) => m.smtp_status === 'sent'),
                             'the notice to be sent');
    assert.equal(sent.attempts, 1);
    assert.ok(sent.sent_at);
    assert.equal(smtp.messages.length, 1);
    const msg = smtp.messages[0];
    assert.match(msg.from, /<market@plaza\.test>/);
    assert.deepEqual(msg.rcpt.map((r) => r.match(/<(.*)>/)[1]), [acct.owner.email]);
    const [head, ...rest] = msg.data.split('\r\n\r\n');
    const body = rest.join('\r\n\r\n');
    assert.match(head, /^Date: \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/m);
    assert.match(head, /^From: .*<market@plaza\.test>$/m);
    assert.match(head, new RegExp(`^To: <${acct.owner.email.replace(/[.+]/g, '\\$&')}>$`, 'm'));
    assert.match(head, new RegExp(`^Subject: Submission received: ${app.name} \\(version 1\\)$`, 'm'));
    assert.match(head, /^Message-ID: <plaza-mail-\d+-\d+@127\.0\.0\.1>$/m);
    assert.match(head, /^Content-Type: text\/plain; charset=utf-8$/m);
    assert.match(body, /Version 1 of .* was submitted for review/);
    assert.ok(body.includes(`${p.url}/marketplace#/apps/${app.id}`));
    assert.equal(body.replace(/\r\n/g, '\n'), sent.body.replace(/\n$/, ''), 'the body as recorded');
  } finally {
    await p.stop();
    await smtp.close();
  }
});

test('a_server_refusing_the_recipient_leaves_the_notice_failed_with_its_error_and_plaza_serving', async () => {
  const smtp = await fakeSmtp({ refuseRcpt: true });
  const { p, acct, app } = await smtpPlaza(smtp.url);
  try {
    await control(p).ok('POST', `/apps/${app.id}/submit`, { actor: acct.owner.id });
    const failed = await until(async () => (await mailOf(p, { app: app.id })).find((m) => m.smtp_status === 'failed'),
                               'the notice to fail');
    assert.equal(failed.attempts, 1, 'a 5xx refusal is not tried again');
    assert.match(failed.smtp_error, /550|RCPT/);
    assert.equal(smtp.messages.length, 0);
    assert.equal((await control(p).call('GET', '/accounts')).status, 200);
  } finally {
    await p.stop();
    await smtp.close();
  }
});

test('an_unreachable_server_is_tried_again_on_the_virtual_clock_three_times_in_all', async () => {
  const smtp = await fakeSmtp();
  const url = smtp.url;
  await smtp.close(); // nothing listens there any more
  const { p, acct, app } = await smtpPlaza(url);
  try {
    await control(p).ok('POST', `/apps/${app.id}/submit`, { actor: acct.owner.id });
    const first = await until(async () => (await mailOf(p, { app: app.id })).find((m) => m.attempts === 1 && m.smtp_error),
                              'the first attempt');
    assert.equal(first.smtp_status, 'queued');
    assert.notEqual(first.smtp_error, '');
    await advanceClock(p, 61);
    await until(async () => (await mailOf(p, { app: app.id }))[0].attempts === 2, 'the second attempt');
    await advanceClock(p, 301);
    const last = await until(async () => (await mailOf(p, { app: app.id })).find((m) => m.smtp_status === 'failed'),
                             'the third attempt');
    assert.equal(last.attempts, 3);
    await advanceClock(p, 3600);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await mailOf(p, { app: app.id }))[0].attempts, 3, 'no more attempts');
  } finally {
    await p.stop();
  }
});
