// A machine slower than when the baseline was recorded, end to end with real
// processes (4 repeats: the fewest the rank test that wall-clock verdicts
// need can reject with): the baseline's speed canary is set to a third of what this
// machine reads now (as if it had been recorded on a machine 3× as fast).
// Every repeat then counts as contended, one re-run is tried within the
// budget, wall-clock regressions turn `contended` with the slowdown in the
// reason, an allocation regression still fails, and the measurement carries
// the canary its own baseline would record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../harness/config/load.js';
import { loadWorkloads } from '../../harness/workload/load.js';
import { measureWorkload } from '../../harness/pipeline/measure.js';
import { runPipeline } from '../../harness/pipeline/run.js';
import { fromMeasurement } from '../../harness/baseline/store.js';
import type { Baseline } from '../../harness/baseline/schema.js';
import { readSpeedCanary } from '../../harness/sampler/speed-canary.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'memgate-slow-machine-'));
  await mkdir(path.join(dir, 'workloads'));
  await writeFile(
    path.join(dir, 'memgate.config.mjs'),
    "export default { repeats: 4, thresholds: { 'latency.p50': { relative: '10%', absolute: '0.001ms' } } };\n",
  );
  await writeFile(
    path.join(dir, 'workloads', 'tiny.workload.ts'),
    `let sink: number[] = [];
export default { name: 'tiny', warmupOps: 20, ops: 300, op(_s: unknown, ctx: { index: number }) { sink = new Array<number>(4096).fill(ctx.index); } };
`,
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// The baseline's values divided by `factor`: the current run reads (factor - 1) × 100% worse, far beyond any spread.
function shrunk(baseline: Baseline, factors: Record<string, number>): Baseline {
  const metrics = { ...baseline.metrics };
  for (const [id, factor] of Object.entries(factors)) {
    const m = metrics[id];
    if (m)
      metrics[id] = {
        ...m,
        median: m.median / factor,
        spread: m.spread / factor,
        samples: m.samples.map((v) => v / factor),
      };
  }
  return { ...baseline, metrics };
}

describe('a machine slower than at the baseline', { timeout: 120_000 }, () => {
  it('does not gate wall-clock regressions, and says by how much the machine was slower', async () => {
    const config = await loadConfig({ cwd: dir });
    const [workload] = await loadWorkloads(config);
    if (!workload) throw new Error('no workload');

    const first = await measureWorkload(workload, config);
    if (!first.ok) throw new Error(first.error.message);
    const canary = first.measurement.speedCanaryMs ?? 0;
    expect(canary).toBeGreaterThan(0);
    expect(first.pressure?.every((p) => p.slowdown === null)).toBe(true);
    const recorded = fromMeasurement(first.measurement, { at: 'now', commit: null, branch: null });
    expect(recorded.speedCanaryMs).toBeCloseTo(canary, 1);

    const baseline = {
      ...shrunk(recorded, { 'latency.p50': 100, 'alloc.perOp': 2 }),
      speedCanaryMs: readSpeedCanary() / 3,
    };
    const { report, results } = await runPipeline([workload], config, {
      mode: 'compare',
      baselines: new Map([[workload.name, baseline]]),
      context: { commit: null, branch: null, createdAt: 'now' },
    });
    const pressure = results[0]?.ok ? (results[0].pressure ?? []) : [];
    expect(pressure).toHaveLength(4);
    // Within ±50% of 3×: the canary repeats within a few percent, with room for a busy machine.
    for (const p of pressure) expect(p.slowdown).toBeGreaterThan(2);
    const [entry] = report.workloads;
    const latency = entry?.metrics.find((m) => m.id === 'latency.p50');
    expect(latency?.status, latency?.reason).toBe('contended');
    expect(latency?.reason).toMatch(
      /the machine ran slower than when the baseline was recorded in 4 of 4 repeats \(speed canary [\d.×–]+ the baseline's\)/,
    );
    expect(entry?.metrics.find((m) => m.id === 'alloc.perOp')?.status).toBe('regressed');
    expect(entry?.status).toBe('regressed');
  });
});
