// What `memgate analyze` prints and writes: the terminal summary, the JSON
// document and the CSV of samples. The HTML trend page is analysis-html.ts.
// Pure: an analysis in, text out.
import type { Grade, MetricGrade } from '../metrics/log-grade.js';
import { formatChange, formatInterval, formatNumber, formatValue, pickByteScale } from '../units/format.js';
import { defuseText, toCsv } from './csv.js';

export const ANALYSIS_SCHEMA_VERSION = 1;

export interface AnalysisColumn {
  readonly metric: string;
  readonly key: string;
  readonly values: ReadonlyArray<number | null>;
}

export interface LogAnalysis {
  /** The log as given on the command line. */
  readonly file: string;
  readonly grade: Grade;
  readonly samples: number;
  /** Lines that were not JSON or did not match. */
  readonly skippedLines: number;
  /** ISO times of the first and last sample. */
  readonly from: string;
  readonly to: string;
  readonly metrics: readonly MetricGrade[];
  /** Epoch milliseconds of each sample. */
  readonly times: readonly number[];
  readonly columns: readonly AnalysisColumn[];
}

const MARK: Record<Grade, string> = { normal: '✔', suspicious: '▲', abnormal: '✖' };

/** "+60.0 MB/h (95% CI 59.8–60.2), +30.0%/h" */
export function describeRate(metric: MetricGrade): string {
  const { slope, low, high } = metric.perHour;
  const scale = pickByteScale(slope);
  const value =
    metric.unit === 'bytes' ? `${formatNumber(slope / scale.factor)} ${scale.suffix}/h` : `${formatNumber(slope)}/h`;
  const interval = formatInterval(low, high, metric.unit, slope);
  const share = metric.sharePerHour === null ? '' : `, ${formatChange(metric.sharePerHour.slope)}/h`;
  return `${slope > 0 ? '+' : ''}${value} (95% CI ${interval})${share}`;
}

export function renderAnalysisTerminal(analysis: LogAnalysis): string {
  const span = analysis.metrics[0]?.spanHours ?? 0;
  const lines = [
    `memgate analyze ${analysis.file}: ${analysis.grade} · ${analysis.samples} samples over ${formatHours(span)} (${analysis.from} → ${analysis.to})${analysis.skippedLines > 0 ? ` · ${analysis.skippedLines} other lines skipped` : ''}`,
  ];
  const width = Math.max(...analysis.metrics.map((metric) => metric.metric.length));
  for (const metric of analysis.metrics) {
    const levels = `${formatValue(metric.first, metric.unit)} → ${formatValue(metric.last, metric.unit)}, peak ${formatValue(metric.peak, metric.unit)}`;
    lines.push(
      `  ${MARK[metric.grade]} ${metric.grade.padEnd(10)} ${metric.metric.padEnd(width)}  ${describeRate(metric)} · ${levels}`,
      `    ${' '.repeat(10)} ${metric.reason}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The analysis as one JSON document (the samples stay in the CSV). */
export function renderAnalysisJson(analysis: LogAnalysis): string {
  const { times: _times, columns: _columns, ...summary } = analysis;
  return `${JSON.stringify({ schemaVersion: ANALYSIS_SCHEMA_VERSION, ...summary }, null, 2)}\n`;
}

/** One row per sample: the time (ISO 8601), then one column per metric, named by its id; empty where a line lacked the key. */
export function renderAnalysisCsv(analysis: Pick<LogAnalysis, 'times' | 'columns'>): string {
  const header = ['time', ...analysis.columns.map((column) => defuseText(column.metric))];
  const rows = analysis.times.map((time, index) => [
    new Date(time).toISOString(),
    ...analysis.columns.map((column) => column.values[index] ?? null),
  ]);
  return toCsv(header, rows);
}

/** "2h 05m", "45m", "30s". */
export function formatHours(hours: number): string {
  const totalSeconds = Math.round(hours * 3600);
  if (totalSeconds < 60) return `${totalSeconds}s`;
  const totalMinutes = Math.round(totalSeconds / 60);
  const h = Math.floor(totalMinutes / 60);
  const m = totalMinutes % 60;
  return h === 0 ? `${m}m` : `${h}h ${String(m).padStart(2, '0')}m`;
}
