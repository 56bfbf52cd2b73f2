// `memgate trend`'s model: each metric of each workload over the history's
// entries (commits), with the entries where it regressed marked. Pure.
import type { HistoryEntry } from './schema.js';

export interface TrendPoint {
  /** Index of the entry in the history (x position). */
  readonly index: number;
  readonly commit: string | null;
  readonly branch: string | null;
  readonly createdAt: string;
  readonly value: number | null;
  readonly status: string;
  /** Failed the gate at this entry: regressed or over budget. */
  readonly regressed: boolean;
}

export interface MetricTrend {
  readonly workload: string;
  readonly metric: string;
  readonly unit: string;
  readonly direction: 'lower' | 'higher';
  readonly points: readonly TrendPoint[];
}

export interface TrendOptions {
  /** Workload names or substrings; empty: all. */
  readonly workloads?: readonly string[];
  /** Metric ids; empty: all. */
  readonly metrics?: readonly string[];
  /** Keep only the last N entries. */
  readonly last?: number;
}

const FAILING = new Set(['regressed', 'over-budget', 'unmeasured']);

/** One trend per (workload, metric), in first-seen order; entries where it was not measured are left out. */
export function buildTrends(history: readonly HistoryEntry[], options: TrendOptions = {}): MetricTrend[] {
  const start = options.last === undefined ? 0 : Math.max(0, history.length - options.last);
  const byKey = new Map<string, { trend: Omit<MetricTrend, 'points'>; points: TrendPoint[] }>();
  history.slice(start).forEach((entry, offset) => {
    for (const workload of entry.workloads) {
      if (!matches(workload.name, options.workloads)) continue;
      for (const metric of workload.metrics) {
        if (options.metrics && options.metrics.length > 0 && !options.metrics.includes(metric.id)) continue;
        if (metric.value === null) continue;
        const key = `${workload.name}\u0000${metric.id}`;
        let slot = byKey.get(key);
        if (!slot) {
          slot = {
            trend: { workload: workload.name, metric: metric.id, unit: metric.unit, direction: metric.direction },
            points: [],
          };
          byKey.set(key, slot);
        }
        slot.points.push({
          index: start + offset,
          commit: entry.commit,
          branch: entry.branch,
          createdAt: entry.createdAt,
          value: metric.value,
          status: metric.status,
          regressed: FAILING.has(metric.status),
        });
      }
    }
  });
  return [...byKey.values()].map(({ trend, points }) => ({ ...trend, points }));
}

function matches(name: string, filters: readonly string[] | undefined): boolean {
  return !filters || filters.length === 0 || filters.some((filter) => name.includes(filter));
}

/** Trends worth drawing by default: the value moved, or some entry did not pass as unchanged. */
export function changedTrends(trends: readonly MetricTrend[]): MetricTrend[] {
  return trends.filter(
    (trend) =>
      new Set(trend.points.map((p) => p.value)).size > 1 ||
      trend.points.some((p) => p.status !== 'unchanged' && p.status !== 'measured' && p.status !== 'new'),
  );
}

/** A short x label for an entry: the commit's first 7 characters, else its position. */
export function pointLabel(point: Pick<TrendPoint, 'commit' | 'index'>): string {
  return point.commit === null ? `#${point.index + 1}` : point.commit.slice(0, 7);
}
