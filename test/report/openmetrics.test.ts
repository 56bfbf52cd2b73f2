import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { escapeLabelValue, renderExposition } from '../../harness/report/exposition.js';
import { renderOpenMetrics } from '../../harness/report/openmetrics.js';
import { regressionReport } from './fixtures.js';
import { HOSTILE_NAME, hostileReport } from './hostile.js';

// The parser above is lenient about values; this checks each line against the
// text format's grammar too: comments, or name{label="escaped",...} value.
const SAMPLE_LINE =
  /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"(,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")*\})? (NaN|[+-]Inf|-?\d+(\.\d+)?(e[+-]?\d+)?)$/;

function checkGrammar(text: string): void {
  for (const line of text.trimEnd().split('\n')) {
    if (line.startsWith('# HELP ') || line.startsWith('# TYPE ') || line === '# EOF') continue;
    expect(line).toMatch(SAMPLE_LINE);
  }
}

function family(text: string, name: string) {
  const found = parsePrometheusTextFormat(text).find((f) => f.name === name);
  if (!found) throw new Error(`no family ${name}`);
  return found;
}

describe('renderOpenMetrics', () => {
  it('passes a real exposition-format parser, every family a gauge with help, ending in # EOF', () => {
    const text = renderOpenMetrics(regressionReport);
    const families = parsePrometheusTextFormat(text);
    checkGrammar(text);
    expect(families.length).toBeGreaterThanOrEqual(8);
    for (const f of families) {
      expect(f.type).toBe('GAUGE');
      expect(f.help.length).toBeGreaterThan(10);
      expect(f.name).toMatch(/^memgate_[a-z_]+$/);
    }
    expect(text.endsWith('# EOF\n')).toBe(true);
  });

  it('carries the same numbers as the report', () => {
    const text = renderOpenMetrics(regressionReport);
    const current = family(text, 'memgate_metric_current');
    const expected = regressionReport.workloads.flatMap((w) =>
      w.metrics.filter((m) => m.current !== null).map((m) => ({ w: w.name, id: m.id, value: m.current })),
    );
    expect(current.metrics).toHaveLength(expected.length);
    for (const { w, id, value } of expected) {
      const sample = current.metrics.find((s) => s.labels?.['workload'] === w && s.labels['metric'] === id);
      expect(Number(sample?.value)).toBe(value);
    }
    const failing = family(text, 'memgate_metric_failing').metrics.filter((s) => s.value === '1');
    expect(failing.map((s) => s.labels?.['metric']).sort()).toEqual(
      regressionReport.workloads
        .flatMap((w) => w.metrics)
        .filter((m) => m.status === 'over-budget' || (m.status === 'regressed' && m.informational !== true))
        .map((m) => m.id)
        .sort(),
    );
    const leaking = family(text, 'memgate_leak_leaking').metrics.find((s) => s.value === '1');
    expect(leaking?.labels).toMatchObject({ workload: 'session-cache', resource: 'heap' });
    expect(Number(family(text, 'memgate_report_failed').metrics[0]?.value)).toBe(1);
  });

  it('escapes hostile label values so they parse back to the original', () => {
    const text = renderOpenMetrics(hostileReport());
    checkGrammar(text);
    const info = family(text, 'memgate_workload_info');
    expect(info.metrics[0]?.labels?.['workload']).toBe(HOSTILE_NAME);
    const report = family(text, 'memgate_report_info');
    expect(report.metrics[0]?.labels?.['branch']).toContain('</td></table><script>');
    expect(report.metrics[0]?.labels?.['branch']).toContain('\n"quoted", line\\two');
  });

  it('refuses invalid metric or label names, which would corrupt a scrape', () => {
    expect(() => renderExposition([{ name: 'bad name', help: '', samples: [] }])).toThrow(RangeError);
    expect(() =>
      renderExposition([{ name: 'ok', help: '', samples: [{ labels: { 'bad-label': 'x' }, value: 1 }] }]),
    ).toThrow(RangeError);
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
  });
});
