// The `memgate analyze --html` trend page: one chart per metric over the
// log's time, with the fitted growth line and its 95% band (the HTML
// reporter's SVG charts), the grade and its reason. Self-contained, with the
// same Content-Security-Policy as the HTML report: no script, no network. Pure.
import type { Grade } from '../metrics/log-grade.js';
import { formatBytes, formatCount } from '../units/format.js';
import { describeRate, formatHours, type LogAnalysis } from './analysis.js';
import { escapeHtml } from './html-escape.js';
import { lineChart } from './svg.js';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111827;margin:0 auto;max-width:1080px;padding:12px 24px;background:#f9fafb}
h1{font-size:22px}figure{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:12px 16px;margin:16px 0}
figcaption{font-weight:600}svg.chart{max-width:100%;height:auto}.meta{color:#4b5563;font-size:12px}
.badge{color:#fff;border-radius:10px;padding:1px 8px;font-size:12px}
`;
const GRADE_COLOR: Record<Grade, string> = { normal: '#059669', suspicious: '#d97706', abnormal: '#dc2626' };

function badge(grade: Grade): string {
  return `<span class="badge" style="background:${GRADE_COLOR[grade]}">${grade}</span>`;
}

export function renderAnalysisHtml(analysis: LogAnalysis): string {
  const start = analysis.times[0] ?? 0;
  const hours = analysis.times.map((time) => (time - start) / 3_600_000);
  const figures = analysis.metrics.map((metric) => {
    const column = analysis.columns.find((c) => c.metric === metric.metric);
    const points = (column?.values ?? []).flatMap((value, i) => (value === null ? [] : [[hours[i] ?? 0, value]]));
    const chart = lineChart({
      title: `${analysis.file}: ${metric.metric}`,
      lines: [{ label: metric.metric, x: points.map(([x]) => x ?? 0), y: points.map(([, y]) => y ?? 0) }],
      fit: {
        slope: metric.perHour.slope,
        intercept: metric.intercept,
        low: metric.perHour.low,
        high: metric.perHour.high,
      },
      formatX: (h) => formatHours(h),
      formatY: metric.unit === 'bytes' ? (v) => formatBytes(v) : formatCount,
      xLabel: 'time since the first sample',
    });
    return (
      `<figure><figcaption>${badge(metric.grade)} ${escapeHtml(metric.metric, 200)} — ${escapeHtml(describeRate(metric))}</figcaption>` +
      `${chart}<p class="meta">${escapeHtml(metric.reason, 1000)}</p></figure>`
    );
  });
  const title = `memgate analyze: ${analysis.grade}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><h1>${badge(analysis.grade)} ${escapeHtml(analysis.file, 300)}</h1>
<p class="meta">${analysis.samples} samples from ${escapeHtml(analysis.from)} to ${escapeHtml(analysis.to)}. Dashed black: Theil–Sen fit, grey band: its 95% interval.</p>
${figures.join('\n')}
</body></html>
`;
}
