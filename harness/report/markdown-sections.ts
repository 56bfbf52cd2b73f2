// The pieces of the Markdown report, each carrying how many rows of detail
// it shows, so markdown.ts can drop detail in order and say how much it
// dropped. Every user string goes through escapeMarkdown or codeFence. Pure.
import type { Diagnosis, MetricStatus, MetricVerdict, Report, WorkloadReport } from '../model/report.js';
import { isComparison } from '../model/report.js';
import { formatChange, formatDelta, formatSigned, formatValue } from '../units/format.js';
import { codeFence, escapeMarkdown, tailLines } from './escape.js';
import {
  collectEnvMismatches,
  describeLeak,
  describeLeakDetail,
  formatCurrent,
  groupMetrics,
  isQuiet,
  notableLeaks,
  processLabel,
} from './select.js';

export interface Piece {
  readonly text: string;
  /** Rows of detail it shows (table rows, findings, diagnosis lines, an error). */
  readonly rows: number;
}

/** How much detail to keep: level 0 all, 1 without folded metrics, 2 also without diagnosis. */
export type DetailLevel = 0 | 1 | 2;

const STDERR_LINES = 40;
const STDERR_CHARS = 4000;
const WORKLOAD_EMOJI = { pass: '✅', improved: '✅', new: '🆕', regressed: '❌', error: '⚠️' } as const;
const METRIC_EMOJI: Record<MetricStatus, string> = {
  'over-budget': '⛔',
  regressed: '🔴',
  missing: '🟡',
  new: '🆕',
  improved: '🟢',
  noise: '⚪',
  unchanged: '⚪',
  measured: '',
  insufficient: '➖',
  contended: '🟠',
  unmeasured: '⛔',
};

export function envMismatchPieces(report: Report): Piece[] {
  const mismatches = collectEnvMismatches(report);
  if (mismatches.length === 0) return [];
  const items = mismatches.map(
    ({ text, workloads }) =>
      `> - ${escapeMarkdown(text)} (${workloads.map((name) => escapeMarkdown(name, 100)).join(', ')})`,
  );
  const text = [
    '',
    '> [!WARNING]',
    '> **The environment differs from the baseline**, so noisy metrics of these workloads are informational unless `strict` is set:',
    ...items,
    '',
  ].join('\n');
  return [{ text, rows: 0 }];
}

/** A workload that needs a look: header, error, changed metrics, leaks, diagnosis. */
export function workloadPieces(workload: WorkloadReport, mode: Report['mode'], level: DetailLevel): Piece[] {
  const pieces: Piece[] = [
    {
      text: `\n#### ${WORKLOAD_EMOJI[workload.status]} ${escapeMarkdown(workload.name, 200)} — ${workload.status}\n\n${describeRun(workload, mode)}\n`,
      rows: 0,
    },
  ];
  for (const note of workload.notes) pieces.push({ text: `\n> ${escapeMarkdown(note)}\n`, rows: 0 });
  if (workload.error !== null) pieces.push(errorPiece(workload.error));
  for (const problem of workload.problems ?? [])
    pieces.push({ text: `\n**Failed:** ${escapeMarkdown(problem, 1000)}\n`, rows: 1 });
  pieces.push(...(isComparison(mode) ? changedTable(workload) : measuredTable(workload)));
  pieces.push(...leakPieces(workload));
  if (level < 2 && workload.diagnosis !== null) pieces.push(...diagnosisPieces(workload.diagnosis));
  return pieces;
}

/** One line naming the workloads with nothing to report. */
export function quietPiece(report: Report): Piece[] {
  const quiet = report.workloads.filter(isQuiet);
  if (quiet.length === 0 || !isComparison(report.mode)) return [];
  const names = quiet.map((workload) => escapeMarkdown(workload.name, 100));
  return [{ text: `\n✅ Unchanged: ${names.join(', ')}\n`, rows: 0 }];
}

/** Unchanged and within-noise metrics of all workloads, in one folded table. */
export function foldedPiece(report: Report): Piece[] {
  const rows = report.workloads.flatMap((workload) =>
    groupMetrics(workload.metrics).folded.map((metric) => ({ workload: workload.name, metric })),
  );
  if (rows.length === 0) return [];
  const lines = rows.map(({ workload, metric }) => tableRow([escapeMarkdown(workload, 100), ...compareCells(metric)]));
  const summary = `${rows.length} unchanged or within-noise ${rows.length === 1 ? 'metric' : 'metrics'}`;
  const header =
    '| Workload | Metric | Baseline → Current | Change | Status | Reason |\n| --- | --- | --- | ---: | --- | --- |';
  return [
    {
      text: `\n<details><summary>${summary}</summary>\n\n${header}\n${lines.join('')}\n</details>\n`,
      rows: rows.length,
    },
  ];
}

function describeRun(workload: WorkloadReport, mode: Report['mode']): string {
  const parts = [escapeMarkdown(workload.file, 200), `${workload.repeats} repeats`];
  if (workload.confirmRuns > 0)
    parts.push(`${workload.confirmRuns} confirm ${workload.confirmRuns === 1 ? 'run' : 'runs'}`);
  if (workload.kind === 'process') parts.push(escapeMarkdown(processLabel(workload), 200));
  if (isComparison(mode) && workload.baseline === null && workload.status !== 'error') parts.push('no baseline yet');
  return `<sub>${parts.join(' · ')}</sub>`;
}

