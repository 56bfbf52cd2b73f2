import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvField, renderCsv } from '../../harness/report/csv.js';
import type { MetricVerdict, WorkloadReport } from '../../harness/model/report.js';
import { regressionReport } from './fixtures.js';
import { HOSTILE_NAME, HOSTILE_TEXT, hostileReport } from './hostile.js';

type Row = Record<(typeof CSV_COLUMNS)[number], string>;

function rows(text: string): Row[] {
  // csv-parse in strict mode: quotes, CRLF and column counts must all be right.
  return parse<Row>(text, { columns: true, record_delimiter: '\r\n', relax_quotes: false });
}

const asNumber = (cell: string | undefined) => (cell === undefined || cell === '' ? null : Number(cell));

describe('renderCsv', () => {
  it('loads with a CSV parser and matches the report: one row per metric per workload', () => {
    const text = renderCsv(regressionReport);
    expect(text.split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
    const parsed = rows(text);
    const expected = regressionReport.workloads.flatMap((w): { w: WorkloadReport; m: MetricVerdict | null }[] =>
      w.metrics.length === 0 ? [{ w, m: null }] : w.metrics.map((m) => ({ w, m })),
    );
    expect(parsed).toHaveLength(expected.length);
    parsed.forEach((row, i) => {
      const { w, m } = expected[i]!;
      expect(row.workload).toBe(w.name);
      expect(row.workload_status).toBe(w.status);
      if (m === null) {
        expect(row.metric).toBe('');
        expect(row.reason).toBe(w.error?.message);
        return;
      }
      expect(row.metric).toBe(m.id);
      expect(row.unit).toBe(m.unit);
      expect(asNumber(row.baseline)).toBe(m.baseline);
      expect(asNumber(row.current)).toBe(m.current);
      expect(asNumber(row.change)).toBe(m.change);
      expect(row.status).toBe(m.status);
      expect(row.reason).toBe(m.reason);
    });
  });

  it('quotes commas, quotes and line breaks (RFC 4180) so hostile text round-trips, and defuses formula names', () => {
    const parsed = rows(renderCsv(hostileReport()));
    expect(parsed[0]?.workload).toBe(HOSTILE_NAME);
    // Terminal escapes are removed; everything else survives the round trip.
    expect(parsed[0]?.reason).toBe(HOSTILE_TEXT.replace('\u001b[2J', ''));
    expect(parsed[1]?.metric).toBe(`custom.${HOSTILE_NAME}`);
    const formula = rows(
      renderCsv({ ...hostileReport(), workloads: [{ ...hostileReport().workloads[0]!, name: '=1+1' }] }),
    );
    expect(formula[0]?.workload).toBe("'=1+1");
  });

  it('writes fields exactly as RFC 4180 says', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(csvField(Number.NaN)).toBe('');
  });
});
