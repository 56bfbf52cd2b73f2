// Contention rules with exact numbers: the pressure of a repeat from two
// readings, the thresholds, and which verdicts turn `contended`.
import { describe, expect, it } from 'vitest';
import {
  CONTENTION_THRESHOLDS,
  describePressure,
  isContended,
  isContentionSensitiveMetric,
  isWallClockMetric,
  markContended,
  pressureBetween,
} from '../../harness/compare/contention.js';
import { compareWorkload } from '../../harness/compare/workload.js';
import { baselineOf, measurement, policyOf } from '../fixtures/compare/make.js';

const calm = { stall: 0.02, loadPerCore: 0.4, cpuPerWall: 0.98 };
const busy = { stall: 0.6, loadPerCore: 2.5, cpuPerWall: 0.41 };

/** A pressure reading at `ms` with the machine's busy and stolen ticks and memgate's own CPU time. */
const snapshotAt = (ms: number, ticks: { busy: number; steal: number }, ownCpuMs = 0) => ({
  at: ms,
  stallUs: 0,
  loadPerCore: 0.5,
  childCpuMs: 0,
  ownCpuMs,
  cpuTicks: ticks,
});

describe('pressureBetween and isContended', () => {
  it('divides the stall and child CPU time by the wall time', () => {
    const p = pressureBetween(
      { at: 1000, stallUs: 5_000_000, loadPerCore: 0.3, childCpuMs: 100 },
      { at: 3000, stallUs: 5_500_000, loadPerCore: 0.7, childCpuMs: 1700 },
    );
    expect(p).toEqual({ cpuWait: null, stall: 0.25, loadPerCore: 0.7, cpuPerWall: 0.8, steal: null, ownShare: null });
  });

  it("takes the measured thread's CPU wait as a share of its runnable time, once it was runnable for 50 ms", () => {
    const before = { at: 0, stallUs: 0, loadPerCore: 0.3, childCpuMs: 0 };
    const after = { at: 1000, stallUs: 300_000, loadPerCore: 0.3, childCpuMs: 900 };
    expect(pressureBetween(before, after, { runMs: 600, waitMs: 200 }).cpuWait).toBe(0.25);
    // 40 ms of runnable time: a few wake-ups of an idle process, no share to go by.
    expect(pressureBetween(before, after, { runMs: 30, waitMs: 10 }).cpuWait).toBeNull();
    expect(pressureBetween(before, after, null).cpuWait).toBeNull();
  });

  it("decides on the measured thread's CPU wait where there is one, whatever PSI says", () => {
    // PSI counts the process's own GC helpers: 30% with nothing else running (docs/shared-runners.md).
    expect(isContended({ ...calm, stall: 0.3, cpuWait: 0.05 })).toBe(false);
    expect(isContended({ ...calm, cpuWait: CONTENTION_THRESHOLDS.cpuWait })).toBe(false);
    expect(isContended({ ...calm, cpuWait: CONTENTION_THRESHOLDS.cpuWait + 0.01 })).toBe(true);
    expect(isContended({ ...busy, cpuWait: null })).toBe(true);
  });

  it('counts a moderate wait as contended when the machine is busy too: the GC helpers lose their core', () => {
    const { sharedCpuWait, sharedStall } = CONTENTION_THRESHOLDS;
    // Measured: lru-cache beside another benchmark, CPU wait 17–23%, PSI 41–57%, GC pause P95 4–7× its baseline.
    expect(isContended({ ...calm, cpuWait: 0.2, stall: 0.48 })).toBe(true);
    expect(isContended({ ...calm, cpuWait: sharedCpuWait + 0.01, stall: sharedStall + 0.01 })).toBe(true);
    // At rest: stream-zlib waits up to 19% beside its own zlib threads (PSI 20–25%), http-loopback's PSI reads up to 34%.
    expect(isContended({ ...calm, cpuWait: 0.19, stall: 0.25 })).toBe(false);
    expect(isContended({ ...calm, cpuWait: 0.02, stall: 0.34 })).toBe(false);
    expect(isContended({ ...calm, cpuWait: sharedCpuWait, stall: 0.9 })).toBe(false);
    expect(isContended({ ...calm, cpuWait: 0.2, stall: sharedStall })).toBe(false);
    expect(isContended({ ...calm, cpuWait: 0.2, stall: null })).toBe(false);
  });

  it('names the CPU wait first in the reason', () => {
    expect(describePressure([{ ...calm, cpuWait: 0.56, stall: 0.4 }, calm])).toBe(
      'CPU contended in 1 of 2 repeats (CPU wait 56% of runnable time, PSI stall 40%, CPU/wall 0.98)',
    );
  });

  it('uses PSI when there is PSI, and load per core only without it', () => {
    expect(isContended(calm)).toBe(false);
    expect(isContended(busy)).toBe(true);
    expect(isContended({ ...calm, loadPerCore: 5 })).toBe(false);
    expect(isContended({ stall: null, loadPerCore: CONTENTION_THRESHOLDS.loadPerCore + 0.01, cpuPerWall: null })).toBe(
      true,
    );
    expect(isContended({ stall: CONTENTION_THRESHOLDS.stall, loadPerCore: 0, cpuPerWall: null })).toBe(false);
  });

  it('takes the stolen share of the busy CPU time between two readings, once there were 20 busy ticks', () => {
    const at = (ms: number, busy: number, steal: number) => snapshotAt(ms, { busy, steal });
    expect(pressureBetween(at(0, 1000, 50), at(2000, 1200, 62)).steal).toBe(0.06);
    expect(pressureBetween(at(0, 1000, 50), at(100, 1019, 55)).steal).toBeNull();
    expect(pressureBetween({ ...at(0, 0, 0), cpuTicks: null }, at(2000, 200, 20)).steal).toBeNull();
  });

  it('counts a repeat whose host stole more than 5% of the busy CPU time as contended, whatever the waits', () => {
    const { steal } = CONTENTION_THRESHOLDS;
    // Measured: lru-cache's GC time 41–64 ms at 5.5–10.6% steal, 25–35 ms at 0–0.3%.
    expect(isContended({ ...calm, cpuWait: 0.01, steal: 0.106 })).toBe(true);
    expect(isContended({ ...calm, cpuWait: 0.01, steal: steal + 0.001 })).toBe(true);
    expect(isContended({ ...calm, cpuWait: 0.01, steal })).toBe(false);
    expect(isContended({ ...calm, cpuWait: 0.01, steal: 0.003 })).toBe(false);
    expect(isContended({ ...calm, cpuWait: 0.01, steal: null })).toBe(false);
  });

  it("takes the repeat's own share of the machine's busy CPU time, once there were 20 busy ticks", () => {
    const at = (ms: number, busy: number, ownCpuMs: number) => ({
      at: ms,
      stallUs: 0,
      loadPerCore: 0.5,
      childCpuMs: 0,
      ownCpuMs,
      cpuTicks: { busy, steal: 0 },
    });
    // 200 busy ticks of 10 ms = 2 000 ms of busy CPU, 1 900 ms of it memgate's and its children's.
    expect(pressureBetween(at(0, 1000, 500), at(1500, 1200, 2400)).ownShare).toBe(0.95);
    expect(pressureBetween(at(0, 1000, 500), at(100, 1019, 600)).ownShare).toBeNull();
    expect(pressureBetween({ ...at(0, 1000, 0), ownCpuMs: null }, at(1500, 1200, 2400)).ownShare).toBeNull();
  });

  it('does not count waits as contention when the repeat itself used nearly all the busy CPU time', () => {
    const { ownShare } = CONTENTION_THRESHOLDS;
    // Measured: a stream-zlib GC regression waited 11–23% with PSI 36–37%, all its own threads (own share ~1).
    const ownWaits = { ...calm, cpuWait: 0.23, stall: 0.37 };
    expect(isContended({ ...ownWaits, ownShare: null })).toBe(true);
    expect(isContended({ ...ownWaits, ownShare: 0.99 })).toBe(false);
    expect(isContended({ ...ownWaits, ownShare })).toBe(false);
    // With a busy-looping neighbour on the other core, the own share read 47–51%.
    expect(isContended({ ...ownWaits, ownShare: 0.5 })).toBe(true);
    expect(isContended({ ...calm, cpuWait: 0.6, ownShare: ownShare - 0.01 })).toBe(true);
    // The host's steal is never the repeat's own.
    expect(isContended({ ...calm, cpuWait: 0.01, steal: 0.08, ownShare: 1 })).toBe(true);
  });

  it('counts a small wait as contended when a neighbour used a notable share of the CPU, whatever PSI says', () => {
    const { crowdedCpuWait, crowdedOwnShare } = CONTENTION_THRESHOLDS;
    // Measured beside one busy-looping process: lru-cache waited 19–23% (PSI 21–26%, own share 50–52%),
    // json-roundtrip 5–8% (PSI 13–16%); their GC pause P95 and P99 read about 3× their baselines.
    expect(isContended({ ...calm, cpuWait: 0.21, stall: 0.23, ownShare: 0.5 })).toBe(true);
    expect(isContended({ ...calm, cpuWait: 0.05, stall: 0.14, ownShare: 0.5 })).toBe(true);
    expect(isContended({ ...calm, cpuWait: crowdedCpuWait + 0.01, stall: 0, ownShare: crowdedOwnShare - 0.01 })).toBe(
      true,
    );
    // At rest: the in-process samples wait 0–2% with an own share of 94–100%. A crowded machine whose
    // neighbour left the measured thread its CPU (a machine with cores to spare) is no contention either.
    expect(isContended({ ...calm, cpuWait: 0.02, stall: 0.13, ownShare: 0.95 })).toBe(false);
    expect(isContended({ ...calm, cpuWait: crowdedCpuWait, stall: 0, ownShare: 0.5 })).toBe(false);
    expect(isContended({ ...calm, cpuWait: 0.2, stall: 0.2, ownShare: crowdedOwnShare })).toBe(false);
    expect(isContended({ ...calm, cpuWait: 0.2, stall: 0.2, ownShare: null })).toBe(false);
    // The reason names the share that decided.
    expect(describePressure([{ ...calm, cpuWait: 0.21, stall: 0.23, ownShare: 0.5 }])).toBe(
      'CPU contended in 1 of 1 repeats (CPU wait 21% of runnable time, PSI stall 23%, own share 50% of busy CPU time, CPU/wall 0.98)',
    );
  });

  it('shows a range whose ends round alike as one figure', () => {
    expect(
      describePressure([
        { ...calm, cpuWait: 0.261, stall: 0.061 },
        { ...calm, cpuWait: 0.3, stall: 0.058 },
      ]),
    ).toBe('CPU contended in 2 of 2 repeats (CPU wait 26%–30% of runnable time, PSI stall 6%, CPU/wall 0.98)');
  });

  it('names the stolen share first when the host took the CPUs', () => {
    expect(
      describePressure([
        { ...calm, cpuWait: 0.01, steal: 0.066 },
        { ...calm, cpuWait: 0.02, steal: 0.106 },
        { ...calm, cpuWait: 0.01, steal: 0.002 },
      ]),
    ).toBe(
      'CPU contended in 2 of 3 repeats (steal 7%–11% of busy CPU time, CPU wait 1%–2% of runnable time, PSI stall 2%, CPU/wall 0.98)',
    );
  });

  it('knows which metrics are wall time', () => {
    for (const id of ['gc.pause.p95', 'latency.p50', 'throughput', 'gc.timeFraction', 'gc.time', 'shutdown.time'])
      expect(isWallClockMetric(id)).toBe(true);
    for (const id of ['alloc.perOp', 'gc.count', 'heap.used.peak', 'fd.peak', 'rss.peak'])
      expect(isWallClockMetric(id)).toBe(false);
  });

  it('counts heap growth per op as moved by contention (JIT timing), not allocation or sizes', () => {
    expect(isContentionSensitiveMetric('leak.heap.perOp')).toBe(true);
    expect(isContentionSensitiveMetric('gc.pause.p95')).toBe(true);
    for (const id of ['alloc.perOp', 'heap.used.peak', 'fd.growth', 'rss.peak'])
      expect(isContentionSensitiveMetric(id)).toBe(false);
  });
});

