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
for (const report of reports) {
  for (const workload of report.workloads) {
    const byMetric = values.get(workload.name) ?? new Map<string, number[]>();
    values.set(workload.name, byMetric);
    for (const metric of workload.metrics) {
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
process.stdout.write(`${lines.join('\n')}\n`);
