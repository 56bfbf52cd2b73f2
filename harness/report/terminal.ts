// The terminal reporter: what `npm run perf:compare` prints on a laptop and in
// a CI log. Aligned columns, colour only when asked (the registry turns it off
// for NO_COLOR and non-TTY output). Pure: returns the text.
import picocolors from 'picocolors';
import type { LeakFinding, MetricVerdict, Report, WorkloadReport } from '../model/report.js';
import { isComparison } from '../model/report.js';
import { describeAb } from './ab-line.js';
import { formatChange, formatDelta, formatSigned, formatValue } from '../units/format.js';
import { stripControl, tailLines, toSingleLine } from './escape.js';
import {
  collectEnvMismatches,
  describeCounts,
  describeEnv,
  describeLeak,
  describeLeakDetail,
  formatCurrent,
  groupMetrics,
  notableLeaks,
  processLabel,
  shortCommit,
} from './select.js';

export interface TerminalOptions {
  readonly color: boolean;
  /** List unchanged and noise metrics and stable leak findings instead of counting them. */
  readonly verbose?: boolean;
}

interface Cell {
  readonly text: string;
  readonly align?: 'right';
  readonly paint?: (text: string) => string;
}

type Colors = ReturnType<typeof picocolors.createColors>;

const STDERR_LINES = 12;
const SYMBOLS = { pass: '✔', improved: '✔', new: '●', regressed: '✖', error: '⚠' } as const;

export function renderTerminal(report: Report, options: TerminalOptions): string {
  const c = picocolors.createColors(options.color);
  const lines: string[] = [...renderTitle(report, c), ''];
  lines.push(...renderEnvMismatch(report, c));
  for (const workload of report.workloads) lines.push(...renderWorkload(workload, report.mode, options, c), '');
  lines.push(renderSummary(report, c));
  return `${lines.join('\n')}\n`;
}

function renderTitle(report: Report, c: Colors): string[] {
  const where =
    report.commit === null
      ? ''
      : ` · ${shortCommit(toSingleLine(report.commit, 60))}${report.branch === null ? '' : ` on ${toSingleLine(report.branch, 100)}`}`;
  const ab = describeAb(report);
  const title = [c.bold(`memgate ${report.mode}`) + c.dim(where), c.dim(toSingleLine(describeEnv(report.env), 1000))];
  return ab === null ? title : [...title, toSingleLine(ab, 400)];
}

// A different Node or platform explains many changes at once: say it first.
function renderEnvMismatch(report: Report, c: Colors): string[] {
  const mismatches = collectEnvMismatches(report);
  if (mismatches.length === 0) return [];
  const lines = mismatches.map(({ text, workloads }) =>
    c.yellow(
      `⚠ environment differs from the baseline: ${toSingleLine(text)} (${workloads.map((name) => toSingleLine(name, 80)).join(', ')})`,
    ),
  );
  return [...lines, c.yellow('  noisy metrics of these workloads are informational unless `strict` is set'), ''];
}

function renderWorkload(workload: WorkloadReport, mode: Report['mode'], options: TerminalOptions, c: Colors): string[] {
  const lines = [renderWorkloadHeader(workload, mode, c)];
  for (const note of workload.notes) lines.push(c.dim(`  note: ${toSingleLine(note)}`));
  if (workload.error !== null) lines.push(...renderError(workload.error, c));
  for (const problem of workload.problems ?? []) lines.push(`  ${c.red(`✖ ${toSingleLine(problem)}`)}`);
  lines.push(
    ...(isComparison(mode) ? renderCompareRows(workload, options, c) : renderMeasuredRows(workload, options, c)),
  );
  lines.push(...renderLeaks(workload.leaks, options, c));
  lines.push(...renderDiagnosis(workload, c));
  return lines;
}

