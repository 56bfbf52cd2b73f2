// One workload's verdicts: every measured metric against its baseline value
// (compare mode) or just against budgets (run mode), leak findings copied
// from the measurement, and the workload status. Pure.
import type { Measurement, MetricSummary } from '../model/measurement.js';
import type { MetricInfo } from '../model/catalogue.js';
import type { InformationalCause, MetricVerdict, WorkloadReport } from '../model/report.js';
import type { Baseline, BaselineMetric } from '../baseline/schema.js';
import { infoFor, ruleFor, type Policy } from './policy.js';
import { checkBudget, describeBudget } from './budget.js';
import { compareMetric } from './metric.js';
import { withFloorForOps } from './defaults.js';
import { MIN_PAUSES } from '../metrics/derive.js';
import { findCpuChange, findEnvMismatch, findEnvNotes, isTimedMetric } from './env.js';
import { statusOf } from './status.js';
import { unmeasuredVerdict } from './unmeasured.js';

export interface CompareOptions {
  /** `run`: measured, not compared (budgets and leaks still gate). */
  readonly mode: 'run' | 'compare';
  /** Gate noisy metrics despite an environment mismatch (default: policy.strict). */
  readonly strict?: boolean;
}

function infoOf(summary: MetricSummary): MetricInfo {
  return { id: summary.id, unit: summary.unit, direction: summary.direction, noise: summary.noise, description: '' };
}

// Measured metrics in the measurement's order, then those only the baseline has.
function metricIds(measurement: Measurement, baseline: Baseline | undefined): string[] {
  const ids = Object.keys(measurement.metrics);
  const missing = Object.keys(baseline?.metrics ?? {}).filter(
    (id) => !(id in measurement.metrics) && !(id in measurement.insufficient),
  );
  return [...ids, ...missing.sort()];
}

// Too few events to compute: no value, never gated, never read as 0; a budget on it is not checked and says so.
function insufficientVerdict(
  id: string,
  reason: string,
  baselineMetric: BaselineMetric | undefined,
  policy: Policy,
): MetricVerdict {
  const info = infoFor(policy, id);
  const budget = policy.budgets[id];
  return {
    id,
    unit: info.unit,
    direction: info.direction,
    noise: info.noise,
    current: null,
    baseline: baselineMetric?.median ?? null,
    change: null,
    status: 'insufficient',
    reason: budget ? `${reason}; its budget was not checked` : reason,
    spread: null,
    pValue: null,
    informational: true,
    informationalCause: 'insufficient',
  };
}

// Budgets on metrics this run has no value for (and no `insufficient` note): they fail as `unmeasured`.
function unmeasuredBudgets(measurement: Measurement, policy: Policy): MetricVerdict[] {
  return Object.keys(policy.budgets)
    .filter((id) => !(id in measurement.metrics) && !(id in measurement.insufficient))
    .map((id) => unmeasuredVerdict(id, measurement, policy));
}

// Growth limits as verdicts `growth.<target>`: over the limit fails like a budget; no series fails as unmeasured.
function growthVerdicts(measurement: Measurement): MetricVerdict[] {
  return (measurement.growth ?? []).map((check) => ({
    id: check.id,
    unit: check.unit,
    direction: 'lower',
    noise: 'noisy',
    current: check.value,
    baseline: null,
    change: null,
    status: check.status === 'over-limit' ? 'over-budget' : check.status === 'unmeasured' ? 'unmeasured' : 'measured',
    reason: check.reason,
    spread: null,
    pValue: null,
  }));
}

function measuredVerdict(info: MetricInfo, summary: MetricSummary): MetricVerdict {
  return {
    id: info.id,
    unit: info.unit,
    direction: info.direction,
    noise: info.noise,
    current: summary.median,
    baseline: null,
    change: null,
    status: 'measured',
    reason: 'measured',
    spread: summary.spread,
    pValue: null,
  };
}

function verdictFor(
  id: string,
  measurement: Measurement,
  baselineMetric: BaselineMetric | undefined,
  policy: Policy,
  options: CompareOptions,
): MetricVerdict {
  const summary = measurement.metrics[id];
  const verdict = comparedVerdict(id, summary, baselineMetric, policy, options, measurement.settings.ops);
  // Reporters mark a pooled percentile: it is no median of repeats (MetricVerdict.pooled).
  return summary?.pooled ? { ...verdict, pooled: true } : verdict;
}

function comparedVerdict(
  id: string,
  summary: MetricSummary | undefined,
  baselineMetric: BaselineMetric | undefined,
  policy: Policy,
  options: CompareOptions,
  ops: number,
): MetricVerdict {
  const info = summary ? infoOf(summary) : infoFor(policy, id);
  const rule = withFloorForOps(ruleFor(policy, info), ops);
  if (options.mode === 'run' && summary) return applyBudget(measuredVerdict(info, summary), summary, policy);
  // One side pooled its pauses, the other had percentiles per repeat: their
  // samples are not alike (pauses vs percentiles), so no rank test between
  // them; the threshold and the spreads (how far each figure moves) decide.
  const mixed = summary && baselineMetric && Boolean(summary.pooled) !== Boolean(baselineMetric.pooled);
  const verdict = compareMetric(info, summary, baselineMetric, {
    rule: mixed ? { ...rule, test: false } : rule,
    alpha: policy.alpha,
    noiseFloor: policy.noiseFloor,
    pooledPercentile: testsByRepeats(summary, baselineMetric) ? MIN_PAUSES[id]?.p : undefined,
  });
  const why = summary?.pooled
    ? 'this run pooled its pauses, the baseline has one value per repeat'
    : 'the baseline pooled its pauses, this run has one value per repeat';
  return applyBudget(
    mixed ? { ...verdict, reason: `${verdict.reason} (${why}: no rank test)` } : verdict,
    summary,
    policy,
  );
}

