// Leak classification on RawRuns built with known series: each rule has a
// case that passes it and a case that fails it.
import { describe, expect, it } from 'vitest';
import { analyzeLeaks } from '../../harness/metrics/leak.js';
import type { LeakLimits } from '../../harness/model/measurement.js';
import { HEAP_FLOOR_PER_CHECKPOINT } from '../../harness/metrics/leak-rules.js';
import { LeakFinding } from '../../harness/model/report.js';
import { makeRun, makeRuns, wobble } from './leak-runs.js';

const LIMITS: LeakLimits = {
  enabled: true,
  heapRate: 100_000,
  heapPerOp: null,
  rssRate: 100_000,
  externalRate: 100_000,
  fdRate: 0.1,
  handlesGrowth: 0,
};

function finding(
  runs: Parameters<typeof analyzeLeaks>[0],
  resource: LeakFinding['resource'],
  limits: LeakLimits = LIMITS,
): LeakFinding {
  const found = analyzeLeaks(runs, limits).find((item) => item.resource === resource);
  if (!found) throw new Error(`no ${resource} finding`);
  return LeakFinding.parse(found);
}

describe('analyzeLeaks: heap', () => {
  it('calls 1 KB/op growth in every repeat leaking, linear, with the median slope and interval', () => {
    const runs = makeRuns(5, (seed) => ({ heap: (i) => i * 200 * 1024 + wobble(seed, 3000)(i) }));
    const heap = finding(runs, 'heap');
    expect(heap.status).toBe('leaking');
    expect(heap.shape).toBe('linear');
    expect(heap.basis).toBe('perOp');
    expect(heap.repeatsGrowing).toBe(5);
    // 200 KB per 200-op batch, wobble ±3 KB: the per-op slope is 1024 within 1.5%.
    expect(heap.perOp).toBeGreaterThan(1024 * 0.985);
    expect(heap.perOp).toBeLessThan(1024 * 1.015);
    expect(heap.reason).toMatch(
      /^heap grows 1\.0\d KB\/op in 5\/5 repeats \(95% CI 1\.0\d–1\.0\d KB\/op\), linear; limit 0 B\/op$/,
    );
  });

  it('is suspicious when most but not all repeats grow, and stable when a minority does', () => {
    const growing = (seed: number, grows: boolean) => ({
      heap: (i: number) => (grows ? i * 200 * 1024 : 0) + wobble(seed, 3000)(i),
    });
    const most = finding(
      makeRuns(5, (seed) => growing(seed, seed !== 2)),
      'heap',
    );
    expect(most.status).toBe('suspicious');
    expect(most.repeatsGrowing).toBe(4);
    expect(most.reason).toMatch(/not in every repeat/);
    const few = finding(
      makeRuns(5, (seed) => growing(seed, seed < 2)),
      'heap',
    );
    expect(few.status).toBe('stable');
  });

  it('keeps a cache that fills in the first third and then stays flat stable, shape plateau', () => {
    const runs = makeRuns(5, (seed) => ({ heap: (i) => Math.min(i, 3) * 300_000 + wobble(seed, 3000)(i) }));
    const heap = finding(runs, 'heap');
    expect(heap.status).toBe('stable');
    expect(heap.shape).toBe('plateau');
    expect(heap.reason).toMatch(/levelled off/);
  });

  it('keeps a one-time step in the late half (lazy initialisation) stable', () => {
    const runs = makeRuns(5, (seed) => ({ heap: (i) => (i >= 7 ? 400_000 : 0) + wobble(seed, 3000)(i) }));
    expect(finding(runs, 'heap').status).toBe('stable');
  });

  it('calls quadratic growth leaking and accelerating', () => {
    const runs = makeRuns(5, (seed) => ({ heap: (i) => i * i * 60_000 + wobble(seed, 3000)(i) }));
    const heap = finding(runs, 'heap');
    expect(heap.status).toBe('leaking');
    expect(heap.shape).toBe('accelerating');
  });

  it('calls noise within the floor flat and stable, naming the floor', () => {
    const runs = makeRuns(5, (seed) => ({ heap: wobble(seed, 16_000) }));
    const heap = finding(runs, 'heap');
    expect(heap.status).toBe('stable');
    expect(heap.repeatsGrowing).toBe(0);
    // The floor is 2 KiB per checkpoint over 200-op batches: 10.2 B/op.
    expect(heap.reason).toMatch(/within the noise floor of 10\.2 B\/op/);
  });

  it("keeps the probe's own drift under the floor: a first-use step, then its checkpoint records", () => {
    // Measured on a control that retains nothing (docs/leaks.md): +8.1 KB over the first
    // interval, +0.8 KB over the second, then 0.23 KB per checkpoint (the record itself).
    const drift = (i: number) => (i >= 1 ? 8100 : 0) + (i >= 2 ? 816 : 0) + Math.max(0, i - 2) * 232;
    const runs = makeRuns(5, (seed) => ({ heap: (i) => drift(i) + wobble(seed, 200)(i) }));
    expect(finding(runs, 'heap').status).toBe('stable');
    expect(HEAP_FLOOR_PER_CHECKPOINT).toBe(2048);
    // Four times that steady drift is still not growth; ten times it is.
    const steady = (perCheckpoint: number) =>
      finding(
        makeRuns(5, (seed) => ({ heap: (i) => i * perCheckpoint + wobble(seed, 200)(i) })),
        'heap',
      ).status;
    expect(steady(4 * 232)).toBe('stable');
    expect(steady(10 * 232)).toBe('leaking');
  });

  it('subtracts compiled code when a probe reports code space', () => {
    // JIT code growing 1 KB/op is not a data leak; the same growth in data is.
    const growth = (i: number) => i * 200 * 1024;
    expect(
      finding(
        makeRuns(5, (seed) => ({ heap: wobble(seed, 1000), codeSpace: growth })),
        'heap',
      ).status,
    ).toBe('stable');
    expect(
      finding(
        makeRuns(5, (seed) => ({ heap: (i) => growth(i) + wobble(seed, 1000)(i), codeSpace: () => 0 })),
        'heap',
      ).status,
    ).toBe('leaking');
  });

  it('holds growth against heapPerOp when set, and only downgrades when gating is off', () => {
    const runs = makeRuns(5, (seed) => ({ heap: (i) => i * 200 * 1024 + wobble(seed, 3000)(i) }));
    expect(finding(runs, 'heap', { ...LIMITS, heapPerOp: 2048 }).status).toBe('stable');
    expect(finding(runs, 'heap', { ...LIMITS, heapPerOp: 512 }).status).toBe('leaking');
    const off = finding(runs, 'heap', { ...LIMITS, enabled: false });
    expect(off.status).toBe('suspicious');
    expect(off.reason).toMatch(/leak gating is off/);
  });

  it('gates process runs (no operations) per minute', () => {
    // 10 points a minute apart, 1 MB/min: judged on 10 minutes, over 0.1 MB/min.
    const runs = makeRuns(3, (seed) => ({
      kind: 'process',
      points: 11,
      batch: 60_000,
      msPerOp: 1,
      heap: (i) => i * 1e6 + wobble(seed, 3000)(i),
    }));
    const heap = finding(runs, 'heap');
    expect(heap.basis).toBe('perMin');
    expect(heap.perOp).toBeNull();
    expect(heap.status).toBe('leaking');
    expect(heap.reason).toMatch(/heap grows 1\.0\d MB\/min in 3\/3 repeats/);
  });
});

