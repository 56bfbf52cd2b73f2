import { describe, expect, it } from 'vitest';
import { runDriver, type DrivePlan } from '../../harness/runner/process/drive.js';

const plan = (overrides: Partial<DrivePlan>): DrivePlan => ({
  op: () => undefined,
  ratePerSec: null,
  ops: null,
  durationMs: null,
  concurrency: 1,
  port: 4000,
  pid: 1,
  ...overrides,
});

describe('the load driver', () => {
  it('runs exactly `ops` operations, passing index, port and pid, and counts errors', async () => {
    const seen: number[] = [];
    const result = await runDriver(
      plan({
        ops: 50,
        op: async (ctx) => {
          seen.push(ctx.index);
          expect(ctx.port).toBe(4000);
          if (ctx.index % 10 === 0) throw new Error(`boom ${ctx.index}`);
        },
      }),
      new AbortController().signal,
    );
    expect(result.ops).toBe(50);
    expect(result.errors).toBe(5);
    expect(result.firstError).toBe('boom 0');
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(result.latency?.count, 'latency of the successful ones').toBe(45);
    expect(result.latency?.errors).toBe(5);
  });

  // 20 ops at 100 Hz are scheduled at 0, 10, ..., 190 ms: the run cannot end before 190ms.
  // It may end later on a loaded machine, but a driver that bursts would finish in ~0ms.
  it('spaces operations by the rate instead of running them back to back', async () => {
    const result = await runDriver(plan({ ops: 20, ratePerSec: 100 }), new AbortController().signal);
    expect(result.ops).toBe(20);
    expect(result.wallMs).toBeGreaterThanOrEqual(185);
  });

  it('keeps at most `concurrency` operations in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const result = await runDriver(
      plan({
        ops: 40,
        concurrency: 4,
        op: async () => {
          most = Math.max(most, ++inFlight);
          await new Promise((resolve) => setTimeout(resolve, 2));
          inFlight--;
        },
      }),
      new AbortController().signal,
    );
    expect(result.ops).toBe(40);
    expect(most).toBe(4);
  });

  it('stops launching operations when stopped, and finishes the ones in flight', async () => {
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);
    const result = await runDriver(plan({ ratePerSec: 50 }), stop.signal);
    // 50 Hz for ~100ms: about 5-6 ops; never the unbounded count an unstoppable driver would reach.
    expect(result.ops).toBeGreaterThanOrEqual(1);
    expect(result.ops).toBeLessThanOrEqual(12);
  });
});
