// confirmedRerecordDecision: `update` rewrites a baseline for a moved metric
// only when a re-run moves it the same way. Real comparison policy and
// measurements; the re-run is handed in as the measurement it would make.
import { describe, expect, it } from 'vitest';
import { resolvePolicy } from '../../harness/compare/policy.js';
import { ConfigSchema } from '../../harness/config/schema.js';
import { confirmedRerecordDecision } from '../../harness/pipeline/confirm-rerecord.js';
import type { WorkloadResult } from '../../harness/pipeline/types.js';
import type { ResolvedWorkload } from '../../harness/workload/types.js';
import { baselineOf, measurement } from '../fixtures/compare/make.js';

const policy = resolvePolicy(ConfigSchema.parse({}), {});
const ALLOC = [16_400, 16_410, 16_420, 16_405, 16_415];
const RSS = [50e6, 51e6, 49e6, 50.5e6, 50.2e6];
const recorded = baselineOf(measurement({ 'alloc.perOp': ALLOC, 'rss.peak': RSS }));
const unchanged = { 'alloc.perOp': ALLOC, 'rss.peak': RSS };
const moved = { 'alloc.perOp': ALLOC.map((x) => x * 0.8), 'rss.peak': RSS };

/** Re-runs that measure `each` in turn, counted. */
function reruns(...each: Record<string, number[]>[]) {
  const calls = { count: 0 };
  const remeasure = async (): Promise<WorkloadResult> => {
    const metrics = each[calls.count++];
    if (!metrics) throw new Error('one re-run too many');
    return { ok: true, workload: {} as ResolvedWorkload, measurement: measurement(metrics), runs: [] };
  };
  return { calls, remeasure };
}

async function decide(first: Record<string, number[]>, rerun: ReturnType<typeof reruns>, confirmRuns = 1) {
  const now = measurement(first);
  return confirmedRerecordDecision(now, recorded, baselineOf(now), { ...policy, confirmRuns }, rerun.remeasure);
}

describe('confirmedRerecordDecision', () => {
  it('keeps the baseline when the re-run does not move the metric the first run moved, and says so', async () => {
    const rerun = reruns(unchanged);
    expect(await decide(moved, rerun)).toEqual({
      rewrite: false,
      reason:
        '2 gated metrics unchanged or within noise (alloc.perOp improved -20.0% in the first run, not in its re-run)',
    });
    expect(rerun.calls.count).toBe(1);
  });

  it('rewrites when the re-run moves it the same way, and with confirmRuns 2 only when both do', async () => {
    expect(await decide(moved, reruns(moved))).toEqual({
      rewrite: true,
      reason: 'alloc.perOp improved -20.0%, confirmed by its re-run',
    });
    expect((await decide(moved, reruns(moved, moved), 2)).reason).toBe(
      'alloc.perOp improved -20.0%, confirmed by its 2 re-runs',
    );
    expect((await decide(moved, reruns(moved, unchanged), 2)).rewrite).toBe(false);
  });

  it('runs nothing more when nothing moved, when confirmRuns is 0, or when the workload changed anyway', async () => {
    const none = reruns();
    expect((await decide(unchanged, none)).rewrite).toBe(false);
    expect(await decide(moved, none, 0)).toEqual({ rewrite: true, reason: 'alloc.perOp improved -20.0%' });
    const now = measurement(moved, { definitionHash: 'fedcba9876543210' });
    const changed = await confirmedRerecordDecision(now, recorded, baselineOf(now), policy, none.remeasure);
    expect(changed).toEqual({ rewrite: true, reason: 'the workload definition changed' });
    expect(none.calls.count).toBe(0);
  });

  it('lets the first run stand when its re-run fails to measure', async () => {
    const failing = async (): Promise<WorkloadResult> => ({
      ok: false,
      workload: {} as ResolvedWorkload,
      error: { message: 'the child exited with code 1', stderr: '' },
      runs: [],
    });
    const now = measurement(moved);
    expect(await confirmedRerecordDecision(now, recorded, baselineOf(now), policy, failing)).toEqual({
      rewrite: true,
      reason: 'alloc.perOp improved -20.0% (its re-run failed, so the first run stands: the child exited with code 1)',
    });
  });

  it('re-runs a move even when every repeat agreed, before and now: a whole run can shift', async () => {
    const exact = baselineOf(measurement({ 'alloc.perOp': [17_136, 17_136, 17_136], 'rss.peak': RSS }));
    const shifted = measurement({ 'alloc.perOp': [17_360, 17_360, 17_360], 'rss.peak': RSS });
    const rerun = reruns({ 'alloc.perOp': [17_136, 17_136, 17_136], 'rss.peak': RSS });
    const decision = await confirmedRerecordDecision(shifted, exact, baselineOf(shifted), policy, rerun.remeasure);
    expect(decision).toEqual({
      rewrite: false,
      reason:
        '2 gated metrics unchanged or within noise (alloc.perOp regressed +1.3% in the first run, not in its re-run)',
    });
    expect(rerun.calls.count).toBe(1);
  });
});
