// A meeting's join_url opens a page where a guest gives a name (and the
// passcode, when the link does not carry it) and joins the simulated
// meeting, as a person clicking the link would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startPlaza, createAccount, control, userToken, v2, CookieJar, browse, hiddenInput, advanceClock,
} from './lib/plaza.mjs';

let plaza, acc, tok;

before(async () => {
  plaza = await startPlaza();
  acc = await createAccount(plaza);
  tok = await userToken(plaza, acc.id, acc.owner.id, ['meeting:read', 'meeting:write']);
});
after(async () => { await plaza.stop(); });

async function meeting(body = {}) {
  const r = await v2(plaza, tok, 'POST', '/users/me/meetings', { topic: 'Quarterly <review>', password: 'pa55', ...body });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

const pathOf = (url) => { const u = new URL(url); return u.pathname + u.search; };

async function openJoin(m, path = pathOf(m.join_url)) {
  const jar = new CookieJar();
  const page = await browse(plaza, jar, 'GET', path);
  return { jar, page, csrf: hiddenInput(page.text, 'csrf_token') };
}

const join = (m, jar, form) => browse(plaza, jar, 'POST', `/j/${m.id}`, { form });

test('the_join_page_shows_the_meeting_and_a_guest_joins_once_it_started', async () => {
  const m = await meeting();
  const { jar, page, csrf } = await openJoin(m);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /^text\/html/);
  assert.match(page.headers.get('content-security-policy'), /default-src 'none'/);
  assert.match(page.text, /Quarterly &lt;review&gt;/, 'the topic, escaped');
  assert.match(page.text, /waiting for the host/);
  assert.equal(hiddenInput(page.text, 'pwd'), m.encrypted_password);
  assert.doesNotMatch(page.text, /name="passcode"/, 'the link carries the passcode');

  const early = await join(m, jar, { csrf_token: csrf, pwd: m.encrypted_password, name: 'Gus Guest' });
  assert.equal(early.status, 409);
  assert.match(early.text, /not in progress/);

  await control(plaza).ok('POST', `/meetings/${m.id}/start`, undefined, 201);
  const ok = await join(m, jar, { csrf_token: csrf, pwd: m.encrypted_password, name: 'Gus Guest', email: 'gus@example.test' });
  assert.equal(ok.status, 201, ok.text);
  assert.match(ok.text, /You joined Quarterly &lt;review&gt;/);
  const state = await control(plaza).ok('GET', `/meetings/${m.id}`);
  assert.ok(JSON.stringify(state).includes('Gus Guest'), JSON.stringify(state));
});

test('without_the_passcode_in_the_link_the_page_asks_for_it_and_refuses_a_wrong_one', async () => {
  const m = await meeting();
  await control(plaza).ok('POST', `/meetings/${m.id}/start`, undefined, 201);
  const { jar, page, csrf } = await openJoin(m, `/j/${m.id}`);
  assert.match(page.text, /name="passcode"/);
  const wrong = await join(m, jar, { csrf_token: csrf, name: 'Gus', passcode: 'nope' });
  assert.equal(wrong.status, 403);
  assert.match(wrong.text, /passcode is wrong/);
  const forged = await join(m, jar, { csrf_token: csrf, name: 'Gus', pwd: 'forged-encrypted-passcode' });
  assert.equal(forged.status, 403);
  const right = await join(m, jar, { csrf_token: csrf, name: 'Gus', passcode: 'pa55' });
  assert.equal(right.status, 201, right.text);
});

test('bad_forms_are_refused_with_the_reason_and_nobody_joins', async () => {
  const m = await meeting({ password: '' });
  await control(plaza).ok('POST', `/meetings/${m.id}/start`, undefined, 201);
  const { jar, csrf } = await openJoin(m);
  const cases = [
    [{ csrf_token: 'wrong', name: 'Eve' }, 403, /form expired/],
    [{ name: 'Eve' }, 403, /form expired/],
    [{ csrf_token: csrf, name: '' }, 400, /Give your name/],
    [{ csrf_token: csrf, name: 'x'.repeat(65) }, 400, /Give your name/],
    [{ csrf_token: csrf, name: 'Eve', email: 'not-an-address' }, 400, /not valid/],
  ];
  for (const [form, status, why] of cases) {
    const r = await join(m, jar, form);
    assert.equal(r.status, status, `${JSON.stringify(form)}: ${r.text.slice(0, 300)}`);
    assert.match(r.text, why);
  }
  const state = await control(plaza).ok('GET', `/meetings/${m.id}`);
  assert.doesNotMatch(JSON.stringify(state), /Eve/);
  // a form body that is not a form at all
  const junk = await browse(plaza, jar, 'POST', `/j/${m.id}`, { form: '%%%' });
  assert.equal(junk.status, 403);
});

