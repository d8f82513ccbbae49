// Profile pictures: POST /v2/users/{userId}/picture (multipart/form-data,
// the file in pic_file, Zoom's rules: JPG/JPEG or PNG by content, at most
// 2 MB), through Rivet's own users client and through fetch; the user object
// then carries pic_url, which serves the image without a token; the control
// API's PUT /_plaza/users/{id}/picture sets it from the raw bytes; DELETE
// removes it. Bad uploads are refused in Zoom's shape and change nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import axios from 'axios';
import { UsersS2SAuthClient } from '@zoom/rivet/users';
import { startPlaza, createAccount, createUser, createApp, control, request, s2sToken, userToken, v2,
         assertZoomError, assertProblem } from './lib/plaza.mjs';
import { png, gif, fixture } from './lib/market.mjs';

let plaza, acc, admin, interceptor;

before(async () => {
  plaza = await startPlaza();
  acc = await createAccount(plaza);
  admin = await userToken(plaza, acc.id, acc.owner.id, ['user:read:admin', 'user:write:admin'], { management: 'admin' });
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

// A multipart/form-data body with one file part (or the parts given).
function multipart(parts, boundary = '----plaza-test-boundary-7MA4YWxkTrZu0gW') {
  const chunks = [];
  for (const p of parts) {
    const disp = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disp}\r\n` +
                            `${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`), p.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

async function uploadPicture(tok, userId, parts, { contentType } = {}) {
  const m = multipart(parts);
  return request(plaza, 'POST', `/v2/users/${userId}/picture`,
                 { raw: m.body, headers: { authorization: `Bearer ${tok}`, 'content-type': contentType ?? m.type } });
}

const me = async (tok, id = 'me') => (await v2(plaza, tok, 'GET', `/users/${id}`)).json;

test('uploaded_picture_gives_the_user_a_pic_url_that_serves_the_image_without_a_token', async () => {
  const user = await createUser(plaza, acc.id);
  const before = await me(admin, user.id);
  assert.equal(before.pic_url, undefined, 'no pic_url before a picture is set');
  const image = png(64, 48);
  const r = await uploadPicture(admin, user.id, [{ name: 'pic_file', filename: 'me.png', type: 'image/png', data: image }]);
  assert.equal(r.status, 201, r.text);
  const u = await me(admin, user.id);
  assert.match(u.pic_url, new RegExp(`^${plaza.url}/p/${user.id}/[0-9a-f]{32}\\.png$`));
  const keys = Object.keys(u);
  assert.equal(keys.indexOf('pic_url'), keys.indexOf('last_login_time') + 1, 'pic_url follows last_login_time');
  const got = await fetch(u.pic_url);
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('content-type'), 'image/png');
  assert.deepEqual(Buffer.from(await got.arrayBuffer()), image);

  // a new picture has a new URL; the old one no longer serves
  const jpeg = fixture('preview-1200x780.jpg');
  const again = await uploadPicture(admin, user.id, [{ name: 'pic_file', filename: 'me.JPEG', data: jpeg }]);
  assert.equal(again.status, 201, again.text);
  const u2 = await me(admin, user.id);
  assert.match(u2.pic_url, /\.jpg$/);
  assert.notEqual(u2.pic_url, u.pic_url);
  assert.equal((await fetch(u.pic_url)).status, 404);
  const j = await fetch(u2.pic_url);
  assert.equal(j.headers.get('content-type'), 'image/jpeg');
  assert.equal(Buffer.from(await j.arrayBuffer()).length, jpeg.length);
});

test('rivet_users_client_uploads_a_profile_picture_and_deletes_it', async () => {
  const app = await createApp(plaza, acc.id, { type: 's2s', redirect_url: undefined, scopes: ['user:read:admin', 'user:write:admin'] });
  const dev = app.credentials.development;
  const client = new UsersS2SAuthClient({ clientId: dev.client_id, clientSecret: dev.client_secret, accountId: acc.id,
                                          baseUrl: `${plaza.url}/v2`, disableReceiver: true });
  const user = await createUser(plaza, acc.id);
  // Rivet appends each body member to a FormData; a Buffer part goes as a file part
  const up = await client.endpoints.users.uploadUsersProfilePicture({ path: { userId: user.id }, body: { pic_file: png(32, 32) } });
  assert.equal(up.statusCode, 201);
  const got = await client.endpoints.users.getUser({ path: { userId: user.id } });
  assert.match(got.data.pic_url, /\/p\/.+\.png$/);
  const del = await client.endpoints.users.deleteUsersProfilePicture({ path: { userId: user.id } });
  assert.equal(del.statusCode, 204);
  const after = await client.endpoints.users.getUser({ path: { userId: user.id } });
  assert.equal(after.data.pic_url, undefined);
  assert.equal((await fetch(got.data.pic_url)).status, 404, 'a deleted picture is no longer served');
});

test('bad_pictures_are_refused_with_zoom_code_120_and_change_nothing', async () => {
  const user = await createUser(plaza, acc.id);
  const ok = await uploadPicture(admin, user.id, [{ name: 'pic_file', filename: 'a.png', data: png(16, 16) }]);
  assert.equal(ok.status, 201, ok.text);
  const kept = (await me(admin, user.id)).pic_url;
  const cases = [
    ['oversize', [{ name: 'pic_file', filename: 'big.png', data: Buffer.concat([png(16, 16), Buffer.alloc(2 * 1024 * 1024)]) }],
     'File size cannot exceed 2M.'],
    ['gif', [{ name: 'pic_file', filename: 'a.gif', data: gif(16, 16) }], 'Only jpg/jpeg or png image file can be uploaded.'],
    ['text', [{ name: 'pic_file', filename: 'a.png', data: Buffer.from('not an image at all') }],
     'Only jpg/jpeg or png image file can be uploaded.'],
    ['lying extension', [{ name: 'pic_file', filename: 'a.jpg', data: png(16, 16) }],
     'Only jpg/jpeg or png image file can be uploaded.'],
    ['truncated', [{ name: 'pic_file', filename: 'a.png', data: png(16, 16).subarray(0, 40) }],
     'Only jpg/jpeg or png image file can be uploaded.'],
    ['empty', [{ name: 'pic_file', filename: 'a.png', data: Buffer.alloc(0) }], 'File is empty.'],
  ];
  for (const [what, parts, message] of cases) {
    const r = await uploadPicture(admin, user.id, parts);
    assertZoomError(r, 400, 120, message);
    assert.ok(r.json.errors?.length, `${what}: errors[] says which check failed: ${r.text}`);
  }
  const missing = await uploadPicture(admin, user.id, [{ name: 'picture', filename: 'a.png', data: png(16, 16) }]);
  assertZoomError(missing, 400, 300);
  assert.ok(missing.json.errors.some((e) => e.field === 'pic_file'), missing.text);
  const twice = await uploadPicture(admin, user.id, [{ name: 'pic_file', filename: 'a.png', data: png(16, 16) },
                                                     { name: 'pic_file', filename: 'b.png', data: png(16, 16) }]);
  assertZoomError(twice, 400, 300, /given twice/);
  const json = await uploadPicture(admin, user.id, [{ name: 'pic_file', data: png(16, 16) }], { contentType: 'application/json' });
  assertZoomError(json, 415, 300);
  const noBoundary = await uploadPicture(admin, user.id, [{ name: 'pic_file', data: png(16, 16) }], { contentType: 'multipart/form-data' });
  assertZoomError(noBoundary, 415, 300);
  const cut = multipart([{ name: 'pic_file', filename: 'a.png', data: png(16, 16) }]);
  const unterminated = await request(plaza, 'POST', `/v2/users/${user.id}/picture`, {
    raw: cut.body.subarray(0, cut.body.length - 60), headers: { authorization: `Bearer ${admin}`, 'content-type': cut.type } });
  assertZoomError(unterminated, 400, 300, /closing boundary/);
  assert.equal((await me(admin, user.id)).pic_url, kept, 'the picture before stays');
});

test('picture_of_another_user_needs_an_admin_scope_and_another_account_is_not_found', async () => {
  const member = await createUser(plaza, acc.id);
  const own = await userToken(plaza, acc.id, member.id, ['user:write', 'user:read']);
  const mine = await uploadPicture(own, 'me', [{ name: 'pic_file', filename: 'me.png', data: png(8, 8) }]);
  assert.equal(mine.status, 201, mine.text);
  const other = await uploadPicture(own, acc.owner.id, [{ name: 'pic_file', filename: 'o.png', data: png(8, 8) }]);
  assertZoomError(other, 400, 4711);
  const reader = await userToken(plaza, acc.id, acc.owner.id, ['user:read']);
  const noScope = await uploadPicture(reader, 'me', [{ name: 'pic_file', filename: 'o.png', data: png(8, 8) }]);
  assertZoomError(noScope, 400, 4711);
  const acc2 = await createAccount(plaza);
  const outsider = await uploadPicture(admin, acc2.owner.id, [{ name: 'pic_file', filename: 'o.png', data: png(8, 8) }]);
  assertZoomError(outsider, 404, 1001);
});

test('control_api_sets_and_removes_a_picture_from_the_raw_bytes', async () => {
  const c = control(plaza);
  const user = await createUser(plaza, acc.id);
  const auth = { authorization: `Bearer ${plaza.adminKey}`, 'content-type': 'image/png' };
  const put = await request(plaza, 'PUT', `/_plaza/users/${user.id}/picture`, { raw: png(20, 20), headers: auth });
  assert.equal(put.status, 200, put.text);
  assert.equal(put.json.user_id, user.id);
  assert.equal(put.json.pic_url, (await me(admin, user.id)).pic_url);
  const bad = await request(plaza, 'PUT', `/_plaza/users/${user.id}/picture?filename=x.jpg`, { raw: png(20, 20), headers: auth });
  assertProblem(bad, 400, 'filename');
  const big = await request(plaza, 'PUT', `/_plaza/users/${user.id}/picture`, { raw: Buffer.alloc(3 * 1024 * 1024), headers: auth });
  assert.equal(big.status, 413, big.text);
  assertProblem(await request(plaza, 'PUT', '/_plaza/users/nobody/picture', { raw: png(20, 20), headers: auth }), 404);
  await c.ok('DELETE', `/users/${user.id}/picture`, undefined, 204);
  assert.equal((await me(admin, user.id)).pic_url, undefined);
  assert.equal((await fetch(put.json.pic_url)).status, 404);
  assert.equal((await fetch(`${plaza.url}/p/${user.id}/${'0'.repeat(200)}.png`)).status, 404);
});

test('cli_users_picture_sets_the_picture_from_a_file_and_refuses_a_lying_one', async () => {
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const run = promisify(execFile);
  const dir = mkdtempSync(join(tmpdir(), 'plaza-pic-'));
  try {
    const user = await createUser(plaza, acc.id);
    const env = { ...process.env, PLAZA_URL: plaza.url, PLAZA_ADMIN_KEY: plaza.adminKey };
    writeFileSync(join(dir, 'face.png'), png(24, 24));
    const { stdout } = await run(process.env.PLAZA_BIN, ['user', 'picture', user.id, join(dir, 'face.png')], { env });
    const url = (await me(admin, user.id)).pic_url;
    assert.ok(url && stdout.includes(url), `prints the pic_url: ${stdout}`);
    writeFileSync(join(dir, 'face.jpg'), png(24, 24));
    const err = await run(process.env.PLAZA_BIN, ['user', 'picture', user.id, join(dir, 'face.jpg')], { env })
      .then(() => null, (e) => e);
    assert.ok(err && err.code !== 0, 'a PNG named .jpg is refused');
    assert.match(err.stderr + err.stdout, /filename/);
    assert.equal((await me(admin, user.id)).pic_url, url);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
