import { describe, expect, it } from 'vitest';
import { deriveMeasurement, deriveRepeatMetrics, type DeriveMeta } from '../../harness/metrics/derive.js';
import { isMemgateError } from '../../harness/errors.js';
import { checkpoint, leakyCheckpoints, rawRun, treeSample } from '../fixtures/stats/raw-run.js';
import type { GcPause } from '../../harness/model/raw-run.js';
import { percentiles } from '../../harness/stats/index.js';

// Pauses of 1..20 ms: 15 minor, 4 major, 1 incremental.
const PAUSES: GcPause[] = Array.from({ length: 20 }, (_, i) => ({
  kind: i < 15 ? 'minor' : i < 19 ? 'major' : 'incremental',
  ms: i + 1,
}));

describe('deriveRepeatMetrics', () => {
  it('derives GC counts and type-7 pause percentiles from enough pauses', () => {
    const metrics = deriveRepeatMetrics(rawRun({ wallMs: 2100, gc: { pauses: PAUSES, forced: 3 } }));
    expect([metrics['gc.count'], metrics['gc.count.minor'], metrics['gc.count.major']], 'counts').toEqual([20, 15, 4]);
    expect(metrics['gc.pause.p50'], 'p50').toBe(10.5);
    // h = 19 * 0.95 = 18.05 -> 19 + 0.05
    expect(metrics['gc.pause.p95'], 'p95').toBeCloseTo(19.05, 12);
    // A P99 needs 100 pauses: 20 give none (it would be the largest pause, renamed).
    expect(metrics, 'p99').not.toHaveProperty(['gc.pause.p99']);
    expect(metrics['gc.pause.max'], 'max').toBe(20);
    expect(metrics['gc.time'], 'time').toBe(210);
    expect(metrics['gc.timeFraction'], 'fraction').toBe(0.1);
  });

  it('counts zero GCs when none ran but gives no pause figure, and no GC metrics without GC data', () => {
    const quiet = deriveRepeatMetrics(rawRun({ gc: { pauses: [], forced: 2 } }));
    expect([quiet['gc.count'], quiet['gc.time']]).toEqual([0, 0]);
    for (const id of ['gc.pause.p50', 'gc.pause.p95', 'gc.pause.p99', 'gc.pause.max'])
      expect(quiet, id).not.toHaveProperty([id]);
    const blind = deriveRepeatMetrics(rawRun({ gc: null }));
    expect(Object.keys(blind).filter((id) => id.startsWith('gc.'))).toEqual([]);
  });

  it('takes the highest of sampled RSS, the kernel high-water mark and the tree', () => {
    const memory = {
      rssPeak: 60e6,
      rssFinal: 55e6,
      maxRss: 64e6,
      heapUsedPeak: 9e6,
      heapTotalPeak: 12e6,
      externalPeak: 2e6,
      arrayBuffersPeak: 1e6,
    };
    const metrics = deriveRepeatMetrics(rawRun({ memory }));
    expect([metrics['rss.peak'], metrics['rss.final']]).toEqual([64e6, 55e6]);
    expect([metrics['heap.used.peak'], metrics['heap.total.peak'], metrics['heap.external.peak']]).toEqual([
      9e6, 12e6, 2e6,
    ]);
    const process = deriveRepeatMetrics(rawRun({ kind: 'process', memory, tree: [treeSample({ tMs: 0, rss: 70e6 })] }));
    expect(process['rss.peak']).toBe(70e6);
  });

  // Whole-child readings of lru-cache, taken after memgate's forced collections had inflated its heap and RSS.
  const AFTER_FORCED_GC = {
    rssPeak: 100e6,
    rssFinal: 80e6,
    maxRss: 104e6,
    heapUsedPeak: 38e6,
    heapTotalPeak: 67e6,
    externalPeak: null,
    arrayBuffersPeak: null,
  };

  it('takes heap peaks from the natural phase when it read them, and marks them only when every repeat did', () => {
    const memory = AFTER_FORCED_GC;
    const naturalPhase = { ops: 1000, wallMs: 500, heapPeaks: { used: 12.9e6, total: 22e6 } };
    // The checkpointed batches' readings (after forced collections) give way to the natural phase's.
    const metrics = deriveRepeatMetrics(rawRun({ memory, naturalPhase }));
    expect([metrics['heap.used.peak'], metrics['heap.total.peak']]).toEqual([12.9e6, 22e6]);
    const natural = deriveMeasurement([rawRun({ memory, naturalPhase }), rawRun({ memory, naturalPhase })], META);
    expect(natural.metrics['heap.used.peak']).toMatchObject({ median: 12.9e6, naturalPhase: true });
    expect(natural.metrics['heap.total.peak']?.naturalPhase).toBe(true);
    expect(natural.metrics['rss.peak']?.naturalPhase).toBeUndefined();
    // One repeat without the reading (an older child): the figures mix two kinds of reading, so no mark.
    const mixed = deriveMeasurement([rawRun({ memory, naturalPhase }), rawRun({ memory })], META);
    expect(mixed.metrics['heap.used.peak']?.samples).toEqual([12.9e6, 38e6]);
    expect(mixed.metrics['heap.used.peak']?.naturalPhase).toBeUndefined();
  });

  it('takes RSS from the natural phase when it read it (not after forced collections), and marks it only when every repeat did', () => {
    const memory = AFTER_FORCED_GC;
    // lru-cache in a plain loop: VmHWM 62 MB; with forced collections between its batches, 104 MB.
    const naturalPhase = { ops: 1000, wallMs: 500, rss: { peak: 62e6, final: 61e6 } };
    const metrics = deriveRepeatMetrics(rawRun({ memory, naturalPhase }));
    expect([metrics['rss.peak'], metrics['rss.final']]).toEqual([62e6, 61e6]);
    const natural = deriveMeasurement([rawRun({ memory, naturalPhase }), rawRun({ memory, naturalPhase })], META);
    expect(natural.metrics['rss.peak']).toMatchObject({ median: 62e6, naturalPhase: true });
    expect(natural.metrics['rss.final']).toMatchObject({ median: 61e6, naturalPhase: true });
    // Duration mode (or an older child) has no such reading: the whole run's figures, unmarked.
    const whole = deriveMeasurement([rawRun({ memory }), rawRun({ memory })], META);
    expect(whole.metrics['rss.peak']).toMatchObject({ median: 104e6 });
    expect(whole.metrics['rss.peak']?.naturalPhase).toBeUndefined();
    const mixed = deriveMeasurement([rawRun({ memory, naturalPhase }), rawRun({ memory })], META);
    expect(mixed.metrics['rss.final']?.naturalPhase).toBeUndefined();
  });

  it("adds the measured program's runtime to the fingerprint, every one the repeats saw, and nothing without one", () => {
    const python = (runtime?: string) => rawRun({ kind: 'process', ...(runtime ? { runtime } : {}) });
    expect(deriveMeasurement([python('python 3.11.7'), python('python 3.11.7')], META).env).toEqual({
      ...META.env,
      runtime: 'python 3.11.7',
    });
    expect(deriveMeasurement([python('python 3.11.7'), python('python 3.12.1')], META).env.runtime).toBe(
      'python 3.11.7, python 3.12.1',
    );
    expect(deriveMeasurement([python(), python()], META).env).toEqual(META.env);
  });

  it('divides allocated bytes by operations, and omits it without either', () => {
    expect(deriveRepeatMetrics(rawRun({ ops: 1000, allocatedBytes: 612_400 }))['alloc.perOp']).toBe(612.4);
    expect(deriveRepeatMetrics(rawRun({ allocatedBytes: null }))).not.toHaveProperty(['alloc.perOp']);
    expect(deriveRepeatMetrics(rawRun({ ops: 0, allocatedBytes: 5 }))).not.toHaveProperty(['alloc.perOp']);
  });

  it('derives leak, fd and handle metrics from the checkpoints, per minute only where time is the axis', () => {
    const metrics = deriveRepeatMetrics(rawRun({ kind: 'process', checkpoints: leakyCheckpoints() }));
    expect(metrics['leak.heap.perOp'], 'heap B/op').toBe(1024);
    expect(metrics['leak.heap.rate'], 'heap B/min').toBeCloseTo(10_240_000, 3);
    expect(metrics['leak.rss.rate'], 'rss B/min').toBeCloseTo(20_480_000, 3);
    expect([metrics['fd.peak'], metrics['fd.growth']], 'fd').toEqual([20, 10]);
    expect(metrics['fd.rate'], 'fd per min').toBeCloseTo(100, 9);
    expect([metrics['handles.peak'], metrics['handles.growth']], 'handles').toEqual([3, 0]);
    // The same growth in a short in-process run: per op, never extrapolated to a minute.
    const short = deriveRepeatMetrics(rawRun({ kind: 'in-process', wallMs: 1000, checkpoints: leakyCheckpoints() }));
    expect(short['leak.heap.perOp']).toBe(1024);
    for (const id of ['leak.heap.rate', 'leak.rss.rate', 'fd.rate']) expect(short, id).not.toHaveProperty([id]);
    const long = deriveRepeatMetrics(rawRun({ kind: 'in-process', wallMs: 60_000, checkpoints: leakyCheckpoints() }));
    expect(long['leak.heap.rate']).toBeCloseTo(10_240_000, 3);
  });

  it('leaves JIT code out of the heap slope when the probe reports it', () => {
    // Heap grows only because code space grows: the data heap is flat.
    const checkpoints = leakyCheckpoints().map((c) => ({
      ...c,
      heapUsed: 1_000_000 + 300 * c.op,
      codeSpace: 200_000 + 300 * c.op,
    }));
    expect(deriveRepeatMetrics(rawRun({ checkpoints }))['leak.heap.perOp']).toBe(0);
  });

  it('reports no slope from one checkpoint', () => {
    const metrics = deriveRepeatMetrics(rawRun({ checkpoints: [checkpoint({ op: 0, tMs: 0, fds: 12 })] }));
    expect(metrics).not.toHaveProperty(['leak.heap.perOp']);
    expect(metrics).not.toHaveProperty(['leak.heap.rate']);
    expect(metrics).not.toHaveProperty(['fd.rate']);
    expect(metrics['fd.growth']).toBe(0);
  });

  it('copies latency, throughput, shutdown time and custom metrics', () => {
    const latency = { p50: 1.5, p95: 4, p99: 9, mean: 2, max: 12, count: 1000, errors: 0 };
    const shutdown = { signal: 'SIGTERM', ms: 85, exitCode: 0, exitSignal: null, timedOut: false, orphans: [] };
    const metrics = deriveRepeatMetrics(
      rawRun({ ops: 1000, wallMs: 2000, latency, shutdown, custom: { queueDepth: 7 } }),
    );
    expect([metrics['latency.p50'], metrics['latency.p95'], metrics['latency.p99']]).toEqual([1.5, 4, 9]);
    expect(metrics.throughput, 'ops/s').toBe(500);
    expect(metrics['shutdown.time']).toBe(85);
    expect(metrics['custom.queueDepth']).toBe(7);
  });

  it("takes in-process throughput from the natural phase's plain blocks, else from the whole phase", () => {
    const natural = { ops: 2000, wallMs: 1100 };
    // 1000 timed ops took 600 ms (a clock read each), the 1000 plain ones 500 ms: 2000 ops/s, not 1818.
    const split = deriveRepeatMetrics(rawRun({ naturalPhase: { ...natural, plainOps: 1000, plainMs: 500 } }));
    expect(split.throughput).toBe(2000);
    // A run recorded before the blocks: the whole phase.
    expect(deriveRepeatMetrics(rawRun({ naturalPhase: natural })).throughput).toBeCloseTo(2000 / 1.1, 6);
  });
});

