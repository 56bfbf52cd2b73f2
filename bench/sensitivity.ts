// Sensitivity of the gate: record a baseline of bench/sensitivity.workload.ts,
// then inject regressions of several sizes and count how often `memgate
// compare` catches each (exit 1 with the expected metric or leak named). The
// `none` row is the control: there, every failure is a false alarm.
//   npx tsx bench/sensitivity.ts [--runs 10] [--repeats 5] [--only leak] [--mode baseline|ab] [--hog N]
// `--only TEXT[,TEXT]` keeps the scenarios whose name contains one of the TEXTs (and the control).
// `--mode ab`: the project is a git repository whose commit has no injection;
// each run is `compare --base HEAD` with the injection in the working tree,
// both sides measured interleaved. `--hog N`: N busy-looping processes
// throughout. Latency gates here at 10% with a 1 µs floor (not gated by default).
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Report, type WorkloadReport } from '../harness/model/report.js';
import { execFileSync } from 'node:child_process';
import { failingItems, numberFlag, runMemgate } from './cli-capture.js';
import { startHogs, stringFlag } from './hog.js';

interface Scenario {
  readonly name: string;
  readonly inject: (baseRss: number) => Record<string, number>;
  /** Did the report catch this regression for the right reason? */
  readonly caught: (workload: WorkloadReport) => boolean;
}

const flagged = (w: WorkloadReport, prefix: string) =>
  w.metrics.some(
    (m) =>
      m.id.startsWith(prefix) && (m.status === 'regressed' || m.status === 'over-budget') && m.informational !== true,
  );
const leaking = (w: WorkloadReport, resource: string) =>
  w.leaks.some((l) => l.resource === resource && l.status === 'leaking');

const SCENARIOS: readonly Scenario[] = [
  { name: 'none (control)', inject: () => ({}), caught: (w) => w.status === 'regressed' },
  { name: 'allocation +1%', inject: () => ({ allocScale: 1.01 }), caught: (w) => flagged(w, 'alloc.perOp') },
  { name: 'allocation +5%', inject: () => ({ allocScale: 1.05 }), caught: (w) => flagged(w, 'alloc.perOp') },
  // The injected memory is a Buffer: caught when RSS or the external heap (where Buffers live) is flagged.
  {
    name: 'RSS +5%',
    inject: (rss) => ({ rssBytes: rss * 0.05 }),
    caught: (w) => flagged(w, 'rss.') || flagged(w, 'heap.external'),
  },
  {
    name: 'RSS +20%',
    inject: (rss) => ({ rssBytes: rss * 0.2 }),
    caught: (w) => flagged(w, 'rss.') || flagged(w, 'heap.external'),
  },
  {
    name: 'leak ~0.2 B/op',
    inject: () => ({ leakEvery: 600 }),
    caught: (w) => leaking(w, 'heap') || flagged(w, 'leak.heap'),
  },
  {
    name: 'leak ~1 B/op',
    inject: () => ({ leakEvery: 120 }),
    caught: (w) => leaking(w, 'heap') || flagged(w, 'leak.heap'),
  },
  {
    name: '1 leaked FD / 100 ops',
    inject: () => ({ fdEvery: 100 }),
    caught: (w) => leaking(w, 'fd') || flagged(w, 'fd.'),
  },
  { name: 'latency +10%', inject: () => ({ spinScale: 1.1 }), caught: (w) => flagged(w, 'latency.') },
  { name: 'latency +30%', inject: () => ({ spinScale: 1.3 }), caught: (w) => flagged(w, 'latency.') },
  { name: 'latency +100%', inject: () => ({ spinScale: 2 }), caught: (w) => flagged(w, 'latency.') },
  { name: 'GC pause: 2x survivors', inject: () => ({ survivorScale: 2 }), caught: (w) => flagged(w, 'gc.pause') },
  { name: 'GC pause: 4x survivors', inject: () => ({ survivorScale: 4 }), caught: (w) => flagged(w, 'gc.pause') },
  { name: 'GC pause: 8x survivors', inject: () => ({ survivorScale: 8 }), caught: (w) => flagged(w, 'gc.pause') },
];

