// Growth limits as the teams write them (config/growth-limits.ts).
import { describe, expect, it } from 'vitest';
import { readGrowthLimit, resolveGrowthLimits } from '../../harness/config/growth-limits.js';
import { resolveLeakLimits } from '../../harness/config/leak-limits.js';

describe('growth limits', () => {
  it('reads rates per hour or minute, keeping the unit written', () => {
    const goroutines = readGrowthLimit('custom.goroutines', '5/h', 'k');
    expect(goroutines).toMatchObject({
      target: 'custom.goroutines',
      unit: 'count',
      text: '5/h',
      kind: 'rate',
      per: 'h',
    });
    expect(goroutines.limit).toBeCloseTo(5 / 60, 12);
    expect(readGrowthLimit('rss', '20MB/h', 'k')).toMatchObject({ kind: 'rate', unit: 'bytes', per: 'h' });
    expect(readGrowthLimit('rss', '20MB/h', 'k').limit).toBeCloseTo(20e6 / 60, 6);
    expect(readGrowthLimit('fd', '0.1/min', 'k')).toMatchObject({ kind: 'rate', limit: 0.1, per: 'min' });
  });

  it('reads a share of the start and "stable"', () => {
    expect(readGrowthLimit('rss', '10%', 'k')).toMatchObject({ kind: 'relative', limit: 0.1 });
    expect(readGrowthLimit('custom.dbConns', 'stable', 'k')).toMatchObject({ kind: 'stable', limit: 0 });
  });

  it('custom metrics declared in bytes read byte rates', () => {
    const [limit] = resolveGrowthLimits({
      workloadGrowth: { 'custom.cache': '1MB/h' },
      customUnits: { cache: 'bytes' },
    });
    expect(limit).toMatchObject({ unit: 'bytes', kind: 'rate', per: 'h' });
  });

  it('names the key and the fix for a bad target or value', () => {
    expect(() => readGrowthLimit('rss.peak', '10%', 'growth["rss.peak"]')).toThrow(
      'growth["rss.peak"]: expected a series to limit — rss, fd, heap or "custom.<name>" — found "rss.peak"',
    );
    expect(() => readGrowthLimit('custom.x', '5', 'growth["custom.x"]')).toThrow(
      /^growth\["custom\.x"\]: expected a rate such as "5\/h", "0\.1\/min", a share of the start such as "10%", or "stable", got "5"/,
    );
    expect(() => readGrowthLimit('rss', '-5%', 'k')).toThrow(/below zero/);
  });

  it('leak.rssGrowth is growth.rss; the workload overrides the config; rates remember /h', () => {
    const limits = resolveLeakLimits(
      { leak: { rssGrowth: '10%', rssRate: '20MB/h' }, growth: { 'custom.a': '1/h' } },
      { leak: {}, growth: { 'custom.a': 'stable' } },
    );
    expect(limits.growth?.map((g) => [g.target, g.text])).toEqual([
      ['rss', '10%'],
      ['custom.a', 'stable'],
    ]);
    expect(limits.ratePer).toEqual({ rss: 'h' });
    expect(limits.rssRate).toBeCloseTo(20e6 / 60, 6);
  });
});
