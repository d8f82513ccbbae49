// A revocation reaching every node (bench/cluster.sh): mints an S2S token on
// the first node, uses it on the others (so they hold it as valid), revokes it
// on the first node and measures how long the revoke takes to answer (it
// answers once every node applied it), then asks the other nodes at once: a
// node that still accepts the token is a stale read. The same revoke on a
// single node gives the baseline.
//   node revoke.mjs TMPDIR COUNT PORTS-OF-THREE-NODES PORT-OF-ONE
import { readFileSync } from 'node:fs';

const [dir, count, three, one] = process.argv.slice(2);

function demoApp(name) {
  const out = readFileSync(`${dir}/${name}.out`, 'utf8');
  const account = out.match(/account_id=(\S+)/)[1];
  const line = out.split('\n').find((l) => l.includes('Acme Server'));
  const id = line.match(/client_id (\S+)/)[1];
  const secret = line.match(/client_secret (\S+)/)[1];
  return { account, basic: 'Basic ' + Buffer.from(`${id}:${secret}`).toString('base64') };
}

async function run(label, ports, app) {
  const url = (p) => `http://127.0.0.1:${p}`;
  const times = [];
  let stale = 0;
  for (let i = 0; i < Number(count); i++) {
    const t = await fetch(`${url(ports[0])}/oauth/token?grant_type=account_credentials&account_id=${app.account}`,
      { method: 'POST', headers: { authorization: app.basic } }).then((r) => r.json());
    for (const p of ports.slice(1)) {
      const r = await fetch(`${url(p)}/v2/users/me`, { headers: { authorization: `Bearer ${t.access_token}` } });
      if (r.status !== 200) throw new Error(`node ${p} refused a fresh token: ${r.status}`);
    }
    const began = performance.now();
    const r = await fetch(`${url(ports[0])}/oauth/revoke`, {
      method: 'POST', headers: { authorization: app.basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: t.access_token }),
    });
    await r.text();
    times.push(performance.now() - began);
    if (r.status !== 200) throw new Error(`revoke answered ${r.status}`);
    const after = await Promise.all(ports.slice(1).map((p) =>
      fetch(`${url(p)}/v2/users/me`, { headers: { authorization: `Bearer ${t.access_token}` } }).then((x) => x.status)));
    stale += after.filter((s) => s !== 401).length;
  }
  times.sort((a, b) => a - b);
  const q = (f) => times[Math.min(times.length - 1, Math.floor(f * times.length))];
  console.log(`revoke ${label} ${q(0.5).toFixed(2)} ${q(0.99).toFixed(2)} ${stale}`);
}

await run('three', three.split(','), demoApp('n1'));
await run('one', [one], demoApp('solo'));
