// Why a compared verdict does not gate: the rules that make it informational
// (reported, with the reason and its cause, but never failing the build),
// and whether a pooled pause percentile can be tested by whole repeats. Pure.
import type { MetricSummary } from '../model/measurement.js';
import type { InformationalCause, MetricVerdict } from '../model/report.js';
import type { BaselineMetric } from '../baseline/schema.js';
import { infoFor, ruleFor, type Policy } from './policy.js';
import { isTimedMetric } from './env.js';

/**
 * Both sides pooled their pauses and say which repeat gave which: the test
 * moves whole repeats (compare/metric.ts), so the verdict may gate.
 */
export function testsByRepeats(
  summary: MetricSummary | undefined,
  baselineMetric: BaselineMetric | undefined,
): boolean {
  return Boolean(summary?.pooled && summary.repeatSizes && baselineMetric?.pooled && baselineMetric.repeatSizes);
}

export interface Comparability {
  /** Node major, platform or architecture differences (findEnvMismatch). */
  readonly envMismatch: readonly string[];
  /** The CPU change, when the CPU model or count differs (findCpuChange). */
  readonly cpuChange: string | null;
  readonly strict: boolean;
}

/**
 * A heap peak or RSS figure read in the natural phase against a baseline whose
 * figure was read after forced collections (an older memgate, probe/heap-peaks.ts, model/raw-run.ts): the
 * two figures measure different moments, so the verdict is reported, not
 * gated, until the baseline is re-recorded.
 */
function readElsewhere(summary: MetricSummary | undefined, baselineMetric: BaselineMetric | undefined): boolean {
  return Boolean(summary?.naturalPhase && baselineMetric && !baselineMetric.naturalPhase);
}

const READ_ELSEWHERE =
  "the baseline's figure was read after memgate's forced collections (recorded by an older memgate), this one in the natural phase: reported, not gated; re-record the baseline (memgate update) to gate it";

// Gating off (config or default), a noisy metric on another environment, a
// timed metric on another CPU (env.ts says why), a heap peak against one
// an older memgate read elsewhere, or a pause percentile pooled from every
// repeat's pauses that cannot be tested by whole repeats (one side pooled
// and the other did not, or a baseline recorded before repeatSizes):
// reported, not gating. Budget breaches gate regardless; the reason says
// why only where it changes the outcome.
// Why a rank test over single pooled pauses may not gate: pauses of one
// process are not independent draws (a slow moment stretches several at
// once), so it overstates the evidence. In a 30-run A/A round,
// http-loopback's pooled P99 read +333% at p = 1e-21 in 3 first runs, and
// none was confirmed by its re-run.
export function markInformational(
  verdict: MetricVerdict,
  policy: Policy,
  comparability: Comparability,
  summary: MetricSummary | undefined,
  baselineMetric: BaselineMetric | undefined,
): MetricVerdict {
  if (verdict.status === 'measured' || verdict.status === 'over-budget') return verdict;
  const pooled = Boolean(summary?.pooled || baselineMetric?.pooled) && !testsByRepeats(summary, baselineMetric);
  const readAfterForcedGc = readElsewhere(summary, baselineMetric);
  const notGating = whyNotGating(verdict, policy, comparability, pooled, readAfterForcedGc);
  if (notGating === null) return verdict;
  const matters = verdict.status === 'regressed' || verdict.status === 'improved';
  const reason = matters ? `${verdict.reason} (${notGating.why})` : verdict.reason;
  return { ...verdict, informational: true, informationalCause: notGating.cause, reason };
}

/** The first rule above that keeps `verdict` from gating, with its cause (informationalCause); null when it gates. */
function whyNotGating(
  verdict: MetricVerdict,
  policy: Policy,
  { envMismatch, cpuChange, strict }: Comparability,
  pooled: boolean,
  readAfterForcedGc: boolean,
): { why: string; cause: InformationalCause } | null {
  if (readAfterForcedGc) return { why: READ_ELSEWHERE, cause: 'older-baseline' };
  if (pooled)
    return {
      why: "pooled from every repeat's pauses without per-repeat counts on both sides: reported, not gated; re-record the baseline (memgate update) or set a budget to gate it",
      cause: 'pooled',
    };
  if (!ruleFor(policy, { ...infoFor(policy, verdict.id), id: verdict.id }).gate)
    return {
      why: policy.rules[verdict.id]
        ? 'gating off in the config'
        : 'wall-clock metric, not gated by default: set a threshold or a budget to gate it',
      cause: 'not-gated',
    };
  if (envMismatch.length > 0 && verdict.noise === 'noisy' && !strict)
    return { why: `informational: environment differs, ${envMismatch.join(', ')}`, cause: 'environment' };
  if (cpuChange !== null && isTimedMetric(verdict.id) && !strict)
    return {
      why: `informational: CPU differs from the baseline's, ${cpuChange}; timed metrics are compared only on the same CPU`,
      cause: 'cpu',
    };
  return null;
}
