// Helpers for the Marketplace-lifecycle suites (market_*.test.mjs): media
// made in memory (PNG, GIF, MP4, PDF) or read from fixtures/, uploads, a
// local server answering /verifyzoom.html, and an app filled until its
// checklist is ready.
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { deflateSync, crc32 } from 'node:zlib';
import { control, request, createApp } from './plaza.mjs';

const here = new URL('..', import.meta.url);
export const fixture = (name) => readFileSync(new URL(`fixtures/${name}`, here));

function pngChunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td) >>> 0);
  return Buffer.concat([len, td, crc]);
}

// A real, decodable RGB PNG of w×h pixels.
export function png(w = 1200, h = 780) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; ihdr[9] = 2; // 8-bit RGB
  const raw = Buffer.alloc((w * 3 + 1) * h, 0x80);
  for (let y = 0; y < h; y++) raw[y * (w * 3 + 1)] = 0; // filter: none
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr),
                        pngChunk('IDAT', deflateSync(raw)), pngChunk('IEND', Buffer.alloc(0))]);
}

// A GIF whose canvas is w×h, with one 1×1 frame (decoders give the canvas).
export function gif(w = 1200, h = 780) {
  const head = Buffer.alloc(13);
  head.write('GIF89a', 0, 'latin1');
  head.writeUInt16LE(w, 6); head.writeUInt16LE(h, 8);
  head[10] = 0x80; // a global colour table of 2 entries
  const palette = Buffer.from([0, 0, 0, 255, 255, 255]);
  const desc = Buffer.from([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0]);
  const data = Buffer.from([0x02, 0x02, 0x44, 0x01, 0x00]); // LZW: one pixel of colour 0
  return Buffer.concat([head, palette, desc, data, Buffer.from([0x3b])]);
}

function box(type, payload) {
  const size = Buffer.alloc(4); size.writeUInt32BE(8 + payload.length);
  return Buffer.concat([size, Buffer.from(type, 'latin1'), payload]);
}

// An MP4 container (ftyp, moov with an mvhd, mdat of `mdatBytes`).
export function mp4(mdatBytes = 1024) {
  const ftyp = box('ftyp', Buffer.concat([Buffer.from('isom', 'latin1'), Buffer.from([0, 0, 2, 0]),
                                          Buffer.from('isomiso2avc1mp41', 'latin1')]));
  const mvhd = Buffer.alloc(100); mvhd.writeUInt32BE(1000, 12); mvhd.writeUInt32BE(0x00010000, 20);
  return Buffer.concat([ftyp, box('moov', box('mvhd', mvhd)), box('mdat', Buffer.alloc(mdatBytes, 7))]);
}

export function pdf(text = 'plaza test document') {
  return Buffer.from(`%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n% ${text}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`, 'latin1');
}

// Uploads bytes as the body of POST /_plaza/apps/{id}/media/{kind}?filename=...
export async function upload(plaza, appId, kind, filename, bytes) {
  return request(plaza, 'POST', `/_plaza/apps/${appId}/media/${kind}?filename=${encodeURIComponent(filename)}`, {
    raw: bytes, headers: { authorization: `Bearer ${plaza.adminKey}`, 'content-type': 'application/octet-stream' },
  });
}

// A server on 127.0.0.1 answering /verifyzoom.html with what `content()` returns.
export async function verificationServer(content) {
  const srv = http.createServer((req, res) => {
    if (req.url === '/verifyzoom.html') { res.writeHead(200, { 'content-type': 'text/html' }); res.end(content()); }
    else { res.writeHead(404); res.end(); }
  });
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${srv.address().port}`, close: () => new Promise((r) => srv.close(r)) };
}

// An OAuth app whose URLs live on its own local server, with every section
// filled, media uploaded and domains verified (plaza fetches the server's
// verifyzoom.html; by hand when `verify` is 'manual'). Returns the app, the
// origin and the server (close it at the end).
export async function readyApp(plaza, accountId, { scopes, fields = {}, verify = 'fetch' } = {}) {
  const c = control(plaza);
  let code = '';
  const server = await verificationServer(() => code);
  const origin = server.origin;
  const app = await createApp(plaza, accountId, {
    redirect_url: `${origin}/callback`,
    scopes: scopes ?? [{ scope: 'user:read', description: 'Shows the signed-in user their own name.' }],
    ...fields,
  });
  await c.ok('PUT', `/apps/${app.id}/production`, { redirect_url: `${origin}/prod/callback` }, 201);
  // the Production tab is what is reviewed: the same scopes and Embed features as Development
  await c.ok('PATCH', `/apps/${app.id}/environments/production`, { from_development: true });
  await c.ok('PATCH', `/apps/${app.id}/sections`, {
    app_listing: {
      company_name: 'Example Co', short_description: 'Schedules things.', long_description: 'Schedules many things.',
      developer_contact_name: 'Dee Veloper', developer_contact_email: 'dev@example.test',
      privacy_policy_url: `${origin}/privacy`, terms_of_use_url: `${origin}/terms`, support_url: `${origin}/support`,
      documentation_url: `${origin}/docs`,
    },
    features: { deauthorization_url: `${origin}/deauth` },
    technical_design: { technology_stack: 'C and SQLite', secure_development: true,
                        secure_development_answer: 'Reviews and fuzzing.', sast_dast: true, sast_dast_answer: 'Weekly scans.' },
    submission: { test_account_email: 'tester@example.test', test_account_password: 'reviewer-pass-1',
                  test_account_url: `${origin}/login`, test_account_instructions: 'Sign in.', terms_accepted: true },
  });
  for (const [kind, name, bytes] of [['preview', 'shot.png', png()], ['architecture_diagram', 'arch.png', png(64, 64)],
                                     ['secure_development_document', 'sdl.pdf', pdf()],
                                     ['sast_dast_evidence', 'scan.pdf', pdf('scan')]]) {
    const r = await upload(plaza, app.id, kind, name, bytes);
    assert.equal(r.status, 201, r.text);
  }
  code = (await c.ok('GET', `/apps/${app.id}/domains`)).verification_code;
  if (verify === 'manual') {
    await c.ok('POST', `/apps/${app.id}/domains/verify`, { domain: origin, manual: true });
  } else if (verify === 'fetch') {
    const v = await c.ok('POST', `/apps/${app.id}/domains/verify`, {});
    assert.ok(v.domains.every((d) => d.verified), JSON.stringify(v));
  }
  return { app: { ...(await c.ok('GET', `/apps/${app.id}`)), credentials: { ...app.credentials,
    production: (await c.ok('GET', `/apps/${app.id}`)).credentials.production } }, origin, server };
}

// The production client secret, issued once the app is approved (plaza keeps
// only its hash: each call issues a new one).
export async function productionSecret(plaza, appId) {
  return (await control(plaza).ok('POST', `/apps/${appId}/credentials/production/secret`)).client_secret;
}

// Consent through the control API on `clientId` for `user`: the redirect's code (or the refusal).
export async function consentWith(plaza, user, clientId, redirectUri, extra = {}) {
  const q = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: redirectUri, ...extra });
  return control(plaza).call('POST', '/oauth/consent', { user, authorize_url: `${plaza.url}/oauth/authorize?${q}`, decision: 'approve' });
}
