// GC pauses seen through perf_hooks. Forced collections are not the
// workload's: those flagged FORCED by V8, and any collection that starts while
// memgate itself is settling the heap or taking a checkpoint (a "forced
// window"), are counted in `forced` and left out of the pauses.
import { PerformanceObserver, constants } from 'node:perf_hooks';
import type { GcPause } from '../model/raw-run.js';

export type GcKind = GcPause['kind'];

/** The part of a `gc` PerformanceEntry the tally needs. */
export interface GcEntryLike {
  readonly startTime: number;
  readonly duration: number;
  readonly detail?: unknown;
}

export interface GcSummary {
  readonly pauses: GcPause[];
  readonly forced: number;
}

// V8's minor mark-compact (kind 2) is a young-generation collection like a scavenge.
const MINOR_MARK_COMPACT = 2;

/** Maps NODE_PERFORMANCE_GC_* kinds to pause kinds; unknown kinds count as major (the conservative choice). */
export function gcKindOf(kind: number): GcKind {
  if (kind === constants.NODE_PERFORMANCE_GC_MINOR || kind === MINOR_MARK_COMPACT) return 'minor';
  if (kind === constants.NODE_PERFORMANCE_GC_INCREMENTAL) return 'incremental';
  if (kind === constants.NODE_PERFORMANCE_GC_WEAKCB) return 'weakcb';
  return 'major';
}

export function isForcedFlags(flags: number): boolean {
  return (flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) !== 0;
}

function readDetail(entry: GcEntryLike): { kind: number; flags: number } {
  const detail = entry.detail as { kind?: unknown; flags?: unknown } | undefined;
  const kind = typeof detail?.kind === 'number' ? detail.kind : constants.NODE_PERFORMANCE_GC_MAJOR;
  const flags = typeof detail?.flags === 'number' ? detail.flags : 0;
  return { kind, flags };
}

/** Pure bookkeeping: forced windows (on the performance.now() clock) and the pauses outside them. */
export class GcTally {
  readonly pauses: GcPause[] = [];
  forced = 0;
  // Flat [start, end, start, end, ...]; an odd length means the last window is still open.
  private readonly windows: number[] = [];
  private depth = 0;

  // Windows nest (a checkpoint contains a settle), so only the outermost one is recorded.
  beginForced(now: number): void {
    if (this.depth++ === 0) this.windows.push(now);
  }

  endForced(now: number): void {
    if (this.depth === 0) return;
    if (--this.depth === 0) this.windows.push(now);
  }

  isInForcedWindow(startTime: number): boolean {
    const windows = this.windows;
    // Entries arrive late but in order, so the matching window is usually the last one.
    for (let i = windows.length - (windows.length % 2 === 0 ? 2 : 1); i >= 0; i -= 2) {
      const start = windows[i] as number;
      const end = i + 1 < windows.length ? (windows[i + 1] as number) : Infinity;
      if (startTime >= start && startTime <= end) return true;
      if (end < startTime) return false;
    }
    return false;
  }

  record(entry: GcEntryLike): void {
    const { kind, flags } = readDetail(entry);
    if (isForcedFlags(flags) || this.isInForcedWindow(entry.startTime)) {
      this.forced++;
      return;
    }
    this.pauses.push({ kind: gcKindOf(kind), ms: Math.max(0, entry.duration) });
  }

  summary(): GcSummary {
    return { pauses: this.pauses.slice(), forced: this.forced };
  }
}

/** A started PerformanceObserver feeding a GcTally; entries are pulled with takeRecords() as well as pushed. */
export class GcObserver {
  readonly tally = new GcTally();
  private observer: PerformanceObserver | null = null;

  start(): void {
    const tally = this.tally;
    this.observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tally.record(entry);
    });
    // Not buffered: collections from before start() (loading, warmup) are not the measured phase's.
    this.observer.observe({ entryTypes: ['gc'], buffered: false });
  }

  beginForced(): void {
    this.tally.beginForced(performance.now());
  }

  endForced(): void {
    this.tally.endForced(performance.now());
  }

  /** Records entries already queued but not yet delivered to the callback. */
  drain(): void {
    const observer = this.observer;
    if (observer === null) return;
    for (const entry of observer.takeRecords()) this.tally.record(entry);
  }

  // GC entries are created on a later event-loop turn than the GC itself, so
  // give them two turns to arrive before the final drain. Nothing after stop()
  // belongs to the workload, so the last window stays open.
  async stop(): Promise<GcSummary> {
    this.beginForced();
    await nextTurn();
    await nextTurn();
    this.drain();
    this.observer?.disconnect();
    this.observer = null;
    return this.tally.summary();
  }
}

export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