const META: DeriveMeta = {
  workload: 'fixture',
  kind: 'in-process',
  file: 'workloads/fixture.workload.ts',
  definitionHash: 'abc',
  settings: {
    repeats: 3,
    warmupOps: 100,
    ops: 1000,
    durationMs: null,
    timeMs: null,
    batchSize: 100,
    checkpoints: 10,
    sampleIntervalMs: 10,
    timeoutMs: 60_000,
  },
  env: {
    node: 'v20',
    v8: '11',
    platform: 'linux',
    arch: 'x64',
    cpuModel: 'cpu',
    cpuCount: 2,
    totalMemory: 1,
    cgroupMemoryLimit: null,
    nodeFlags: [],
    memgateVersion: '0.0.0',
  },
  customMetrics: { hitRate: { unit: 'ratio', direction: 'higher', noise: 'deterministic' } },
  leakLimits: {
    enabled: true,
    heapRate: 100_000,
    heapPerOp: null,
    rssRate: 100_000,
    externalRate: 100_000,
    fdRate: 0.1,
    handlesGrowth: 0,
  },
};

describe('deriveMeasurement', () => {
  const runs = [612_000, 640_000, 611_000].map((allocatedBytes, i) =>
    rawRun({
      allocatedBytes,
      custom: i === 1 ? { hitRate: 0.9 } : { hitRate: 0.8, flaky: 1 },
      notes: ['v8.GCProfiler: fine'],
    }),
  );
  const measurement = deriveMeasurement(runs, META);

  it('keeps samples in repeat order with their median and MAD', () => {
    expect(measurement.metrics['alloc.perOp']).toEqual({
      id: 'alloc.perOp',
      unit: 'bytes/op',
      direction: 'lower',
      noise: 'deterministic',
      samples: [612, 640, 611],
      median: 612,
      spread: 1,
    });
  });

  it('describes custom metrics with the workload-declared unit and direction', () => {
    expect(measurement.metrics['custom.hitRate']).toMatchObject({
      unit: 'ratio',
      direction: 'higher',
      noise: 'deterministic',
      median: 0.8,
    });
  });

  it('drops a metric missing from a repeat, with a note, and keeps each note once', () => {
    expect(measurement.metrics).not.toHaveProperty(['custom.flaky']);
    expect(measurement.notes).toEqual([
      'v8.GCProfiler: fine',
      'custom.flaky: measured in 2 of 3 repeats, so it is left out (a metric is compared only when every repeat measured it)',
    ]);
  });

  it('orders catalogue metrics first and passes the metadata through', () => {
    const ids = Object.keys(measurement.metrics);
    expect(ids.slice(0, 3)).toEqual(['rss.peak', 'rss.final', 'alloc.perOp']);
    expect(ids.at(-1)).toBe('custom.hitRate');
    expect([measurement.workload, measurement.file, measurement.diagnosis]).toEqual([
      'fixture',
      'workloads/fixture.workload.ts',
      null,
    ]);
    expect(Array.isArray(measurement.leaks)).toBe(true);
  });

  it('collects failed graceful shutdowns as problems, naming the repeat, and none for clean ones', () => {
    const clean = {
      signal: 'SIGINT',
      ms: 20,
      exitCode: 0,
      exitSignal: null,
      timedOut: false,
      orphans: [],
      problems: [],
    };
    const hung = {
      ...clean,
      ms: 700,
      exitCode: null,
      exitSignal: 'SIGKILL',
      timedOut: true,
      problems: ['did not exit within shutdown.timeout 700ms after SIGINT'],
    };
    const derived = deriveMeasurement(
      [rawRun({ shutdown: clean }), rawRun({ shutdown: hung }), rawRun({ shutdown: clean })],
      META,
    );
    expect(derived.problems).toEqual(['shutdown (repeat 2): did not exit within shutdown.timeout 700ms after SIGINT']);
    expect(deriveMeasurement([rawRun({ shutdown: clean })], META).problems).toEqual([]);
    expect(measurement.problems).toEqual([]);
  });

  it('refuses to summarise zero repeats', () => {
    let error: unknown;
    try {
      deriveMeasurement([], META);
    } catch (caught) {
      error = caught;
    }
    expect(isMemgateError(error) && error.code).toBe('CHILD_FAILED');
    expect(String(error)).toMatch(/workloads\/fixture\.workload\.ts: workload "fixture" has no completed repeat/);
  });
});

