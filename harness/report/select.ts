// What every reporter agrees on: which metrics count as changed, in which
// order problems are listed, and the plain-text wording of leak findings and
// the environment. Pure; user strings are returned raw for each reporter to
// escape for its own output.
import type {
  EnvFingerprint,
  LeakFinding,
  MetricStatus,
  MetricVerdict,
  Report,
  WorkloadReport,
} from '../model/report.js';
import { formatBytes, formatInterval, formatSigned, formatValue } from '../units/format.js';

// Worst first, so the line that fails the build is the first one read.
const SEVERITY: readonly MetricStatus[] = [
  'over-budget',
  'unmeasured',
  'regressed',
  'missing',
  'new',
  'improved',
  'contended',
  'noise',
  'insufficient',
  'unchanged',
  'measured',
];
/** Statuses a reviewer must see: everything worse than noise. The rest are folded away. */
const CHANGED: ReadonlySet<MetricStatus> = new Set(SEVERITY.slice(0, SEVERITY.indexOf('noise')));

export interface MetricGroups {
  /** Regressed, over budget, missing, new, improved: worst first. */
  readonly changed: MetricVerdict[];
  /** Unchanged and within-noise metrics. */
  readonly folded: MetricVerdict[];
  /** `memgate run`/`soak`: measured, not compared (over-budget ones are in `changed`); and metrics too few events left unmeasured. */
  readonly measured: MetricVerdict[];
}

/**
 * A verdict's current value as every reporter shows it: a pooled pause
 * percentile says so, since it is no median of repeats and may read above
 * the median of the repeats' maxima beside it.
 */
export function formatCurrent(metric: MetricVerdict): string {
  const value = formatValue(metric.current, metric.unit);
  return metric.pooled === true && metric.current !== null ? `${value} (pooled)` : value;
}

export function groupMetrics(metrics: readonly MetricVerdict[]): MetricGroups {
  const changed = metrics.filter((metric) => CHANGED.has(metric.status));
  changed.sort((a, b) => SEVERITY.indexOf(a.status) - SEVERITY.indexOf(b.status));
  return {
    changed,
    folded: metrics.filter((metric) => metric.status === 'unchanged' || metric.status === 'noise'),
    measured: metrics.filter((metric) => metric.status === 'measured' || metric.status === 'insufficient'),
  };
}

/** Findings worth a line: suspicious or leaking, leaking first. */
export function notableLeaks(leaks: readonly LeakFinding[]): LeakFinding[] {
  return leaks
    .filter((leak) => leak.status !== 'stable')
    .sort((a, b) => (a.status === b.status ? 0 : a.status === 'leaking' ? -1 : 1));
}

/** A workload with nothing to look at: it passed, nothing changed, nothing grew. */
export function isQuiet(workload: WorkloadReport): boolean {
  return (
    workload.status === 'pass' &&
    workload.error === null &&
    groupMetrics(workload.metrics).changed.length === 0 &&
    notableLeaks(workload.leaks).length === 0 &&
    workload.envMismatch.length === 0
  );
}

/** "heap leaking +1.02 KB/op (0.31 MB/min, 95% CI 0.28–0.35)". */
export function describeLeak(leak: LeakFinding): string {
  const hourly = leak.shownPer === 'h' ? 60 : 1;
  const rateUnit = `${leak.unit === 'bytes' ? 'bytes' : 'count'}/${hourly === 60 ? 'h' : 'min'}`;
  const rate = formatValue(leak.perMin * hourly, rateUnit);
  const interval = `95% CI ${formatInterval(leak.ci[0] * hourly, leak.ci[1] * hourly, rateUnit.replace('/h', '/min'), leak.perMin * hourly)}`;
  if (leak.perOp === null) return `${leak.resource} ${leak.status} ${rate} (${interval})`;
  const perOp = formatSigned(leak.perOp, leak.unit === 'bytes' ? 'bytes/op' : 'count/op');
  return `${leak.resource} ${leak.status} ${perOp} (${rate}, ${interval})`;
}

