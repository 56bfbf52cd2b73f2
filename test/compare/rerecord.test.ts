// decideRerecord on real verdicts: a re-measured baseline is rewritten only
// when something beyond noise changed. Exact inputs, real comparison policy.
import { describe, expect, it } from 'vitest';
import { comparedMetrics, decideRerecord } from '../../harness/compare/rerecord.js';
import { resolvePolicy } from '../../harness/compare/policy.js';
import { ConfigSchema } from '../../harness/config/schema.js';
import { ENV, SETTINGS, baselineOf, measurement } from '../fixtures/compare/make.js';

const policy = resolvePolicy(ConfigSchema.parse({}), {});
const ALLOC = [16_400, 16_410, 16_420, 16_405, 16_415];
const RSS = [50e6, 51e6, 49e6, 50.5e6, 50.2e6];
const LATENCY = [0.1, 0.11, 0.1, 0.12, 0.1];
/** decideRerecord with the verdicts of `now` against `before`, as `update` reaches it. */
const rerecordDecision = (
  now: Parameters<typeof comparedMetrics>[0],
  before: Parameters<typeof comparedMetrics>[1],
  after: Parameters<typeof comparedMetrics>[1],
  rules: typeof policy,
) => decideRerecord(before, after, comparedMetrics(now, before, rules));
const recorded = baselineOf(measurement({ 'alloc.perOp': ALLOC, 'rss.peak': RSS, 'latency.p95': LATENCY }));

function decide(metrics: Record<string, number[]>, extra: Parameters<typeof measurement>[1] = {}) {
  const now = measurement(metrics, extra);
  const after = baselineOf(now, { recorded: { at: '2026-02-02T00:00:00.000Z', commit: 'beef', branch: 'release/2' } });
  return rerecordDecision(now, recorded, after, policy);
}

describe('rerecordDecision', () => {
  it('keeps a baseline whose gated metrics moved only within noise', () => {
    const decision = decide({
      'alloc.perOp': ALLOC.map((x) => x * 1.01),
      'rss.peak': RSS.map((x) => x * 1.03),
      'latency.p95': LATENCY,
    });
    // latency.p95 is informational by default, so two metrics gate.
    expect(decision).toEqual({ rewrite: false, reason: '2 gated metrics unchanged or within noise' });
  });

  it('ignores informational metrics: latency tripling does not rewrite (it does not gate by default)', () => {
    const decision = decide({ 'alloc.perOp': ALLOC, 'rss.peak': RSS, 'latency.p95': LATENCY.map((x) => x * 3) });
    expect(decision).toEqual({ rewrite: false, reason: '2 gated metrics unchanged or within noise' });
  });

  it('rewrites when a deterministic metric moved beyond its threshold, either way', () => {
    expect(decide({ 'alloc.perOp': ALLOC.map((x) => x * 1.2), 'rss.peak': RSS, 'latency.p95': LATENCY })).toEqual({
      rewrite: true,
      reason: 'alloc.perOp regressed +20.0%',
    });
    expect(decide({ 'alloc.perOp': ALLOC.map((x) => x * 0.8), 'rss.peak': RSS, 'latency.p95': LATENCY }).reason).toBe(
      'alloc.perOp improved -20.0%',
    );
  });

  it('rewrites when a metric appeared or disappeared', () => {
    expect(decide({ 'alloc.perOp': ALLOC, 'rss.peak': RSS }).reason).toBe('the set of measured metrics changed');
    expect(
      decide({ 'alloc.perOp': ALLOC, 'rss.peak': RSS, 'latency.p95': LATENCY, 'gc.count': [4, 4, 4, 4, 4] }).rewrite,
    ).toBe(true);
  });

  it('rewrites a pooled percentile recorded without pauses per repeat, so it can gate', () => {
    const pauses = { unit: 'ms', median: 5, spread: 0.5, samples: [4, 5, 6, 5], pooled: true as const };
    const before = { ...recorded, metrics: { ...recorded.metrics, 'gc.pause.p95': pauses } };
    const after = { ...recorded, metrics: { ...recorded.metrics, 'gc.pause.p95': { ...pauses, repeatSizes: [2, 2] } } };
    expect(decideRerecord(before, after, [])).toEqual({
      rewrite: true,
      reason:
        'gc.pause.p95 pooled without pauses per repeat (recorded by an older memgate; re-recorded so it can gate)',
    });
    expect(decideRerecord(after, after, []).rewrite).toBe(false);
  });

  it('rewrites a heap peak an older memgate read after forced collections, once it is read in the natural phase', () => {
    const peak = { unit: 'bytes', median: 11.7e6, spread: 0.1e6, samples: [11.6e6, 11.7e6, 11.8e6] };
    const before = { ...recorded, metrics: { ...recorded.metrics, 'heap.used.peak': peak } };
    const after = {
      ...recorded,
      metrics: { ...recorded.metrics, 'heap.used.peak': { ...peak, naturalPhase: true as const } },
    };
    expect(decideRerecord(before, after, [])).toEqual({
      rewrite: true,
      reason:
        'heap.used.peak read after forced collections (recorded by an older memgate; re-recorded from the natural phase so it can gate)',
    });
    expect(decideRerecord(after, after, []).rewrite).toBe(false);
  });

  it('rewrites when the workload, its settings or the environment changed, whatever the numbers', () => {
    const same = { 'alloc.perOp': ALLOC, 'rss.peak': RSS, 'latency.p95': LATENCY };
    expect(decide(same, { definitionHash: 'fedcba9876543210' }).reason).toBe('the workload definition changed');
    expect(decide(same, { settings: { ...SETTINGS, ops: 4000 } }).reason).toBe('settings.ops changed');
    expect(decide(same, { env: { ...ENV, node: 'v22.1.0' } }).reason).toBe('the environment changed (node 20 → 22)');
    expect(decide(same, { env: { ...ENV, nodeFlags: [] } }).reason).toBe('the environment changed (node flags)');
    // The measured program's runtime: another version, or one an older memgate did not record.
    const python = { ...ENV, runtime: 'python 3.11.7' };
    expect(
      rerecordDecision(
        measurement(same, { env: { ...ENV, runtime: 'python 3.11.2' } }),
        baselineOf(measurement(same, { env: python })),
        baselineOf(measurement(same, { env: { ...ENV, runtime: 'python 3.11.2' } })),
        policy,
      ).reason,
    ).toBe('the environment changed (runtime python 3.11.7 → python 3.11.2)');
    expect(decide(same, { env: python }).reason).toBe('the environment changed (runtime not recorded → python 3.11.7)');
    // A run whose probe said nothing keeps the recorded runtime.
    expect(
      rerecordDecision(
        measurement(same),
        baselineOf(measurement(same, { env: python })),
        baselineOf(measurement(same)),
        policy,
      ).rewrite,
    ).toBe(false);
    // A new patch release or another CPU model is not a reason: GitHub's runners change CPU between runs.
    expect(decide(same, { env: { ...ENV, node: 'v20.21.0', cpuModel: 'Other CPU' } }).rewrite).toBe(false);
  });
});

describe('decideRerecord', () => {
  it('lists at most three moved metrics', () => {
    const moved = ['a', 'b', 'c', 'd', 'e'].map((id) => ({
      id: `custom.${id}`,
      status: 'regressed' as const,
      change: 0.5,
    }));
    expect(decideRerecord(recorded, recorded, moved).reason).toBe(
      'custom.a regressed +50.0%, custom.b regressed +50.0%, custom.c regressed +50.0% and 2 more',
    );
  });
});
