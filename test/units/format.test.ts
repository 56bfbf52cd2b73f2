import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatChange,
  formatCount,
  formatDelta,
  formatInterval,
  formatMs,
  formatNumber,
  formatRatio,
  formatSigned,
  formatValue,
} from '../../harness/units/format.js';

describe('formatNumber', () => {
  it('keeps three significant digits and groups thousands', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(3.14159)).toBe('3.14');
    expect(formatNumber(31.4159)).toBe('31.4');
    expect(formatNumber(314.159)).toBe('314');
    expect(formatNumber(31_415.9)).toBe('31,416');
    expect(formatNumber(0.0123)).toBe('0.012');
    expect(formatNumber(-2.5)).toBe('−2.50');
  });

  it('rounds before choosing the number of decimals', () => {
    expect(formatNumber(9.996), '9.996').toBe('10.0');
    expect(formatNumber(99.96), '99.96').toBe('100');
    expect(formatNumber(999.6), '999.6').toBe('1,000');
  });
});

describe('formatValue per unit', () => {
  it('bytes in SI steps, as budgets are written', () => {
    expect(formatBytes(612)).toBe('612 B');
    expect(formatBytes(1020)).toBe('1.02 KB');
    expect(formatBytes(40_000_000)).toBe('40.0 MB');
    expect(formatBytes(1_500_000_000)).toBe('1.50 GB');
    expect(formatValue(41_000_000, 'bytes')).toBe('41.0 MB');
  });

  it('bytes/op, bytes/min in MB from 10 KB/min, count/min', () => {
    expect(formatValue(612.4, 'bytes/op')).toBe('612 B/op');
    expect(formatValue(1020, 'bytes/op')).toBe('1.02 KB/op');
    expect(formatValue(120_000, 'bytes/min')).toBe('0.12 MB/min');
    expect(formatValue(310_000, 'bytes/min')).toBe('0.31 MB/min');
    expect(formatValue(2_000, 'bytes/min')).toBe('2.00 KB/min');
    expect(formatValue(5, 'bytes/min')).toBe('5.00 B/min');
    expect(formatValue(0.6, 'count/min')).toBe('0.60/min');
  });

  it('counts, durations, ratios, throughput, plain numbers and missing values', () => {
    expect(formatCount(1234)).toBe('1,234');
    // A median of counts between two whole ones rounds half away from zero; a rate keeps its fraction.
    expect(formatCount(351.5)).toBe('352');
    expect(formatCount(-0.5)).toBe('\u22121');
    expect(formatCount(-0.4)).toBe('0');
    expect(formatValue(351.5, 'count')).toBe('352');
    expect(formatSigned(-0.5, 'count')).toBe('\u22121');
    expect(formatSigned(0.5, 'count')).toBe('+1');
    expect(formatValue(-0.5, 'count/min')).toBe('\u22120.50/min');
    expect(formatValue(40, 'count')).toBe('40');
    expect(formatMs(4.2)).toBe('4.20 ms');
    expect(formatMs(0.85)).toBe('850 µs');
    expect(formatMs(1250)).toBe('1.25 s');
    expect(formatMs(0)).toBe('0 ms');
    expect(formatRatio(0.0312)).toBe('3.12%');
    expect(formatValue(15_200, 'ops/s')).toBe('15,200 ops/s');
    expect(formatValue(0.82, 'number')).toBe('0.82');
    expect(formatValue(null, 'bytes')).toBe('—');
  });
});

describe('signed values and changes', () => {
  it('formats relative change with a true minus sign', () => {
    expect(formatChange(0.124)).toBe('+12.4%');
    expect(formatChange(-0.031)).toBe('−3.1%');
    expect(formatChange(2.5)).toBe('+250%');
    expect(formatChange(154)).toBe('+15,400%');
    expect(formatChange(0.0002), 'rounds to zero: no sign').toBe('0.0%');
    expect(formatChange(null)).toBe('—');
  });

  it('signs deltas and per-op growth', () => {
    expect(formatSigned(1020, 'bytes/op')).toBe('+1.02 KB/op');
    expect(formatSigned(-96_000, 'bytes')).toBe('−96.0 KB');
    expect(formatDelta(1200)).toBe('+1,200');
    expect(formatDelta(-3)).toBe('−3');
    expect(formatDelta(0)).toBe('0');
  });

  it('prints an interval in the scale of its reference value', () => {
    expect(formatInterval(280_000, 350_000, 'bytes/min', 310_000)).toBe('0.28–0.35');
    expect(formatInterval(0.1, 1.2, 'count/min', 0.6)).toBe('0.10–1.20');
  });
});
