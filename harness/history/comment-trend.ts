// The small trend chart in the PR comment and job summary: for each metric the
// report calls regressed, improved or over budget, its value over the last
// entries of the history and now, as a Mermaid xychart GitHub renders. Pure.
import { escapeMarkdown } from '../report/escape.js';
import type { Report } from '../model/report.js';
import { mermaidXyChart } from './mermaid.js';
import type { HistoryEntry } from './schema.js';
import { pointLabel } from './trend.js';

const CHANGED = new Set(['regressed', 'improved', 'over-budget', 'unmeasured']);
export const COMMENT_TREND_ENTRIES = 20;
export const COMMENT_TREND_CHARTS = 6;

export function commentTrend(report: Report, history: readonly HistoryEntry[]): string {
  const recent = history.slice(-(COMMENT_TREND_ENTRIES - 1));
  const charts: string[] = [];
  for (const workload of report.workloads) {
    for (const metric of workload.metrics) {
      if (!CHANGED.has(metric.status) || metric.current === null) continue;
      const past = recent.flatMap((entry, offset) => {
        const value = entry.workloads
          .find((w) => w.name === workload.name)
          ?.metrics.find((m) => m.id === metric.id)?.value;
        return value === undefined || value === null
          ? []
          : [{ label: pointLabel({ commit: entry.commit, index: offset }), value }];
      });
      if (past.length === 0) continue;
      const now = {
        label: `${report.commit === null ? 'now' : pointLabel({ commit: report.commit, index: 0 })} ✖`,
        value: metric.current,
      };
      const points = [...past, metric.status === 'improved' ? { ...now, label: now.label.replace(' ✖', '') } : now];
      charts.push(
        `**${escapeMarkdown(workload.name, 100)} · ${escapeMarkdown(metric.id, 100)}** (${metric.status})\n\n${mermaidXyChart(
          {
            title: `${workload.name} ${metric.id}`,
            labels: points.map((p) => p.label),
            values: points.map((p) => p.value),
            unit: metric.unit,
          },
        )}`,
      );
    }
  }
  if (charts.length === 0) return '';
  const shown = charts.slice(0, COMMENT_TREND_CHARTS);
  const more =
    charts.length > shown.length
      ? `\n_${charts.length - shown.length} more changed metrics: run \`memgate trend\`._\n`
      : '';
  return `\n#### Trend of the changed metrics\n\n${shown.join('\n')}${more}`;
}