async function makeProject(repeats: number): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'memgate-sensitivity-'));
  await cp(
    fileURLToPath(new URL('./sensitivity.workload.ts', import.meta.url)),
    path.join(dir, 'workloads', 'sensitivity.workload.ts'),
    { recursive: true },
  );
  const config = { repeats, thresholds: { 'latency.p50': { relative: '10%', absolute: '0.001ms' } } };
  await writeFile(path.join(dir, 'memgate.config.mjs'), `export default ${JSON.stringify(config)};\n`);
  return dir;
}

// A/B: commit the project without an injection; the injection then lives in the working tree (head).
function commitBase(dir: string): void {
  const git = (args: string[]) =>
    execFileSync('git', ['-c', 'user.email=bench@example.com', '-c', 'user.name=bench', ...args], {
      cwd: dir,
      stdio: 'ignore',
    });
  git(['init', '-q']);
  git(['add', '-A']);
  git(['commit', '-q', '-m', 'base']);
}

async function compareOnce(dir: string, ab: boolean): Promise<{ code: number; report: Report }> {
  const base = ab ? ['--base', 'HEAD', '--base-install', 'none'] : [];
  const result = await runMemgate(dir, ['compare', '--reporter', 'json', '--update=none', ...base]);
  if (!result.stdout.trim()) throw new Error(`memgate compare exited ${result.code}: ${result.stderr.trim()}`);
  return { code: result.code, report: Report.parse(JSON.parse(result.stdout)) };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const runs = numberFlag(argv, 'runs', 10);
  const repeats = numberFlag(argv, 'repeats', 5);
  const only = argv.includes('--only') ? String(argv[argv.indexOf('--only') + 1]) : undefined;
  const wanted = only?.split(',').map((text) => text.trim());
  const scenarios = SCENARIOS.filter(
    (s, index) => index === 0 || wanted === undefined || wanted.some((text) => s.name.includes(text)),
  );
  const mode = stringFlag(argv, 'mode') ?? 'baseline';
  if (mode !== 'baseline' && mode !== 'ab') throw new Error(`--mode: expected baseline or ab, got "${mode}"`);
  const stopHogs = startHogs(argv.includes('--hog') ? numberFlag(argv, 'hog', 1) : 0);
  const dir = await makeProject(repeats);
  try {
    await writeFile(path.join(dir, 'inject.json'), '{}');
    await writeFile(path.join(dir, '.gitignore'), '.memgate/\n');
    const recorded = await runMemgate(dir, ['update', '--force']);
    if (recorded.code !== 0) throw new Error(`recording the baseline failed: ${recorded.stderr.trim()}`);
    const baseline = JSON.parse(await readFile(path.join(dir, 'baselines', 'sensitivity.json'), 'utf8')) as {
      metrics: Record<string, { median?: number } | undefined>;
    };
    const baseRss = Number(baseline.metrics['rss.peak']?.median ?? 0);
    if (mode === 'ab') commitBase(dir);
    const rows: string[] = [];
    for (const scenario of scenarios) {
      await writeFile(path.join(dir, 'inject.json'), JSON.stringify(scenario.inject(baseRss)));
      let caught = 0;
      let failed = 0;
      const reasons = new Set<string>();
      for (let run = 1; run <= runs; run++) {
        const { code, report } = await compareOnce(dir, mode === 'ab');
        const workload = report.workloads[0];
        if (code !== 0) failed++;
        if (code === 1 && workload && scenario.caught(workload)) caught++;
        for (const item of failingItems(report)) reasons.add(item.replace(/^sensitivity: /, '').replace(/ \(.*$/, ''));
        const errors = report.workloads.filter((w) => w.error !== null).map((w) => ` — ${w.error?.message ?? ''}`);
        process.stderr.write(`${scenario.name}: run ${run}/${runs} exit ${code}${errors.join('')}\n`);
      }
      rows.push(`| ${scenario.name} | ${caught}/${runs} | ${failed}/${runs} | ${[...reasons].join(', ') || '—'} |`);
    }
    const table = [
      `## Sensitivity (${mode === 'ab' ? 'A/B against HEAD' : 'against a recorded baseline'}): ${runs} runs per injected regression, ${repeats} repeats each`,
      '',
      `Baseline rss.peak median ${(baseRss / 1e6).toFixed(1)} MB; RSS injections hold a touched Buffer of that fraction.`,
      '',
      '| injected regression | detected (right metric) | runs failing | what failed |',
      '| --- | ---: | ---: | --- |',
      ...rows,
      '',
    ];
    process.stdout.write(`${table.join('\n')}\n`);
  } finally {
    stopHogs();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
