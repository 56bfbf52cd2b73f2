import { describe, expect, it } from 'vitest';
import { resolvePolicy, ruleFor } from '../../harness/compare/policy.js';
import { METRIC_CATALOGUE, metricInfo } from '../../harness/model/catalogue.js';
import { ConfigSchema } from '../../harness/config/schema.js';
import { MemgateError } from '../../harness/errors.js';

const config = (input: object) => ({ ...ConfigSchema.parse(input), configFile: '/repo/memgate.config.ts' });

describe('resolvePolicy', () => {
  it('uses the measured-noise defaults when nothing is overridden', () => {
    const policy = resolvePolicy(config({}), {});
    expect(ruleFor(policy, METRIC_CATALOGUE['alloc.perOp'])).toEqual({
      gate: true,
      relative: 0.05,
      absolute: 16,
      test: false,
      followSpread: { minRelative: 0.01, factor: 5 },
    });
    expect(ruleFor(policy, METRIC_CATALOGUE['rss.peak'])).toEqual({
      gate: true,
      relative: 0.1,
      absolute: 2e6,
      test: true,
    });
    expect(ruleFor(policy, METRIC_CATALOGUE['gc.count'])).toEqual({
      gate: true,
      relative: 0.25,
      absolute: 2,
      test: true,
    });
    expect(ruleFor(policy, METRIC_CATALOGUE['gc.pause.p95'])).toEqual({
      gate: true,
      relative: 1,
      absolute: 1,
      test: true,
    });
    expect(ruleFor(policy, METRIC_CATALOGUE['latency.p95']), 'wall-clock: reported, not gating').toEqual({
      gate: false,
      relative: 0.3,
      absolute: 0.05,
      test: true,
    });
    expect(ruleFor(policy, METRIC_CATALOGUE['leak.heap.perOp'])).toEqual({
      gate: true,
      relative: 0.5,
      absolute: 0.5,
      test: true,
      floorPerRepeat: 8 * 1024,
    });
    expect(ruleFor(policy, metricInfo('custom.hits'))).toEqual({ gate: true, relative: 0.1, absolute: 0, test: true });
    expect(policy.alpha).toBe(0.05);
    expect(policy.confirmRuns).toBe(1);
  });

  it('merges defaults <- config <- workload, field by field, with human units', () => {
    const policy = resolvePolicy(
      config({
        thresholds: { 'rss.peak': { relative: '15%', absolute: '4MB' }, 'alloc.perOp': { absolute: '64B/op' } },
        budgets: { 'rss.peak': '40MB', 'latency.p95': '6ms' },
      }),
      {
        thresholds: { 'rss.peak': { absolute: '1MiB' }, 'gc.pause.p95': false },
        budgets: { 'rss.peak': { max: '30MB' }, 'custom.cacheHitRate': { min: '80%' } },
        customMetrics: { cacheHitRate: { unit: 'ratio', direction: 'higher' } },
      },
    );
    expect(ruleFor(policy, METRIC_CATALOGUE['rss.peak'])).toEqual({
      gate: true,
      relative: 0.15,
      absolute: 1024 * 1024,
      test: true,
    });
    // Only the floor was set: the threshold still follows the spread.
    expect(ruleFor(policy, METRIC_CATALOGUE['alloc.perOp'])).toEqual({
      gate: true,
      relative: 0.05,
      absolute: 64,
      test: false,
      followSpread: { minRelative: 0.01, factor: 5 },
    });
    const fixed = resolvePolicy(config({ thresholds: { 'alloc.perOp': { relative: '2%' } } }), {});
    expect(ruleFor(fixed, METRIC_CATALOGUE['alloc.perOp']), 'a relative threshold is used as written').toEqual({
      gate: true,
      relative: 0.02,
      absolute: 16,
      test: false,
    });
    expect(ruleFor(policy, METRIC_CATALOGUE['gc.pause.p95']).gate).toBe(false);
    const optIn = resolvePolicy(config({ thresholds: { 'latency.p95': { absolute: '1ms' } } }), {});
    expect(ruleFor(optIn, METRIC_CATALOGUE['latency.p95']), 'any threshold object opts a wall-clock metric in').toEqual(
      { gate: true, relative: 0.3, absolute: 1, test: true },
    );
    expect(policy.budgets).toEqual({
      'rss.peak': { max: 30e6 },
      'latency.p95': { max: 6 },
      'custom.cacheHitRate': { min: 0.8 },
    });
  });

  it('a bare budget limits the bad side: max for lower-is-better, min for throughput', () => {
    const policy = resolvePolicy(
      config({ budgets: { throughput: 500, 'leak.heap.rate': '0.1MB/min', 'fd.peak': 500 } }),
      {},
    );
    expect(policy.budgets).toEqual({
      throughput: { min: 500 },
      'leak.heap.rate': { max: 100_000 },
      'fd.peak': { max: 500 },
    });
  });

  it('an unknown metric id is CONFIG_INVALID naming the file and key, with a hint', () => {
    const call = () => resolvePolicy(config({ thresholds: { 'alloc.perop': { relative: 0.1 } } }), {});
    expect(call).toThrow(MemgateError);
    expect(call).toThrow(
      '/repo/memgate.config.ts: thresholds["alloc.perop"]: expected a known metric id, found "alloc.perop" — did you mean "alloc.perOp"?',
    );
    const workload = () =>
      resolvePolicy(config({}), { budgets: { 'rss.max': '1MB' } }, { workloadFile: 'workloads/a.workload.ts' });
    expect(workload).toThrow(/^workloads\/a\.workload\.ts: budgets\["rss\.max"\]: expected a known metric id/);
  });

  it('an unreadable value is CONFIG_INVALID naming the key and the unit', () => {
    const call = () => resolvePolicy(config({ budgets: { 'rss.peak': '40 megs' } }), {});
    expect(call).toThrow(
      /memgate\.config\.ts: budgets\["rss\.peak"\]: expected a size such as "40MB".*got "40 megs" \(unit of rss\.peak: bytes\)/,
    );
  });
});