/** The analyzer's reason ("heap grows 1.02 KB/op in 5/5 repeats (95% CI …), linear; limit 0 B/op"), or the same facts from the fields. */
export function describeLeakDetail(leak: LeakFinding): string {
  if (leak.reason.trim() !== '') return leak.reason;
  const hourly = leak.shownPer === 'h' && leak.basis !== 'count' && leak.basis !== 'perOp';
  const limit = hourly
    ? formatValue(leak.limit * 60, limitUnit(leak).replace('/min', '/h'))
    : formatValue(leak.limit, limitUnit(leak));
  return `${leak.shape}, grew in ${leak.repeatsGrowing}/${leak.repeats} repeats, limit ${limit}`;
}

// `limit` is in the unit of `basis`; reports from before `basis` existed held perMin.
function limitUnit(leak: LeakFinding): string {
  if (leak.basis === 'count') return 'count';
  if (leak.basis === 'perOp') return leak.unit === 'bytes' ? 'bytes/op' : 'count/op';
  return leak.unit === 'bytes' ? 'bytes/min' : 'count/min';
}

/** Environment mismatches across workloads, each once, with the workloads it concerns. */
export function collectEnvMismatches(report: Report): Array<{ text: string; workloads: string[] }> {
  const byText = new Map<string, string[]>();
  for (const workload of report.workloads) {
    for (const text of workload.envMismatch) byText.set(text, [...(byText.get(text) ?? []), workload.name]);
  }
  return [...byText].map(([text, workloads]) => ({ text, workloads }));
}

/** "node v20.19.0 (V8 11.3) · linux x64 · 2 × Intel Xeon · 8.00 GB RAM, cgroup 4.00 GB · memgate 0.1.0". */
export function describeEnv(env: EnvFingerprint): string {
  const memory = `${formatBytes(env.totalMemory)} RAM${env.cgroupMemoryLimit === null ? '' : `, cgroup ${formatBytes(env.cgroupMemoryLimit)}`}`;
  const flags = env.nodeFlags.length > 0 ? ` · flags ${env.nodeFlags.join(' ')}` : '';
  return `node ${env.node} (V8 ${env.v8}) · ${env.platform} ${env.arch} · ${env.cpuCount} × ${env.cpuModel} · ${memory}${flags} · memgate ${env.memgateVersion}`;
}

/** Distinct baseline commits ("abc1234 on main, recorded 2026-11-01T…"), one per distinct ref. */
export function describeBaselines(report: Report): string[] {
  const seen = new Set<string>();
  for (const workload of report.workloads) {
    const ref = workload.baseline;
    if (ref === null) continue;
    const where = [
      ref.commit === null ? 'unknown commit' : shortCommit(ref.commit),
      ref.branch === null ? '' : `on ${ref.branch}`,
    ]
      .filter(Boolean)
      .join(' ');
    seen.add(`${where}, recorded ${ref.recordedAt}`);
  }
  return [...seen];
}

/** "process", or "process · python 3.11.7" when its probe named the program's runtime. */
export function processLabel(workload: WorkloadReport): string {
  return workload.runtime === undefined ? 'process' : `process · ${workload.runtime}`;
}

export function shortCommit(commit: string): string {
  return /^[0-9a-f]{40}$/i.test(commit) ? commit.slice(0, 7) : commit;
}

/** "1 regressed · 2 improved · 1 leak" from the summary, zero counts left out. */
export function describeCounts(report: Report): string {
  const { summary } = report;
  const parts: string[] = [`${summary.workloads} ${plural(summary.workloads, 'workload')}`];
  const counted: Array<[number, string]> = [
    [summary.regressed, 'regressed'],
    [summary.overBudget, 'over budget'],
    [summary.leaks, plural(summary.leaks, 'leak')],
    [summary.errors, plural(summary.errors, 'error')],
    [summary.improved, 'improved'],
    [summary.new, 'new'],
  ];
  for (const [count, label] of counted) if (count > 0) parts.push(`${count} ${label}`);
  return parts.join(' · ');
}

export function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}
