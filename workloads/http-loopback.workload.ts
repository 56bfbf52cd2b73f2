// An HTTP server and a keep-alive client on 127.0.0.1: one JSON GET per op.
// Server and agent are closed in teardown; with one kept-alive socket, the
// handle and descriptor counts must stay flat while it runs.
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defineWorkload } from '../harness/index.js';

const BODY = JSON.stringify({
  items: Array.from({ length: 20 }, (_, i) => ({ id: i, name: `item-${i}`, price: i * 1.25 })),
});

function get(port: number, agent: Agent, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let length = 0;
      res.on('data', (chunk: Buffer) => (length += chunk.length));
      res.on('end', () => resolve(length));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export default defineWorkload({
  name: 'http-loopback',
  description: 'GET /items (1 KB JSON) from a node:http server over one keep-alive connection on 127.0.0.1',
  // node:http keeps compiling and filling its pools for the first few thousand
  // requests (measured: the heap grows ~68 B/op over the first 4000, ~9 B/op
  // after): warm past that, or the warm-up reads as a leak.
  warmupOps: 4000,
  setup: async () => {
    const server: Server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) });
      res.end(req.url === '/items' ? BODY : '');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    return { server, agent, port: (server.address() as AddressInfo).port };
  },
  op: async (state) => {
    const length = await get(state.port, state.agent, '/items');
    if (length !== BODY.length) throw new Error(`short response: ${length} bytes`);
  },
  teardown: async (state) => {
    state.agent.destroy();
    state.server.closeAllConnections();
    await new Promise<void>((resolve) => state.server.close(() => resolve()));
  },
});
