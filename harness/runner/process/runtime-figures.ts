// What a language probe other than the Node one (Python's sitecustomize,
// Go's gctrace) found about the runtime of a process workload, in one shape
// the RawRun assembly reads. Pure data.
import type { GcPause } from '../../model/raw-run.js';

export interface AllocationGrower {
  /** "file:line" (Python tracemalloc). */
  readonly name: string;
  readonly countDelta: number;
  readonly sizeDelta: number;
}

export interface RuntimeFigures {
  readonly gc: { readonly pauses: GcPause[]; readonly forced: number };
  /** The runtime's own heap figures, when it reports them (Go: heap at GC start and goal). */
  readonly heapUsedPeak: number | null;
  readonly heapTotalPeak: number | null;
  readonly growers: AllocationGrower[] | null;
  /** The runtime and its version ("python 3.11.7"), when the probe reports it. */
  readonly runtime?: string;
  readonly notes: string[];
}

export interface RuntimeProbe {
  /** Variables to add to the child's environment. */
  readonly env: Record<string, string>;
  /** Called when the measured phase starts. */
  markStart(): void;
  /** What the probe found; null (with a reason, or none when the probe had nothing to say) when it found nothing. */
  collect(): { result: RuntimeFigures | null; note: string | null };
}
