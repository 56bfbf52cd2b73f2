// Bytes allocated on the V8 heap, from v8.GCProfiler statistics. Between two
// collections the heap only grows by allocation, so the bytes allocated in a
// window are: for each GC, heap used before it minus heap used after the
// previous one (the window's start for the first GC), plus the tail from the
// last GC to the window's end. The profiler runs only while operations run
// (one window per batch), so memgate's own settling and checkpoints are not
// counted; the probe's fixed cost per window is measured once with an empty
// window and subtracted.
// Code spaces are left out: JIT code is allocated when V8's compilers decide
// (tier-up timing varies with background threads and machine load), not by
// the operations, and code space counts a whole fresh linear allocation area
// (up to 256 KB) as used. Counting it made alloc.perOp jump between runs.
import v8 from 'node:v8';

const CODE_SPACES: ReadonlySet<string> = new Set(['code_space', 'code_large_object_space']);

interface HeapPoint {
  readonly heapStatistics: { readonly usedHeapSize: number };
  readonly heapSpaceStatistics?: ReadonlyArray<{ readonly spaceName: string; readonly spaceUsedSize: number }>;
}

/** Heap used by objects at one profiler point: the whole heap minus the code spaces. */
export function objectHeapUsed(point: HeapPoint): number {
  let code = 0;
  for (const space of point.heapSpaceStatistics ?? []) {
    if (CODE_SPACES.has(space.spaceName)) code += space.spaceUsedSize;
  }
  return point.heapStatistics.usedHeapSize - code;
}

/** The part of `GCProfiler.stop()`'s result the arithmetic needs. */
export interface GcProfileLike {
  readonly statistics: ReadonlyArray<{ readonly beforeGC: HeapPoint; readonly afterGC: HeapPoint }>;
}

/** Bytes allocated between `usedAtStart` and `usedAtStop` (object heap, code excluded) given the collections in between. */
export function bytesAllocatedInWindow(profile: GcProfileLike, usedAtStart: number, usedAtStop: number): number {
  let previousAfter = usedAtStart;
  let total = 0;
  for (const gc of profile.statistics) {
    total += objectHeapUsed(gc.beforeGC) - previousAfter;
    previousAfter = objectHeapUsed(gc.afterGC);
  }
  return total + (usedAtStop - previousAfter);
}

interface Profiler {
  start(): void;
  stop(): GcProfileLike | undefined;
}

type ProfilerConstructor = new () => Profiler;

export const GC_PROFILER_MISSING_NOTE =
  'v8.GCProfiler is unavailable in this Node version (needs >= 18.15 or >= 19.6): alloc.perOp is not measured';

function findProfiler(): ProfilerConstructor | null {
  const candidate = (v8 as unknown as { GCProfiler?: unknown }).GCProfiler;
  return typeof candidate === 'function' ? (candidate as ProfilerConstructor) : null;
}

// The objects this reading returns land in the window; they are the same
// every time, so they are part of the calibrated fixed cost.
export function readObjectHeapUsed(): number {
  let used = 0;
  for (const space of v8.getHeapSpaceStatistics()) {
    if (!CODE_SPACES.has(space.space_name)) used += space.space_used_size;
  }
  return used;
}

/** Sums allocation over begin()/end() windows. */
export class AllocationCounter {
  readonly available: boolean;
  private readonly Profiler: ProfilerConstructor | null;
  private profiler: Profiler | null = null;
  private usedAtStart = 0;
  private sum = 0;
  private windows = 0;
  private overhead = 0;
  private peakBeforeGc = 0;
  private readonly readUsed: () => number;

  constructor(Profiler: ProfilerConstructor | null = findProfiler(), readUsed: () => number = readObjectHeapUsed) {
    this.Profiler = Profiler;
    this.available = Profiler !== null;
    this.readUsed = readUsed;
  }

  begin(): void {
    if (this.Profiler === null) return;
    this.usedAtStart = this.readUsed();
    this.profiler = new this.Profiler();
    this.profiler.start();
  }

  /** Ends the window and returns the bytes it allocated (before the overhead is subtracted). */
  end(): number {
    const profiler = this.profiler;
    if (profiler === null) return 0;
    const usedAtStop = this.readUsed();
    const profile = profiler.stop() ?? { statistics: [] };
    this.profiler = null;
    for (const gc of profile.statistics)
      this.peakBeforeGc = Math.max(this.peakBeforeGc, gc.beforeGC.heapStatistics.usedHeapSize);
    const bytes = bytesAllocatedInWindow(profile, this.usedAtStart, usedAtStop);
    this.sum += bytes;
    this.windows++;
    return bytes;
  }

  /** Sets the fixed cost per window, measured by the caller with empty windows (the smallest is the cost). */
  setOverhead(samples: readonly number[]): void {
    this.overhead = samples.length === 0 ? 0 : Math.max(0, Math.min(...samples));
    this.sum = 0;
    this.windows = 0;
  }

  /**
   * The most heap used (code included, as v8.getHeapStatistics() counts it)
   * just before any collection in the windows so far: between collections
   * the heap only grows, so these are its peaks, read exactly rather than
   * by a sample that may land anywhere between two of them. 0 before any
   * collection, and without GCProfiler.
   */
  get heapUsedBeforeGcPeak(): number {
    return this.peakBeforeGc;
  }

  get overheadPerWindow(): number {
    return this.overhead;
  }

  /** Bytes allocated in all windows since the last setOverhead(); null without GCProfiler. */
  total(): number | null {
    if (!this.available) return null;
    return Math.max(0, this.sum - this.overhead * this.windows);
  }
}
