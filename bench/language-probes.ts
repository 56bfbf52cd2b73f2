// What the language probes cost the program they measure, side by side in
// one run, order alternating each round so machine load drifts hit both:
//  - Python: bench/fixtures/python-gc-work.py plain, with the sitecustomize
//    probe (GC pauses from gc.callbacks), and with the probe plus
//    tracemalloc (what diagnosis runs and `probe: { tracemalloc: true }` add);
//  - Node: bench/fixtures/node-alloc-work.mjs plain and with
//    --heapsnapshot-signal (armed, not fired), plus how long one heap
//    snapshot of a ~20 MB heap pauses a service;
//  - Go: Go is not installed here; what memgate pays is parsing gctrace
//    lines, timed on a recorded line.
// Prints median ratios (probe / plain) of the work's wall time and peak RSS.
//   npx tsx bench/language-probes.ts [--rounds N]
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { parseGcTraceLine } from '../harness/metrics/gctrace.js';
import {
  heapSnapshotFlags,
  prepareSnapshotDir,
  takeHeapSnapshot,
} from '../harness/runner/process/heap-snapshot-signal.js';
import { preparePythonProbe, resolvePythonProbeDir } from '../harness/runner/process/python-probe.js';
import { median } from '../harness/stats/index.js';

interface Sample {
  readonly wallMs: number;
  readonly maxRss: number;
}

const args = process.argv.slice(2);
const rounds = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : 10;
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'memgate-lang-bench-'));
const probeDir = resolvePythonProbeDir(join(scratch, 'cache'));

async function measure(command: string, argv: string[], env: Record<string, string>): Promise<Sample> {
  const { stdout } = await execa(command, argv, { env, extendEnv: true });
  const line = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { wallMs: number; maxRssKiB: number };
  return { wallMs: line.wallMs, maxRss: line.maxRssKiB * 1024 };
}

function pythonEnv(round: number, tracemalloc: boolean): Record<string, string> {
  const probe = preparePythonProbe(probeDir, {
    basePythonPath: undefined,
    repeatIndex: round,
    tracemalloc,
    expected: true,
  });
  probe.markStart(); // tracemalloc's first snapshot at once: the whole work is "measured"
  return probe.env;
}

type Variant = readonly [name: string, run: (round: number) => Promise<Sample>];

async function compare(title: string, variants: readonly Variant[]): Promise<void> {
  const samples = new Map<string, Sample[]>(variants.map(([name]) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const [name, run] of order) samples.get(name)?.push(await run(round));
  }
  const [base] = variants[0] ?? [];
  const plain = samples.get(base ?? '') ?? [];
  console.log(`\n${title} (${rounds} alternating rounds)`);
  for (const [name] of variants) {
    const own = samples.get(name) ?? [];
    const wall = median(own.map((sample) => sample.wallMs));
    const rss = median(own.map((sample) => sample.maxRss));
    const wallRatio = median(own.map((sample, i) => sample.wallMs / (plain[i]?.wallMs ?? NaN)));
    const rssRatio = median(own.map((sample, i) => sample.maxRss / (plain[i]?.maxRss ?? NaN)));
    console.log(
      `  ${name.padEnd(26)} wall ${wall.toFixed(0).padStart(6)} ms  ×${wallRatio.toFixed(3)}   peak RSS ${(rss / 1048576).toFixed(1).padStart(6)} MB  ×${rssRatio.toFixed(3)}`,
    );
  }
}

async function snapshotPauseMs(): Promise<number> {
  const dir = join(scratch, 'snapshots');
  prepareSnapshotDir(dir);
  const service = execa(
    process.execPath,
    [
      ...heapSnapshotFlags(dir).split(' '),
      '-e',
      'globalThis.live = Array.from({ length: 100000 }, (_, i) => ({ id: i, name: `item-${i}` })); console.log("up"); setInterval(() => {}, 1000)',
    ],
    { reject: false },
  );
  await new Promise<void>((resolve) => service.stdout?.once('data', () => resolve()));
  const started = performance.now();
  await takeHeapSnapshot(service.pid ?? 0, dir, new AbortController().signal);
  const ms = performance.now() - started;
  service.kill('SIGKILL');
  await service;
  return ms;
}

function gctraceParseNsPerLine(): number {
  const line =
    'gc 12 @3.252s 0%: 0.028+504+0.011 ms clock, 0.22+0/252/0.87+0.090 ms cpu, 3585->3585->2561 MB, 3585 MB goal, 0 MB stacks, 0 MB globals, 8 P';
  const count = 200_000;
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) parseGcTraceLine(line);
  return Number(process.hrtime.bigint() - started) / count;
}

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, load ${loadavg()[0]?.toFixed(2)}`);
await compare('Python: python-gc-work.py', [
  ['plain', () => measure('python3', [join(FIXTURES, 'python-gc-work.py')], {})],
  ['probe (gc.callbacks)', (r) => measure('python3', [join(FIXTURES, 'python-gc-work.py')], pythonEnv(r, false))],
  ['probe + tracemalloc', (r) => measure('python3', [join(FIXTURES, 'python-gc-work.py')], pythonEnv(r, true))],
]);
await compare('Node: node-alloc-work.mjs', [
  ['plain', () => measure(process.execPath, [join(FIXTURES, 'node-alloc-work.mjs')], {})],
  [
    '--heapsnapshot-signal armed',
    () =>
      measure(process.execPath, [join(FIXTURES, 'node-alloc-work.mjs')], {
        NODE_OPTIONS: heapSnapshotFlags(join(scratch, 'unused')),
      }),
  ],
]);
const pauses = [];
for (let i = 0; i < Math.min(rounds, 5); i++) pauses.push(await snapshotPauseMs());
console.log(
  `\nNode: one heap snapshot of a ~20 MB heap, signal to complete file: median ${median(pauses).toFixed(0)} ms`,
);
console.log(`Go: parsing one gctrace line in memgate: ${gctraceParseNsPerLine().toFixed(0)} ns`);
rmSync(scratch, { recursive: true, force: true });
