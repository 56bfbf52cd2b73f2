// The natural phase: operations as the workload runs on its own, with no
// forced collection and no allocation windows, before the checkpointed
// batches. GC pauses and counts, latency, throughput and the heap's peaks
// come from here: latency from its timed blocks, throughput from its plain
// ones, the heap's peaks from every block's end (heap-peaks.ts).
//
// Why a phase of its own: the checkpoints settle the heap with forced full
// collections, and those change V8's young-generation heuristics for the rest
// of the process. Measured on the lru-cache sample (200 000 ops): 56
// scavenges of at most 1–3 ms before any checkpoint; after ten settled
// checkpoints, 11–14 scavenges of up to 38–120 ms, plus 4 major collections,
// for the same operations. Figures read after checkpoints describe memgate,
// not the workload.
import type { OpFn } from '../config/workload-schema.js';
import type { CpuWait, NaturalPhase } from '../model/raw-run.js';
import { addCpuWait, readSchedstat, schedDelta } from '../sampler/schedstat.js';
import { GcObserver, nextTurn, type GcSummary } from './gc-observer.js';
import { HeapPeakTracker } from './heap-peaks.js';
import { LatencyRecorder, type LatencySummary } from './latency.js';
import type { RssReading } from './memory-sampler.js';
import { runBatch, type BatchLimits, type MutableOpContext } from './op-loop.js';
import type { GcFunction } from './settle.js';

export interface NaturalPhaseResult {
  readonly gc: GcSummary;
  readonly latency: LatencySummary | null;
  readonly phase: NaturalPhase;
  /** The main thread's wait for a CPU during the phase; null without scheduler statistics. */
  readonly cpuWait: CpuWait | null;
  /** RSS as the phase's last op left it (`readRss`'s reading), before its GC entries were delivered; null without `readRss`. */
  readonly rss: RssReading | null;
}

/** This thread's scheduler statistics (the op loop runs on the main thread). */
const OWN_SCHEDSTAT = '/proc/thread-self/schedstat';

/** What the natural phase runs: a fixed count, a time, or (time-sized runs) a count it may extend. */
export interface NaturalPlan {
  readonly ops: number;
  readonly durationMs: number | null;
  /** Run more chunks of ops while the pauses are too few for a P95 (first repeat of a time-sized run). */
  readonly extendForPauses: boolean;
  /** Repeats of the run: a P95 pooled from all of them needs 1/repeats of the pauses from each. */
  readonly repeats: number;
}

/**
 * Pauses the phase aims at when it may extend: the fewest a P95 is computed
 * from (metrics/derive.ts MIN_PAUSES, checked by its test), with a margin, as
 * the later repeats run the same count and may see a few fewer.
 */
export const TARGET_PAUSES = 25;
/** An extended phase runs at most this many times the op count: twice `time` in all. */
export const MAX_EXTENSION = 4;
/**
 * Pauses all repeats together aim at when a P95 of each repeat's own lies
 * beyond MAX_EXTENSION: twice the 20 a P95 needs. The first repeat reaches
 * its share, and the later ones run the same count with no say: measured on
 * stream-zlib (AMD EPYC), a share of 5 per repeat (25 in all) gave repeats of
 * 2-3 pauses and 14 in all, too few.
 */
export const POOLED_TARGET_PAUSES = 40;
/**
 * For the pooled target, at most this many times the op count: every later
 * repeat runs the extended count too, so a workload with a few pauses per
 * repeat pays at most two more natural phases (about `time`) per repeat for
 * its pooled P95.
 */
export const MAX_POOLED_EXTENSION = 3;
/**
 * The phase extends in steps of at most the op count, at most this many:
 * each step re-reads the pause rate from all the pauses so far. A rate read
 * from a handful of pauses is far off, and the count does not grow in
 * proportion to the ops: stream-zlib (AMD EPYC, fixed counts, 3 repeats each)
 * gave 3 pauses in 170 ops, 7 in 259 and in 340, 8 in 510, 11 in 680.
 */
export const MAX_EXTENSION_STEPS = 3;

/**
 * Pure: more operations to run after `done` gave `pauses` (`ops` being the
 * phase's first count). The phase aims at TARGET_PAUSES, a P95 of its own,
 * when the pause rate seen reaches it within MAX_EXTENSION × ops. Otherwise,
 * with two repeats or more, it aims at a P95 pooled from all of them
 * (metrics/pooled-pauses.ts): POOLED_TARGET_PAUSES / repeats, rounded up,
 * spending up to MAX_POOLED_EXTENSION × ops even when the rate seen says
 * that falls short, as the rate from 2-3 pauses is no guide. A step is at
 * most `ops` more. 0 when the phase has its pauses, or when there is no rate
 * to go by (no pause yet: a workload that collects nothing is not run
 * longer; its percentiles are insufficient, with the count).
 */
export function extraOpsForPauses(done: number, pauses: number, ops: number, repeats = 1): number {
  if (pauses === 0 || pauses >= TARGET_PAUSES) return 0;
  const forOwn = Math.ceil((TARGET_PAUSES * done) / pauses);
  const share = Math.ceil(POOLED_TARGET_PAUSES / Math.max(1, repeats));
  let until: number;
  if (forOwn <= ops * MAX_EXTENSION) until = forOwn;
  else if (repeats >= 2 && pauses < share)
    until = Math.min(Math.ceil((share * done) / pauses), ops * MAX_POOLED_EXTENSION);
  else return 0;
  return Math.max(0, Math.min(until, done + ops) - done);
}

