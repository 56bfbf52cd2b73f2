// The shard plan: deterministic, covering every workload exactly once,
// balanced by the run time the baselines imply.
import { describe, expect, it } from 'vitest';
import { expectedRunMs, parseShard, planShards, selectShard } from '../../harness/workload/shard.js';
import { baselineOf, measurement } from '../fixtures/compare/make.js';

const names = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `w${String(i).padStart(2, '0')}` }));

describe('parseShard', () => {
  it('reads i/n and rejects anything else with the fix', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/3', '4/3', '1/0', '1-3', 'x', undefined]) {
      expect(() => parseShard(bad)).toThrow(/--shard: expected i\/n .* e\.g\. --shard 2\/3/);
    }
  });
});

describe('planShards and selectShard', () => {
  it('covers every workload exactly once, whatever the input order', () => {
    const workloads = names(11);
    for (const count of [1, 2, 3, 5, 11, 13]) {
      const picked = Array.from({ length: count }, (_, i) =>
        selectShard(workloads, { index: i + 1, count }, () => undefined).map((w) => w.name),
      );
      expect(picked.flat().sort()).toEqual(workloads.map((w) => w.name));
      const reversed = Array.from({ length: count }, (_, i) =>
        selectShard([...workloads].reverse(), { index: i + 1, count }, () => undefined)
          .map((w) => w.name)
          .sort(),
      );
      expect(reversed).toEqual(picked.map((shard) => [...shard].sort()));
    }
  });

  it('balances by weight: heaviest first onto the lightest shard', () => {
    const plan = planShards(
      [
        { name: 'a', weightMs: 9000 },
        { name: 'b', weightMs: 5000 },
        { name: 'c', weightMs: 4000 },
        { name: 'd', weightMs: 1000 },
        { name: 'e', weightMs: undefined }, // unknown: the mean of the known, 4750
      ],
      2,
    );
    // a(9000) -> 1; b(5000) -> 2; e(4750) -> 2 (9750); c(4000) -> 1 (13000); d -> 2 (10750)
    expect(plan).toEqual([
      ['a', 'c'],
      ['b', 'e', 'd'],
    ]);
  });

  it('estimates run time from the baseline: repeats x (warmup + ops) / throughput', () => {
    const base = baselineOf(measurement({ throughput: [1000, 1000, 1000] }));
    // SETTINGS: repeats 5, warmupOps 100, ops 2000 -> 5 x 2100 / 1000 ops/s = 10.5 s
    expect(expectedRunMs(base)).toBeCloseTo(10_500, 6);
    expect(expectedRunMs(baselineOf(measurement({ 'alloc.perOp': [1] })))).toBeUndefined();
    expect(expectedRunMs(undefined)).toBeUndefined();
  });
});
