// A zero-latency Mastodon-like endpoint for the benchmark, on a raw TCP socket: it parses
// just enough HTTP/1.1 (request line, Content-Length, Authorization, Idempotency-Key) to
// answer what the real Mastodon adapter sends, with canned JSON, keep-alive and pipelining.
// node:http costs several times more per request and would itself become the bottleneck.
//
//   GET  /api/v1/accounts/verify_credentials  → the account whose id is the bearer token
//   POST /api/v1/statuses                      → a new status (canned body, fresh id)
//   GET  /api/v1/statuses/:id, /api/v1/accounts/:id/statuses → what reconciliation looks up
//   GET  /__bench/stats                        → requests served, CPU used by this process
//   GET  /__bench/log                          → [idempotency-key, arrival ms] since the last call
//
// Prints `listening <port>` on stdout once ready.
import net from 'node:net';

const CRLF2 = Buffer.from('\r\n\r\n');
const createdAt = new Date().toISOString();
let port = 0;
let next = 1;
let statuses = 0;
let requests = 0;
let log = [];

const respond = (status, body) => {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return `HTTP/1.1 ${status} ${status === 200 ? 'OK' : 'Not Found'}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: keep-alive\r\n\r\n${text}`;
};

const header = (lowerHead, name) => {
  const at = lowerHead.indexOf(`\r\n${name}:`);
  if (at < 0) return undefined;
  const start = at + name.length + 3;
  const end = lowerHead.indexOf('\r\n', start);
  return lowerHead.slice(start, end < 0 ? undefined : end).trim();
};

function handle(head) {
  requests++;
  const lineEnd = head.indexOf('\r\n');
  const [method, path] = head.slice(0, lineEnd < 0 ? undefined : lineEnd).split(' ');
  if (method === 'POST' && path === '/api/v1/statuses') {
    statuses++;
    const id = String(next++);
    const key = header(head.toLowerCase(), 'idempotency-key');
    if (key) log.push([key, Date.now()]);
    const url = `http://127.0.0.1:${port}/@bench/${id}`;
    return respond(
      200,
      `{"id":"${id}","url":"${url}","uri":"${url}","content":"<p>bench</p>","created_at":"${createdAt}","replies_count":0,"reblogs_count":0,"favourites_count":0,"account":{"id":"1","acct":"bench","display_name":"bench"},"in_reply_to_id":null}`,
    );
  }
  // Reconciliation after a lost outcome: the status by id, or the account's recent posts.
  if (method === 'GET' && path.startsWith('/api/v1/statuses/')) {
    const id = Number(path.slice('/api/v1/statuses/'.length));
    if (!(id >= 1 && id < next)) return respond(404, { error: 'Record not found' });
    const url = `http://127.0.0.1:${port}/@bench/${id}`;
    return respond(
      200,
      `{"id":"${id}","url":"${url}","uri":"${url}","content":"<p>bench</p>","created_at":"${createdAt}","replies_count":0,"reblogs_count":0,"favourites_count":0,"account":{"id":"1","acct":"bench","display_name":"bench"},"in_reply_to_id":null}`,
    );
  }
  if (method === 'GET' && /^\/api\/v1\/accounts\/[^/]+\/statuses/.test(path)) return respond(200, '[]');
  if (method === 'GET' && path === '/api/v1/accounts/verify_credentials') {
    const auth = header(head.toLowerCase(), 'authorization') ?? '';
    const token = auth.replace(/^bearer\s+/, '');
    return respond(200, {
      id: token,
      acct: `u${token}`,
      username: `u${token}`,
      display_name: `Bench ${token}`,
    });
  }
  if (method === 'GET' && path === '/__bench/stats') {
    const cpu = process.cpuUsage();
    return respond(200, { requests, statuses, cpuMs: (cpu.user + cpu.system) / 1000, at: Date.now() });
  }
  if (method === 'GET' && path === '/__bench/log') {
    const out = log;
    log = [];
    return respond(200, out);
  }
  return respond(404, { error: 'Record not found' });
}

const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let out = '';
    for (;;) {
      const end = pending.indexOf(CRLF2);
      if (end < 0) break;
      const head = pending.toString('latin1', 0, end);
      const length = Number(header(head.toLowerCase(), 'content-length') ?? 0);
      const total = end + 4 + length;
      if (pending.length < total) break;
      out += handle(head);
      pending = pending.subarray(total);
    }
    if (out) socket.write(out);
  });
  socket.on('error', () => undefined);
});
server.listen(Number(process.env.FAKE_PORT ?? 0), '127.0.0.1', () => {
  port = server.address().port;
  process.stdout.write(`listening ${port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
