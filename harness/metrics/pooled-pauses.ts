// Pause percentiles from the pauses of all repeats together, for workloads
// that collect too rarely to give a percentile in any one repeat.
//
// Why: some workloads never reach the 20 pauses a P95 needs within a repeat,
// however the run is sized. The stream-zlib sample allocates mostly Buffers
// outside the JS heap, and V8 grows the young generation after its first
// scavenges, so a plain loop of it sees ~6 pauses in its first second and
// 2–4 a second after that: 20 pauses would take ~8 s per repeat. Five
// repeats of ~7 pauses have 35. Every repeat is a fresh process measured the
// same way, so their pauses are draws from one distribution and the pooled
// P95 is a measured figure, not an extrapolation.
//
// There are no per-repeat values to take a spread or a rank test from, so a
// pooled metric's samples are the pauses themselves, with how many each
// repeat gave (repeatSizes): compare tests the percentile by moving whole
// repeats between the sides (stats/repeat-permutation.ts), as pauses of one
// process are not independent. Its spread is how far the percentile moves
// between resamples of those pauses (bootstrap MAD). Pure.
import type { MetricInfo } from '../model/catalogue.js';
import type { MetricSummary } from '../model/measurement.js';
import type { RawRun } from '../model/raw-run.js';
import { bootstrapQuantileSpread, percentiles } from '../stats/index.js';

/** A pause percentile (or the largest pause) and the fewest pauses it is computed from. */
export interface PausePercentile {
  readonly p: number;
  readonly min: number;
}

export interface PooledPauses {
  /** Percentiles computed from the pooled pauses, marked `pooled`. */
  readonly metrics: Record<string, MetricSummary>;
  /** Percentiles still short of pauses, with the pooled count. */
  readonly short: Record<string, number>;
}

/**
 * For each id in `fewest` (too few pauses in some repeat), the percentile of
 * every repeat's pauses together when they number at least its minimum, in
 * repeat order. Every repeat must have had a GC probe: a repeat with no GC
 * figures cannot be told apart from one with no pauses.
 */
export function poolPausePercentiles(
  runs: readonly RawRun[],
  fewest: Readonly<Record<string, number>>,
  percentileOf: Readonly<Record<string, PausePercentile>>,
  infoOf: (id: string) => MetricInfo,
): PooledPauses {
  const metrics: Record<string, MetricSummary> = {};
  const short: Record<string, number> = {};
  const probed = runs.every((run) => run.gc !== null);
  const pauses = runs.flatMap((run) => run.gc?.pauses.map((pause) => pause.ms) ?? []);
  for (const id of Object.keys(fewest)) {
    const wanted = percentileOf[id];
    if (!wanted) continue;
    if (!probed || pauses.length < wanted.min || runs.length < 2) {
      short[id] = pauses.length;
      continue;
    }
    const info = infoOf(id);
    metrics[id] = {
      id,
      unit: info.unit,
      direction: info.direction,
      noise: info.noise,
      samples: pauses,
      median: percentiles(pauses, [wanted.p])[0] ?? 0,
      spread: bootstrapQuantileSpread(pauses, wanted.p),
      pooled: true,
      repeatSizes: runs.map((run) => run.gc?.pauses.length ?? 0),
    };
  }
  return { metrics, short };
}

/** The note that says a percentile was pooled, and from how many pauses. */
export function pooledNote(ids: readonly string[], runs: readonly RawRun[], fewestInRepeat: number): string {
  const total = runs.reduce((sum, run) => sum + (run.gc?.pauses.length ?? 0), 0);
  return (
    `${ids.join(', ')}: from the ${total} GC pauses of all ${runs.length} repeats together` +
    ` (as few as ${fewestInRepeat} in one repeat, too few on its own); compared by moving whole repeats between the sides`
  );
}
