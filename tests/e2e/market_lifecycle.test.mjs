// The Marketplace lifecycle through the real binary: the checklist's
// "not ready" list, refusal to submit an app that is not ready, one app
// walked through reject -> withdraw -> resubmit -> approve -> publish with its
// history, transitions from the wrong state, reviewers, production
// credentials that install outside the account only once published, and a
// new version whose added scopes ask installs to re-authorize.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startPlaza, control, createAccount, createUser, createApp, assertProblem, token, v2,
} from './lib/plaza.mjs';
import { readyApp, consentWith, productionSecret } from './lib/market.mjs';

let plaza, c, dev, outside, servers = [];

before(async () => {
  plaza = await startPlaza();
  c = control(plaza);
  dev = await createAccount(plaza);
  outside = await createAccount(plaza);
});
after(async () => { for (const s of servers) await s.close(); await plaza.stop(); });

async function ready(opts) {
  const r = await readyApp(plaza, dev.id, opts);
  servers.push(r.server);
  return r;
}

const fieldsOf = (checklist, section) => checklist.sections.find((s) => s.section === section).missing.map((m) => m.field);

test('checklist_of_a_new_app_names_every_missing_field', async () => {
  const app = await createApp(plaza, dev.id, { scopes: ['user:read'] });
  const cl = await c.ok('GET', `/apps/${app.id}/checklist`);
  assert.equal(cl.ready, false);
  assert.deepEqual(cl.sections.map((s) => s.section),
                   ['basic_information', 'app_listing', 'features', 'scopes', 'technical_design', 'submission', 'publishable_url']);
  for (const s of cl.sections) assert.equal(s.status, s.section === 'publishable_url' ? 'ready' : 'not_ready', s.section);
  assert.ok(fieldsOf(cl, 'basic_information').includes('oauth.production.redirect_url'));
  assert.ok(fieldsOf(cl, 'basic_information').includes('credentials.production'));
  for (const f of ['app_listing.company_name', 'app_listing.short_description', 'app_listing.preview_images',
                   'app_listing.privacy_policy_url', 'app_listing.developer_contact_email'])
    assert.ok(fieldsOf(cl, 'app_listing').includes(f), f);
  assert.deepEqual(fieldsOf(cl, 'scopes'), ['production.scopes'], 'the checklist judges the Production tab');
  assert.match(cl.sections.find((s) => s.section === 'scopes').missing[0].message, /from_development/);
  assert.ok(fieldsOf(cl, 'technical_design').includes('technical_design.architecture_diagram'));
  assert.ok(fieldsOf(cl, 'submission').includes('submission.terms_accepted'));
  assert.ok(fieldsOf(cl, 'submission').some((f) => f.startsWith('domains[https://app.example.test')));
});

test('submitting_an_app_that_is_not_ready_is_refused_with_the_list_and_changes_nothing', async () => {
  const app = await createApp(plaza, dev.id, { scopes: ['user:read'] });
  const r = await c.call('POST', `/apps/${app.id}/submit`, {});
  assertProblem(r, 422, ['app_listing.company_name', 'submission.terms_accepted', 'production.scopes']);
  assert.ok(r.json.errors.length > 8, 'every missing field, not the first eight');
  assert.equal(r.json.checklist.ready, false);
  assert.equal((await c.ok('GET', `/apps/${app.id}`)).status, 'draft');
  assert.deepEqual((await c.ok('GET', `/apps/${app.id}/history`)).transitions, []);
});

