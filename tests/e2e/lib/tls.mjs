// Talking to plaza over HTTPS at Zoom's hostnames: curl with --cacert and
// --resolve, Node's https with `ca` and a lookup that answers 127.0.0.1, a
// peer certificate, and a raw TCP exchange for what is not HTTPS.
import { execFile } from 'node:child_process';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { request } from './plaza.mjs';

export const loopback = (host, opts, cb) => {
  if (opts?.all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
  else cb(null, '127.0.0.1', 4);
};

export async function caPem(plaza) {
  const r = await request(plaza, 'GET', '/_plaza/ca.pem', { headers: { authorization: `Bearer ${plaza.adminKey}` } });
  if (r.status !== 200) throw new Error(`GET /_plaza/ca.pem: ${r.status} ${r.text}`);
  return r.text;
}

// curl, resolving Zoom's names to 127.0.0.1 at `port`. Resolves {code, status, body, stderr}.
export function curl(args, { port, ca, proxy, timeout = 20000 } = {}) {
  const full = ['-sS', '-w', '\n%{http_code}'];
  if (ca) full.push('--cacert', ca);
  if (port) for (const h of ['zoom.us', 'api.zoom.us', 'marketplace.zoom.us']) full.push('--resolve', `${h}:${port}:127.0.0.1`);
  if (proxy) full.push('--proxy', proxy);
  full.push(...args);
  return new Promise((resolve) => {
    execFile('curl', full, { timeout }, (err, stdout, stderr) => {
      const cut = stdout.lastIndexOf('\n');
      const status = Number(stdout.slice(cut + 1));
      const body = stdout.slice(0, cut);
      let json;
      try { json = JSON.parse(body); } catch { json = undefined; }
      resolve({ code: err ? err.code ?? 1 : 0, status, body, json, stderr });
    });
  });
}

// One HTTPS request with Node's https module to https://HOST:port/path, HOST resolved to 127.0.0.1.
export function httpsRequest(url, { ca, method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, headers, ca, lookup: loopback, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => {
        let json;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

// The certificate plaza presents for `servername`; rejects when the handshake fails.
export function peerCertificate(port, { servername, ca } = {}) {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port, servername, ca, rejectUnauthorized: Boolean(ca) }, () => {
      const cert = s.getPeerX509Certificate();
      s.end();
      resolve(cert);
    });
    s.on('error', reject);
  });
}

// Writes `data` on a plain TCP connection and resolves with all that comes back before the close.
// With `until`, resolves as soon as what came back matches it (and closes).
export function rawExchange(port, data, { timeout = 15000, until } = {}) {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => s.write(data));
    let got = '';
    s.setEncoding('latin1');
    s.on('data', (d) => {
      got += d;
      if (until && until.test(got)) { s.destroy(); resolve(got); }
    });
    s.on('end', () => resolve(got));
    s.on('close', () => resolve(got));
    s.on('error', (e) => (got ? resolve(got) : reject(e)));
    s.setTimeout(timeout, () => { s.destroy(); reject(new Error(`no close within ${timeout} ms: ${got}`)); });
  });
}
