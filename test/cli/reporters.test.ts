// The csv and openmetrics reporters on a real run: written beside the JSON
// report of the same run, read back with real parsers, and held to it.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { main } from '../../harness/cli/main.js';
import { Report } from '../../harness/model/report.js';
import { runCli } from './run-cli.js';

const HARNESS = resolve('harness/index.js');

describe('memgate run --reporter csv / openmetrics', () => {
  it('writes a CSV and an exposition that match the JSON report of the same run', async () => {
    const root = mkdtempSync(join(tmpdir(), 'memgate-reporters-'));
    mkdirSync(join(root, 'w'));
    writeFileSync(join(root, 'memgate.config.ts'), `export default { workloads: 'w/*.workload.ts' };\n`);
    writeFileSync(
      join(root, 'w', 'sum.workload.ts'),
      `import { defineWorkload } from ${JSON.stringify(HARNESS)};
export default defineWorkload({ name: 'sum', ops: 1000, op: () => [1, 2, 3].map((n) => n * 2).length });
`,
    );
    const run = await runCli(main, root, [
      'run',
      '--repeats',
      '2',
      '--reporter',
      'json:out/report.json',
      '--reporter',
      'csv:out/report.csv',
      '--reporter',
      'openmetrics:out/report.prom',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const report = Report.parse(JSON.parse(readFileSync(join(root, 'out', 'report.json'), 'utf8')));
    const metrics = report.workloads[0]?.metrics ?? [];
    expect(metrics.length).toBeGreaterThan(20);

    const rows = parse<Record<string, string>>(readFileSync(join(root, 'out', 'report.csv'), 'utf8'), {
      columns: true,
      record_delimiter: '\r\n',
    });
    expect(rows.map((row) => row['metric'])).toEqual(metrics.map((m) => m.id));
    rows.forEach((row, i) => {
      const m = metrics[i];
      expect(row['current'] === '' ? null : Number(row['current'])).toBe(m?.current);
      expect(row['status']).toBe(m?.status);
      expect(row['reason']).toBe(m?.reason);
    });

    const families = parsePrometheusTextFormat(readFileSync(join(root, 'out', 'report.prom'), 'utf8'));
    const current = families.find((f) => f.name === 'memgate_metric_current')?.metrics ?? [];
    const withValue = metrics.filter((m) => m.current !== null);
    expect(current).toHaveLength(withValue.length);
    for (const m of withValue) {
      const sample = current.find((s) => s.labels?.['metric'] === m.id);
      expect(Number(sample?.value)).toBe(m.current);
      expect(sample?.labels).toMatchObject({ workload: 'sum', unit: m.unit });
    }
  });
});
