// Listing media through the real binary, checked by content: good PNG, JPEG
// and GIF previews of exactly 1200x780, an MP4 video, documents; and the bad
// ones, each refused naming the field: a PNG named .jpg, a 1199x780 image,
// an 11 MB video (over the upload route's bound), a truncated file, an empty body, a second video replacing
// the first, more previews than allowed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPlaza, control, createAccount, createApp, assertProblem, request } from './lib/plaza.mjs';
import { png, gif, mp4, pdf, fixture, upload } from './lib/market.mjs';

let plaza, c, app;

before(async () => {
  plaza = await startPlaza();
  c = control(plaza);
  const acc = await createAccount(plaza);
  app = await createApp(plaza, acc.id, { scopes: ['user:read'] });
});
after(async () => { await plaza.stop(); });

test('previews_of_exactly_1200x780_in_png_jpeg_and_gif_are_stored_with_their_real_type', async () => {
  for (const [name, bytes, type] of [['a.png', png(), 'image/png'], ['b.jpg', fixture('preview-1200x780.jpg'), 'image/jpeg'],
                                     ['c.JPEG', fixture('preview-1200x780.jpg'), 'image/jpeg'], ['d.gif', gif(), 'image/gif']]) {
    const r = await upload(plaza, app.id, 'preview', name, bytes);
    assert.equal(r.status, 201, `${name}: ${r.text}`);
    assert.equal(r.json.content_type, type);
    assert.equal(r.json.width, 1200);
    assert.equal(r.json.height, 780);
    assert.equal(r.json.size, bytes.length);
  }
  const list = await c.ok('GET', `/apps/${app.id}/media`);
  assert.equal(list.media.filter((m) => m.kind === 'preview').length, 4);
  const back = await request(plaza, 'GET', `/_plaza/apps/${app.id}/media/${list.media[0].id}`,
                             { headers: { authorization: `Bearer ${plaza.adminKey}` } });
  assert.equal(back.status, 200);
  assert.equal(back.headers.get('content-type'), 'image/png');
  const cl = await c.ok('GET', `/apps/${app.id}/checklist`);
  assert.ok(!cl.sections.find((s) => s.section === 'app_listing').missing.some((m) => m.field === 'app_listing.preview_images'));
});

test('mislabelled_wrong_size_truncated_and_oversized_uploads_name_the_field', async () => {
  const cases = [
    ['preview', 'shot.jpg', png(), 'filename', /says \.jpg but the content is a PNG image/],
    ['preview', 'shot.png', png(1199, 780), 'file', /1199x780 pixels/],
    ['preview', 'shot.png', png().subarray(0, 2000), 'file', /truncated/],
    ['preview', 'shot.jpg', fixture('preview-1200x780.jpg').subarray(0, 9000), 'file', /truncated/],
    ['preview', 'shot.pdf', pdf(), 'file', /PDF document, not JPG, JPEG, GIF or PNG/],
    ['preview', 'shot.png', Buffer.alloc(0), 'file', /empty/],
    ['video', 'demo.mp4', mp4(4096).subarray(0, 3000), 'file', /truncated/],
    ['video', 'demo.mov', mp4(), 'filename', /extension/],
    ['architecture_diagram', 'arch.gif', gif(64, 64), 'file', /not PNG or JPG/],
    ['architecture_diagram', 'arch.png', Buffer.concat([png(64, 64), Buffer.alloc(5 * 1024 * 1024)]), 'size', /under 5 MB/],
    ['document', 'notes.pdf', pdf().subarray(0, 40), 'file', /truncated/],
    ['preview', '', png(), 'filename', /required/],
  ];
  const before = (await c.ok('GET', `/apps/${app.id}/media`)).media.length;
  for (const [kind, name, bytes, field, msg] of cases) {
    const r = await upload(plaza, app.id, kind, name, bytes);
    assertProblem(r, 400, field);
    assert.match(r.json.errors.find((e) => e.field === field).message, msg, `${kind} ${name}`);
  }
  assert.equal((await c.ok('GET', `/apps/${app.id}/media`)).media.length, before, 'nothing stored');
  assertProblem(await upload(plaza, app.id, 'poster', 'a.png', png()), 404);
  // past the upload route's 10 MiB bound (the largest file, a video or a document), which is also h2o's own,
  // h2o answers 413 on the Content-Length and closes, so a client still sending may see the connection reset;
  // never stored
  for (const [kind, name, bytes] of [['video', 'demo.mp4', mp4(11 * 1024 * 1024)], ['preview', 'a.png', Buffer.alloc(17 * 1024 * 1024)]]) {
    const huge = await upload(plaza, app.id, kind, name, bytes).catch(() => ({ status: 413 }));
    assert.equal(huge.status, 413);
  }
  assert.equal((await c.ok('GET', `/apps/${app.id}/media`)).media.length, before);
});

test('a_video_replaces_the_one_before_and_previews_are_bounded', async () => {
  const a = await createApp(plaza, app.account_id, { scopes: ['user:read'] });
  const first = await upload(plaza, a.id, 'video', 'one.mp4', mp4(2048));
  assert.equal(first.status, 201, first.text);
  assert.equal(first.json.content_type, 'video/mp4');
  const second = await upload(plaza, a.id, 'video', 'two.mp4', mp4(4096));
  assert.equal(second.status, 201);
  const videos = (await c.ok('GET', `/apps/${a.id}/media`)).media.filter((m) => m.kind === 'video');
  assert.deepEqual(videos.map((v) => v.filename), ['two.mp4']);
  for (let i = 0; i < 6; i++) assert.equal((await upload(plaza, a.id, 'preview', `p${i}.gif`, gif())).status, 201);
  assertProblem(await upload(plaza, a.id, 'preview', 'p7.gif', gif()), 409, 'kind');
  const doc = await upload(plaza, a.id, 'document', 'recording.mp4', mp4(1024));
  assert.equal(doc.status, 201);
  await c.ok('DELETE', `/apps/${a.id}/media/${doc.json.id}`, undefined, 204);
  assertProblem(await c.call('DELETE', `/apps/${a.id}/media/${doc.json.id}`), 404);
});
