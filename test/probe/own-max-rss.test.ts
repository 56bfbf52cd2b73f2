import { describe, expect, test } from 'vitest';
import { ownMaxRss, parseVmHwm } from '../../harness/probe/own-max-rss.js';

describe('parseVmHwm', () => {
  test('reads VmHWM in bytes, and nothing from a status without it', () => {
    const status = 'Name:\tnode\nVmPeak:\t 1105528 kB\nVmHWM:\t   51220 kB\nVmRSS:\t   49720 kB\n';
    expect(parseVmHwm(status)).toBe(51220 * 1024);
    expect(parseVmHwm('Name:\tnode\nVmRSS:\t 49720 kB\n')).toBeNull();
  });
});

describe('ownMaxRss', () => {
  test('is at least the RSS now, and never more than getrusage says (which may hold the parent’s pages too)', () => {
    const held = Buffer.alloc(32 * 1024 * 1024, 1);
    const rss = process.memoryUsage.rss();
    const own = ownMaxRss();
    // Both read the same kernel counters in pages; 1% covers what changed between the two reads.
    expect(own).toBeGreaterThanOrEqual(rss * 0.99);
    expect(own).toBeLessThanOrEqual(process.resourceUsage().maxRSS * 1024 * 1.01);
    expect(held.length).toBe(32 * 1024 * 1024);
  });
});
