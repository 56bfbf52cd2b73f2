// A/A test of the gate: K runs of `memgate compare` on the unchanged sample
// suite against its committed baselines. Every failure is a false alarm; the
// target is 0. Prints a markdown table.
//   npx tsx bench/false-alarms.ts [--runs 20] [--repeats N] [filters...]
import { fileURLToPath } from 'node:url';
import { Report } from '../harness/model/report.js';
import { failingItems, numberFlag, runMemgate } from './cli-capture.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

function parseArgs(argv: readonly string[]): { runs: number; passthrough: string[] } {
  const runs = numberFlag(argv, 'runs', 20);
  const passthrough: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') i++;
    else passthrough.push(argv[i] as string);
  }
  return { runs, passthrough };
}

async function main(): Promise<void> {
  const { runs, passthrough } = parseArgs(process.argv.slice(2));
  const rows: string[] = [];
  const metricCounts = new Map<string, number>();
  let failed = 0;
  const started = Date.now();
  for (let run = 1; run <= runs; run++) {
    const result = await runMemgate(ROOT, ['compare', '--reporter', 'json', '--update=none', ...passthrough]);
    if (result.code === 2 && !result.stdout.trim())
      throw new Error(`run ${run}: memgate exited 2: ${result.stderr.trim()}`);
    const report = Report.parse(JSON.parse(result.stdout));
    const items = failingItems(report);
    if (result.code !== 0) failed++;
    for (const item of items) {
      const key = item.replace(/ \(.*$/, '');
      metricCounts.set(key, (metricCounts.get(key) ?? 0) + 1);
    }
    const confirmRuns = report.workloads.reduce((n, w) => n + w.confirmRuns, 0);
    rows.push(`| ${run} | ${result.code} | ${report.status} | ${confirmRuns} | ${items.join('<br>') || '—'} |`);
    process.stderr.write(`run ${run}/${runs}: exit ${result.code}${items.length ? ` — ${items.join('; ')}` : ''}\n`);
  }
  const out = [
    `## False alarms: ${failed} of ${runs} runs failed on unchanged code`,
    '',
    `${runs} × \`memgate compare\` of the unchanged suite against the committed baselines (${((Date.now() - started) / 60_000).toFixed(1)} min).`,
    '',
    '| run | exit | status | confirmation re-runs | failing metrics |',
    '| ---: | ---: | --- | ---: | --- |',
    ...rows,
    '',
  ];
  if (metricCounts.size > 0) {
    out.push(
      '| metric | false alarms |',
      '| --- | ---: |',
      ...[...metricCounts].map(([key, n]) => `| ${key} | ${n} |`),
      '',
    );
  }
  process.stdout.write(`${out.join('\n')}\n`);
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
