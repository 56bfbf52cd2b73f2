import { describe, expect, it } from 'vitest';
import { growthOf } from '../../harness/metrics/growth.js';
import { checkpoint, leakyCheckpoints, rawRun, treeSample } from '../fixtures/stats/raw-run.js';

describe('growthOf: in-process checkpoints', () => {
  const growth = growthOf(rawRun({ checkpoints: leakyCheckpoints() }));

  it('takes the robust heap slope per op and per minute despite an unsettled checkpoint', () => {
    expect(growth.heap?.perOp?.slope, 'heap B/op').toBe(1024);
    // 10_000 ops per minute -> 10_240_000 B/min (x = tMs / 60000 is not exact in binary).
    expect(growth.heap?.perMin.slope, 'heap B/min').toBeCloseTo(10_240_000, 3);
    expect(growth.heap?.points).toBe(11);
    expect(growth.heap?.first).toBe(1_000_000);
    expect(growth.heap?.last).toBe(1_000_000 + 1024 * 1000);
    expect(growth.heap?.peak).toBe(1_000_000 + 1024 * 1000);
  });

  it('counts leaked descriptors and flat handles', () => {
    expect(growth.fd?.perOp?.slope, 'fd per op').toBeCloseTo(0.01, 15);
    expect([growth.fd?.first, growth.fd?.last, growth.fd?.peak]).toEqual([10, 20, 20]);
    expect(growth.handles?.perOp?.slope, 'handles per op').toBe(0);
    expect(growth.handles?.perMin).toMatchObject({ slope: 0, low: 0, high: 0 });
  });

  it('reads external alone: Node already counts arrayBuffers inside it', () => {
    const run = rawRun({
      checkpoints: [
        checkpoint({ op: 0, tMs: 0, external: 100, arrayBuffers: 60 }),
        checkpoint({ op: 10, tMs: 60_000, external: 300, arrayBuffers: 260 }),
      ],
    });
    expect(growthOf(run).external?.perOp?.slope).toBe(20);
    expect(growthOf(run).external?.perMin.slope).toBe(200);
  });

  it('leaves fd out when the platform cannot count descriptors', () => {
    const run = rawRun({
      checkpoints: [checkpoint({ op: 0, tMs: 0, fds: null }), checkpoint({ op: 10, tMs: 5, fds: null })],
    });
    expect(growthOf(run).fd).toBeNull();
  });

  it('measures no slope from a single checkpoint and nothing without checkpoints', () => {
    const single = growthOf(rawRun({ checkpoints: [checkpoint({ op: 0, tMs: 0 })] }));
    expect(single.heap?.perOp).toBeNull();
    expect(single.heap?.perMin.pairs).toBe(0);
    expect(single.heap?.points).toBe(1);
    expect(growthOf(rawRun())).toEqual({ heap: null, rss: null, external: null, fd: null, handles: null });
  });
});

describe('growthOf: process runs', () => {
  // RSS +1 MB per sample, one sample per 6 s: 10 MB/min; fds 30 -> 33.
  const tree = Array.from({ length: 6 }, (_, i) =>
    treeSample({ tMs: i * 6000, rss: 100_000_000 + 1_000_000 * i, fds: 30 + Math.floor(i / 2) }),
  );

  it('reads rss and fd from the tree samples, per minute only', () => {
    const growth = growthOf(rawRun({ kind: 'process', ops: 0, tree }));
    expect(growth.rss?.perOp).toBeNull();
    expect(growth.rss?.perMin.slope, 'rss B/min').toBeCloseTo(10_000_000, 6);
    expect([growth.fd?.first, growth.fd?.last, growth.fd?.points]).toEqual([30, 32, 6]);
    expect(growth.heap).toBeNull();
    expect(growth.handles).toBeNull();
  });

  it("uses an injected probe's checkpoints for the heap and for fds the sampler could not read", () => {
    const blindTree = tree.map((sample) => ({ ...sample, fds: null }));
    const growth = growthOf(rawRun({ kind: 'process', tree: blindTree, checkpoints: leakyCheckpoints() }));
    expect(growth.heap?.perOp?.slope).toBe(1024);
    expect(growth.fd?.last).toBe(20);
    expect(growth.rss?.first, 'rss still from the tree').toBe(100_000_000);
  });
});
