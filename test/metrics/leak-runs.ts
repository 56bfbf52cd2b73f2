// Builders of RawRuns with chosen checkpoint series, for exact tests of leak
// classification; built through rawRun, so they are checked against the schema.
import type { Checkpoint, RawRun } from '../../harness/model/raw-run.js';
import { rawRun } from '../fixtures/stats/raw-run.js';

export interface SeriesSpec {
  /** Heap used at checkpoint i (op = i * batch). */
  readonly heap?: (i: number) => number;
  readonly codeSpace?: (i: number) => number;
  readonly rss?: (i: number) => number;
  readonly external?: (i: number) => number;
  readonly fds?: (i: number) => number | null;
  readonly handles?: (i: number) => number;
  readonly points?: number;
  readonly batch?: number;
  /** Operation time per op, ms. */
  readonly msPerOp?: number;
  readonly kind?: RawRun['kind'];
}

// Small deterministic wobble (a fixed pseudo-random sequence) so fits are not on perfect lines.
export function wobble(seed: number, amplitude: number): (i: number) => number {
  return (i) => Math.round(((Math.sin((i + 1) * 12.9898 + seed * 78.233) * 43758.5453) % 1) * amplitude);
}

const MEMORY: RawRun['memory'] = {
  rssPeak: 5e7,
  rssFinal: 5e7,
  maxRss: null,
  heapUsedPeak: null,
  heapTotalPeak: null,
  externalPeak: null,
  arrayBuffersPeak: null,
};

export function makeRun(spec: SeriesSpec): RawRun {
  const points = spec.points ?? 11;
  const batch = spec.batch ?? 200;
  const msPerOp = spec.msPerOp ?? 0.001;
  const checkpoints: Checkpoint[] = Array.from({ length: points }, (_, i) => ({
    op: i * batch,
    tMs: i * batch * msPerOp,
    heapUsed: 5e6 + (spec.heap?.(i) ?? 0) + (spec.codeSpace?.(i) ?? 0),
    ...(spec.codeSpace ? { codeSpace: 4e5 + spec.codeSpace(i) } : {}),
    rss: 4e7 + (spec.rss?.(i) ?? 0),
    external: 1e6 + (spec.external?.(i) ?? 0),
    arrayBuffers: 1e4,
    fds: spec.fds === undefined ? 0 : spec.fds(i),
    handles: spec.handles?.(i) ?? 0,
    handlesByType: { Timeout: spec.handles?.(i) ?? 0 },
  }));
  const ops = spec.kind === 'process' ? 0 : (points - 1) * batch;
  return rawRun({
    workload: 'synthetic',
    kind: spec.kind ?? 'in-process',
    ops,
    wallMs: (points - 1) * batch * msPerOp,
    memory: MEMORY,
    checkpoints,
  });
}

/** `repeats` runs of one spec, each with its own wobble seed passed to `spec(seed)`. */
export function makeRuns(repeats: number, spec: (seed: number) => SeriesSpec): RawRun[] {
  return Array.from({ length: repeats }, (_, seed) => makeRun(spec(seed)));
}

/** Expands a run recorded by bench/leak-sensitivity.ts --record (columns: op, tMs, heap, rss, external, arrayBuffers, fds, handles). */
export function expandRecorded(
  compact: { ops: number; wallMs: number; checkpoints: number[][] },
  workload: string,
): RawRun {
  return rawRun({
    workload,
    ops: compact.ops,
    wallMs: compact.wallMs,
    memory: MEMORY,
    checkpoints: compact.checkpoints.map(
      ([op = 0, tMs = 0, heapUsed = 0, rss = 0, external = 0, arrayBuffers = 0, fds = 0, handles = 0]) => ({
        op,
        tMs,
        heapUsed,
        rss,
        external,
        arrayBuffers,
        fds,
        handles,
        handlesByType: {},
      }),
    ),
  });
}
