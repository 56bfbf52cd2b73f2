// `memgate update` keeps a baseline that the fresh measurement still matches
// within noise (compare/rerecord.ts). A gated metric that moved rewrites the
// baseline only when a fresh re-run moves it the same way, up to
// `compare.confirmRuns` times: as `compare` confirms a failure before
// it fails a build, `update` confirms a move before it writes a baseline (on
// a release branch, a baseline pull request).
import type { Baseline } from '../baseline/schema.js';
import type { Policy } from '../compare/policy.js';
import {
  asNoise,
  comparedMetrics,
  confirmedByRerun,
  decideRerecord,
  describeMove,
  movedMetrics,
  type RerecordDecision,
} from '../compare/rerecord.js';
import type { Measurement } from '../model/measurement.js';
import type { WorkloadResult } from './types.js';

export async function confirmedRerecordDecision(
  measurement: Measurement,
  before: Baseline,
  after: Baseline,
  policy: Policy,
  remeasure: () => Promise<WorkloadResult>,
): Promise<RerecordDecision> {
  const first = comparedMetrics(measurement, before, policy);
  const decision = decideRerecord(before, after, first);
  let pending = movedMetrics(first);
  // Nothing to confirm, or a rewrite whatever those metrics do (the workload, its settings or the environment changed).
  if (!decision.rewrite || pending.length === 0 || decideRerecord(before, after, asNoise(first, pending)).rewrite)
    return decision;
  let compared = first;
  const unconfirmed: string[] = [];
  let rounds = 0;
  while (rounds < policy.confirmRuns && pending.length > 0) {
    rounds++;
    const rerun = await remeasure();
    if (!rerun.ok)
      return {
        ...decision,
        reason: `${decision.reason} (its re-run failed, so the first run stands: ${rerun.error.message})`,
      };
    const verdict = confirmedByRerun(first, comparedMetrics(rerun.measurement, before, policy), pending);
    unconfirmed.push(...verdict.unconfirmed);
    compared = asNoise(compared, verdict.unconfirmed);
    pending = verdict.confirmed;
  }
  const confirmed = decideRerecord(before, after, compared);
  const reruns = rounds === 1 ? 'its re-run' : `its ${rounds} re-runs`;
  if (confirmed.rewrite)
    return rounds === 0 ? confirmed : { ...confirmed, reason: `${confirmed.reason}, confirmed by ${reruns}` };
  const moved = first.filter((metric) => unconfirmed.includes(metric.id)).map(describeMove);
  return { ...confirmed, reason: `${confirmed.reason} (${moved.join(', ')} in the first run, not in ${reruns})` };
}
