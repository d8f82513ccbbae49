// The Development and Production tabs, review feedback that reaches the
// developer, and the Marketplace permissions role, through the real binary:
// each tab has its own Embed features and scopes; the checklist judges the
// Production tab; production credentials stay hidden and refused until the
// app is approved (even by someone who knows the client id); rejection
// reasons show in the developer's own answers and CLI output; the history
// names people by e-mail; the test account and the security questions are
// complete; only owners, admins and members granted the role act on apps.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlaza, control, createAccount, createUser, createApp, assertProblem, onlySqlite } from './lib/plaza.mjs';
import { readyApp, consentWith, upload, pdf } from './lib/market.mjs';

let sqlite = true;
try { execFileSync('sqlite3', ['-version'], { stdio: 'ignore' }); } catch { sqlite = false; }

let plaza, c, dev, dir, dbPath;
const servers = [];
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plaza-tabs-'));
  dbPath = join(dir, 'plaza.db');
  plaza = await startPlaza({ args: ['--db', dbPath] });
  c = control(plaza);
  dev = await createAccount(plaza);
});
after(async () => {
  for (const s of servers) await s.close();
  await plaza.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function ready(opts) {
  const r = await readyApp(plaza, dev.id, opts);
  servers.push(r.server);
  return r;
}

function cli(args) {
  const env = { ...process.env, PLAZA_URL: plaza.url, PLAZA_ADMIN_KEY: plaza.adminKey };
  return new Promise((resolve) => {
    execFile(process.env.PLAZA_BIN, args, { env, timeout: 20000 }, (err, stdout, stderr) => {
      assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error:/);
      resolve({ code: err ? err.code : 0, stdout, stderr });
    });
  });
}

const missing = (cl, section) => cl.sections.find((s) => s.section === section).missing.map((m) => m.field);

test('each_tab_has_its_own_embed_features_and_scopes_and_the_checklist_judges_production', async () => {
  const app = await createApp(plaza, dev.id, { scopes: [{ scope: 'user:read', description: 'Shows your own name.' }] });
  const devTab = await c.ok('PATCH', `/apps/${app.id}/environments/development`, { features: { meeting_sdk: true } });
  assert.equal(devTab.features.meeting_sdk, true);
  assert.equal(devTab.reviewed, false);
  assert.equal(devTab.credentials.status, 'active');
  let prod = await c.ok('GET', `/apps/${app.id}/environments/production`);
  assert.deepEqual(prod.scopes, []);
  assert.equal(prod.features.meeting_sdk, false, 'the Production tab is its own');
  assert.equal(prod.credentials.status, 'not_created');
  assert.deepEqual(missing(await c.ok('GET', `/apps/${app.id}/checklist`), 'scopes'), ['production.scopes']);

  prod = await c.ok('PATCH', `/apps/${app.id}/environments/production`, { from_development: true });
  assert.deepEqual(prod.scopes, [{ scope: 'user:read', description: 'Shows your own name.' }]);
  assert.equal(prod.features.meeting_sdk, true);
  assert.deepEqual(missing(await c.ok('GET', `/apps/${app.id}/checklist`), 'scopes'), []);

  // a Production scope without its description holds the checklist back; the Development tab does not count
  prod = await c.ok('PATCH', `/apps/${app.id}/environments/production`, { scopes: ['user:read', 'meeting:read'] });
  assert.equal(prod.scopes.find((s) => s.scope === 'user:read').description, 'Shows your own name.', 'kept');
  assert.deepEqual(missing(await c.ok('GET', `/apps/${app.id}/checklist`), 'scopes'), ['production.scopes.meeting:read']);
  const described = await cli(['app', 'configure-environment', app.id, 'production',
                               '--scope-description', 'meeting:read=Lists the meetings it schedules.']);
  assert.equal(described.code, 0, described.stderr);
  assert.match(described.stdout, /meeting:read\s+Lists the meetings it schedules\./);
  assert.deepEqual(missing(await c.ok('GET', `/apps/${app.id}/checklist`), 'scopes'), []);
  assert.deepEqual((await c.ok('GET', `/apps/${app.id}`)).scopes.map((s) => s.scope), ['user:read'],
                   'the Development tab keeps its own scopes');
  const shown = await cli(['app', 'environment', app.id, 'production']);
  assert.match(shown.stdout, /production tab \(judged by the checklist and the review\)/);
  assert.match(shown.stdout, /features\s+meeting_sdk on, device_oauth off/);
});

test('a_tab_refuses_unknown_and_misplaced_scopes_and_device_oauth_naming_each_field', async () => {
  const app = await createApp(plaza, dev.id, { scopes: ['user:read'] });
  const bad = await c.call('PATCH', `/apps/${app.id}/environments/production`, {
    scopes: ['nope:read', 'user:read:admin', 'imchat:bot', 'user:read', 'user:read'], features: { device_oauth: true } });
  assertProblem(bad, 400, ['scopes[0]', 'scopes[1]', 'scopes[2]', 'scopes[4]', 'features.device_oauth']);
  assert.deepEqual((await c.ok('GET', `/apps/${app.id}/environments/production`)).scopes, [], 'nothing stored');
  // the guides' spellings get the names meant, and every bad value is named, not the first eight
  const many = ['zak', 'meeting:list', ...Array.from({ length: 10 }, (_, i) => `nope${i}:read`)];
  const named = await c.call('PATCH', `/apps/${app.id}/environments/production`, { scopes: many });
  assertProblem(named, 400, many.map((_, i) => `scopes[${i}]`));
  assert.match(named.json.errors.find((x) => x.field === 'scopes[0]').message, /user_zak:read/);
  assert.match(named.json.errors.find((x) => x.field === 'scopes[1]').message, /meeting:read:list_meetings/);
  assertProblem(await c.call('PATCH', `/apps/${app.id}/environments/production`, { features: { sdk: true } }), 400, 'features');
  assertProblem(await c.call('PATCH', `/apps/${app.id}/environments/production`, { scope_descriptions: { 'user:read': 'x' } }),
                400, 'scope_descriptions.user:read');
  assertProblem(await c.call('PATCH', `/apps/${app.id}/environments/development`, { from_development: true }), 400, 'from_development');
  assertProblem(await c.call('PATCH', `/apps/${app.id}/environments/staging`, {}), 404);
  const s2s = await createApp(plaza, dev.id, { type: 's2s', scopes: ['user:read:admin'], redirect_url: undefined });
  assertProblem(await c.call('PATCH', `/apps/${s2s.id}/environments/production`, { scopes: [] }), 400, 'environment');
  const usage = await cli(['app', 'configure-environment', app.id, 'production']);
  assert.equal(usage.code, 2);
});

test('production_credentials_are_refused_before_approval_even_with_the_client_id', { skip: onlySqlite || (!sqlite && 'no sqlite3 shell') }, async () => {
  const { app, origin } = await ready({ verify: 'manual' });
  const clientId = execFileSync('sqlite3', [dbPath,
    `SELECT client_id FROM credentials WHERE app_id = '${app.id}' AND env = 'production'`], { encoding: 'utf8' }).trim();
  assert.ok(clientId);
  const own = await consentWith(plaza, dev.owner.id, clientId, `${origin}/prod/callback`);
  assertProblem(own, 403);
  assert.match(own.json.detail, /once the app is approved/);
  await c.ok('POST', `/apps/${app.id}/submit`, {});
  await c.ok('POST', `/apps/${app.id}/review`, { decision: 'approve' });
  assert.equal((await c.ok('GET', `/apps/${app.id}`)).credentials.production.client_id, clientId);
  const issued = await cli(['app', 'production-secret', app.id]);
  assert.equal(issued.code, 0, issued.stderr);
  assert.match(issued.stdout, /client_secret: \S+/);
  assert.equal((await consentWith(plaza, dev.owner.id, clientId, `${origin}/prod/callback`)).status, 200);
});

test('a_rejection_reaches_the_developer_with_reasons_and_reviewer_emails', async () => {
  const { app } = await ready({ verify: 'manual' });
  const outside = await createAccount(plaza);
  const reviewer = await createUser(plaza, outside.id);
  await c.ok('PUT', `/reviewers/${reviewer.id}`);
  await c.ok('POST', `/apps/${app.id}/submit`, { actor: dev.owner.id });
  const rejected = await c.ok('POST', `/apps/${app.id}/review`, { decision: 'reject', reviewer: reviewer.email,
    notes: 'Almost there.', sections: { app_listing: 'Say what data you store.' } });
  assert.equal(rejected.last_review.decision, 'rejected');
  const a = await c.ok('GET', `/apps/${app.id}`);
  assert.equal(a.last_review.decision, 'rejected');
  assert.deepEqual(a.last_review.sections, { app_listing: 'Say what data you store.' });
  assert.equal(a.last_review.by.email, reviewer.email);
  const cl = await c.ok('GET', `/apps/${app.id}/checklist`);
  assert.equal(cl.last_review.notes, 'Almost there.');

  const check = await cli(['app', 'checklist', app.id]);
  assert.match(check.stdout, new RegExp(`REJECTED \\(version 1\\) at .* by reviewer ${reviewer.email}`));
  assert.match(check.stdout, /app_listing: Say what data you store\./);
  const hist = await cli(['app', 'history', app.id]);
  assert.match(hist.stdout, new RegExp(`submitted .* by developer ${dev.owner.email}`));
  assert.match(hist.stdout, new RegExp(`rejected .* by reviewer ${reviewer.email}`));
  const h = (await c.ok('GET', `/apps/${app.id}/history`)).transitions;
  assert.equal(h.at(-1).by.email, reviewer.email);
  const resubmit = await cli(['app', 'submit', app.id]);
  assert.equal(resubmit.code, 0, resubmit.stderr);
  assert.match(resubmit.stdout, /last_review\.sections\.app_listing: Say what data you store\./);
});

test('the_test_account_needs_a_url_and_a_password_and_the_security_questions_their_yes_or_no', async () => {
  const app = await createApp(plaza, dev.id, { scopes: ['user:read'] });
  let cl = await c.ok('GET', `/apps/${app.id}/checklist`);
  for (const f of ['submission.test_account_email', 'submission.test_account_password', 'submission.test_account_url'])
    assert.ok(missing(cl, 'submission').includes(f), f);
  for (const f of ['technical_design.secure_development', 'technical_design.sast_dast'])
    assert.ok(missing(cl, 'technical_design').includes(f), f);
  assertProblem(await c.call('PATCH', `/apps/${app.id}/sections`, {
    submission: { test_account_url: 'ftp://x', test_account_password: 'p'.repeat(129) },
    technical_design: { secure_development: 'yes' } }, ),
  400, ['submission.test_account_url', 'submission.test_account_password', 'technical_design.secure_development']);
  // yes asks for the document, no for an answer saying what is done instead
  await c.ok('PATCH', `/apps/${app.id}/sections`, { technical_design: { secure_development: true, sast_dast: false },
    submission: { test_account_url: 'https://app.example.test/login', test_account_password: 'secret-1' } });
  cl = await c.ok('GET', `/apps/${app.id}/checklist`);
  assert.ok(missing(cl, 'technical_design').includes('technical_design.secure_development_document'));
  assert.ok(missing(cl, 'technical_design').includes('technical_design.sast_dast_answer'));
  assert.ok(!missing(cl, 'technical_design').includes('technical_design.sast_dast_evidence'));
  assert.ok(!missing(cl, 'submission').includes('submission.test_account_password'));
  assert.equal((await upload(plaza, app.id, 'secure_development_document', 'sdl.pdf', pdf())).status, 201);
  await c.ok('PATCH', `/apps/${app.id}/sections`, { technical_design: { sast_dast_answer: 'Manual review each release.' } });
  cl = await c.ok('GET', `/apps/${app.id}/checklist`);
  assert.ok(!missing(cl, 'technical_design').some((f) => /secure_development|sast_dast/.test(f)), JSON.stringify(cl));
  const s = await c.ok('GET', `/apps/${app.id}/sections`);
  assert.equal(s.submission.test_account_password, 'secret-1', 'reviewers read it back');
});

test('the_marketplace_permissions_role_is_granted_by_admins_and_lets_members_act_on_apps', async () => {
  const { app } = await ready({ verify: 'manual' });
  const member = await createUser(plaza, dev.id, { role: 'member' });
  const admin = await createUser(plaza, dev.id, { role: 'admin' });
  const stranger = await createUser(plaza, (await createAccount(plaza)).id, { role: 'admin' });
  const refused = await c.call('POST', `/apps/${app.id}/submit`, { actor: member.id });
  assertProblem(refused, 403, 'actor');
  assert.equal((await c.ok('GET', `/apps/${app.id}`)).status, 'draft');
  assertProblem(await c.call('POST', `/apps/${app.id}/share-requests`, { will_publish: true, customers: 2,
    customer_type: 'partners', duration_days: 10, reason: 'Two partners try it.', actor: member.id }), 403, 'actor');

  // only the account's owners and admins grant it, only to its members
  assertProblem(await c.call('PUT', `/accounts/${dev.id}/marketplace-permissions/${member.id}`, { actor: member.id }), 403, 'actor');
  assertProblem(await c.call('PUT', `/accounts/${dev.id}/marketplace-permissions/${member.id}`, { actor: stranger.id }), 403, 'actor');
  assertProblem(await c.call('PUT', `/accounts/${dev.id}/marketplace-permissions/${stranger.id}`, { actor: admin.id }), 400, 'user');
  assertProblem(await c.call('PUT', `/accounts/${dev.id}/marketplace-permissions/${admin.id}`, {}), 400, 'user');
  assertProblem(await c.call('PUT', `/accounts/${dev.id}/marketplace-permissions/nobody@example.test`, {}), 404);
  const granted = await cli(['account', 'grant-permissions', dev.id, member.email, '--actor', admin.email]);
  assert.equal(granted.code, 0, granted.stderr);
  const list = await c.ok('GET', `/accounts/${dev.id}/marketplace-permissions`);
  assert.deepEqual(list.users.map((u) => u.id), [member.id]);
  assert.match(list.allows, /creating and managing/);
  assert.match((await cli(['account', 'permissions', dev.id])).stdout, new RegExp(member.email));

  assert.equal((await c.ok('POST', `/apps/${app.id}/submit`, { actor: member.id })).status, 'submitted');
  assert.equal((await c.ok('POST', `/apps/${app.id}/withdraw`, { actor: member.email })).status, 'withdrawn');
  // and pre-approves apps for the account, as the guides say
  const other = await createApp(plaza, (await createAccount(plaza)).id, { scopes: ['user:read'] });
  await c.ok('PUT', `/accounts/${dev.id}/preapproved-apps/${other.id}`, { actor: member.id });
  // but the account's pre-approval policy stays with owners and admins
  assertProblem(await c.call('PATCH', `/accounts/${dev.id}/app-policy`, { require_preapproval: true, actor: member.id }), 403, 'actor');

  const revoked = await cli(['account', 'revoke-permissions', dev.id, member.id, '--actor', dev.owner.id]);
  assert.equal(revoked.code, 0, revoked.stderr);
  assertProblem(await c.call('POST', `/apps/${app.id}/submit`, { actor: member.id }), 403, 'actor');
  assert.equal((await cli(['account', 'revoke-permissions', dev.id, member.id])).code, 1, 'revoking twice is refused');
});
