import { describe, expect, it } from 'vitest';
import { gradeMetric, worstGrade, type MetricSeries } from '../../harness/metrics/log-grade.js';
import { mulberry32 } from '../../harness/stats/index.js';

const HOUR = 3_600_000;

// One sample a minute for `hours`, value = level(hours) plus seeded jitter of ±jitter.
function series(
  hours: number,
  level: (h: number) => number,
  jitter: number,
  unit: 'bytes' | 'count' = 'bytes',
): MetricSeries {
  const random = mulberry32(11);
  const tMs: number[] = [];
  const values: number[] = [];
  for (let minute = 0; minute <= hours * 60; minute++) {
    tMs.push(minute * 60_000);
    values.push(level(minute / 60) + (random() * 2 - 1) * jitter);
  }
  return { metric: 'rss', unit, tMs, values };
}

describe('gradeMetric', () => {
  it('calls steady fast growth abnormal and the same rise levelling off suspicious', () => {
    const linear = gradeMetric(series(2, (h) => 200e6 + 60e6 * h, 2e6));
    expect(linear.grade).toBe('abnormal');
    expect(linear.steady).toBe(true);
    // A cache filling up: fast in the first half hour, flat after. Real growth, far past the line, not steady.
    const plateau = gradeMetric(series(2, (h) => 200e6 + 120e6 * Math.min(h, 0.9) + 10e6 * h, 2e6));
    expect(plateau.growing).toBe(true);
    expect(plateau.steady).toBe(false);
    expect(plateau.grade).toBe('suspicious');
    expect(plateau.reason).toMatch(/slowing down/);
  });

  it('calls exponential growth abnormal: it speeds up, never slows', () => {
    const grade = gradeMetric(series(3, (h) => 100e6 * Math.exp(0.2 * h), 1e6));
    expect(grade.grade).toBe('abnormal');
  });

  it('keeps growth below 20 MB/h normal even when it is certain', () => {
    const grade = gradeMetric(series(4, (h) => 800e6 + 10e6 * h, 1e6));
    expect(grade.growing).toBe(true);
    expect(grade.grade).toBe('normal');
    expect(grade.reason).toMatch(/within the normal range/);
  });

  it('needs growth past the 4 MiB noise floor and six samples before anything is growing', () => {
    // 1.5 MB/h over 2 h: 3 MB in all, certain but under the floor.
    const small = gradeMetric(series(2, (h) => 50e6 + 1.5e6 * h, 0));
    expect(small.growing).toBe(false);
    expect(small.reason).toMatch(/noise floor of 4 MiB/);
    const few = gradeMetric({
      metric: 'x',
      unit: 'count',
      tMs: [0, 1, 2, 3, 4].map((h) => h * HOUR),
      values: [1, 50, 100, 150, 200],
    });
    expect(few.grade).toBe('normal');
    expect(few.reason).toMatch(/5 samples, fewer than 6/);
  });

  it('grades a count in percent per hour only', () => {
    const goroutines = gradeMetric(series(2, (h) => 18 + 19 * h, 0.4, 'count'));
    expect(goroutines.sharePerHour?.slope).toBeGreaterThan(0.9);
    expect(goroutines.grade).toBe('abnormal');
    const flat = gradeMetric(series(2, () => 40, 1, 'count'));
    expect(flat.grade).toBe('normal');
  });

  it('takes the worst grade of several', () => {
    expect(worstGrade([])).toBe('normal');
    expect(worstGrade(['normal', 'abnormal', 'suspicious'])).toBe('abnormal');
    expect(worstGrade(['normal', 'suspicious'])).toBe('suspicious');
  });
});
