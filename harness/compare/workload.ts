// One workload's verdicts: every measured metric against its baseline value
// (compare mode) or just against budgets (run mode), leak findings copied
// from the measurement, and the workload status. Pure.
import type { Measurement, MetricSummary } from '../model/measurement.js';
import type { MetricInfo } from '../model/catalogue.js';
import type { MetricVerdict, WorkloadReport } from '../model/report.js';
import type { Baseline, BaselineMetric } from '../baseline/schema.js';
import { infoFor, ruleFor, type Policy } from './policy.js';
import { checkBudget, describeBudget } from './budget.js';
import { compareMetric } from './metric.js';
import { withFloorForOps } from './defaults.js';
import { MIN_PAUSES } from '../metrics/derive.js';
import { findCpuChange, findEnvMismatch, findEnvNotes } from './env.js';
import { markInformational, testsByRepeats, type Comparability } from './not-gating.js';
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
    ...(summary.pooled ? { pooled: true } : {}),
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
  const info = summary ? infoOf(summary) : infoFor(policy, id);
  const rule = withFloorForOps(ruleFor(policy, info), measurement.settings.ops);
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
          measurement.metrics[id],
          compared?.metrics[id],
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
    ...(measurement.env.runtime === undefined ? {} : { runtime: measurement.env.runtime }),
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
