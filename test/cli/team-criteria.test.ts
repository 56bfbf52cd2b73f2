// The README table "The numbers teams gate on, in memgate", row by row, with
// the keys it prints, on a real Python service (test/fixtures/teams/py-service.py)
// driven over 127.0.0.1. Limits that depend on this machine's speed are
// loosened (latency 500 ms, not 6 ms); the keys and what they gate are the
// row's. Rows covered elsewhere: the Go node (log-growth-limits.test.ts),
// relative growth (growth-limits.test.ts), the soak sentinel
// (test/cli/soak.test.ts), baseline thresholds (test/cli/compare.test.ts), the
// action's sticky comment (test/github/).
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEAMS, teamProject, type TeamProject, type TeamRun } from './team-project.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const service = (port: number) => `
const base = {
  command: 'python3',
  args: [${JSON.stringify(join(TEAMS, 'py-service.py'))}, '${port}'],
  ready: { stdout: /listening/, port: ${port} },
  drive: { op: async ({ port }: { port: number | undefined }) => {
    const response = await fetch('http://127.0.0.1:' + port + '/');
    if (!response.ok) throw new Error('HTTP ' + response.status);
    await response.text();
  }, rate: '50Hz', ops: 60 },
  logMetrics: {
    match: { msg: 'memory_sample' },
    map: { db_connections: 'custom.dbConnections', cache_hit_rate: 'custom.cacheHitRate' },
  },
  shutdown: { signal: 'SIGINT', timeout: '60s' },
};
export const tradingBot = defineWorkload({
  ...base,
  name: 'trading-bot-stress',
  budgets: { 'rss.peak': '40MB', 'latency.p95': '500ms', 'gc.pause.p95': '5ms' },
});
export const toolkit = defineWorkload({
  ...base,
  name: 'toolkit-targets',
  budgets: { 'rss.peak': '40MB', 'gc.pause.p95': '50ms', 'fd.peak': 500 },
});
export const marketMonitor = defineWorkload({
  ...base,
  name: 'market-monitor',
  budgets: {
    'custom.dbConnections': 10,
    'custom.errorRate': '1%',
    'custom.cacheHitRate': { min: '80%' },
    'latency.p95': '500ms',
  },
});
`;

let project: TeamProject;
let result: TeamRun;
beforeAll(async () => {
  project = await teamProject(service(await freePort()));
  result = await project.run('run');
}, 90_000);
afterAll(() => project.remove());

// A Python GC budget is producible (python commands get the gc.callbacks probe), so it is
// never silent: measured and held against its budget, or `unmeasured` and failing.
function expectGcGated(workload: string): void {
  const gc = result.verdict(workload, 'gc.pause.p95');
  expect(gc, 'a gc.pause.p95 row').toBeDefined();
  if (gc?.status === 'unmeasured') {
    expect(gc.reason).toMatch(/its budget could not be checked, so it fails$/);
    expect(result.workloads.get(workload)?.status).toBe('regressed');
  } else {
    expect(gc?.current).toBeGreaterThanOrEqual(0);
    expect(['measured', 'over-budget']).toContain(gc?.status);
  }
}

describe('the README rows on a Python service', () => {
  it('trading bot, stress run: RSS and P95 latency within budget, GC P95 gated', () => {
    expect(result.verdict('trading-bot-stress', 'rss.peak')?.status).toBe('measured');
    expect(result.verdict('trading-bot-stress', 'rss.peak')?.reason).toContain('within budget ≤ 40');
    expect(result.verdict('trading-bot-stress', 'latency.p95')?.reason).toContain('within budget ≤ 500 ms');
    expectGcGated('trading-bot-stress');
  });

  it('toolkit targets: RSS, GC P95 and FDs', () => {
    expect(result.verdict('toolkit-targets', 'fd.peak')?.reason).toContain('within budget ≤ 500');
    expect(result.verdict('toolkit-targets', 'rss.peak')?.status).toBe('measured');
    expectGcGated('toolkit-targets');
  });

  it('market monitor: DB connections, error rate, cache hit rate and latency from logs and the driver', () => {
    const id = (metric: string) => result.verdict('market-monitor', metric);
    expect(id('custom.dbConnections')?.current).toBe(4);
    expect(id('custom.errorRate')?.current).toBe(0);
    expect(id('custom.cacheHitRate')?.reason).toContain('within budget ≥');
    expect(id('latency.p95')?.status).toBe('measured');
    expect(result.workloads.get('market-monitor')?.status).toBe('pass');
  });

  it('market monitor: SIGINT stops the service cleanly within 60 s', () => {
    const shutdown = result.verdict('market-monitor', 'shutdown.time');
    expect(shutdown?.current).toBeLessThan(60_000);
    expect(result.workloads.get('market-monitor')?.problems ?? []).toEqual([]);
  });
});

describe('a limit on a metric the workload cannot produce', () => {
  const cases: Array<[string, string, RegExp]> = [
    [
      'latency.p95 without a driver',
      `export default defineWorkload({ name: 'idle', command: 'python3', args: ['-c', 'pass'], budgets: { 'latency.p95': '6ms' } });`,
      /^memgate: workloads\/teams\.workload\.ts: budgets\["latency\.p95"\]: workload "idle" \(process\) cannot produce latency\.p95: a process workload times operations only through `drive`/,
    ],
    [
      'alloc.perOp on a process',
      `export default defineWorkload({ name: 'svc', command: 'python3', args: ['-c', 'pass'], budgets: { 'alloc.perOp': '1KB' } });`,
      /budgets\["alloc\.perOp"\]: workload "svc" \(process\) cannot produce alloc\.perOp: a process workload has no operations inside it/,
    ],
    [
      'a GC pause budget on a program no GC probe understands',
      `export default defineWorkload({ name: 'bin', command: 'sleep', args: ['1'], budgets: { 'gc.pause.p95': '5ms' } });`,
      /budgets\["gc\.pause\.p95"\]: workload "bin" \(process\) cannot produce gc\.pause\.p95: GC figures of a process come only from a language probe, and "sleep" matches none/,
    ],
    [
      'a growth limit on a custom metric no log line feeds',
      `export default defineWorkload({ name: 'nolog', command: 'python3', args: ['-c', 'pass'], growth: { 'custom.goroutines': '5/h' } });`,
      /growth\["custom\.goroutines"\]: workload "nolog" \(process\) cannot produce custom\.goroutines: no logMetrics\.map entry feeds it/,
    ],
  ];
  for (const [what, source, message] of cases) {
    it(`exits 2 naming the file, key, workload and why: ${what}`, async () => {
      const bad = await teamProject(source);
      try {
        const run = await bad.run('run');
        expect(run.code).toBe(2);
        expect(run.workloads.size, 'nothing was measured').toBe(0);
        const lines = run.stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(message);
      } finally {
        await bad.remove();
      }
    });
  }
});
