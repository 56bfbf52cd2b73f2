// The constants and gate selection behind leak classification, in one place
// so docs/leaks.md can cite them. Pure.
import type { LeakLimits } from '../model/measurement.js';
import type { LeakResource } from '../model/report.js';

export const LEAK_RESOURCES: readonly LeakResource[] = ['heap', 'external', 'rss', 'fd', 'handles'];

/**
 * Growth per checkpoint interval that is noise, not a leak, for the heap
 * after a settled full GC. The probe reads the object heap (code spaces left
 * out, docs/probe.md) right after gc(); what still moves is its own record of
 * each checkpoint (~0.23 KB, kept until the result is sent) and a few
 * one-off steps of V8's lazily grown internals. The probe rehearses its
 * checkpoint path 20 times before checkpoint 0, so on a control workload that
 * retains nothing (1 ms ops, 10 checkpoints) the run grows ~5.6 KB over the
 * first interval, then 0.23–0.4 KB per interval with at most one ~2 KB step:
 * ~10 KB in all, where it was ~27 KB (2–5 KB per interval for the first
 * eight) before the rehearsal. 2 KiB per interval is 5–9× the steady drift,
 * and the Theil–Sen slope and its interval are not moved by one step.
 */
export const HEAP_FLOOR_PER_CHECKPOINT = 2048;
/** Buffer pool slabs are 8 KiB: one more or less in use at a checkpoint is not growth. */
export const EXTERNAL_FLOOR_PER_CHECKPOINT = 8192;
/**
 * RSS moves in pages and allocator chunks, and V8 grows its young generation
 * (up to 3 × 16 MiB semi-spaces) under allocation pressure: growth smaller
 * than this over a run is not evidence of anything.
 */
export const RSS_FLOOR_BYTES = 4 * 1024 * 1024;
/** Descriptors: more than one new descriptor (a lazily opened log file) over the run. */
export const FD_FLOOR = 1;
/** Per-minute limits are judged only on at least this much measured time; a shorter run extrapolates too far. */
export const MIN_RATE_SPAN_MIN = 1;
/**
 * A repeat whose late-half slope is below this share of its early-half slope
 * is slowing down (a cache or pool still filling), not leaking steadily: it is
 * never called leaking. Half, not a third: an HTTP client/server workload run
 * for 3000 ops warms internals at 110 B/op early and 40 B/op late (ratio 0.36).
 */
export const DECELERATION_RATIO = 1 / 2;
/** Confidence of the per-repeat Sen intervals. */
export const LEAK_CONFIDENCE = 0.95;

/** How one resource is gated: per operation, per minute, or by a count left behind. */
export interface Gate {
  readonly resource: LeakResource;
  readonly basis: 'perOp' | 'perMin' | 'count';
  /** Limit in the basis' unit (bytes/op, bytes/min, count/min, or a count). */
  readonly limit: number;
  readonly unit: 'bytes' | 'count';
  /** Per-minute gates: the time unit the limit was written in ("20MB/h"), which reasons print in. */
  readonly shownPer?: 'min' | 'h';
}

/**
 * Heap and external memory after a settled GC, and descriptors, are exact
 * counters, so runs with operations gate them per operation (`heapPerOp`,
 * default 0 beyond the noise floor: a bounded workload must not grow with
 * the number of operations; descriptors 0). RSS, and everything in runs
 * without operations, gate per minute; handles gate the count left behind.
 */
export function gateFor(resource: LeakResource, limits: LeakLimits, hasOps: boolean): Gate {
  switch (resource) {
    case 'heap':
      return hasOps
        ? { resource, basis: 'perOp', limit: limits.heapPerOp ?? 0, unit: 'bytes' }
        : { resource, basis: 'perMin', limit: limits.heapRate, unit: 'bytes', shownPer: limits.ratePer?.heap };
    case 'external':
      return hasOps
        ? { resource, basis: 'perOp', limit: limits.heapPerOp ?? 0, unit: 'bytes' }
        : { resource, basis: 'perMin', limit: limits.externalRate, unit: 'bytes' };
    case 'rss':
      return { resource, basis: 'perMin', limit: limits.rssRate, unit: 'bytes', shownPer: limits.ratePer?.rss };
    case 'fd':
      return hasOps
        ? { resource, basis: 'perOp', limit: 0, unit: 'count' }
        : { resource, basis: 'perMin', limit: limits.fdRate, unit: 'count', shownPer: limits.ratePer?.fd };
    case 'handles':
      return { resource, basis: 'count', limit: limits.handlesGrowth, unit: 'count' };
  }
}

/** Total growth over a run below which growth is noise, given the number of checkpoint intervals. */
export function noiseFloorTotal(resource: LeakResource, intervals: number): number {
  switch (resource) {
    case 'heap':
      return HEAP_FLOOR_PER_CHECKPOINT * Math.max(1, intervals);
    case 'external':
      return EXTERNAL_FLOOR_PER_CHECKPOINT * Math.max(1, intervals);
    case 'rss':
      return RSS_FLOOR_BYTES;
    case 'fd':
      return FD_FLOOR;
    case 'handles':
      return 0;
  }
}
