// `memgate trend` output: markdown (Mermaid charts GitHub renders, and a
// summary table), csv (one row per entry, workload and metric) and html (a
// self-contained page of SVG line charts with the regressions marked). Pure.
import { toCsv } from '../report/csv.js';
import { escapeMarkdown } from '../report/escape.js';
import { escapeHtml } from '../report/html-escape.js';
import { formatBytes, formatChange, formatNumber, formatValue } from '../units/format.js';
import { lineChart } from '../report/svg.js';
import { mermaidXyChart } from './mermaid.js';
import { pointLabel, type MetricTrend } from './trend.js';

export const TREND_FORMATS = ['markdown', 'csv', 'html'] as const;
export type TrendFormat = (typeof TREND_FORMATS)[number];

function regressedAt(trend: MetricTrend): string[] {
  return trend.points.filter((p) => p.regressed).map((p) => pointLabel(p));
}

function firstLastChange(trend: MetricTrend): number | null {
  const first = trend.points[0]?.value ?? null;
  const last = trend.points.at(-1)?.value ?? null;
  return first === null || last === null || first === 0 ? null : (last - first) / Math.abs(first);
}

export function renderTrendMarkdown(trends: readonly MetricTrend[], entries: number): string {
  const head = `### memgate trend · ${entries} ${entries === 1 ? 'entry' : 'entries'} · ${trends.length} ${trends.length === 1 ? 'metric' : 'metrics'}\n\n`;
  if (trends.length === 0) return `${head}No metric changed over these entries.\n`;
  const rows = trends.map((t) => {
    const first = t.points[0]?.value ?? null;
    const last = t.points.at(-1)?.value ?? null;
    const regressions = regressedAt(t);
    return `| ${escapeMarkdown(t.workload, 100)} | ${escapeMarkdown(t.metric, 100)} | ${escapeMarkdown(formatValue(first, t.unit))} → ${escapeMarkdown(formatValue(last, t.unit))} | ${formatChange(firstLastChange(t))} | ${regressions.length > 0 ? `🔴 ${regressions.map((c) => escapeMarkdown(c, 20)).join(', ')}` : '—'} |`;
  });
  const table = `| Workload | Metric | First → Last | Change | Regressed at |\n| --- | --- | --- | ---: | --- |\n${rows.join('\n')}\n\n`;
  const charts = trends.map(
    (t) =>
      `#### ${escapeMarkdown(t.workload, 100)} · ${escapeMarkdown(t.metric, 100)}\n\n${mermaidXyChart({
        title: `${t.workload} ${t.metric}`,
        labels: t.points.map((p) => `${pointLabel(p)}${p.regressed ? ' ✖' : ''}`),
        values: t.points.map((p) => p.value ?? 0),
        unit: t.unit,
      })}`,
  );
  return `${head}${table}${charts.join('\n')}\n✖ marks an entry where the metric regressed or went over budget.\n`;
}

export function renderTrendCsv(trends: readonly MetricTrend[]): string {
  const rows = trends.flatMap((t) =>
    t.points.map((p) => [
      p.index,
      p.commit,
      p.branch,
      p.createdAt,
      t.workload,
      t.metric,
      t.unit,
      p.value,
      p.status,
      p.regressed,
    ]),
  );
  return toCsv(
    ['entry', 'commit', 'branch', 'created_at', 'workload', 'metric', 'unit', 'value', 'status', 'regressed'],
    rows,
  );
}

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export function renderTrendHtml(trends: readonly MetricTrend[], entries: number): string {
  const figures = trends.map((t) => {
    const labels = new Map(t.points.map((p) => [p.index, pointLabel(p)]));
    const chart = lineChart({
      title: `${t.workload}: ${t.metric}`,
      lines: [{ label: t.metric, x: t.points.map((p) => p.index), y: t.points.map((p) => p.value ?? 0) }],
      marks: t.points.filter((p) => p.regressed).map((p) => ({ x: p.index, label: 'regressed' })),
      formatX: (x) => labels.get(x) ?? '',
      formatY: t.unit.startsWith('bytes') ? (v) => formatBytes(v) : formatNumber,
      xLabel: 'commit',
    });
    const regressions = regressedAt(t);
    const caption = `${escapeHtml(t.workload)} · <code>${escapeHtml(t.metric)}</code> (${escapeHtml(t.unit)}) — ${escapeHtml(formatChange(firstLastChange(t)))} first to last${regressions.length > 0 ? `; regressed at ${regressions.map((c) => escapeHtml(c)).join(', ')}` : ''}`;
    return `<figure><figcaption>${caption}</figcaption>${chart}</figure>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>memgate trend</title><style>
body{font:14px/1.45 system-ui,sans-serif;color:#111827;max-width:1080px;margin:0 auto;padding:12px 24px}
figure{margin:12px 0 20px}figcaption{font-weight:600;font-size:13px}svg.chart{max-width:100%;height:auto}
</style></head><body><h1>memgate trend</h1><p>${entries} ${entries === 1 ? 'entry' : 'entries'} · ${trends.length} ${trends.length === 1 ? 'metric' : 'metrics'} · dashed red: the metric regressed or went over budget at that commit</p>
${figures.length > 0 ? figures.join('\n') : '<p>No metric changed over these entries.</p>'}
</body></html>
`;
}
