// The `csv` reporter: one row per metric per workload, for spreadsheets and
// pandas. RFC 4180: comma-separated, CRLF line ends, a field quoted (quotes
// doubled) when it holds a comma, quote or line break. Numbers are written
// raw (JSON's spelling, full precision) so the CSV matches the JSON report;
// a workload name that a spreadsheet would run as a formula is defused. Pure.
import { stripControl } from './escape.js';
import type { Report } from '../model/report.js';

export const CSV_COLUMNS = [
  'workload',
  'kind',
  'workload_status',
  'metric',
  'unit',
  'direction',
  'noise',
  'baseline',
  'current',
  'change',
  'spread',
  'p_value',
  'status',
  'informational',
  'reason',
] as const;

type Cell = string | number | boolean | null | undefined;

/** One RFC 4180 field. */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = stripControl(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// A cell starting with = + - @ (or tab/CR) runs as a formula in Excel and
// LibreOffice (CSV injection); a leading apostrophe shows it as text.
export function defuseText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Rows of cells to CSV text, header first, CRLF line ends. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export function renderCsv(report: Report): string {
  const rows: Cell[][] = [];
  for (const w of report.workloads) {
    const name = defuseText(w.name);
    if (w.metrics.length === 0) {
      // An errored workload has no metrics: one row keeps it visible, with the error as the reason.
      rows.push([
        name,
        w.kind,
        w.status,
        '',
        '',
        '',
        '',
        null,
        null,
        null,
        null,
        null,
        w.status,
        null,
        defuseText(w.error?.message ?? ''),
      ]);
      continue;
    }
    for (const m of w.metrics) {
      rows.push([
        name,
        w.kind,
        w.status,
        m.id,
        m.unit,
        m.direction,
        m.noise,
        m.baseline,
        m.current,
        m.change,
        m.spread,
        m.pValue,
        m.status,
        m.informational ?? false,
        m.reason,
      ]);
    }
  }
  return toCsv(CSV_COLUMNS, rows);
}