describe('markContended', () => {
  const policy = policyOf();
  const base = measurement({ 'alloc.perOp': [1000, 1000, 1000, 1000, 1000], 'gc.pause.p95': [2, 2.1, 2, 1.9, 2] });
  const worse = measurement({ 'alloc.perOp': [1500, 1500, 1500, 1500, 1500], 'gc.pause.p95': [9, 9.5, 9, 8.8, 9.2] });
  const report = compareWorkload(worse, baselineOf(base), policy, { mode: 'compare' });

  it('turns wall-clock regressions contended and keeps deterministic ones gating', () => {
    expect(report.metrics.find((m) => m.id === 'gc.pause.p95')?.status).toBe('regressed');
    const marked = markContended(report, [calm, busy, busy, calm, busy]);
    const pause = marked.metrics.find((m) => m.id === 'gc.pause.p95');
    expect(pause?.status).toBe('contended');
    expect(pause?.informational).toBe(true);
    expect(pause?.reason).toContain('CPU contended in 3 of 5 repeats (PSI stall 60%, CPU/wall 0.41)');
    expect(marked.metrics.find((m) => m.id === 'alloc.perOp')?.status).toBe('regressed');
    expect(marked.status).toBe('regressed');
  });

  it('passes a workload whose only regressions were wall-clock under contention', () => {
    const pauseOnly = compareWorkload(
      measurement({ 'gc.pause.p95': [9, 9.5, 9, 8.8, 9.2] }),
      baselineOf(measurement({ 'gc.pause.p95': [2, 2.1, 2, 1.9, 2] })),
      policy,
      { mode: 'compare' },
    );
    expect(pauseOnly.status).toBe('regressed');
    expect(markContended(pauseOnly, [busy, busy, busy]).status).toBe('pass');
  });

  it('turns wall-clock regressions contended when the host stole the CPU time, with the share in the reason', () => {
    const stolen = { ...calm, cpuWait: 0.01, steal: 0.09 };
    const marked = markContended(report, [stolen, stolen, calm, stolen, stolen]);
    const pause = marked.metrics.find((m) => m.id === 'gc.pause.p95');
    expect(pause?.status).toBe('contended');
    expect(pause?.reason).toContain('CPU contended in 4 of 5 repeats (steal 9% of busy CPU time');
    expect(marked.metrics.find((m) => m.id === 'alloc.perOp')?.status).toBe('regressed');
  });

  it('leaves a calm measurement alone', () => {
    expect(markContended(report, [calm, calm, calm])).toBe(report);
  });
});