describe('analyzeLeaks: rss, fd and handles', () => {
  it('never calls RSS leaking on less than a minute of measurement', () => {
    const short = makeRuns(5, (seed) => ({ rss: (i) => i * 2e6 + wobble(seed, 50_000)(i) }));
    const rss = finding(short, 'rss');
    expect(rss.status).toBe('suspicious');
    expect(rss.reason).toMatch(/judged on at least 1 min/);
    // The same growth over 10 minutes of operations (msPerOp 3: 2000 ops = 6 s... so 300 ms/op).
    const long = makeRuns(5, (seed) => ({ msPerOp: 300, rss: (i) => i * 2e6 + wobble(seed, 50_000)(i) }));
    expect(finding(long, 'rss').status).toBe('leaking');
  });

  it('calls one descriptor per op leaking and a lazily opened one stable', () => {
    expect(
      finding(
        makeRuns(3, () => ({ fds: (i) => i * 200 })),
        'fd',
      ).status,
    ).toBe('leaking');
    const lazy = finding(
      makeRuns(3, () => ({ fds: (i) => (i >= 8 ? 1 : 0) })),
      'fd',
    );
    expect(lazy.status).toBe('stable');
  });

  it('skips descriptors where the platform cannot count them', () => {
    expect(
      analyzeLeaks(
        makeRuns(3, () => ({ fds: () => null })),
        LIMITS,
      ).map((item) => item.resource),
    ).not.toContain('fd');
  });

  it('calls a timer per op leaking and a pool that opens 4 handles then stops stable', () => {
    const timers = finding(
      makeRuns(3, () => ({ handles: (i) => i * 200 })),
      'handles',
    );
    expect(timers.status).toBe('leaking');
    expect(timers.basis).toBe('count');
    expect(timers.reason).toMatch(
      /^handles: 2,000 more at the end than at the start \(median\), growing in 3\/3 repeats, linear; limit 0$/,
    );
    const pool = finding(
      makeRuns(3, () => ({ handles: (i) => Math.min(i, 4) })),
      'handles',
    );
    expect(pool.status).toBe('stable');
    expect(pool.shape).toBe('plateau');
  });
});

describe('analyzeLeaks: input', () => {
  it('returns nothing for no runs and for runs with fewer than three checkpoints', () => {
    expect(analyzeLeaks([], LIMITS)).toEqual([]);
    expect(analyzeLeaks([makeRun({ points: 2 })], LIMITS)).toEqual([]);
  });
});

describe('analyzeLeaks: growth that slows down', () => {
  it('is never leaking: a cache still filling and a leak behind a warm-up look alike', () => {
    // 100 KB per batch early, 40 KB per batch late (ratio 0.4 < 1/2), in every repeat.
    const runs = makeRuns(5, (seed) => ({
      heap: (i) => (i <= 5 ? i * 100_000 : 500_000 + (i - 5) * 40_000) + wobble(seed, 2000)(i),
    }));
    const heap = finding(runs, 'heap');
    expect(heap.status).toBe('suspicious');
    expect(heap.shape).toBe('plateau');
    expect(heap.reason).toMatch(/growth slows .*run more ops to tell/);
  });
});
