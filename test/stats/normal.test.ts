import { describe, expect, it } from 'vitest';
import { erfc, normalCdf, normalQuantile, normalSurvival } from '../../harness/stats/normal.js';
import { mulberry32, randomIndex } from '../../harness/stats/random.js';

describe('normal distribution', () => {
  it('matches math.erfc to 12 significant digits on both branches', () => {
    // Python: math.erfc(x)
    const reference: Array<[number, number]> = [
      [0.1, 0.8875370839817152],
      [1, 0.15729920705028513],
      [2, 0.004677734981047265],
      [3, 2.2090496998585438e-5],
      [5, 1.5374597944280351e-12],
      [10, 2.088487583762545e-45],
    ];
    for (const [x, expected] of reference) expect(erfc(x) / expected, `erfc(${x})`).toBeCloseTo(1, 12);
    expect(erfc(-1)).toBeCloseTo(2 - 0.15729920705028513, 14);
  });

  it('inverts the cdf', () => {
    expect(normalQuantile(0.975), 'z 97.5%').toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.001), 'z 0.1%').toBeCloseTo(-3.090232306167813, 11);
    expect(normalCdf(normalQuantile(0.2))).toBeCloseTo(0.2, 14);
    expect(normalSurvival(8) / 6.220960574271819e-16, 'far tail').toBeCloseTo(1, 12);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});

describe('mulberry32', () => {
  it('reproduces the reference sequence for seed 1', () => {
    const random = mulberry32(1);
    expect([random(), random(), random()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
  });

  it('draws indices uniformly enough to resample', () => {
    // 10 bins, 10000 draws: expected 1000 each, sd ~30; a 150 margin is 5 sd.
    const random = mulberry32(9);
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) bins[randomIndex(random, 10)]! += 1;
    for (const count of bins) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });
});
