// The parts of one workload's section in the HTML report: metrics table,
// baseline-against-current bars, memory charts with the fitted slope, GC
// pauses by kind, leak findings and what grew. Pure; every user string is
// escaped here or in svg.ts.
import { escapeHtml } from './html-escape.js';
import { formatBytes, formatChange, formatCount, formatNumber, formatValue } from '../units/format.js';
import type { Diagnosis, MetricVerdict, WorkloadReport } from '../model/report.js';
import { describeLeak, describeLeakDetail, formatCurrent } from './select.js';
import { GC_PAUSE_BIN_EDGES_MS, type ResourceSeries, type WorkloadSeries } from '../model/series.js';
import { PALETTE, groupedBars, lineChart, pairedBars } from './svg.js';

export const STATUS_COLOR: Readonly<Record<string, string>> = {
  regressed: '#dc2626',
  'over-budget': '#dc2626',
  unmeasured: '#dc2626',
  leaking: '#dc2626',
  error: '#b45309',
  improved: '#059669',
  new: '#ca8a04',
  missing: '#ca8a04',
  suspicious: '#ca8a04',
  pass: '#059669',
  unchanged: '#6b7280',
  noise: '#6b7280',
  measured: '#2563eb',
  stable: '#6b7280',
};

const CURRENT_BAR_COLOR: Readonly<Record<string, string>> = {
  regressed: '#dc2626',
  'over-budget': '#dc2626',
  improved: '#059669',
};

const RESOURCE_TITLE = { heap: 'Heap after GC', rss: 'RSS', fd: 'Open file descriptors' } as const;

export function statusBadge(status: string): string {
  return `<span class="badge" style="background:${STATUS_COLOR[status] ?? '#6b7280'}">${escapeHtml(status)}</span>`;
}

