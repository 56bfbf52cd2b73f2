// GC wall-clock regressions held against the operations' own pace, with the
// figures of a real A/A failure: unchanged lru-cache read gc.time +113% with
// its throughput halved and its GC share unchanged. A GC regression the code
// causes (GC time up, operations as fast) still fails.
import { describe, expect, it } from 'vitest';
import { MIN_MUTATOR_SLOWDOWN, markMachinePaced, mutatorSlowdown } from '../../harness/compare/machine-pace.js';
import { compareWorkload } from '../../harness/compare/workload.js';
import { baselineOf, measurement, policyOf } from '../fixtures/compare/make.js';

const policy = policyOf();
const scaled = (values: number[], factor: number) => values.map((v) => v * factor);

// lru-cache's baseline: 5 repeats.
const GC_TIME = [20.35, 22.58, 24.65, 27.32, 24.44];
const THROUGHPUT = [512_800, 509_400, 471_700, 489_100, 416_100];
const SHARE = [0.039, 0.041, 0.042, 0.04, 0.041];
const ALLOC = [1150, 1151, 1152, 1150, 1151];
const recorded = baselineOf(
  measurement({ 'gc.time': GC_TIME, throughput: THROUGHPUT, 'gc.timeFraction': SHARE, 'alloc.perOp': ALLOC }),
);

function judge(gcTime: number[], throughput: number[], share: number[], alloc = ALLOC) {
  const now = measurement({ 'gc.time': gcTime, throughput, 'gc.timeFraction': share, 'alloc.perOp': alloc });
  const report = compareWorkload(now, recorded, policy, { mode: 'compare' });
  return { report, paced: markMachinePaced(report, policy) };
}

describe('mutatorSlowdown', () => {
  it("is throughput's ratio corrected by the GC share, which throughput counts as operation time", () => {
    const metrics = judge(GC_TIME, scaled(THROUGHPUT, 0.5), scaled(SHARE, 1)).report.metrics;
    // Half the throughput at the same GC share: each op took twice as long outside GC.
    expect(mutatorSlowdown(metrics)).toBeCloseTo(2, 5);
    // Same throughput, GC share from 4.1% to 20.5%: the operations outside GC got faster, not slower.
    const gcBound = judge(GC_TIME, THROUGHPUT, scaled(SHARE, 5)).report.metrics;
    expect(mutatorSlowdown(gcBound)).toBeCloseTo((1 - 0.205) / (1 - 0.041), 5);
  });

  it('is null without throughput or GC share on both sides', () => {
    const only = compareWorkload(measurement({ 'gc.time': GC_TIME }), recorded, policy, { mode: 'compare' });
    expect(mutatorSlowdown(only.metrics)).toBeNull();
  });
});

describe('markMachinePaced', () => {
  it('does not gate GC time that doubled with operations that all took twice as long (the A/A failure)', () => {
    // Run 3 of the round: 24.4 → 52.2 ms, 489 100 → 240 918 ops/s, GC share 4.1% → 4.5%.
    const { report, paced } = judge(scaled(GC_TIME, 2.13), scaled(THROUGHPUT, 0.49), scaled(SHARE, 1.1));
    expect(report.metrics.find((m) => m.id === 'gc.time')?.status).toBe('regressed');
    const gcTime = paced.metrics.find((m) => m.id === 'gc.time');
    expect(gcTime?.status).toBe('contended');
    expect(gcTime?.informational).toBe(true);
    expect(gcTime?.reason).toMatch(/not gating: the operations themselves took 2\.0\d× as long per op outside GC/);
    expect(paced.status).toBe('pass');
    expect(paced.notes.at(-1)).toContain('the whole run was slower than the baseline');
  });

  it('still fails a GC regression that outgrew the operations: 3× the GC time, operations 1.3× as long', () => {
    const { paced } = judge(scaled(GC_TIME, 3), scaled(THROUGHPUT, 1 / 1.3), scaled(SHARE, 2.3));
    expect(paced.metrics.find((m) => m.id === 'gc.time')?.status).toBe('regressed');
    expect(paced.status).toBe('regressed');
  });

  it('still fails a GC regression when the operations kept their pace', () => {
    const { report, paced } = judge(scaled(GC_TIME, 2.5), THROUGHPUT, scaled(SHARE, 2.5));
    expect(paced).toBe(report);
    expect(paced.status).toBe('regressed');
  });

  it(`holds nothing against a slowdown under ${MIN_MUTATOR_SLOWDOWN}×, within throughput's own scatter`, () => {
    const { report, paced } = judge(scaled(GC_TIME, 2.3), scaled(THROUGHPUT, 0.85), SHARE);
    expect(report.metrics.find((m) => m.id === 'gc.time')?.status).toBe('regressed');
    expect(paced).toBe(report);
  });

  it('leaves deterministic regressions gating in a slow run', () => {
    const { paced } = judge(scaled(GC_TIME, 2.1), scaled(THROUGHPUT, 0.5), SHARE, scaled(ALLOC, 1.3));
    expect(paced.metrics.find((m) => m.id === 'gc.time')?.status).toBe('contended');
    expect(paced.metrics.find((m) => m.id === 'alloc.perOp')?.status).toBe('regressed');
    expect(paced.status).toBe('regressed');
  });
});