describe('deriveMeasurement: figures that need enough events', () => {
  const pauses = (count: number, ms = (i: number) => 1 + i / 10): GcPause[] =>
    Array.from({ length: count }, (_, i) => ({ kind: 'minor', ms: ms(i) }));

  it('marks a pause percentile insufficient when even all repeats together had too few pauses, and never stores a 0', () => {
    const runs = [6, 3, 5].map((count) => rawRun({ gc: { pauses: pauses(count), forced: 2 } }));
    const measured = deriveMeasurement(runs, META);
    expect(Object.keys(measured.insufficient).sort()).toEqual(['gc.pause.p95', 'gc.pause.p99']);
    expect(measured.insufficient['gc.pause.p95']).toMatch(
      /^insufficient: 14 GC pauses in all 3 repeats together \(as few as 3 in one\), 20 needed/,
    );
    expect(measured.metrics).not.toHaveProperty(['gc.pause.p95']);
    expect(measured.metrics['gc.pause.max']?.samples).toHaveLength(3);
    expect(measured.metrics['gc.count']?.samples).toEqual([6, 3, 5]);
  });

  it('reads a percentile from the pauses of all repeats together when some repeat had too few', () => {
    const runs = [25, 3, 30].map((count) => rawRun({ gc: { pauses: pauses(count), forced: 2 } }));
    const measured = deriveMeasurement(runs, META);
    // p50 (5 needed) and p95 (20) are pooled from 58 pauses; p99 needs 100.
    expect(Object.keys(measured.insufficient)).toEqual(['gc.pause.p99']);
    const all = runs.flatMap((run) => run.gc?.pauses.map((pause) => pause.ms) ?? []);
    const p95 = measured.metrics['gc.pause.p95'];
    expect(p95?.pooled).toBe(true);
    expect(p95?.samples).toEqual(all);
    expect(p95?.median).toBeCloseTo(percentiles(all, [0.95])[0] ?? NaN, 12);
    // The spread is the percentile's own scatter between resamples: above 0, well under the pauses' range.
    expect(p95?.spread).toBeGreaterThan(0);
    expect(p95?.spread).toBeLessThan((Math.max(...all) - Math.min(...all)) / 4);
    expect(measured.metrics['gc.pause.max']?.pooled).toBeUndefined();
    expect(measured.notes).toContain(
      'gc.pause.p50, gc.pause.p95: from the 58 GC pauses of all 3 repeats together (as few as 3 in one repeat, too few on its own); compared by moving whole repeats between the sides',
    );
  });

  it('keeps percentiles per repeat when every repeat had enough pauses', () => {
    const runs = [25, 21, 30].map((count) => rawRun({ gc: { pauses: pauses(count), forced: 2 } }));
    const measured = deriveMeasurement(runs, META);
    expect(measured.metrics['gc.pause.p95']?.pooled).toBeUndefined();
    expect(measured.metrics['gc.pause.p95']?.samples).toHaveLength(3);
  });

  it('pools nothing from a single repeat or when a repeat had no GC probe', () => {
    expect(deriveMeasurement([rawRun({ gc: { pauses: pauses(12), forced: 0 } })], META).insufficient).toHaveProperty([
      'gc.pause.p95',
    ]);
    const unprobed = deriveMeasurement(
      [
        rawRun({ gc: { pauses: pauses(15), forced: 0 } }),
        rawRun({ gc: null }),
        rawRun({ gc: { pauses: pauses(15), forced: 0 } }),
      ],
      META,
    );
    expect(unprobed.metrics).not.toHaveProperty(['gc.pause.p95']);
  });
});