/**
 * The phase runs in this many blocks, timed and plain in turn. A timed block
 * reads the clock after every op for the latency histogram: ~60 ns on this
 * project's runners, +3–5% on a 2–3 µs op (bench/probe-parts.ts). A plain
 * block reads it only at its ends, so throughput comes from the plain blocks
 * and carries no per-op cost of memgate's; turn by turn, both see the same
 * machine. GC pauses are counted over all blocks: recordDelta() allocates
 * nothing, so the timed blocks trigger no collection of their own.
 */
export const NATURAL_BLOCKS = 16;

/** Pure: `count` ops in `blocks` near-equal blocks (fewer when there are fewer ops), in order. */
export function splitIntoBlocks(count: number, blocks: number = NATURAL_BLOCKS): number[] {
  const parts = Math.max(1, Math.min(blocks, count));
  return Array.from(
    { length: parts },
    (_, index) => Math.floor(((index + 1) * count) / parts) - Math.floor((index * count) / parts),
  );
}

/** One stretch of the phase: a number of ops, or (duration mode) a time. */
export type NaturalChunk = { readonly ops: number } | { readonly ms: number };

/** Pure: the limits of each block of a chunk, from the block's start time; a block at an even index is timed. */
export function blockLimits(
  chunk: NaturalChunk,
  blocks: number = NATURAL_BLOCKS,
): ((started: number) => BatchLimits)[] {
  if ('ms' in chunk) {
    // Duration mode: equal slices of the time, each at least one op.
    const slice = chunk.ms / blocks;
    return Array.from({ length: blocks }, () => (started: number) => ({
      count: 1,
      minUntil: started + slice,
      deadline: started + slice,
    }));
  }
  return splitIntoBlocks(chunk.ops, blocks).map((count) => () => ({ count, minUntil: -Infinity, deadline: Infinity }));
}

/**
 * Runs the natural phase from op index 0 as the plan says. It starts with
 * one scavenge (a minor GC, before the observer starts: not a full one, which
 * is what disturbs the heuristics), so garbage left by loading, setup and
 * warmup does not trigger the phase's first collection: a function that
 * allocates a few KB then triggers none, as it would in a warm process.
 *
 * `readRss` is read as each stretch of ops ends, before the event loop turns.
 * Node creates a `gc` PerformanceEntry for each collection on a later turn,
 * and an op loop that never yields gets them all at once when it does: about
 * 5 KB of JS heap each while they wait for the observer's callback. Measured
 * on the event-bus sample (1 400 scavenges in 0.5 s): VmHWM unchanged while
 * the ops ran, +7.6 MB once the entries came, which rss.peak read after the
 * phase counted as the workload's. Delivering them every block instead keeps
 * them alive across scavenges, and V8 then grows the young generation: 600
 * scavenges instead of 1 400, for the same ops. So they stay undelivered
 * until the ops are done, and RSS is read before they come.
 */
export async function runNaturalPhase(
  op: OpFn<unknown>,
  state: unknown,
  ctx: MutableOpContext,
  plan: NaturalPlan,
  collect: GcFunction,
  readRss?: () => RssReading,
): Promise<NaturalPhaseResult> {
  collect({ type: 'minor' });
  await nextTurn();
  const observer = new GcObserver();
  const latency = new LatencyRecorder();
  const heap = new HeapPeakTracker();
  observer.start();
  let wallMs = 0;
  let done = 0;
  let plainOps = 0;
  let plainMs = 0;
  let cpuWait: CpuWait | null = { runMs: 0, waitMs: 0 };
  let rss: RssReading | null = null;
  // A histogram per timed block: its first recordDelta() starts its clock, so nothing between blocks is timed.
  const runChunk = async (chunk: NaturalChunk): Promise<void> => {
    const schedBefore = readSchedstat(OWN_SCHEDSTAT);
    for (const [index, limitsFrom] of blockLimits(chunk).entries()) {
      const histogram = index % 2 === 0 ? latency.beginBatch() : null;
      const started = performance.now();
      const ran = await runBatch(op, state, ctx, histogram, done, limitsFrom(started));
      const elapsed = performance.now() - started;
      done += ran;
      wallMs += elapsed;
      heap.read();
      if (histogram !== null) latency.endBatch(histogram);
      else {
        plainOps += ran;
        plainMs += elapsed;
      }
    }
    const schedAfter = readSchedstat(OWN_SCHEDSTAT);
    // The ops of this stretch are done and no turn has passed: the GC entries are not delivered yet.
    if (readRss) rss = readRss();
    cpuWait =
      cpuWait === null || schedBefore === null || schedAfter === null
        ? null
        : addCpuWait(cpuWait, schedDelta(schedBefore, schedAfter));
  };
  if (plan.durationMs !== null) await runChunk({ ms: plan.durationMs });
  else if (plan.ops > 0) await runChunk({ ops: plan.ops });
  if (plan.extendForPauses && plan.ops > 0) {
    // GC entries are delivered on a later turn; a synchronous op loop never yields on its own.
    // That turn is memgate's, not the workload's: after such a loop it creates every entry at
    // once (~5 KB each), and the collections this triggers copy the live entries. On event-bus
    // (1 000-1 400 scavenges of at most 0.1-0.6 ms) 5 of them ran 0.4-70 ms, and were counted as
    // its pauses, its gc.pause.max among them. A forced window keeps them out.
    for (let step = 0; step < MAX_EXTENSION_STEPS; step++) {
      observer.beginForced();
      await nextTurn();
      observer.drain();
      const more = extraOpsForPauses(done, observer.tally.pauses.length, plan.ops, plan.repeats);
      // On a break the window stays open: stop() opens its own, and nothing after it is the workload's.
      if (more === 0) break;
      observer.endForced();
      await runChunk({ ops: more });
    }
  }
  const gc = await observer.stop();
  const phase = { ops: done, wallMs, plainOps, plainMs, heapPeaks: heap.peaks() };
  return { gc, latency: latency.summary(), phase, cpuWait, rss };
}
