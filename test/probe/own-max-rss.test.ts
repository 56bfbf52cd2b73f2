import { describe, expect, test } from 'vitest';
import { ownMaxRss } from '../../harness/probe/own-max-rss.js';

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
