import { describe, expect, test } from 'vitest';
import { opsForTime } from '../../harness/probe/size-run.js';

describe('opsForTime', () => {
  test('fills the time at the measured pace', () => {
    expect(opsForTime(500, 0.1)).toBe(5000);
    expect(opsForTime(500, 0.0003)).toBe(1_666_667);
  });

  test('stays within 20 and 5,000,000 ops, and takes the most when the pace is unmeasured', () => {
    expect(opsForTime(500, 100)).toBe(20);
    expect(opsForTime(500, 0.00001)).toBe(5_000_000);
    expect(opsForTime(500, 0)).toBe(5_000_000);
    expect(opsForTime(500, Number.NaN)).toBe(5_000_000);
  });
});
