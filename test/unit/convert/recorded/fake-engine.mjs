// Minimal fake Docker Engine on a unix socket: records request bodies of a `docker stack deploy`.
import http from 'node:http';
import fs from 'node:fs';
const sock = process.argv[2];
const log = process.argv[3];
try { fs.unlinkSync(sock); } catch {}
const secrets = new Map(), configs = new Map();
const missing = new Set((process.env.FAKE_MISSING ?? '').split(',').filter(Boolean));
const out = [];
function send(res, code, body, headers = {}) {
  res.writeHead(code, { 'Content-Type': 'application/json', 'Api-Version': '1.41', 'Ostype': 'linux', 'Swarm': 'active/manager', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}
const server = http.createServer((req, res) => {
  let data = '';
  req.on('data', (c) => (data += c));
  req.on('end', () => {
    const url = new URL(req.url, 'http://x');
    const path = url.pathname.replace(/^\/v1\.\d+/, '');
    out.push({ method: req.method, path, query: Object.fromEntries(url.searchParams), body: data });
    fs.writeFileSync(log, JSON.stringify(out, null, 1));
    if (path === '/_ping') return send(res, 200, undefined, { 'Content-Type': 'text/plain' }), undefined;
    if (path === '/info') return send(res, 200, { ID: 'x', Swarm: { NodeID: 'n1', LocalNodeState: 'active', ControlAvailable: true } });
    if (path === '/version') return send(res, 200, { ApiVersion: '1.41', Version: '20.10.24', Os: 'linux' });
    if (path === '/networks' && req.method === 'GET') return send(res, 200, []);
    if (path.startsWith('/networks/') && req.method === 'GET') return send(res, 200, { Name: path.slice(10), Id: 'n', Scope: 'swarm' });
    if (path === '/networks/create') return send(res, 201, { Id: 'netid' });
    for (const [kind, store] of [['secrets', secrets], ['configs', configs]]) {
      if (path === `/${kind}/create`) { const b = JSON.parse(data); store.set(b.Name, b); return send(res, 201, { ID: `${kind}-id-${b.Name}` }); }
      if (path === `/${kind}` && req.method === 'GET') {
        const f = JSON.parse(url.searchParams.get('filters') ?? '{}');
        const names = Object.keys(f.name ?? {});
        return send(res, 200, names.filter((n) => !missing.has(n)).map((n) => ({ ID: `${kind}-id-${n}`, Version: { Index: 1 }, Spec: { Name: n } })));
      }
      if (path.startsWith(`/${kind}/`) && req.method === 'GET') return send(res, 404, { message: 'not found' });
    }
    if (path === '/services' && req.method === 'GET') return send(res, 200, []);
    if (path === '/services/create') return send(res, 201, { ID: 'svcid' });
    send(res, 404, { message: `fake: no route ${req.method} ${path}` });
  });
});
server.listen(sock, () => console.log('listening'));
