import { describe, expect, it } from 'vitest';
import { BoundedSeries } from '../../harness/sampler/bounded-series.js';

describe('BoundedSeries', () => {
  it('keeps everything until the capacity is reached', () => {
    const series = new BoundedSeries<number>(8);
    for (let i = 0; i < 7; i++) series.add(i);
    expect(series.values()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(series.step).toBe(1);
  });

  it('thins to every 2nd, then 4th item, always ending with the newest', () => {
    const series = new BoundedSeries<number>(8);
    for (let i = 0; i < 8; i++) series.add(i);
    expect(series.values()).toEqual([0, 2, 4, 6, 7]);
    for (let i = 8; i < 17; i++) series.add(i);
    expect(series.step).toBe(4);
    expect(series.values()).toEqual([0, 4, 8, 12, 16]);
    series.add(17);
    expect(series.values()).toEqual([0, 4, 8, 12, 16, 17]);
  });

  // A 6-hour soak sampled every 100ms is 216,000 samples; a million shows the bound holds far beyond.
  it('stays within its capacity for a million samples, evenly spaced over the whole run', () => {
    const series = new BoundedSeries<{ t: number }>(2048);
    for (let t = 0; t < 1_000_000; t++) series.add({ t });
    const kept = series.values();
    expect(series.total).toBe(1_000_000);
    expect(kept.length).toBeLessThanOrEqual(2048 + 1);
    expect(kept.length).toBeGreaterThanOrEqual(1024);
    expect(kept[0]?.t).toBe(0);
    expect(kept.at(-1)?.t).toBe(999_999);
    const gaps = new Set(
      kept
        .slice(0, -1)
        .map((item, i) => (kept[i + 1]?.t ?? 0) - item.t)
        .slice(0, -1),
    );
    expect([...gaps]).toEqual([series.step]);
  });
});