test('one_app_walks_reject_withdraw_resubmit_approve_publish_with_its_history', async () => {
  const { app, origin } = await ready();
  const cl = await c.ok('GET', `/apps/${app.id}/checklist`);
  assert.equal(cl.ready, true, JSON.stringify(cl));
  const step = (path, body) => c.ok('POST', `/apps/${app.id}/${path}`, body ?? {});

  assert.equal((await step('submit', { notes: 'first try' })).status, 'submitted');
  // the review queue: apps by status
  const queue = await c.ok('GET', `/apps?status=submitted&account_id=${dev.id}`);
  assert.deepEqual(queue.apps.map((a) => a.id), [app.id]);
  assert.equal((await c.ok('GET', `/apps?status=published&account_id=${dev.id}`)).apps.some((a) => a.id === app.id), false);
  assertProblem(await c.call('GET', '/apps?status=pending'), 400, 'status');
  assertProblem(await c.call('GET', '/apps?status=draft&status=submitted'), 400, 'status');
  // edits wait while the app is under review
  const locked = await c.call('PATCH', `/apps/${app.id}/sections`, { app_listing: { company_name: 'Other' } });
  assertProblem(locked, 409, 'status');
  assert.equal((await step('withdraw', { notes: 'forgot something' })).status, 'withdrawn');
  await c.ok('PATCH', `/apps/${app.id}/sections`, { app_listing: { short_description: 'Schedules things, better.' } });
  assert.equal((await step('submit')).status, 'submitted');
  assert.equal((await step('review', { decision: 'start' })).status, 'in_review');
  const rejected = await step('review', {
    decision: 'reject', notes: 'Two things.',
    sections: { app_listing: 'The long description must say what data is stored.', scopes: 'Explain user:read better.' },
  });
  assert.equal(rejected.status, 'rejected');
  await c.ok('PATCH', `/apps/${app.id}/sections`, { app_listing: { long_description: 'Stores nothing but names.' } });
  assert.equal((await step('submit', { notes: 'fixed' })).status, 'submitted');
  assert.equal((await step('review', { decision: 'approve', notes: 'Good.' })).status, 'approved');
  const published = await step('publish');
  assert.equal(published.status, 'published');
  assert.equal(published.published, true);
  assert.equal(published.live_version, 1);

  const h = (await c.ok('GET', `/apps/${app.id}/history`)).transitions;
  assert.deepEqual(h.map((t) => `${t.from}>${t.to}`), [
    'draft>submitted', 'submitted>withdrawn', 'withdrawn>submitted', 'submitted>in_review', 'in_review>rejected',
    'rejected>submitted', 'submitted>in_review', 'in_review>approved', 'approved>published']);
  assert.equal(h[0].notes, 'first try');
  assert.deepEqual(h[4].sections, { app_listing: 'The long description must say what data is stored.',
                                    scopes: 'Explain user:read better.' });
  assert.equal(h[4].by.kind, 'operator');
  assert.ok(h.every((t) => typeof t.at === 'string' && t.version === 1));
  const versions = (await c.ok('GET', `/apps/${app.id}/versions`)).versions;
  assert.equal(versions[0].status, 'published');
  assert.equal(versions[0].live, true);
  assert.ok(origin.startsWith('http://127.0.0.1:'));
});

test('transitions_from_the_wrong_state_are_refused_naming_the_state', async () => {
  const app = await createApp(plaza, dev.id, { scopes: ['user:read'] });
  for (const [path, body] of [['publish', {}], ['withdraw', {}], ['review', { decision: 'approve' }]]) {
    const r = await c.call('POST', `/apps/${app.id}/${path}`, body);
    assertProblem(r, 409, 'status');
    assert.match(r.json.errors[0].message, /is draft/);
  }
  const bad = await c.call('POST', `/apps/${app.id}/review`, { decision: 'maybe' });
  assertProblem(bad, 400, 'decision');
  const s2s = await createApp(plaza, dev.id, { type: 's2s', redirect_url: undefined, scopes: ['user:read:admin'] });
  assertProblem(await c.call('POST', `/apps/${s2s.id}/submit`, {}), 400, 'type');
  assertProblem(await c.call('POST', '/apps/NoSuchApp0000000000000/submit', {}), 404);
});

test('a_rejection_needs_reasons_for_known_sections', async () => {
  const { app } = await ready({ verify: 'manual' });
  await c.ok('POST', `/apps/${app.id}/submit`, {});
  assertProblem(await c.call('POST', `/apps/${app.id}/review`, { decision: 'reject' }), 400, 'sections');
  assertProblem(await c.call('POST', `/apps/${app.id}/review`, { decision: 'reject', sections: { looks: 'bad' } }), 400,
                'sections.looks');
  assert.equal((await c.ok('GET', `/apps/${app.id}`)).status, 'submitted', 'nothing half-applied');
});

