// The HTML reporter (`--reporter html:report.html`): one self-contained page
// people look at rather than read — per workload the verdict and metrics,
// baseline against current, heap/RSS/FD checkpoints of every repeat with the
// fitted slope and its interval, GC pauses by kind, and the leak diagnosis.
// Charts are static SVG (harness/report/svg.ts) and the page carries a
// Content-Security-Policy that forbids every network request and script, so
// it opens offline and a hostile workload name cannot run anything. Pure.
import { escapeHtml } from './html-escape.js';
import { baselineBars, gcChart, leakSection, memoryCharts, metricsTable, statusBadge } from './html-sections.js';
import type { Report, WorkloadReport } from '../model/report.js';
import { describeBaselines, describeCounts, describeEnv, shortCommit } from './select.js';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111827;margin:0;background:#f9fafb}
header,main,footer{max-width:1080px;margin:0 auto;padding:12px 24px}
header{border-bottom:1px solid #e5e7eb;background:#fff}
h1{font-size:22px;margin:8px 0}h2{font-size:18px;margin:0 0 4px}h3{font-size:15px;margin:18px 0 6px}h4{font-size:14px;margin:12px 0 4px}
section.workload{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:16px 20px;margin:16px 0}
.badge{color:#fff;border-radius:10px;padding:1px 8px;font-size:12px;white-space:nowrap}
.meta,.legend,footer{color:#4b5563;font-size:12px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #e5e7eb;padding:4px 8px;text-align:left;vertical-align:top}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}td.reason{color:#374151;max-width:420px;overflow-wrap:anywhere}
figure{margin:8px 0 14px}figcaption{font-size:13px;font-weight:600}svg.chart{max-width:100%;height:auto;background:#fff}
.key{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px;border-radius:2px;vertical-align:middle}
pre{background:#111827;color:#f9fafb;padding:10px;border-radius:6px;overflow:auto;font-size:12px;white-space:pre-wrap}
.problem{color:#b91c1c}.leak-line{margin:2px 0 0;font-size:12px}ul.leaks{padding-left:18px}
`;

export function renderHtml(report: Report): string {
  const title = `memgate ${report.mode}: ${report.status}`;
  const sections = report.workloads.map((workload, index) => workloadSection(workload, index));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><header><h1>${statusBadge(report.status)} ${escapeHtml(title)}</h1>
<p class="meta">${escapeHtml(describeCounts(report))}${describeWhere(report)}</p></header>
<main>${sections.length > 0 ? sections.join('\n') : '<p>No workloads were measured.</p>'}</main>
<footer>${footer(report)}</footer></body></html>
`;
}

function describeWhere(report: Report): string {
  if (report.commit === null) return '';
  const branch = report.branch === null ? '' : ` on ${escapeHtml(report.branch, 200)}`;
  return ` · commit <code>${escapeHtml(shortCommit(report.commit), 60)}</code>${branch}`;
}

function footer(report: Report): string {
  const baselines = describeBaselines(report).map((text) => `baseline ${escapeHtml(text, 300)}`);
  return [...baselines, escapeHtml(describeEnv(report.env)), `report ${escapeHtml(report.createdAt, 40)}`].join(' · ');
}

function workloadSection(workload: WorkloadReport, index: number): string {
  const meta = [
    escapeHtml(workload.file, 300),
    workload.kind,
    `${workload.repeats} ${workload.repeats === 1 ? 'repeat' : 'repeats'}`,
    ...(workload.confirmRuns > 0
      ? [`${workload.confirmRuns} confirm ${workload.confirmRuns === 1 ? 'run' : 'runs'}`]
      : []),
    workload.baseline === null
      ? 'no baseline'
      : `baseline ${escapeHtml(shortCommit(workload.baseline.commit ?? 'unknown commit'), 60)}`,
  ];
  const parts = [
    `<section class="workload" id="workload-${index}"><h2>${statusBadge(workload.status)} ${escapeHtml(workload.name, 200)}</h2>`,
    `<p class="meta">${meta.join(' · ')}</p>`,
    ...(workload.envMismatch.length > 0
      ? [
          `<p class="problem">Environment differs from the baseline: ${workload.envMismatch.map((m) => escapeHtml(m)).join('; ')}</p>`,
        ]
      : []),
    ...(workload.problems ?? []).map((problem) => `<p class="problem">${escapeHtml(problem, 1000)}</p>`),
    ...workload.notes.map((note) => `<p class="meta">${escapeHtml(note, 1000)}</p>`),
  ];
  if (workload.error) {
    parts.push(`<p class="problem">${escapeHtml(workload.error.message, 1000)}</p>`);
    if (workload.error.stderr.trim() !== '') parts.push(`<pre>${escapeHtml(workload.error.stderr, 20_000)}</pre>`);
  }
  parts.push(metricsTable(workload.metrics), baselineBars(workload));
  if (workload.series) parts.push(memoryCharts(workload, workload.series), gcChart(workload, workload.series));
  parts.push(leakSection(workload), '</section>');
  return parts.join('');
}
