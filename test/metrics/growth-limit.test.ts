// Growth limits against synthetic runs (metrics/growth-limit.ts): the
// evidence rules, the floors, the unit written, and unmeasured series.
import { describe, expect, it } from 'vitest';
import { checkGrowthLimits, growthFloor } from '../../harness/metrics/growth-limit.js';
import { readGrowthLimit } from '../../harness/config/growth-limits.js';
import { rawRun, treeSample } from '../fixtures/stats/raw-run.js';
import type { RawRun } from '../../harness/model/raw-run.js';

// 21 log lines over 2 minutes (every 6 s), values from `at(i)`.
function logged(name: string, at: (i: number) => number): RawRun {
  const points = Array.from({ length: 21 }, (_, i): [number, number] => [i * 6000, at(i)]);
  return rawRun({ kind: 'process', ops: 0, customSeries: { [name]: points }, tree: [treeSample({ tMs: 0 })] });
}

// RSS sampled every second for 60 s, from `start`, growing `share` of it linearly, with ±0.2% jitter.
function rssRun(start: number, share: number, seed: number): RawRun {
  const tree = Array.from({ length: 61 }, (_, i) =>
    treeSample({ tMs: i * 1000, rss: Math.round(start * (1 + (share * i) / 60 + 0.002 * Math.sin(i * 7 + seed))) }),
  );
  return rawRun({ kind: 'process', ops: 0, tree });
}

const limit = (target: string, text: string) => readGrowthLimit(target, text, `growth["${target}"]`);

describe('growth limits', () => {
  it("fails 18 → 56 goroutines over a 2-minute run against '5/h', shown per hour", () => {
    const runs = [0, 1, 2].map(() => logged('goroutines', (i) => Math.round(18 + (38 * i) / 20)));
    const [check] = checkGrowthLimits(runs, [limit('custom.goroutines', '5/h')]);
    expect(check?.status).toBe('over-limit');
    expect(check?.unit).toBe('count/h');
    // 38 in 2 minutes is 1140 per hour.
    expect(check?.value).toBeCloseTo(1140, -1);
    expect(check?.reason).toMatch(
      /^custom\.goroutines grows \+1,1\d\d\/h \(95% CI .*\/h\); beyond the limit in 3\/3 repeats; limit 5\/h — over the limit$/,
    );
  });

  it('needs every repeat: one flat repeat out of three keeps it from failing', () => {
    const runs = [logged('g', (i) => 18 + 2 * i), logged('g', (i) => 18 + 2 * i), logged('g', () => 18)];
    expect(checkGrowthLimits(runs, [limit('custom.g', '5/h')])[0]?.status).toBe('within');
  });

  it("'stable' fails steady growth beyond the floor of 1 and passes a count that wobbles", () => {
    const growing = [logged('db', (i) => 4 + Math.floor(i / 4))];
    expect(checkGrowthLimits(growing, [limit('custom.db', 'stable')])[0]?.status).toBe('over-limit');
    const wobbling = [logged('db', (i) => 4 + (i % 2))];
    const [check] = checkGrowthLimits(wobbling, [limit('custom.db', 'stable')]);
    expect(check?.status).toBe('within');
    expect(check?.reason).toContain('limit stable (no supported growth beyond 1)');
    expect(growthFloor(limit('rss', 'stable'))).toBe(4 * 1024 * 1024);
  });

  it('a 10% limit fails 15% growth over the run and passes 3%', () => {
    const at15 = checkGrowthLimits(
      [1, 2, 3].map((s) => rssRun(20e6, 0.15, s)),
      [limit('rss', '10%')],
    )[0];
    expect(at15?.status).toBe('over-limit');
    expect(at15?.value).toBeCloseTo(0.15, 2);
    const at3 = checkGrowthLimits(
      [1, 2, 3].map((s) => rssRun(20e6, 0.03, s)),
      [limit('rss', '10%')],
    )[0];
    expect(at3?.status).toBe('within');
    expect(at3?.reason).toMatch(/limit 10% — within$/);
  });

  it('says "not enough evidence yet" when growth beyond the limit is not supported in every repeat', () => {
    // 16% growth over a minute, but so noisy that the interval reaches below 10%.
    const noisy = (seed: number) =>
      rawRun({
        kind: 'process',
        ops: 0,
        tree: Array.from({ length: 13 }, (_, i) =>
          treeSample({ tMs: i * 5000, rss: Math.round(20e6 * (1 + (0.16 * i) / 12 + 0.08 * Math.sin(i * 3 + seed))) }),
        ),
      });
    const [check] = checkGrowthLimits([noisy(1), noisy(2)], [limit('rss', '10%')]);
    expect(check?.status).toBe('within');
    expect(check?.reason).toMatch(/not enough evidence yet: run longer to tell$/);
  });

  it('a rate limit below the floor cannot fail a short run: 1 MB over 2 minutes is under the 4 MiB RSS floor', () => {
    const slow = rawRun({
      kind: 'process',
      ops: 0,
      tree: Array.from({ length: 25 }, (_, i) => treeSample({ tMs: i * 5000, rss: 20e6 + i * (1e6 / 24) })),
    });
    const [check] = checkGrowthLimits([slow], [limit('rss', '20MB/h')]);
    expect(check?.unit).toBe('bytes/h');
    expect(check?.value).toBeCloseTo(30e6, -5);
    expect(check?.status).toBe('within');
    expect(check?.reason).toContain('not enough evidence yet');
  });

  it('a series with too few readings in any repeat is unmeasured, with why', () => {
    const few = rawRun({ kind: 'process', ops: 0, customSeries: { g: [[0, 1]] } });
    const [check] = checkGrowthLimits([logged('g', () => 1), few], [limit('custom.g', '5/h')]);
    expect(check).toMatchObject({ id: 'growth.custom.g', status: 'unmeasured', value: null });
    expect(check?.reason).toBe(
      'repeat 2 had 1 log lines carrying it in the measured phase, 3 needed — log more often or run longer; growth limit 5/h not checked, so it fails',
    );
  });
});