test('only_users_with_the_reviewer_role_from_other_accounts_review', async () => {
  const { app } = await ready({ verify: 'manual' });
  await c.ok('POST', `/apps/${app.id}/submit`, { actor: dev.owner.email });
  const stranger = await createUser(plaza, outside.id);
  assertProblem(await c.call('POST', `/apps/${app.id}/review`, { decision: 'approve', reviewer: stranger.id }), 403,
                'reviewer');
  const colleague = await createUser(plaza, dev.id);
  await c.ok('PUT', `/reviewers/${colleague.id}`);
  assertProblem(await c.call('POST', `/apps/${app.id}/review`, { decision: 'approve', reviewer: colleague.id }), 403,
                'reviewer');
  await c.ok('PUT', `/reviewers/${stranger.email}`);
  assert.ok((await c.ok('GET', '/reviewers')).reviewers.some((u) => u.id === stranger.id));
  assert.equal((await c.ok('POST', `/apps/${app.id}/review`, { decision: 'approve', reviewer: stranger.id })).status,
               'approved');
  const h = (await c.ok('GET', `/apps/${app.id}/history`)).transitions;
  assert.deepEqual(h.at(-1).by, { kind: 'reviewer', id: stranger.id, email: stranger.email });
  assert.deepEqual(h[0].by, { kind: 'developer', id: dev.owner.id, email: dev.owner.email });
  // other accounts never act as the developer; a member of the developer's
  // account does once an owner or admin grants the Marketplace permissions role
  assertProblem(await c.call('POST', `/apps/${app.id}/publish`, { actor: stranger.id }), 403, 'actor');
  const refused = await c.call('POST', `/apps/${app.id}/publish`, { actor: colleague.id });
  assertProblem(refused, 403, 'actor');
  assert.match(refused.json.detail, /Marketplace permissions/);
  assert.equal((await c.ok('GET', `/apps/${app.id}`)).status, 'approved', 'nothing happened');
  await c.ok('PUT', `/accounts/${dev.id}/marketplace-permissions/${colleague.id}`, { actor: dev.owner.email });
  assert.equal((await c.ok('POST', `/apps/${app.id}/publish`, { actor: colleague.id })).status, 'published');
  await c.ok('DELETE', `/reviewers/${stranger.id}`, undefined, 204);
});

test('production_credentials_are_shown_and_work_once_approved_and_outside_the_account_once_published', async () => {
  const { app, origin } = await ready({ verify: 'manual' });
  assert.equal(app.credentials.production.status, 'awaiting_approval');
  assert.equal(app.credentials.production.client_id, null, 'not shown before approval');
  assertProblem(await c.call('POST', `/apps/${app.id}/credentials/production/secret`), 409, 'status');
  assertProblem(await c.call('POST', `/apps/${app.id}/publishable-url`, { environment: 'production' }), 400, 'environment');
  const tab = await c.ok('GET', `/apps/${app.id}/environments/production`);
  assert.equal(tab.credentials.status, 'awaiting_approval');
  assert.equal(tab.reviewed, true);
  await c.ok('POST', `/apps/${app.id}/submit`, {});
  await c.ok('POST', `/apps/${app.id}/review`, { decision: 'approve' });

  const shown = (await c.ok('GET', `/apps/${app.id}`)).credentials.production;
  assert.equal(shown.status, 'active');
  assert.equal(typeof shown.client_id, 'string');
  assert.equal(shown.secret_issued, false);
  const secret = await productionSecret(plaza, app.id);
  assert.equal((await c.ok('GET', `/apps/${app.id}`)).credentials.production.secret_issued, true);
  const redirect = `${origin}/prod/callback`;
  // approved: the developer's own account uses them before publication; other accounts wait for it
  assert.equal((await consentWith(plaza, dev.owner.id, shown.client_id, redirect)).status, 200);
  const early = await consentWith(plaza, outside.owner.id, shown.client_id, redirect);
  assertProblem(early, 403);
  assert.match(early.json.detail, /not published/);
  await c.ok('POST', `/apps/${app.id}/publish`, {});
  const ok = await consentWith(plaza, outside.owner.id, shown.client_id, redirect);
  assert.equal(ok.status, 200, ok.text);
  const code = new URL(ok.json.redirect_to).searchParams.get('code');
  const t = await token(plaza, shown.client_id, secret, { grant_type: 'authorization_code', code, redirect_uri: redirect });
  assert.equal(t.status, 200, t.text);
  assert.equal((await v2(plaza, t.json.access_token, 'GET', '/users/me')).status, 200);
  // development credentials still stay in the account
  assertProblem(await consentWith(plaza, outside.owner.id, app.credentials.development.client_id, `${origin}/callback`), 403);
});