function renderWorkloadHeader(workload: WorkloadReport, mode: Report['mode'], c: Colors): string {
  const paint = paintWorkloadStatus(workload.status, c);
  const details = [`${workload.repeats} repeats`];
  if (workload.confirmRuns > 0)
    details.push(`${workload.confirmRuns} confirm ${workload.confirmRuns === 1 ? 'run' : 'runs'}`);
  if (workload.kind === 'process') details.push(toSingleLine(processLabel(workload), 80));
  if (isComparison(mode) && workload.baseline === null && workload.status !== 'error') details.push('no baseline yet');
  if (isComparison(mode) && workload.baseline !== null && workload.baseline.commit !== null)
    details.push(`baseline ${shortCommit(toSingleLine(workload.baseline.commit, 60))}`);
  return `${paint(`${SYMBOLS[workload.status]} ${c.bold(toSingleLine(workload.name, 200))}  ${workload.status}`)}${c.dim(`  · ${details.join(' · ')}`)}`;
}

function renderCompareRows(workload: WorkloadReport, options: TerminalOptions, c: Colors): string[] {
  const groups = groupMetrics(workload.metrics);
  const shown = options.verbose ? [...groups.changed, ...groups.folded, ...groups.measured] : groups.changed;
  const lines: string[] = [];
  if (shown.length > 0) {
    const header: Cell[] = ['metric', 'baseline', '', 'current', 'change', 'status', 'reason'].map((text) => ({
      text,
      paint: c.dim,
    }));
    const rows = shown.map((metric) => compareRow(metric, c));
    lines.push(...alignTable([header, ...rows]));
  }
  if (!options.verbose) {
    const unchanged = groups.folded.filter((metric) => metric.status === 'unchanged').length;
    const noise = groups.folded.length - unchanged;
    const counts = [unchanged > 0 ? `${unchanged} unchanged` : '', noise > 0 ? `${noise} within noise` : ''].filter(
      Boolean,
    );
    if (counts.length > 0) lines.push(c.dim(`  ${counts.join(' · ')}`));
  }
  return lines;
}

function compareRow(metric: MetricVerdict, c: Colors): Cell[] {
  const paint = paintMetricStatus(metric, c);
  return [
    { text: toSingleLine(metric.id, 80) },
    { text: formatValue(metric.baseline, metric.unit), align: 'right' },
    { text: '→', paint: c.dim },
    { text: formatCurrent(metric), align: 'right' },
    { text: formatChange(metric.change), align: 'right', paint },
    { text: statusLabel(metric), paint },
    { text: toSingleLine(metric.reason), paint: c.dim },
  ];
}

// Status and reason columns only when a budget failed: a plain measurement
// has nothing to say there but "measured".
function renderMeasuredRows(workload: WorkloadReport, options: TerminalOptions, c: Colors): string[] {
  const groups = groupMetrics(workload.metrics);
  const rows = [...groups.changed, ...groups.measured, ...(options.verbose ? groups.folded : [])];
  if (rows.length === 0) return [];
  const judged = rows.some((metric) => metric.status !== 'measured');
  const header: Cell[] = ['metric', 'median', '± spread', ...(judged ? ['status', 'reason'] : [])].map((text) => ({
    text,
    paint: c.dim,
  }));
  const cells = rows.map((metric): Cell[] => {
    const spread =
      metric.spread === undefined || metric.spread === null ? '' : `± ${formatValue(metric.spread, metric.unit)}`;
    const row: Cell[] = [
      { text: toSingleLine(metric.id, 80) },
      { text: formatCurrent(metric), align: 'right' },
      { text: spread, paint: c.dim },
    ];
    if (!judged) return row;
    if (metric.status === 'measured') return [...row, { text: '' }, { text: '' }];
    const paint = paintMetricStatus(metric, c);
    return [...row, { text: statusLabel(metric), paint }, { text: toSingleLine(metric.reason), paint: c.dim }];
  });
  return alignTable([header, ...cells]);
}

function renderLeaks(leaks: readonly LeakFinding[], options: TerminalOptions, c: Colors): string[] {
  const shown = options.verbose ? leaks : notableLeaks(leaks);
  return shown.flatMap((leak) => {
    const paint = leak.status === 'leaking' ? c.red : leak.status === 'suspicious' ? c.yellow : c.dim;
    return [`  ${paint(describeLeak(leak))}`, c.dim(`    ${toSingleLine(describeLeakDetail(leak), 1000)}`)];
  });
}