function errorPiece(error: NonNullable<WorkloadReport['error']>): Piece {
  const tail = tailLines(error.stderr, STDERR_LINES, STDERR_CHARS);
  const stderr = tail.trim() === '' ? '' : `\nstderr (last lines):\n\n${codeFence(tail)}\n`;
  return { text: `\n**Error:** ${escapeMarkdown(error.message, 1000)}\n${stderr}`, rows: 1 };
}

function changedTable(workload: WorkloadReport): Piece[] {
  const changed = groupMetrics(workload.metrics).changed;
  if (changed.length === 0) return [];
  const header = '\n| Metric | Baseline → Current | Change | Status | Reason |\n| --- | --- | ---: | --- | --- |\n';
  return [{ text: header, rows: 0 }, ...changed.map((metric) => ({ text: tableRow(compareCells(metric)), rows: 1 }))];
}

function compareCells(metric: MetricVerdict): string[] {
  const values = `${formatValue(metric.baseline, metric.unit)} → ${formatCurrent(metric)}`;
  return [
    escapeMarkdown(metric.id, 100),
    values,
    formatChange(metric.change),
    statusCell(metric),
    escapeMarkdown(metric.reason),
  ];
}

function measuredTable(workload: WorkloadReport): Piece[] {
  const groups = groupMetrics(workload.metrics);
  const rows = [...groups.changed, ...groups.measured, ...groups.folded];
  if (rows.length === 0) return [];
  const judged = rows.some((metric) => metric.status !== 'measured');
  const header = judged
    ? '\n| Metric | Median | ± Spread | Status | Reason |\n| --- | ---: | ---: | --- | --- |\n'
    : '\n| Metric | Median | ± Spread |\n| --- | ---: | ---: |\n';
  const lines = rows.map((metric) => {
    const spread = metric.spread === undefined || metric.spread === null ? '' : formatValue(metric.spread, metric.unit);
    const cells = [escapeMarkdown(metric.id, 100), formatCurrent(metric), spread];
    if (judged) cells.push(statusCell(metric), metric.status === 'measured' ? '' : escapeMarkdown(metric.reason));
    return { text: tableRow(cells), rows: 1 };
  });
  return [{ text: header, rows: 0 }, ...lines];
}

function leakPieces(workload: WorkloadReport): Piece[] {
  const leaks = notableLeaks(workload.leaks);
  if (leaks.length === 0) return [];
  const items = leaks.map((leak) => {
    const emoji = leak.status === 'leaking' ? '🔴' : '🟡';
    return {
      text: `- ${emoji} **${describeLeak(leak)}** — ${escapeMarkdown(describeLeakDetail(leak), 1000)}\n`,
      rows: 1,
    };
  });
  return [{ text: '\n**Leaks**\n\n', rows: 0 }, ...items];
}

function diagnosisPieces(diagnosis: Diagnosis): Piece[] {
  const pieces: Piece[] = [];
  const heap = diagnosis.heap;
  if (heap !== null && heap.growers.length > 0) {
    pieces.push({
      text:
        heap.source === 'tracemalloc'
          ? '\n**What grew** (tracemalloc: lines whose live allocations grew)\n\n| Line | Blocks | Size |\n| --- | ---: | ---: |\n'
          : '\n**What grew** (heap snapshots after warmup)\n\n| Object | Count | Size |\n| --- | ---: | ---: |\n',
      rows: 0,
    });
    for (const grower of heap.growers)
      pieces.push({
        text: tableRow([
          escapeMarkdown(grower.name, 100),
          formatDelta(grower.countDelta),
          formatSigned(grower.sizeDelta, 'bytes'),
        ]),
        rows: 1,
      });
  }
  const lines: string[] = [];
  if (heap?.retainerPath)
    lines.push(`Retained by: ${heap.retainerPath.map((step) => escapeMarkdown(step, 100)).join(' → ')}`);
  if (diagnosis.heapSkipped) lines.push(`Heap snapshot skipped: ${escapeMarkdown(diagnosis.heapSkipped)}`);
  if (diagnosis.handles.length > 0)
    lines.push(
      `Handles: ${diagnosis.handles.map((entry) => `${escapeMarkdown(entry.type, 100)} ${formatDelta(entry.delta)}`).join(', ')}`,
    );
  if (diagnosis.fds.length > 0)
    lines.push(
      `File descriptors: ${diagnosis.fds.map((entry) => `${escapeMarkdown(entry.target, 200)} ${formatDelta(entry.delta)}`).join(', ')}`,
    );
  if (heap && heap.snapshots.length > 0)
    lines.push(`Snapshots: ${heap.snapshots.map((path) => escapeMarkdown(path, 200)).join(', ')}`);
  // Separate paragraphs: a trailing backslash-free line break would need two spaces.
  lines.forEach((line, index) => pieces.push({ text: `${index === 0 ? '\n' : ''}${line}\n\n`, rows: 1 }));
  return pieces;
}

function statusCell(metric: MetricVerdict): string {
  if (metric.status === 'measured') return '';
  const label =
    `${METRIC_EMOJI[metric.status]} ${metric.status === 'over-budget' ? 'over budget' : metric.status}`.trim();
  return metric.informational ? `${label} _(informational)_` : label;
}

function tableRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |\n`;
}
