// A small JSON API, the kind of Node service memgate measures from outside:
// GET /items/:id computes a document, POST /orders keeps the last 500 orders
// (a bounded cache, so memory levels off), GET /health answers "ok".
// Listens on 127.0.0.1:$PORT (0 = any free port) and prints the address.
import { createServer } from 'node:http';

const MAX_ORDERS = 500;
const orders = new Map();
let nextOrder = 1;

function item(id) {
  const tags = Array.from({ length: 8 }, (_, i) => `tag-${(id * 7 + i) % 50}`);
  return { id, name: `item ${id}`, price: Math.round(((id * 7919) % 10_000) / 7) / 100, tags, stock: (id * 31) % 97 };
}

function readBody(request) {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

function send(response, status, value) {
  const text = JSON.stringify(value);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

const server = createServer(async (request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (request.method === 'GET' && url.pathname === '/health') return send(response, 200, { ok: true });
  const itemMatch = /^\/items\/(\d+)$/.exec(url.pathname);
  if (request.method === 'GET' && itemMatch) return send(response, 200, item(Number(itemMatch[1])));
  if (request.method === 'POST' && url.pathname === '/orders') {
    const order = { id: nextOrder++, ...JSON.parse((await readBody(request)) || '{}') };
    orders.set(order.id, order);
    if (orders.size > MAX_ORDERS) orders.delete(orders.keys().next().value);
    return send(response, 201, { id: order.id, open: orders.size });
  }
  send(response, 404, { error: 'not found' });
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});

// Graceful shutdown: stop accepting, finish what is in flight, exit 0.
process.on('SIGINT', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});
