// The probe memgate injects into a Node process workload through
// NODE_OPTIONS="--import <this bundle>": it observes the service without
// changing what it does. Choices, because this runs in someone's service:
//  - no forced GC: heap checkpoints are read right after the service's own
//    major collections (at most one per second), so heap growth is measured
//    without adding pauses or changing when the service collects;
//  - no file descriptors while the service runs (RSS and FDs come from the
//    outside sampler); the result file is written once, synchronously, at exit;
//  - no change to exit behaviour: on SIGINT/SIGTERM/SIGHUP it only acts when
//    the service has no handler of its own, and then re-raises the signal so
//    the process still dies of it, as it would have without memgate;
//  - only the process memgate started is probed: the env vars that inject the
//    probe are removed at load, so the service's own Node children are not.
import { writeFileSync } from 'node:fs';
import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks';
import v8 from 'node:v8';
import { BoundedSeries } from '../sampler/bounded-series.js';
import { ATTACH_IMPORT_ENV, ATTACH_RESULT_ENV } from './attach-env.js';
import type { AttachCheckpoint, AttachResult } from './attach-result.js';
import { AllocationCounter, GC_PROFILER_MISSING_NOTE } from './allocation.js';
import { GcObserver } from './gc-observer.js';
import { countActiveHandles } from './resources.js';

const CHECKPOINT_MIN_GAP_MS = 1000;
// GCProfiler keeps every GC of a window in memory; rolling the window keeps the probe's own footprint flat.
const ALLOCATION_WINDOW_MS = 10_000;
const MAX_GC_PAUSES = 200_000;

const resultFile = process.env[ATTACH_RESULT_ENV];
if (resultFile) attach(resultFile);

function attach(file: string): void {
  hideFromChildren();
  const startedAt = Date.now();
  const gcObserver = new GcObserver();
  const allocation = new AllocationCounter();
  const checkpoints = new BoundedSeries<AttachCheckpoint>(256);
  const heap = { usedPeak: 0, totalPeak: 0, externalPeak: 0 };
  let lastCheckpointAt = 0;
  let written = false;

  const readHeap = (): v8.HeapInfo => {
    const stats = v8.getHeapStatistics();
    heap.usedPeak = Math.max(heap.usedPeak, stats.used_heap_size);
    heap.totalPeak = Math.max(heap.totalPeak, stats.total_heap_size);
    heap.externalPeak = Math.max(heap.externalPeak, externalOf(stats));
    return stats;
  };

  // Called for each natural major GC, a moment after it ended.
  const checkpoint = (): void => {
    const now = Date.now();
    if (now - lastCheckpointAt < CHECKPOINT_MIN_GAP_MS) return;
    lastCheckpointAt = now;
    const stats = readHeap();
    const resources = process.getActiveResourcesInfo();
    checkpoints.add({
      at: now,
      heapUsed: stats.used_heap_size,
      external: externalOf(stats),
      handles: resources.length,
      handlesByType: countActiveHandles(resources),
    });
  };

  const majorObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (
        (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ===
        constants.NODE_PERFORMANCE_GC_MAJOR
      )
        checkpoint();
    }
  });
  majorObserver.observe({ entryTypes: ['gc'] });
  gcObserver.start();
  allocation.begin();
  const timer = setInterval(() => {
    readHeap();
    allocation.end();
    allocation.begin();
  }, ALLOCATION_WINDOW_MS);
  timer.unref();

  const write = (): void => {
    if (written) return;
    written = true;
    clearInterval(timer);
    readHeap();
    allocation.end();
    // The exact peaks (heap used just before each collection), not only the
    // readings: a service's reading at exit lands anywhere in the young
    // generation's fill, and http-service's "peak" read 5.9 or 6.8 MB from
    // one run to the next for the same code.
    heap.usedPeak = Math.max(heap.usedPeak, allocation.heapUsedBeforeGcPeak);
    gcObserver.drain();
    const gc = gcObserver.tally.summary();
    const notes = allocation.available ? [] : [GC_PROFILER_MISSING_NOTE];
    if (gc.pauses.length > MAX_GC_PAUSES)
      notes.push(`only the last ${MAX_GC_PAUSES} of ${gc.pauses.length} GC pauses are kept`);
    const result: AttachResult = {
      pid: process.pid,
      startedAt,
      endedAt: Date.now(),
      gc: { pauses: gc.pauses.slice(-MAX_GC_PAUSES), forced: gc.forced },
      allocatedBytes: allocation.total(),
      heap,
      checkpoints: checkpoints.values(),
      node: process.versions.node,
      notes,
    };
    try {
      writeFileSync(file, JSON.stringify(result));
    } catch {
      // the parent reports a missing result; never break the service's exit
    }
  };

  process.on('exit', write);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      // The service handles this signal itself: its exit will run 'exit'.
      if (process.listenerCount(signal) > 1) return;
      write();
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

function externalOf(stats: v8.HeapInfo): number {
  return (stats as v8.HeapInfo & { external_memory?: number }).external_memory ?? 0;
}

function hideFromChildren(): void {
  // The exact NODE_OPTIONS fragment memgate added, removed again at load.
  const fragment = process.env[ATTACH_IMPORT_ENV];
  delete process.env[ATTACH_RESULT_ENV];
  delete process.env[ATTACH_IMPORT_ENV];
  const options = process.env['NODE_OPTIONS'];
  if (options === undefined || !fragment) return;
  const rest = options.replace(fragment, '').trim();
  if (rest) process.env['NODE_OPTIONS'] = rest;
  else delete process.env['NODE_OPTIONS'];
}