function renderDiagnosis(workload: WorkloadReport, c: Colors): string[] {
  const diagnosis = workload.diagnosis;
  if (diagnosis === null) return [];
  const lines: string[] = [];
  if (diagnosis.heap !== null && diagnosis.heap.growers.length > 0) {
    const traced = diagnosis.heap.source === 'tracemalloc';
    const source = traced ? '(tracemalloc: lines whose live allocations grew)' : '(heap snapshots after warmup)';
    lines.push(`  ${c.bold('what grew')} ${c.dim(source)}`);
    const rows = diagnosis.heap.growers.map((grower): Cell[] => [
      { text: toSingleLine(grower.name, 80) },
      { text: `${formatDelta(grower.countDelta)} ${traced ? 'blocks' : 'objects'}`, align: 'right' },
      { text: formatSigned(grower.sizeDelta, 'bytes'), align: 'right' },
    ]);
    lines.push(...alignTable(rows, '    '));
  }
  if (diagnosis.heap?.retainerPath)
    lines.push(`  retained by: ${diagnosis.heap.retainerPath.map((step) => toSingleLine(step, 80)).join(' → ')}`);
  if (diagnosis.heapSkipped) lines.push(c.dim(`  heap snapshot skipped: ${toSingleLine(diagnosis.heapSkipped)}`));
  if (diagnosis.handles.length > 0)
    lines.push(
      `  handles: ${diagnosis.handles.map((entry) => `${toSingleLine(entry.type, 80)} ${formatDelta(entry.delta)}`).join(' · ')}`,
    );
  if (diagnosis.fds.length > 0)
    lines.push(
      `  file descriptors: ${diagnosis.fds.map((entry) => `${toSingleLine(entry.target, 120)} ${formatDelta(entry.delta)}`).join(' · ')}`,
    );
  if (diagnosis.heap && diagnosis.heap.snapshots.length > 0)
    lines.push(c.dim(`  snapshots: ${diagnosis.heap.snapshots.map((path) => toSingleLine(path, 200)).join(', ')}`));
  return lines;
}

function renderError(error: NonNullable<WorkloadReport['error']>, c: Colors): string[] {
  const lines = stripControl(error.message)
    .split('\n')
    .map((line) => `  ${c.red(line)}`);
  const tail = tailLines(error.stderr, STDERR_LINES, 4000);
  if (tail.trim() === '') return lines;
  return [
    ...lines,
    c.dim(`  stderr (last ${STDERR_LINES} lines):`),
    ...tail.split('\n').map((line) => c.dim(`  │ ${line}`)),
  ];
}

function renderSummary(report: Report, c: Colors): string {
  const paint = report.status === 'pass' ? c.green : c.red;
  const symbol = report.status === 'pass' ? '✔' : report.status === 'error' ? '⚠' : '✖';
  return `${paint(c.bold(`${symbol} memgate ${report.mode}: ${report.status}`))} ${c.dim('·')} ${describeCounts(report)}`;
}

function statusLabel(metric: MetricVerdict): string {
  return metric.informational ? `${metric.status} (informational)` : metric.status;
}

function paintMetricStatus(metric: MetricVerdict, c: Colors): (text: string) => string {
  if (metric.informational) return c.dim;
  switch (metric.status) {
    case 'regressed':
    case 'over-budget':
    case 'unmeasured':
      return c.red;
    case 'improved':
      return c.green;
    case 'new':
    case 'missing':
      return c.yellow;
    case 'measured':
      return (text) => text;
    default:
      return c.dim;
  }
}

function paintWorkloadStatus(status: WorkloadReport['status'], c: Colors): (text: string) => string {
  if (status === 'regressed' || status === 'error') return c.red;
  if (status === 'new') return c.yellow;
  return c.green;
}

// Pads before painting, so escape codes never count towards a column's width.
function alignTable(rows: readonly Cell[][], indent = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, cell.text.length)));
  return rows.map((row) => {
    const cells = row.map((cell, index) => {
      // The last column is not padded: no trailing blanks hidden inside colour codes.
      const width = index === row.length - 1 ? 0 : (widths[index] ?? 0);
      const padded = cell.align === 'right' ? cell.text.padStart(width) : cell.text.padEnd(width);
      return cell.paint && cell.text !== '' ? cell.paint(padded) : padded;
    });
    return `${indent}${cells.join('  ')}`.trimEnd();
  });
}
