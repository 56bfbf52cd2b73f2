// Contention-aware verdicts for wall-clock metrics. GC pauses, latency and
// throughput are wall time: on a runner whose cores are shared, a neighbour
// makes them worse without the code changing. Each repeat records how
// contended the CPU was; a repeat measured under pressure is re-run (within
// a budget, pipeline/watched-repeat.ts); when the pressure does not go away,
// wall-clock regressions and improvements are reported as `contended`
// (informational, with the pressure figures in the reason) instead of
// failing. Deterministic metrics (allocation, GC counts, heap, descriptors)
// do not depend on the CPU and keep gating. Pure.
import type { MetricVerdict, WorkloadReport } from '../model/report.js';
import type { PressureSnapshot } from '../sampler/pressure.js';
import { statusOf } from './status.js';

/** How contended one repeat was. */
export interface RepeatPressure {
  /** Share of the repeat's wall time in which some task waited for a CPU (PSI "some"); null without PSI. */
  readonly stall: number | null;
  /** 1-minute load average per core at the end of the repeat. */
  readonly loadPerCore: number;
  /** CPU time of the repeat's processes ÷ its wall time; null when unknown. */
  readonly cpuPerWall: number | null;
}

/**
 * Thresholds (see docs/comparison.md, "Contention", for the measurements):
 * a repeat is contended when some task waited for a CPU during more than 10%
 * of it (PSI), or — without PSI — when more tasks were runnable than there
 * are cores over the last minute.
 */
export const CONTENTION_THRESHOLDS = { stall: 0.1, loadPerCore: 1 } as const;

/** Metrics measured in wall time: the ones a busy CPU moves. */
export function isWallClockMetric(id: string): boolean {
  return (
    id.startsWith('gc.pause.') ||
    id.startsWith('latency.') ||
    id === 'gc.time' ||
    id === 'gc.timeFraction' ||
    id === 'throughput' ||
    id === 'shutdown.time'
  );
}

export function pressureBetween(before: PressureSnapshot, after: PressureSnapshot): RepeatPressure {
  const wallMs = Math.max(after.at - before.at, 1e-3);
  const stall =
    before.stallUs === null || after.stallUs === null
      ? null
      : Math.max(0, after.stallUs - before.stallUs) / 1000 / wallMs;
  const cpu =
    before.childCpuMs === null || after.childCpuMs === null ? null : Math.max(0, after.childCpuMs - before.childCpuMs);
  return { stall, loadPerCore: after.loadPerCore, cpuPerWall: cpu === null ? null : cpu / wallMs };
}

export function isContended(pressure: RepeatPressure): boolean {
  if (pressure.stall !== null) return pressure.stall > CONTENTION_THRESHOLDS.stall;
  return pressure.loadPerCore > CONTENTION_THRESHOLDS.loadPerCore;
}

const percent = (value: number) => `${Math.round(value * 100)}%`;

/** "CPU contended in 3 of 5 repeats (PSI stall 42–88%, CPU/wall 0.31–0.95)". */
export function describePressure(pressures: readonly RepeatPressure[]): string {
  const contended = pressures.filter(isContended);
  const range = (values: number[], show: (v: number) => string) =>
    values.length === 0
      ? null
      : Math.min(...values) === Math.max(...values)
        ? show(values[0] ?? 0)
        : `${show(Math.min(...values))}–${show(Math.max(...values))}`;
  const stalls = range(
    contended.map((p) => p.stall).filter((v): v is number => v !== null),
    percent,
  );
  const loads = range(
    contended.map((p) => p.loadPerCore),
    (v) => v.toFixed(2),
  );
  const cpu = range(
    contended.map((p) => p.cpuPerWall).filter((v): v is number => v !== null),
    (v) => v.toFixed(2),
  );
  const figures = [
    stalls === null ? `load/core ${loads}` : `PSI stall ${stalls}`,
    cpu === null ? null : `CPU/wall ${cpu}`,
  ];
  return `CPU contended in ${contended.length} of ${pressures.length} repeats (${figures.filter(Boolean).join(', ')})`;
}

/**
 * The report with wall-clock regressions and improvements turned `contended`
 * (informational) when a repeat it was measured from stayed contended.
 */
export function markContended(report: WorkloadReport, pressures: readonly RepeatPressure[]): WorkloadReport {
  if (!pressures.some(isContended)) return report;
  const why = describePressure(pressures);
  let changed = false;
  const metrics = report.metrics.map((verdict): MetricVerdict => {
    if (!isWallClockMetric(verdict.id) || (verdict.status !== 'regressed' && verdict.status !== 'improved'))
      return verdict;
    changed = true;
    return { ...verdict, status: 'contended', informational: true, reason: `${verdict.reason} (not gating: ${why})` };
  });
  const notes = [...report.notes, `${why}; wall-clock verdicts (GC pauses, latency, throughput) do not gate`];
  if (!changed) return { ...report, notes };
  return { ...report, metrics, notes, status: statusOf({ ...report, metrics }, report.baseline === null) };
}