export function metricsTable(metrics: readonly MetricVerdict[]): string {
  if (metrics.length === 0) return '';
  const rows = metrics.map(
    (m) =>
      `<tr><td><code>${escapeHtml(m.id, 200)}</code></td><td class="num">${escapeHtml(formatValue(m.baseline, m.unit))}</td>` +
      `<td class="num">${escapeHtml(formatCurrent(m))}</td><td class="num">${escapeHtml(formatChange(m.change))}</td>` +
      `<td>${statusBadge(m.status)}${m.informational ? ' <small>informational</small>' : ''}</td><td class="reason">${escapeHtml(m.reason, 1000)}</td></tr>`,
  );
  return `<table class="metrics"><thead><tr><th>Metric</th><th>Baseline</th><th>Current</th><th>Change</th><th>Status</th><th>Reason</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Metrics that gate and have both numbers: the ones a baseline-against-current bar says something about. */
export function gatedPairs(metrics: readonly MetricVerdict[]): MetricVerdict[] {
  return metrics.filter(
    (m) => m.baseline !== null && m.current !== null && m.informational !== true && m.status !== 'measured',
  );
}

export function baselineBars(workload: WorkloadReport): string {
  const gated = gatedPairs(workload.metrics);
  // A metric at zero on both sides has no bar to draw; it is named below the chart instead.
  const pairs = gated.filter((m) => m.baseline !== 0 || m.current !== 0);
  const zeros = gated.filter((m) => m.baseline === 0 && m.current === 0).map((m) => escapeHtml(m.id, 200));
  const zeroNote = zeros.length > 0 ? `<p class="legend">0 in baseline and current: ${zeros.join(', ')}</p>` : '';
  if (pairs.length === 0) return zeroNote === '' ? '' : `<h3>Baseline against current</h3>${zeroNote}`;
  const chart = pairedBars(
    `${workload.name}: baseline against current`,
    pairs.map((m) => ({
      label: m.id,
      baseline: m.baseline ?? 0,
      current: m.current ?? 0,
      baselineText: formatValue(m.baseline, m.unit),
      currentText: `${formatCurrent(m)} (${formatChange(m.change)})`,
      // Blue unless the verdict says better or worse: grey would read as a second baseline.
      color: CURRENT_BAR_COLOR[m.status] ?? '#2563eb',
    })),
  );
  return `<h3>Baseline against current</h3><p class="legend"><span class="key" style="background:#9ca3af"></span>baseline <span class="key" style="background:#2563eb"></span>current (red: regressed or over budget, green: improved)</p>${chart}${zeroNote}`;
}

export function memoryCharts(workload: WorkloadReport, series: WorkloadSeries): string {
  if (series.resources.length === 0) return '';
  const overTime = series.axis === 'ms';
  const charts = series.resources.map((resource) => {
    const chart = lineChart({
      title: `${workload.name}: ${RESOURCE_TITLE[resource.resource]}`,
      lines: resource.repeats.map((line, i) => ({ label: `repeat ${i + 1}`, x: line.x, y: line.y })),
      fit: resource.fit,
      marks: series.marks,
      formatX: overTime ? formatAxisDuration : formatCount,
      formatY: resource.unit === 'bytes' ? (v) => formatBytes(v) : formatNumber,
      xLabel: overTime ? 'measured time' : 'operations',
    });
    return `<figure><figcaption>${RESOURCE_TITLE[resource.resource]} — ${escapeHtml(describeFit(resource, series.axis))}</figcaption>${chart}${leakCaption(workload, resource)}</figure>`;
  });
  const legend =
    `<p class="legend">One line per repeat; dashed black: Theil–Sen fit (median over repeats), grey band: its 95% interval` +
    `${series.marks.length > 0 ? '; dashed red: breach' : ''}.</p>`;
  return `<h3>Memory ${overTime ? 'over time' : 'over operations'}</h3>${legend}${charts.join('')}`;
}

function describeFit(resource: ResourceSeries, axis: WorkloadSeries['axis']): string {
  if (!resource.fit) return 'no slope (fewer than two readings)';
  const { slope, low, high } = resource.fit;
  if (axis === 'ops') {
    const unit = resource.unit === 'bytes' ? 'bytes/op' : 'count/op';
    return `fitted slope ${formatValue(slope, unit)} (95% interval ${formatValue(low, unit)} to ${formatValue(high, unit)})`;
  }
  const unit = resource.unit === 'bytes' ? 'bytes/min' : 'count/min';
  const perMin = (value: number) => formatValue(value * 60_000, unit);
  return `fitted slope ${perMin(slope)} (95% interval ${perMin(low)} to ${perMin(high)})`;
}

function leakCaption(workload: WorkloadReport, resource: ResourceSeries): string {
  const finding = workload.leaks.find((leak) => leak.resource === resource.resource);
  if (!finding) return '';
  return `<p class="leak-line">${statusBadge(finding.status)} ${escapeHtml(describeLeakDetail(finding), 1000)}</p>`;
}

/** "850 ms", "42 s", "12 min", "2.5 h": axis labels of a run or a soak. */
export function formatAxisDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 1000) return `${formatNumber(ms)} ms`;
  if (abs < 120_000) return `${formatNumber(ms / 1000)} s`;
  if (abs < 7_200_000) return `${formatNumber(ms / 60_000)} min`;
  return `${formatNumber(ms / 3_600_000)} h`;
}

export function gcChart(workload: WorkloadReport, series: WorkloadSeries): string {
  if (series.gcPauses.length === 0) return '';
  const edges = GC_PAUSE_BIN_EDGES_MS;
  const labels = [...edges.map((edge) => `≤${formatNumber(edge)}`), `>${formatNumber(edges[edges.length - 1] ?? 0)}`];
  const groups = labels.map((label, bin) => ({
    label,
    values: series.gcPauses.map((kind) => kind.bins[bin] ?? 0),
  }));
  const chart = groupedBars(
    `${workload.name}: GC pauses by kind`,
    series.gcPauses.map((kind) => kind.kind),
    groups,
    'pause length (ms); bar height: number of pauses',
  );
  const legend = series.gcPauses
    .map(
      (kind, i) =>
        `<span class="key" style="background:${PALETTE[i % PALETTE.length] ?? '#000'}"></span>${escapeHtml(kind.kind)}: ${kind.count} pauses, ${escapeHtml(formatValue(kind.totalMs, 'ms'))} in all, longest ${escapeHtml(formatValue(kind.maxMs, 'ms'))}`,
    )
    .join(' ');
  return `<h3>GC pauses by kind</h3><p class="legend">${legend}</p>${chart}`;
}

export function leakSection(workload: WorkloadReport): string {
  const findings = workload.leaks.map(
    (leak) =>
      `<li>${statusBadge(leak.status)} <strong>${escapeHtml(describeLeak(leak))}</strong> — ${escapeHtml(describeLeakDetail(leak), 1000)}</li>`,
  );
  const diagnosis = workload.diagnosis ? diagnosisMarkup(workload.diagnosis) : '';
  if (findings.length === 0 && diagnosis === '') return '';
  return `<h3>Leak analysis</h3>${findings.length > 0 ? `<ul class="leaks">${findings.join('')}</ul>` : ''}${diagnosis}`;
}

function diagnosisMarkup(diagnosis: Diagnosis): string {
  const parts: string[] = [];
  if (diagnosis.heap && diagnosis.heap.growers.length > 0) {
    const rows = diagnosis.heap.growers.map(
      (g) =>
        `<tr><td>${escapeHtml(g.name, 200)}</td><td class="num">${escapeHtml(formatSignedCount(g.countDelta))}</td><td class="num">${escapeHtml(`${g.sizeDelta >= 0 ? '+' : ''}${formatBytes(g.sizeDelta)}`)}</td></tr>`,
    );
    parts.push(
      `<h4>What grew (heap snapshots after warmup)</h4><table><thead><tr><th>Object</th><th>Count</th><th>Size</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    );
    if (diagnosis.heap.retainerPath)
      parts.push(`<p>Retained by: ${escapeHtml(diagnosis.heap.retainerPath.join(' → '), 2000)}</p>`);
  }
  if (diagnosis.heapSkipped) parts.push(`<p>Heap diagnosis skipped: ${escapeHtml(diagnosis.heapSkipped)}</p>`);
  if (diagnosis.handles.length > 0)
    parts.push(
      `<p>Handles: ${diagnosis.handles.map((h) => escapeHtml(`${h.type} ${formatSignedCount(h.delta)}`)).join(', ')}</p>`,
    );
  if (diagnosis.fds.length > 0)
    parts.push(
      `<p>File descriptors: ${diagnosis.fds.map((f) => escapeHtml(`${f.target} ${formatSignedCount(f.delta)}`)).join(', ')}</p>`,
    );
  return parts.join('');
}

function formatSignedCount(value: number): string {
  return `${value >= 0 ? '+' : ''}${formatCount(value)}`;
}
