// The speed canary in this process: a positive reading that repeats. Its
// fastest reading and its median stay within 1.5× of each other on a busy
// machine too, as each reading is already the fastest of three rounds
// (a preemption only makes a round slower).
import { describe, expect, it } from 'vitest';
import { readSpeedCanary } from '../../harness/sampler/speed-canary.js';

describe('readSpeedCanary', () => {
  it('reads a positive time that repeats within a process', () => {
    const readings = Array.from({ length: 7 }, () => readSpeedCanary()).sort((a, b) => a - b);
    const fastest = readings[0] ?? 0;
    const median = readings[3] ?? 0;
    expect(fastest).toBeGreaterThan(0);
    expect(Number.isFinite(median)).toBe(true);
    expect(median / fastest).toBeLessThan(1.5);
  });
});