test('an_unknown_or_deleted_meeting_is_an_error_page', async () => {
  for (const path of ['/j/99999999999', '/j/nope', '/w/1']) {
    const r = await browse(plaza, new CookieJar(), 'GET', path);
    assert.equal(r.status, 404, path);
    assert.match(r.text, /not valid/);
  }
  const m = await meeting();
  assert.equal((await v2(plaza, tok, 'DELETE', `/meetings/${m.id}`)).status, 204);
  assert.equal((await browse(plaza, new CookieJar(), 'GET', pathOf(m.join_url))).status, 404);
});

// A meeting's start_url (/s/{id}?zak=) opens a page with the host's button; posting it starts the meeting.
const startForm = async (m) => {
  const jar = new CookieJar();
  const page = await browse(plaza, jar, 'GET', pathOf(m.start_url));
  return { jar, page, csrf: hiddenInput(page.text, 'csrf_token'), zak: hiddenInput(page.text, 'zak') };
};
const start = (m, jar, form) => browse(plaza, jar, 'POST', `/s/${m.id}`, { form });
const status = async (m) => (await v2(plaza, tok, 'GET', `/meetings/${m.id}`)).json.status;

test('the_start_url_opens_the_hosts_page_and_its_button_starts_the_meeting', async () => {
  const m = await meeting();
  const { jar, page, csrf, zak } = await startForm(m);
  assert.equal(page.status, 200, page.text);
  assert.match(page.text, /Quarterly &lt;review&gt;/);
  assert.match(page.text, /Start the meeting/);
  assert.equal(zak, new URL(m.start_url).searchParams.get('zak'));
  assert.equal(await status(m), 'waiting', 'opening the link does not start it');

  const started = await start(m, jar, { csrf_token: csrf, zak });
  assert.equal(started.status, 201, started.text);
  assert.match(started.text, /You started Quarterly &lt;review&gt;/);
  assert.equal(await status(m), 'started');
  const state = await control(plaza).ok('GET', `/meetings/${m.id}`);
  assert.ok(started.text.includes(state.instance.uuid.replace(/\+/g, '+')), 'the page names the instance');

  const again = await start(m, jar, { csrf_token: csrf, zak });
  assert.equal(again.status, 200);
  assert.match(again.text, /Already in progress/);
  assert.equal((await control(plaza).ok('GET', `/meetings/${m.id}`)).instance.uuid, state.instance.uuid);
});

test('a_start_link_with_a_forged_foreign_or_missing_zak_or_a_stale_form_starts_nothing', async () => {
  const m = await meeting();
  const other = await meeting();
  const { jar, csrf, zak } = await startForm(m);
  const foreign = new URL(other.start_url).searchParams.get('zak');
  const cases = [
    [{ csrf_token: 'stale', zak }, 403, /form expired/],
    [{ csrf_token: csrf, zak: `${zak.slice(0, -4)}AAAA` }, 403, /not valid/],
    [{ csrf_token: csrf, zak: foreign }, 403, /another meeting/],
    [{ csrf_token: csrf }, 403, /not valid/],
  ];
  for (const [form, code, why] of cases) {
    const r = await start(m, jar, form);
    assert.equal(r.status, code, `${JSON.stringify(form)}: ${r.text.slice(0, 300)}`);
    assert.match(r.text, why);
  }
  for (const path of [`/s/${m.id}`, `/s/${m.id}?zak=junk`, `/s/${m.id}?zak=${foreign}`]) {
    const r = await browse(plaza, new CookieJar(), 'GET', path);
    assert.equal(r.status, 403, path);
  }
  assert.equal((await browse(plaza, new CookieJar(), 'GET', `/s/99999999999?zak=${zak}`)).status, 404);
  assert.equal(await status(m), 'waiting');
});

test('a_start_link_older_than_its_zak_has_expired', async () => {
  const m = await meeting();
  const { jar, csrf, zak } = await startForm(m);
  await advanceClock(plaza, 2 * 3600 + 60); // a start_url's ZAK lives two hours
  const page = await browse(plaza, new CookieJar(), 'GET', pathOf(m.start_url));
  assert.equal(page.status, 403);
  assert.match(page.text, /expired/);
  assert.equal((await start(m, jar, { csrf_token: csrf, zak })).status, 403);
  tok = await userToken(plaza, acc.id, acc.owner.id, ['meeting:read', 'meeting:write']); // the old one expired too
  assert.equal(await status(m), 'waiting');
  const fresh = (await v2(plaza, tok, 'GET', `/meetings/${m.id}`)).json.start_url;
  assert.equal((await browse(plaza, new CookieJar(), 'GET', pathOf(fresh))).status, 200, 'a new start_url works');
});
