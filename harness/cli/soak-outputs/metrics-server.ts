// Serves the live soak gauges on 127.0.0.1 for Prometheus to scrape. Loopback
// only: the soak's numbers are for the machine's own scraper (or an SSH
// tunnel), never for the network. GET /metrics; anything else is 404.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemgateError } from '../../errors.js';
import { OPENMETRICS_CONTENT_TYPE } from '../../report/exposition.js';

export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Port 0 picks a free port (see `port` on the result). */
export async function startMetricsServer(port: number, render: () => string): Promise<MetricsServer> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: try GET /metrics\n');
      return;
    }
    response.writeHead(200, { 'content-type': OPENMETRICS_CONTENT_TYPE, 'cache-control': 'no-store' }).end(render());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new MemgateError(
          'USAGE',
          `--metrics-port ${port}: cannot listen on 127.0.0.1:${port} (${error.code ?? error.message}) — choose a free port, or 0 for any`,
          { cause: error },
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
