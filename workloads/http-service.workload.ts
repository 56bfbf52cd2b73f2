// A Node JSON API started as its own process and driven over 127.0.0.1:
// memgate samples its process tree from outside, injects its probe through
// NODE_OPTIONS (GC pauses, allocation, heap), records per-request latency
// and errors, and checks that SIGINT shuts it down cleanly.
import { request } from 'node:http';
import { defineWorkload } from '../harness/index.js';

// One request per op, without keep-alive, so every connection the service opens it also closes.
function call(port: number | undefined, method: 'GET' | 'POST', path: string, body?: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false,
        headers: text ? { 'content-type': 'application/json' } : {},
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode !== undefined && res.statusCode < 400
            ? resolve()
            : reject(new Error(`${method} ${path}: HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

export default defineWorkload({
  name: 'http-service',
  description: 'Node JSON API in its own process: 400 requests (3 reads : 1 write) over 127.0.0.1, 4 at a time',
  command: 'node',
  args: ['services/http-service.mjs'],
  env: { PORT: '0' },
  // The service prints the port it got; the `port` group hands it to drive.op.
  ready: { stdout: /listening on http:\/\/127\.0\.0\.1:(?<port>\d+)/, timeout: '10s' },
  drive: {
    op: ({ index, port }) =>
      index % 4 === 3
        ? call(port, 'POST', '/orders', { sku: index % 100, qty: 1 + (index % 3) })
        : call(port, 'GET', `/items/${index % 1000}`),
    ops: 400,
    concurrency: 4,
  },
  shutdown: { signal: 'SIGINT', timeout: '5s' },
  customMetrics: {
    errorRate: { unit: 'ratio', direction: 'lower', noise: 'deterministic', description: 'Failed requests / requests' },
  },
  // Absolute limits, whatever the baseline says (a Node 20 service this size sits near 50 MB).
  budgets: {
    'rss.peak': '150MB',
    'latency.p95': '50ms',
    'custom.errorRate': 0,
    'shutdown.time': '5s',
    'fd.peak': 100,
  },
});
