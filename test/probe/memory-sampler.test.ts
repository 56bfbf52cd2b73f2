import { setTimeout as sleep } from 'node:timers/promises';
import { expect, test } from 'vitest';
import { FULL_SAMPLE_EVERY, MemorySampler } from '../../harness/probe/memory-sampler.js';
import { resolveGc } from '../../harness/probe/settle.js';

// 8000 arrays of 128 slots: 8000 * (16 + 128 * 8 + 32) bytes, a lower bound of what they hold.
const HELD_BYTES = 8000 * 1072;

test('the timer samples peaks while memory is held, and is not counted as a handle', async () => {
  const gc = resolveGc();
  const sampler = new MemorySampler();
  const timeouts = () => process.getActiveResourcesInfo().filter((type) => type === 'Timeout').length;
  const before = timeouts();
  sampler.start(1);
  expect(timeouts()).toBe(before);
  let held: number[][] | null = Array.from({ length: 8000 }, (_, i) => new Array<number>(128).fill(i));
  // wait for two full samples by the timer (every FULL_SAMPLE_EVERY ticks);
  // on a loaded machine ticks come late, so count them instead of sleeping a fixed time
  while (sampler.timerFullSamples < 2) await sleep(FULL_SAMPLE_EVERY);
  expect(held.length).toBe(8000);
  held = null;
  gc();
  const afterRelease = process.memoryUsage().heapUsed;
  const peaks = sampler.stop();
  // stop() samples too, but the arrays are gone by then: only a timer sample can hold them
  expect(peaks.heapUsedPeak).toBeGreaterThanOrEqual(afterRelease + HELD_BYTES * 0.9);
  expect(peaks.heapTotalPeak).toBeGreaterThanOrEqual(peaks.heapUsedPeak);
  expect(peaks.rssPeak).toBeGreaterThan(peaks.heapUsedPeak);
  // the kernel's high-water mark is at least any RSS sampled
  expect(peaks.maxRss).toBeGreaterThanOrEqual(peaks.rssPeak);
});

test('readRss gives RSS now and the peak so far, which a later reading never lowers', () => {
  const sampler = new MemorySampler();
  const first = sampler.readRss();
  expect(first.now).toBeGreaterThan(0);
  // The peak includes the kernel's high-water mark since exec, so it is at least RSS now.
  expect(first.peak).toBeGreaterThanOrEqual(first.now);
  let held: Buffer | null = Buffer.alloc(16 * 1024 * 1024, 1);
  const holding = sampler.readRss();
  expect(holding.peak).toBeGreaterThanOrEqual(holding.now);
  expect(holding.peak).toBeGreaterThanOrEqual(first.peak);
  expect(held.length).toBe(16 * 1024 * 1024);
  held = null;
  resolveGc()();
  // Released and collected, the peak still holds the RSS seen while the buffer was held.
  expect(sampler.readRss().peak).toBeGreaterThanOrEqual(holding.now);
});
