// Run-to-run variation of the figures memgate gates, from the JSON reports of
// repeated runs of the same suite (bench/false-alarms.ts --save DIR): for
// each workload and metric, the coefficient of variation (standard deviation
// / mean) of the run's value (its median over the repeats) across runs.
//   npx tsx bench/run-to-run-cv.ts DIR [metric ...]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Report } from '../harness/model/report.js';

const DEFAULT_METRICS = ['gc.count', 'gc.pause.p95', 'alloc.perOp', 'rss.peak', 'latency.p95', 'throughput'];

function cv(values: readonly number[]): number {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  // A figure that is 0 in every run (python-worker's GC count) does not vary: 0%, not 0/0.
  if (values.every((value) => value === values[0])) return 0;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1);
  return Math.sqrt(variance) / mean;
}

const [dir, ...chosen] = process.argv.slice(2);
if (!dir) throw new Error('usage: npx tsx bench/run-to-run-cv.ts DIR [metric ...]');
const metrics = chosen.length > 0 ? chosen : DEFAULT_METRICS;
const reports = readdirSync(dir)
  .filter((file) => file.endsWith('.json'))
  .map((file) => Report.parse(JSON.parse(readFileSync(join(dir, file), 'utf8'))));
// workload -> metric -> one value per run ('insufficient' and friends have none)
const values = new Map<string, Map<string, number[]>>();
const missing = new Map<string, string>();
// alloc.perOp against the committed baseline, per run: the whole-run shift its threshold must absorb.
const allocShifts = new Map<string, { changes: number[]; spreads: number[]; thresholds: Set<string> }>();
for (const report of reports) {
  for (const workload of report.workloads) {
    const byMetric = values.get(workload.name) ?? new Map<string, number[]>();
    values.set(workload.name, byMetric);
    for (const metric of workload.metrics) {
      if (metric.id === 'alloc.perOp' && metric.change !== null && metric.current !== null) {
        const entry = allocShifts.get(workload.name) ?? { changes: [], spreads: [], thresholds: new Set<string>() };
        entry.changes.push(metric.change);
        if (metric.spread != null) entry.spreads.push(metric.spread / metric.current);
        const threshold = /[≤>] ([\d.]+%(?: \([^)]*\))?)/.exec(metric.reason)?.[1];
        if (threshold) entry.thresholds.add(threshold);
        allocShifts.set(workload.name, entry);
      }
      if (!metrics.includes(metric.id)) continue;
      if (metric.current === null) missing.set(`${workload.name} ${metric.id}`, metric.status);
      else byMetric.set(metric.id, [...(byMetric.get(metric.id) ?? []), metric.current]);
    }
  }
}
const lines = [
  `Run-to-run CV over ${reports.length} runs (median of each run's repeats):`,
  '',
  `| workload | ${metrics.join(' | ')} |`,
  `| --- | ${metrics.map(() => '---:').join(' | ')} |`,
];
for (const [workload, byMetric] of [...values].sort((a, b) => a[0].localeCompare(b[0]))) {
  const cells = metrics.map((id) => {
    const series = byMetric.get(id) ?? [];
    if (series.length < 2) return missing.get(`${workload} ${id}`) ?? '—';
    return `${(cv(series) * 100).toFixed(1)}%`;
  });
  lines.push(`| ${workload} | ${cells.join(' | ')} |`);
}
const percent = (value: number) => `${(value * 100).toFixed(2)}%`;
lines.push(
  '',
  '`alloc.perOp` against the committed baseline: the largest whole-run change in either direction, the within-run spread (MAD ÷ median) and the thresholds the compare used:',
  '',
  '| workload | largest \\|change\\| | changes (min to max) | within-run spread (max) | thresholds used |',
  '| --- | ---: | --- | ---: | --- |',
);
for (const [workload, entry] of [...allocShifts].sort((a, b) => a[0].localeCompare(b[0]))) {
  const largest = Math.max(...entry.changes.map(Math.abs));
  lines.push(
    `| ${workload} | ${percent(largest)} | ${percent(Math.min(...entry.changes))} to ${percent(Math.max(...entry.changes))} | ${entry.spreads.length ? percent(Math.max(...entry.spreads)) : '—'} | ${[...entry.thresholds].join(', ')} |`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
