// The heap's peaks in the natural phase, where the workload runs as it does
// on its own. The heap only grows between collections, and V8 starts a
// scavenge when the young generation is full, so the most heap the process
// will have used before its next collection is what it uses now plus what
// the young generation still has free. Read at every block's end, that gives
// the peak whatever moment of the young generation's fill the block ends at.
//
// Why not the checkpointed batches, where the peaks were read before: their
// forced full collections promote the workload's tables to the old
// generation, and V8 then allocates their replacements there too, so
// garbage piles up until the next forced collection (lru-cache: 38 MB read
// at a batch's end, against 12.9 MB in the natural phase; event-bus 12.4
// against 5.4 MB). Where a batch ended on a full young generation, the
// reading jumped again (lru-cache 11.7 → 41.8 MB in some repeats, which an
// A/A round read as +258%, cleared by re-runs).
import v8 from 'node:v8';

/** The fields of v8.getHeapSpaceStatistics() entries the peaks need. */
export interface HeapSpaceReading {
  readonly space_name: string;
  readonly space_size: number;
  readonly space_used_size: number;
  readonly space_available_size: number;
}

export interface HeapPeaks {
  /** Most heap used (heapUsed, code included), young generation counted full. */
  readonly used: number;
  /** Most heap reserved (heapTotal: the spaces' sizes add up to it). */
  readonly total: number;
}

/**
 * Pure: heap used now plus the young generation's free room (the heap used
 * just before the next scavenge), and the heap reserved, from one reading of
 * the spaces: the measured process reads them 16 times per phase.
 */
export function heapReading(spaces: readonly HeapSpaceReading[]): HeapPeaks {
  let used = 0;
  let total = 0;
  let youngFree = 0;
  for (const space of spaces) {
    used += space.space_used_size;
    total += space.space_size;
    if (space.space_name === 'new_space') youngFree = space.space_available_size;
  }
  return { used: used + youngFree, total };
}

/** Keeps the natural phase's heap peaks; read() between blocks, never inside one. */
export class HeapPeakTracker {
  private used = 0;
  private total = 0;

  read(): void {
    const now = heapReading(v8.getHeapSpaceStatistics());
    this.used = Math.max(this.used, now.used);
    this.total = Math.max(this.total, now.total);
  }

  peaks(): HeapPeaks {
    return { used: this.used, total: this.total };
  }
}
