// A default run, as a new user gets it: no op counts anywhere, so every
// workload is sized by time. A one-in-a-hundred leak (~1.5 B/op) fails the
// very first compare, with no baseline to hold it against, and a workload
// that triggers no GC reports its pause percentiles as insufficient, never 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../harness/cli/main.js';
import type { Report } from '../../harness/model/report.js';
import { runCli } from './run-cli.js';

const HARNESS = fileURLToPath(new URL('../../harness/index.js', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'memgate-default-run-'));
  await mkdir(path.join(dir, 'workloads'));
  // Half a second per repeat keeps the test short; the sizing is the same as the 1 s default.
  await writeFile(
    path.join(dir, 'memgate.config.mjs'),
    "export default { repeats: 3, timeout: '30s', defaults: { time: '500ms' } };\n",
  );
  const workload = (name: string, body: string) =>
    writeFile(
      path.join(dir, 'workloads', `${name}.workload.ts`),
      `import { defineWorkload } from ${JSON.stringify(HARNESS)};\n${body}`,
    );
  // One 12-number array (~150 B) kept every 100 requests: the classic slow session leak.
  await workload(
    'session-leak',
    `const sessions: number[][] = [];
export default defineWorkload({
  name: 'session-leak',
  op(_state, ctx) {
    const request = { id: ctx.index, path: '/items' };
    if (!ctx.warmup && ctx.index % 100 === 0) sessions.push(new Array<number>(12).fill(request.id & 0xff));
  },
});
`,
  );
  // A cache that warms up: 8 KB kept per op at first, then every 2nd, 4th, ...
  // op (the rate halves every 500 ops), so it still grows, slowing, in the
  // first run's batches (ops 2000-3999, after a natural phase of 2000): a
  // leak behind a warm-up would look the same there. Longer runs see it level off.
  await workload(
    'warming-cache',
    `const entries: number[][] = [];
export default defineWorkload({
  name: 'warming-cache',
  ops: 2000,
  warmupOps: 0,
  op(_state, ctx) {
    const step = 2 ** Math.floor(ctx.index / 500);
    if (step < 2 ** 30 && ctx.index % step === 0) entries.push(new Array<number>(1000).fill(ctx.index & 0xff));
  },
});
`,
  );
  // Allocates nothing: no GC runs, so there is no pause to take a percentile of.
  await workload(
    'no-gc',
    `let total = 0;
export default defineWorkload({ name: 'no-gc', op(_state, ctx) { total += ctx.index & 1; } });
`,
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a default run sized by time', () => {
  it('fails a ~1.5 B/op leak on the first compare and never shows an unmeasured pause as 0', async () => {
    const result = await runCli(main, dir, ['compare', '--update=none', '--reporter', 'json']);
    expect(result.code, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    const leak = report.workloads.find((w) => w.name === 'session-leak');
    expect(leak?.status).toBe('regressed');
    expect(leak?.leaks.find((finding) => finding.resource === 'heap')?.status).toBe('leaking');

    const quiet = report.workloads.find((w) => w.name === 'no-gc');
    expect(quiet?.status).toBe('new');
    expect(quiet?.leaks.every((finding) => finding.status === 'stable')).toBe(true);
    const p95 = quiet?.metrics.find((m) => m.id === 'gc.pause.p95');
    expect(p95).toMatchObject({ status: 'insufficient', current: null });
    expect(p95?.reason).toMatch(
      /^insufficient: 0 GC pauses in all 3 repeats together \(as few as 0 in one\), 20 needed/,
    );
    expect(quiet?.metrics.find((m) => m.id === 'gc.count')?.current).toBe(0);
    // Growth that slows down is decided by longer runs, not left suspicious.
    const warming = report.workloads.find((w) => w.name === 'warming-cache');
    const heap = warming?.leaks.find((finding) => finding.resource === 'heap');
    expect(heap?.status, heap?.reason).toBe('stable');
    expect(heap?.decidedAtOps).toBeGreaterThan(2000);
    expect(heap?.reason).toMatch(/decided after [\d,]+ ops per repeat \(2,000 were not enough\)/);

    // No per-minute extrapolation of a half-second in-process run.
    expect(quiet?.metrics.some((m) => m.id === 'leak.heap.rate' || m.id === 'leak.rss.rate')).toBe(false);
    // Nine half-second children plus the warming cache's longer runs: ~20 s at rest; it
    // timed out at 60 s once while two bench jobs shared the two cores.
  }, 180_000);
});
