import { describe, expect, it } from 'vitest';
import {
  parseBytes,
  parseDuration,
  parseFrequency,
  parseMetricValue,
  parsePercent,
} from '../../harness/units/parse.js';

describe('parseBytes', () => {
  it('reads SI prefixes as powers of 1000 and binary ones as powers of 1024', () => {
    expect(parseBytes('40MB'), '40MB').toBe(40_000_000);
    expect(parseBytes('512KB'), '512KB').toBe(512_000);
    expect(parseBytes('2GB'), '2GB').toBe(2e9);
    expect(parseBytes('1.5MiB'), '1.5MiB').toBe(1_572_864);
    expect(parseBytes('512KiB'), '512KiB').toBe(524_288);
    expect(parseBytes('1GiB'), '1GiB').toBe(1_073_741_824);
    expect(parseBytes('64B'), '64B').toBe(64);
  });

  it('takes bare numbers as bytes, ignores case and spaces', () => {
    expect(parseBytes(1024)).toBe(1024);
    expect(parseBytes('1024')).toBe(1024);
    expect(parseBytes(' 40 mb ')).toBe(40_000_000);
    expect(parseBytes('1e3KB')).toBe(1_000_000);
    expect(parseBytes('.5KB')).toBe(500);
  });

  it('gives the decimal a human wrote, not a neighbour one ulp off', () => {
    // 1.005 * 1000 is 1004.9999999999999 in binary floating point.
    expect(parseBytes('1.005KB')).toBe(1005);
    expect(parseBytes('1.001MB')).toBe(1_001_000);
  });

  it('names what it expected and what it got', () => {
    expect(() => parseBytes('40 megs')).toThrow('expected a size such as "40MB", "512KiB" or 1024, got "40 megs"');
    expect(() => parseBytes('MB')).toThrow(TypeError);
    expect(() => parseBytes('')).toThrow(/got ""/);
  });
});

describe('parseDuration', () => {
  it('reads every unit into milliseconds', () => {
    expect(parseDuration('5ms'), 'ms').toBe(5);
    expect(parseDuration('2s'), 's').toBe(2000);
    expect(parseDuration('1.5m'), 'm').toBe(90_000);
    expect(parseDuration('10min'), 'min').toBe(600_000);
    expect(parseDuration('6h'), 'h').toBe(21_600_000);
    expect(parseDuration('1d'), 'd').toBe(86_400_000);
    expect(parseDuration('250us'), 'us').toBe(0.25);
    expect(parseDuration('250µs'), 'micro sign').toBe(0.25);
    expect(parseDuration('250μs'), 'greek mu').toBe(0.25);
    expect(parseDuration('500ns'), 'ns').toBe(0.0005);
    expect(parseDuration('1.1s'), '1.1s').toBe(1100);
  });

  it('takes bare numbers as milliseconds and rejects unknown units', () => {
    expect(parseDuration(30)).toBe(30);
    expect(parseDuration('30')).toBe(30);
    expect(() => parseDuration('5 fortnights')).toThrow(
      'expected a duration such as "5ms", "30s" or "6h", got "5 fortnights"',
    );
  });
});

describe('parsePercent and parseFrequency', () => {
  it('reads percentages as ratios, exactly', () => {
    expect(parsePercent('10%')).toBe(0.1);
    expect(parsePercent('12.5%')).toBe(0.125);
    // 0.7 / 100 is 0.006999999999999999 in binary floating point.
    expect(parsePercent('0.7%')).toBe(0.007);
    expect(parsePercent('1.1%')).toBe(0.011);
    expect(parsePercent('0.05')).toBe(0.05);
    expect(parsePercent(0.2)).toBe(0.2);
    expect(() => parsePercent('10 percent')).toThrow(
      'expected a percentage such as "10%" or a ratio such as 0.1, got "10 percent"',
    );
  });

  it('reads frequencies per second', () => {
    expect(parseFrequency('2Hz')).toBe(2);
    expect(parseFrequency('120/min')).toBe(2);
    expect(parseFrequency('0.5/s')).toBe(0.5);
    expect(parseFrequency('3')).toBe(3);
    expect(parseFrequency(4)).toBe(4);
    expect(parseFrequency('1/min')).toBe(Number((1 / 60).toPrecision(15)));
    expect(() => parseFrequency('2/h')).toThrow('expected a rate such as "2Hz", "120/min" or 2, got "2/h"');
  });
});

describe('parseMetricValue', () => {
  it('reads each unit of the catalogue', () => {
    expect(parseMetricValue('40MB', 'bytes'), 'bytes').toBe(40_000_000);
    expect(parseMetricValue('64B', 'bytes/op'), 'bytes/op').toBe(64);
    expect(parseMetricValue('64B/op', 'bytes/op'), 'bytes/op suffix').toBe(64);
    expect(parseMetricValue('1KiB/op', 'bytes/op'), 'KiB/op').toBe(1024);
    expect(parseMetricValue('5ms', 'ms'), 'ms').toBe(5);
    expect(parseMetricValue('0.1s', 'ms'), 's').toBe(100);
    expect(parseMetricValue('5%', 'ratio'), 'ratio %').toBe(0.05);
    expect(parseMetricValue('0.05', 'ratio'), 'ratio').toBe(0.05);
    expect(parseMetricValue('500', 'count'), 'count').toBe(500);
    expect(parseMetricValue('1200', 'ops/s'), 'ops/s').toBe(1200);
    expect(parseMetricValue('5%', 'number'), 'number %').toBe(0.05);
    expect(parseMetricValue(7, 'bytes'), 'numbers pass through').toBe(7);
  });

  it('converts rates to per minute', () => {
    expect(parseMetricValue('0.1MB/min', 'bytes/min'), '0.1MB/min').toBe(100_000);
    expect(parseMetricValue('6MB/h', 'bytes/min'), '6MB/h').toBe(100_000);
    expect(parseMetricValue('1KB/s', 'bytes/min'), '1KB/s').toBe(60_000);
    expect(parseMetricValue('1MB/2min', 'bytes/min'), 'a number in the denominator').toBe(500_000);
    expect(parseMetricValue('2MB', 'bytes/min'), 'no slash: per minute').toBe(2_000_000);
    expect(parseMetricValue('0.1/min', 'count/min'), '0.1/min').toBe(0.1);
    expect(parseMetricValue('6/h', 'count/min'), '6/h').toBe(0.1);
    expect(parseMetricValue('1/s', 'count/min'), '1/s').toBe(60);
    expect(parseMetricValue('3', 'count/min'), 'bare count/min').toBe(3);
  });

  it('says what it expected when a value does not fit the unit', () => {
    expect(() => parseMetricValue('0.1MB/op', 'bytes/min')).toThrow(
      'expected a rate such as "0.1MB/min" or "6MB/h", got "0.1MB/op"',
    );
    expect(() => parseMetricValue('lots/min', 'count/min')).toThrow(
      'expected a rate such as "0.1/min" or "6/h", got "lots/min"',
    );
    expect(() => parseMetricValue('1MB/0s', 'bytes/min')).toThrow('expected a finite bytes/min value, got "1MB/0s"');
    expect(() => parseMetricValue('5 things', 'count')).toThrow('expected a number, got "5 things"');
    expect(() => parseMetricValue('', 'count')).toThrow('expected a number, got ""');
    expect(() => parseMetricValue('40MB', 'ms')).toThrow(/expected a duration/);
    expect(() => parseMetricValue('5ms', 'bytes')).toThrow(/expected a size/);
  });
});