/**
 * Both sides pooled their pauses and say which repeat gave which: the test
 * moves whole repeats (compare/metric.ts), so the verdict may gate.
 */
function testsByRepeats(summary: MetricSummary | undefined, baselineMetric: BaselineMetric | undefined): boolean {
  return Boolean(summary?.pooled && summary.repeatSizes && baselineMetric?.pooled && baselineMetric.repeatSizes);
}

// Over budget beats every other status; within budget, the reason says so.
function applyBudget(verdict: MetricVerdict, summary: MetricSummary | undefined, policy: Policy): MetricVerdict {
  const budget = policy.budgets[verdict.id];
  if (!budget || !summary) return verdict;
  const breach = checkBudget(summary.median, budget, verdict.unit);
  if (breach) {
    const was = verdict.status === 'measured' ? '' : `; vs baseline: ${verdict.reason}`;
    return { ...verdict, status: 'over-budget', reason: `${breach.reason}${was}` };
  }
  const within = describeBudget(budget, verdict.unit);
  return { ...verdict, reason: verdict.status === 'measured' ? within : `${verdict.reason}; ${within}` };
}

interface Comparability {
  /** Node major, platform or architecture differences (findEnvMismatch). */
  readonly envMismatch: readonly string[];
  /** The CPU change, when the CPU model or count differs (findCpuChange). */
  readonly cpuChange: string | null;
  readonly strict: boolean;
}

/**
 * A heap peak read in the natural phase against a baseline whose peak was
 * read after forced collections (an older memgate, probe/heap-peaks.ts): the
 * two figures measure different moments, so the verdict is reported, not
 * gated, until the baseline is re-recorded.
 */
function readElsewhere(summary: MetricSummary | undefined, baselineMetric: BaselineMetric | undefined): boolean {
  return Boolean(summary?.naturalPhase && baselineMetric && !baselineMetric.naturalPhase);
}

const READ_ELSEWHERE =
  "the baseline's peak was read after memgate's forced collections (recorded by an older memgate), this one in the natural phase: reported, not gated; re-record the baseline (memgate update) to gate it";

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
function markInformational(
  verdict: MetricVerdict,
  policy: Policy,
  comparability: Comparability,
  pooled: boolean,
  readAfterForcedGc: boolean,
): MetricVerdict {
  if (verdict.status === 'measured' || verdict.status === 'over-budget') return verdict;
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

function collectNotes(measurement: Measurement, baseline: Baseline | undefined): string[] {
  const notes = [...measurement.notes];
  if (!baseline) return notes;
  notes.push(...findEnvNotes(baseline.env, measurement.env));
  if (baseline.definitionHash !== measurement.definitionHash) {
    notes.push(
      `the workload changed since its baseline was recorded (definition ${baseline.definitionHash.slice(0, 8)} → ${measurement.definitionHash.slice(0, 8)}); if the change is intended, re-record with \`memgate update ${measurement.workload}\``,
    );
  }
  return notes;
}

/** Verdicts for one measured workload. `baseline` undefined: a new workload (status `new`, never failing on its own). */
export function compareWorkload(
  measurement: Measurement,
  baseline: Baseline | undefined,
  policy: Policy,
  options: CompareOptions,
): WorkloadReport {
  const compared = options.mode === 'compare' ? baseline : undefined;
  const envMismatch = compared ? findEnvMismatch(compared.env, measurement.env) : [];
  const comparability: Comparability = {
    envMismatch,
    cpuChange: compared ? findCpuChange(compared.env, measurement.env) : null,
    strict: options.strict ?? policy.strict,
  };
  // A budgeted metric the baseline has but this run lacks is `unmeasured` (failing), not just `missing`.
  const unmeasured = unmeasuredBudgets(measurement, policy);
  const unmeasuredIds = new Set(unmeasured.map((verdict) => verdict.id));
  const metrics = [
    ...metricIds(measurement, compared)
      .filter((id) => !unmeasuredIds.has(id))
      .map((id) =>
        markInformational(
          verdictFor(id, measurement, compared?.metrics[id], policy, options),
          policy,
          comparability,
          Boolean(measurement.metrics[id]?.pooled || compared?.metrics[id]?.pooled) &&
            !testsByRepeats(measurement.metrics[id], compared?.metrics[id]),
          readElsewhere(measurement.metrics[id], compared?.metrics[id]),
        ),
      ),
    ...Object.entries(measurement.insufficient).map(([id, reason]) =>
      insufficientVerdict(id, reason, compared?.metrics[id], policy),
    ),
    ...unmeasured,
    ...growthVerdicts(measurement),
  ];
  const leaks = measurement.leaks.map((leak) => ({ ...leak, ci: [leak.ci[0], leak.ci[1]] as [number, number] }));
  const problems = [...measurement.problems];
  return {
    name: measurement.workload,
    file: measurement.file,
    kind: measurement.kind,
    status: statusOf({ error: null, metrics, leaks, problems }, options.mode === 'compare' && !baseline),
    metrics,
    leaks,
    diagnosis: measurement.diagnosis,
    error: null,
    baseline: compared
      ? { commit: compared.recorded.commit, branch: compared.recorded.branch, recordedAt: compared.recorded.at }
      : null,
    envMismatch,
    confirmRuns: 0,
    repeats: measurement.settings.repeats,
    notes: collectNotes(measurement, compared),
    problems,
  };
}
