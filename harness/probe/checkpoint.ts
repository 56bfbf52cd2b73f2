// A checkpoint: the state after a settled heap, taken between batches. The
// readings allocate a few objects (a memoryUsage object, the readdir listing,
// the active-resource list and its counts: a few KB); they happen outside the
// allocation windows, so alloc.perOp never sees them.
import v8 from 'node:v8';
import { join } from 'node:path';
import type { ChildDiagnose } from './protocol.js';
import type { Checkpoint } from '../model/raw-run.js';
import type { MemorySampler } from './memory-sampler.js';
import { countResources } from './resources.js';
import type { ResourceBaseline } from './resources.js';

/** `settledHeapUsed` is the reading settleHeap() took right after its last gc(). */
export function takeCheckpoint(
  op: number,
  tMs: number,
  settledHeapUsed: number,
  baseline: ResourceBaseline,
  sampler: MemorySampler,
): Checkpoint {
  const usage = sampler.sampleFull();
  const resources = countResources(baseline);
  return {
    op,
    tMs,
    heapUsed: settledHeapUsed,
    rss: usage.rss,
    external: usage.external,
    arrayBuffers: usage.arrayBuffers,
    fds: resources.fds,
    handles: resources.handles,
    handlesByType: resources.handlesByType,
  };
}

export interface SnapshotOutcome {
  readonly path: string | null;
  readonly note: string | null;
}

// Bench task names carry slashes and spaces; the folder is already the workload's own, so flattening is enough.
export function snapshotFileName(workload: string, repeatIndex: number, checkpointIndex: number): string {
  return `${workload.replace(/[^A-Za-z0-9._#-]+/g, '_')}-r${repeatIndex}-c${checkpointIndex}.heapsnapshot`;
}

/** Writes a heap snapshot when `index` is one of the requested checkpoints and the heap is small enough. */
export function maybeWriteSnapshot(
  diagnose: ChildDiagnose | null,
  workload: string,
  repeatIndex: number,
  index: number,
  heapUsed: number,
): SnapshotOutcome {
  if (diagnose === null || !diagnose.atCheckpoints.includes(index)) return { path: null, note: null };
  if (heapUsed > diagnose.heapLimitBytes) {
    const note = `heap snapshot at checkpoint ${index} skipped: heap used ${heapUsed} bytes is over the limit of ${diagnose.heapLimitBytes} bytes (raise leak.snapshotLimit to take it)`;
    return { path: null, note };
  }
  return { path: v8.writeHeapSnapshot(join(diagnose.dir, snapshotFileName(workload, repeatIndex, index))), note: null };
}