describe('process tree metrics and drive notes', () => {
  it('derives cpu.percent from tree CPU time over wall time, threads.peak and fd.match.*', () => {
    const tree = [
      treeSample({ tMs: 0, cpuMs: 1000, threads: 4 }),
      treeSample({ tMs: 1000, cpuMs: 1250, threads: 9 }),
      treeSample({ tMs: 2000, cpuMs: 1500, threads: 6 }),
    ];
    const metrics = deriveRepeatMetrics(rawRun({ kind: 'process', tree, fdMatches: { dbFiles: 3 } }));
    // 500 ms of CPU over 2000 ms of wall time: a quarter of one core.
    expect(metrics['cpu.percent']).toBe(0.25);
    expect(metrics['threads.peak']).toBe(9);
    expect(metrics['fd.match.dbFiles']).toBe(3);
    // One sample measures no CPU rate; the ps fallback's 0 threads is no thread count.
    const single = deriveRepeatMetrics(rawRun({ kind: 'process', tree: [treeSample({ tMs: 0, threads: 0 })] }));
    expect(single).not.toHaveProperty(['cpu.percent']);
    expect(single).not.toHaveProperty(['threads.peak']);
  });

  it('notes a driver that fell behind its rate once per workload, with the repeats it happened in', () => {
    const runs = [3, 0, 2].map((lag) => rawRun({ kind: 'process', ...(lag > 0 ? { driveLagResets: lag } : {}) }));
    const notes = deriveMeasurement(runs, META).notes.filter((note) => note.startsWith('drive:'));
    expect(notes).toEqual([
      'drive: fell behind the rate in 2 of 3 repeat(s) (5 time(s) in all); the backlog was dropped rather than burst',
    ]);
  });
});

describe('several processes as one workload', () => {
  it("notes each process's median peak RSS beside the summed rss.peak", () => {
    const runs = [
      [20e6, 80e6],
      [22e6, 90e6],
      [21e6, 70e6],
    ].map(([small, big]) =>
      rawRun({
        kind: 'process',
        processes: [
          { name: 'small', rssPeak: small ?? 0 },
          { name: 'big', rssPeak: big ?? 0 },
        ],
      }),
    );
    expect(deriveMeasurement(runs, META).notes).toContain(
      "processes: rss.peak is their sum; each one's peak RSS (median of repeats): small 21.0 MB, big 80.0 MB",
    );
  });
});
