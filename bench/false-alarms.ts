// A/A test of the gate: K runs of `memgate compare` on the unchanged sample
// suite against its committed baselines. Every failure is a false alarm; the
// target is 0. Prints a markdown table.
//   npx tsx bench/false-alarms.ts [--runs 20] [--mode baseline|ab] [--hog N] [--save DIR] [--repeats N] [filters...]
// --save DIR keeps each run's JSON report (bench/run-to-run-cv.ts reads them).
// --mode ab: `compare --base HEAD` (A/A: this checkout against its own HEAD,
// measured interleaved; the base links this checkout's node_modules, same
// lockfile). --hog N: N busy-looping processes for the whole bench.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Report } from '../harness/model/report.js';
import { failingItems, numberFlag, runMemgate } from './cli-capture.js';
import { startHogs, stringFlag, withoutFlags } from './hog.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

function parseArgs(argv: readonly string[]): {
  runs: number;
  mode: string;
  hogs: number;
  save: string | undefined;
  passthrough: string[];
} {
  const runs = numberFlag(argv, 'runs', 20);
  const mode = stringFlag(argv, 'mode') ?? 'baseline';
  if (mode !== 'baseline' && mode !== 'ab') throw new Error(`--mode: expected baseline or ab, got "${mode}"`);
  const hogs = argv.includes('--hog') ? numberFlag(argv, 'hog', 1) : 0;
  const save = stringFlag(argv, 'save');
  return { runs, mode, hogs, save, passthrough: withoutFlags(argv, ['runs', 'mode', 'hog', 'save']) };
}

async function main(): Promise<void> {
  const { runs, mode, hogs, save, passthrough } = parseArgs(process.argv.slice(2));
  if (save) mkdirSync(save, { recursive: true });
  const stopHogs = startHogs(hogs);
  const ab = mode === 'ab' ? ['--base', 'HEAD', '--base-install', `ln -s ${ROOT}node_modules node_modules`] : [];
  const rows: string[] = [];
  const metricCounts = new Map<string, number>();
  let failed = 0;
  const started = Date.now();
  for (let run = 1; run <= runs; run++) {
    const result = await runMemgate(ROOT, ['compare', '--reporter', 'json', '--update=none', ...ab, ...passthrough]);
    if (result.code === 2 && !result.stdout.trim())
      throw new Error(`run ${run}: memgate exited 2: ${result.stderr.trim()}`);
    const report = Report.parse(JSON.parse(result.stdout));
    if (save) writeFileSync(join(save, `report-${run}.json`), result.stdout);
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
    `${runs} × \`memgate compare\` of the unchanged suite ${mode === 'ab' ? 'against HEAD (A/B, interleaved)' : 'against the committed baselines'}, ${hogs} CPU hog(s) (${((Date.now() - started) / 60_000).toFixed(1)} min).`,
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
  stopHogs();
  process.stdout.write(`${out.join('\n')}\n`);
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