test('an_edit_of_a_published_app_is_a_new_version_and_only_added_scopes_ask_to_reauthorize', async () => {
  const { app, origin } = await ready({ verify: 'manual' });
  const redirect = `${origin}/prod/callback`;
  for (const p of ['submit', 'review', 'publish'])
    await c.ok('POST', `/apps/${app.id}/${p}`, p === 'review' ? { decision: 'approve' } : {});
  const prod = { ...(await c.ok('GET', `/apps/${app.id}`)).credentials.production,
                 client_secret: await productionSecret(plaza, app.id) };
  const ok = await consentWith(plaza, outside.owner.id, prod.client_id, redirect);
  const code = new URL(ok.json.redirect_to).searchParams.get('code');
  const t1 = (await token(plaza, prod.client_id, prod.client_secret, { grant_type: 'authorization_code', code, redirect_uri: redirect })).json;

  // version 2 adds a scope to the Production tab: a draft, while version 1 stays live
  await c.ok('PATCH', `/apps/${app.id}/environments/production`, { scopes: [{ scope: 'user:read' },
    { scope: 'meeting:read', description: 'Lists the meetings the app schedules for you.' }] });
  let a = await c.ok('GET', `/apps/${app.id}`);
  assert.equal(a.status, 'draft');
  assert.equal(a.published, true);
  assert.equal(a.version, 2);
  assert.equal(a.live_version, 1);
  assert.equal((await v2(plaza, t1.access_token, 'GET', '/users/me')).status, 200, 'the old version keeps working');
  // outside accounts get only what version 1 was reviewed with
  const other = await createAccount(plaza);
  const early = await consentWith(plaza, other.owner.id, prod.client_id, redirect);
  const c2 = new URL(early.json.redirect_to).searchParams.get('code');
  const t2 = await token(plaza, prod.client_id, prod.client_secret, { grant_type: 'authorization_code', code: c2, redirect_uri: redirect });
  assert.equal(t2.json.scope, 'user:read');

  for (const p of ['submit', 'review', 'publish'])
    await c.ok('POST', `/apps/${app.id}/${p}`, p === 'review' ? { decision: 'approve' } : {});
  a = await c.ok('GET', `/apps/${app.id}`);
  assert.equal(a.live_version, 2);
  let installs = (await c.ok('GET', `/apps/${app.id}/installs`)).installs.filter((i) => i.account_id === outside.id);
  assert.equal(installs.length, 1);
  assert.equal(installs[0].reauthorization_required, true);
  assert.equal(installs[0].version, 1);
  assert.equal((await v2(plaza, t1.access_token, 'GET', '/users/me')).status, 200);
  const again = await consentWith(plaza, outside.owner.id, prod.client_id, redirect);
  assert.equal(again.status, 200);
  installs = (await c.ok('GET', `/apps/${app.id}/installs`)).installs.filter((i) => i.account_id === outside.id);
  assert.equal(installs[0].reauthorization_required, false);
  assert.deepEqual(installs[0].scopes.sort(), ['meeting:read', 'user:read']);

  // version 3 changes words only: nobody has to re-authorize
  await c.ok('PATCH', `/apps/${app.id}/sections`, { app_listing: { short_description: 'Now shorter.' } });
  for (const p of ['submit', 'review', 'publish'])
    await c.ok('POST', `/apps/${app.id}/${p}`, p === 'review' ? { decision: 'approve' } : {});
  installs = (await c.ok('GET', `/apps/${app.id}/installs`)).installs.filter((i) => i.account_id === outside.id);
  assert.equal(installs[0].reauthorization_required, false);
  const versions = (await c.ok('GET', `/apps/${app.id}/versions`)).versions;
  assert.deepEqual(versions.map((v) => `${v.version}:${v.status}`), ['3:published', '2:superseded', '1:superseded']);
});
