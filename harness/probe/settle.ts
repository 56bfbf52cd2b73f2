// Settling the heap: one gc() can leave garbage that only the next collection
// frees (weak callbacks, finalizers, objects freed by the previous sweep), so
// memgate repeats gc() across event-loop turns until heap used stops
// shrinking. Heap-after-GC readings are only comparable when settled.
import v8 from 'node:v8';
import vm from 'node:vm';
import { readObjectHeapUsed } from './allocation.js';
import { nextTurn } from './gc-observer.js';

/** V8's gc() with --expose-gc; `{ type: 'minor' }` runs one scavenge instead of a full collection. */
export type GcFunction = (options?: { type?: 'major' | 'minor' }) => void;

export interface SettleLimits {
  readonly minRounds: number;
  readonly maxRounds: number;
  /** Stop when a round frees less than this share of the heap ... */
  readonly relative: number;
  /** ... or less than this many bytes. */
  readonly absolute: number;
}

export const SETTLE_LIMITS: SettleLimits = { minRounds: 2, maxRounds: 10, relative: 0.001, absolute: 1024 };

/**
 * A rehearsed checkpoint (measure-in-process.ts) runs the probe's code for its
 * first-use costs and records nothing, so one full gc() is enough: it still
 * collects the rehearsal's own garbage before the next one. Settling took 2–3
 * collections of ~4 ms each even on a 4 MB heap, ~250 ms of a tiny workload's
 * ~0.5 s child for its 20 rehearsals.
 */
export const REHEARSAL_LIMITS: SettleLimits = { ...SETTLE_LIMITS, minRounds: 1, maxRounds: 1 };

/** Marks the settling window so the GC observer excludes the collections in it. */
export interface ForcedWindowMarker {
  beginForced(): void;
  endForced(): void;
}

export interface SettleResult {
  readonly rounds: number;
  readonly heapUsed: number;
}

// The global gc() when started with --expose-gc; otherwise the flag can still
// be set at run time and gc() taken from a fresh context (used when the probe
// is injected into a process memgate did not start).
export function resolveGc(): GcFunction {
  const global = (globalThis as { gc?: unknown }).gc;
  if (typeof global === 'function') return global as GcFunction;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as GcFunction;
}

/** Pure: after `round` rounds (1-based), with heap used going from `previous` to `current`, is the heap settled? */
export function isSettled(
  previous: number,
  current: number,
  round: number,
  limits: SettleLimits = SETTLE_LIMITS,
): boolean {
  if (round < limits.minRounds) return false;
  if (round >= limits.maxRounds) return true;
  const freed = previous - current;
  return freed < limits.absolute || freed < previous * limits.relative;
}

/**
 * Repeats gc() across setImmediate turns until heap used stops shrinking.
 * Heap used is read right after each gc(), before anything else runs: a
 * moment later, a JIT compilation or the first allocation can make V8 count
 * a fresh allocation area (up to 256 KB) as used, which would be noise.
 */
export async function settleHeap(
  gc: GcFunction,
  marker?: ForcedWindowMarker,
  limits: SettleLimits = SETTLE_LIMITS,
): Promise<SettleResult> {
  marker?.beginForced();
  try {
    let previous = readObjectHeapUsed();
    for (let round = 1; ; round++) {
      gc();
      const current = readObjectHeapUsed();
      if (isSettled(previous, current, round, limits)) return { rounds: round, heapUsed: current };
      previous = current;
      // Weak callbacks and finalizers run as tasks; the next gc() collects what they release.
      await nextTurn();
    }
  } finally {
    marker?.endForced();
  }
}
