// Sequential leak decisions: when the runs leave a resource `suspicious`
// (growing, but not clearly enough to call), run the workload again with
// more operations per repeat, up to a budget, until the evidence decides
// `leaking` or `stable`. The rules live in metrics/leak-sequential.ts; the
// other metrics stay those of the planned runs, so a comparison with a
// baseline still holds like against like.
import type { ResolvedConfig } from '../config/schema.js';
import { analyzeLeaks } from '../metrics/leak.js';
import { MAX_EXTENSIONS, decidedLeak, extendedOps, undecidedLeaks } from '../metrics/leak-sequential.js';
import type { Measurement, RunSettings } from '../model/measurement.js';
import type { RawRun } from '../model/raw-run.js';
import type { LeakFinding } from '../model/report.js';
import { runRepeat } from '../runner/repeat.js';
import { median } from '../stats/index.js';
import type { ResolvedWorkload } from '../workload/types.js';

/** Repeats per extension round: 'leaking' needs growth in every repeat, and three independent processes suffice. */
const EXTENSION_REPEATS = 3;

export interface ExtendOptions {
  readonly signal?: AbortSignal | undefined;
  /** Called before each repeat of a round (progress line). */
  readonly onRepeat?: ((repeat: number, repeats: number) => void) | undefined;
}

/**
 * Settings for a round: more checkpointed ops spread over the same number of
 * checkpoints, after the same natural phase as the planned runs, so the
 * batches start from the same state (a cache filled by the natural phase is
 * as full; its figures are not used).
 */
export function extendedSettings(settings: RunSettings, ops: number): RunSettings {
  const naturalOps = settings.naturalOps ?? settings.ops;
  return { ...settings, ops, batchSize: Math.max(1, Math.ceil(ops / settings.checkpoints)), naturalOps };
}

/** A round fits when its repeats are expected to take under half the per-repeat timeout. */
function fitsTimeout(runs: readonly RawRun[], factor: number, timeoutMs: number): boolean {
  return median(runs.map((run) => run.wallMs)) * factor < timeoutMs / 2;
}

/** The measurement with its undecided leak findings decided by longer runs, where the workload allows. */
export async function extendUndecidedLeaks(
  workload: ResolvedWorkload,
  config: ResolvedConfig,
  measurement: Measurement,
  runs: readonly RawRun[],
  options: ExtendOptions = {},
): Promise<Measurement> {
  const { settings } = measurement;
  if (workload.kind !== 'in-process' || settings.durationMs !== null || settings.ops <= 0) return measurement;
  let pending = undecidedLeaks(measurement.leaks);
  let leaks: readonly LeakFinding[] = measurement.leaks;
  for (let round = 1; round <= MAX_EXTENSIONS && pending.length > 0; round++) {
    const ops = extendedOps(settings.ops, round);
    if (!fitsTimeout(runs, ops / settings.ops, settings.timeoutMs)) break;
    const extended = { ...workload, settings: extendedSettings(settings, ops) };
    const longer: RawRun[] = [];
    for (let repeat = 0; repeat < EXTENSION_REPEATS; repeat++) {
      options.onRepeat?.(repeat + 1, EXTENSION_REPEATS);
      longer.push(await runRepeat(extended, config, { repeatIndex: repeat, signal: options.signal }));
    }
    const later = new Map(analyzeLeaks(longer, workload.leakLimits).map((finding) => [finding.resource, finding]));
    const resolved = new Map<string, LeakFinding>();
    for (const finding of pending) {
      const next = later.get(finding.resource);
      if (next) resolved.set(finding.resource, decidedLeak(next, settings.ops, ops));
    }
    leaks = leaks.map((finding) => resolved.get(finding.resource) ?? finding);
    pending = undecidedLeaks([...resolved.values()]);
  }
  return leaks === measurement.leaks ? measurement : { ...measurement, leaks };
}
