// How small a leak memgate catches, and how often it cries wolf.
//   npx tsx bench/leak-sensitivity.ts [--runs 3] [--lookalike-runs 20] [--rates 0,0.05,0.2,1,5,100] [--busy-ms 1] [--record DIR] [--tag T]
// --busy-ms N makes each op also spin for N ms (an operation as slow as an HTTP
// round trip) and measures only the default, time-sized column.
// Verdicts are the pipeline's: a suspicious finding is decided by longer runs (pipeline/extend-leaks.ts).
// For each rate, a generated workload retains one small array every N ops
// (rate = object bytes / N; rate 0 retains nothing: the control) and is measured like `memgate run` does (5 fresh
// children per run, no baseline) three ways: the old fixed default (2000 ops, 10 checkpoints), today's
// default run sized by time (no ops: calibrated to defaults.time, 1 s), and a leak-sensitive setting
// (5M ops). Then the
// four look-alike fixtures (LRU, lazy init, warm cache, buffer pool) are run
// `--lookalike-runs` times each and every `leaking` verdict is a false leak.
// Prints markdown tables (docs/leaks.md keeps the last figures).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { validateConfig } from '../harness/config/load.js';
import type { ResolvedConfig } from '../harness/config/schema.js';
import type { LeakLimits } from '../harness/model/measurement.js';
import type { RawRun } from '../harness/model/raw-run.js';
import { runInProcessRepeat } from '../harness/runner/child.js';
import { resolveLeakLimits } from '../harness/config/leak-limits.js';
import type { ResolvedWorkload } from '../harness/workload/types.js';
import { loadWorkloads } from '../harness/workload/load.js';
import { currentEnv, deriveResult, withOps } from '../harness/pipeline/measure.js';
import { extendUndecidedLeaks } from '../harness/pipeline/extend-leaks.js';
import type { LeakFinding } from '../harness/model/report.js';
import { needsCalibration, needsNaturalSizing } from '../harness/workload/settings.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

const REPEATS = 5;
/** Ops per repeat of the leak-sensitive setting: checkpoint noise is per checkpoint, so longer batches see smaller rates. */
const SENSITIVE_OPS = 5_000_000;
const LOOKALIKES = ['lookalike-lru', 'lookalike-lazy-init', 'lookalike-warm-cache', 'lookalike-buffer-pool'];
const LOOKALIKE_FILES = 'test/fixtures/leak/{lru-plateau,lazy-init,warm-cache,buffer-pool}.workload.ts';
/** Runs per look-alike kept by --record (the test replays them through the classifier). */
const RECORDED_RUNS = 10;

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    'lookalike-runs': { type: 'string', default: '20' },
    rates: { type: 'string', default: '0,0.05,0.1,0.2,0.5,1,2,5,10,20,50,100' },
    record: { type: 'string' },
    /** Keeps the generated workloads of concurrent bench runs apart. */
    tag: { type: 'string', default: 'default' },
    'busy-ms': { type: 'string', default: '0' },
  },
});

const WORKLOAD_DIR = `.memgate/bench-leak-workloads-${args.tag}`;
const OUT_DIR = `.memgate/bench-leak-${args.tag}`;

// A JS array of 12 small integers: 16 B array header + 96 B elements + 32 B JSArray + 8 B slot in the holder ≈ 152 B.
const OBJECT_BYTES = 152;

const BUSY_MS = Number(args['busy-ms']);

function workloadSource(name: string, every: number, ops: number | null): string {
  return `import { defineWorkload } from '../../harness/index.js';
const retained: number[][] = [];
export default defineWorkload({
  name: '${name}',${ops === null ? '' : `\n  ops: ${ops},`}
  op(_state, ctx) {${BUSY_MS > 0 ? `\n    const until = performance.now() + ${BUSY_MS};\n    while (performance.now() < until);` : ''}
    if (${every > 0 ? `!ctx.warmup && ctx.index % ${every} === 0` : 'false'}) retained.push(new Array<number>(12).fill(ctx.index & 0xff));
  },
});
`;
}

type Setting = 'fixed' | 'timed' | 'sensitive';
const SETTINGS: readonly Setting[] = BUSY_MS > 0 ? ['timed'] : ['fixed', 'timed', 'sensitive'];
const OPS: Record<Setting, number | null> = { fixed: 2000, timed: null, sensitive: SENSITIVE_OPS };

function rateName(rate: number, setting: Setting): string {
  return `rate-${String(rate).replace('.', '_')}-${setting}`;
}

function writeRateWorkloads(rates: readonly number[]): void {
  const dir = join(ROOT, WORKLOAD_DIR);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const rate of rates) {
    const every = rate === 0 ? 0 : Math.max(1, Math.round(OBJECT_BYTES / rate));
    for (const setting of SETTINGS)
      writeFileSync(
        join(dir, `${rateName(rate, setting)}.workload.ts`),
        workloadSource(rateName(rate, setting), every, OPS[setting]),
      );
  }
}

// As the pipeline does: a time-sized workload calibrates in its first repeat, the others run its counts;
// then undecided findings are decided by longer runs.
async function measure(
  workload: ResolvedWorkload,
  config: ResolvedConfig,
): Promise<{ runs: RawRun[]; leaks: LeakFinding[] }> {
  const runs: RawRun[] = [];
  let sized = workload;
  for (let repeatIndex = 0; repeatIndex < REPEATS; repeatIndex++) {
    const run = await runInProcessRepeat(sized, config, { repeatIndex });
    runs.push(run);
    if (needsCalibration(sized.settings) || needsNaturalSizing(sized.settings))
      sized = withOps(sized, run.ops, run.naturalPhase?.ops);
  }
  const derived = deriveResult(sized, runs, { env: currentEnv() });
  if (!derived.ok) throw new Error(`${workload.name}: ${derived.error.message}`);
  const measurement = await extendUndecidedLeaks(sized, config, derived.measurement, runs);
  return { runs, leaks: [...measurement.leaks] };
}

interface Tally {
  leaking: number;
  suspicious: number;
  runs: number;
  slopes: number[];
}

async function tally(
  workload: ResolvedWorkload,
  config: ResolvedConfig,
  limits: LeakLimits,
  runs: number,
  record: RawRun[][] | null,
): Promise<Tally> {
  const result: Tally = { leaking: 0, suspicious: 0, runs: 0, slopes: [] };
  for (let i = 0; i < runs; i++) {
    const { runs: raw, leaks } = await measure(workload, config);
    record?.push(raw);
    const heap = leaks.find((finding) => finding.resource === 'heap');
    const worst = leaks.find((finding) => finding.status === 'leaking') ?? leaks.find((f) => f.status !== 'stable');
    result.runs++;
    if (worst?.status === 'leaking') result.leaking++;
    else if (worst?.status === 'suspicious') result.suspicious++;
    if (heap?.perOp !== null && heap?.perOp !== undefined) result.slopes.push(heap.perOp);
    process.stderr.write(
      `  ${workload.name} run ${i + 1}/${runs}: ${worst ? `${worst.resource} ${worst.status}` : 'stable'}\n`,
    );
  }
  return result;
}

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0
    ? Number.NaN
    : sorted.length % 2
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

// Recorded look-alike runs keep what classification reads, in columns, so the test fixture stays small.
function compactRun(run: RawRun): unknown {
  return {
    ops: run.ops,
    wallMs: run.wallMs,
    checkpoints: run.checkpoints.map((c) => [
      c.op,
      c.tMs,
      c.heapUsed,
      c.rss,
      c.external,
      c.arrayBuffers,
      c.fds,
      c.handles,
    ]),
  };
}

async function main(): Promise<void> {
  const rates = (args.rates ?? '')
    .split(',')
    .filter(Boolean)
    .map(Number)
    .filter((rate) => rate >= 0);
  writeRateWorkloads(rates);
  const config = validateConfig(
    { workloads: [`${WORKLOAD_DIR}/*.workload.ts`, LOOKALIKE_FILES], outDir: OUT_DIR },
    undefined,
    ROOT,
  );
  const workloads = new Map((await loadWorkloads(config)).map((workload) => [workload.name, workload]));
  const runs = Number(args.runs);
  const rows: string[] =
    rates.length === 0
      ? []
      : [
          ...(BUSY_MS > 0
            ? [
                `| retained B/op (nominal), op of ${BUSY_MS} ms | measured B/op, default run (time-sized), no baseline | leaking, default run |`,
                '| ---: | ---: | :---: |',
              ]
            : [
                '| retained B/op (nominal) | measured B/op, 2000 ops | leaking, 2000 ops | measured B/op, default run (time-sized), no baseline | leaking, default run | measured B/op, sensitive | leaking, sensitive (5M ops) |',
                '| ---: | ---: | :---: | ---: | :---: | ---: | :---: |',
              ]),
        ];
  for (const rate of rates) {
    const cells: string[] = [String(rate)];
    for (const setting of SETTINGS) {
      const workload = workloads.get(rateName(rate, setting)) as ResolvedWorkload;
      const result = await tally(workload, config, resolveLeakLimits(config, workload.definition), runs, null);
      cells.push(medianOf(result.slopes).toFixed(2), `${result.leaking}/${result.runs}`);
    }
    rows.push(`| ${cells.join(' | ')} |`);
  }
  const lookalikeRuns = Number(args['lookalike-runs']);
  const falseRows =
    lookalikeRuns === 0
      ? []
      : ['| look-alike | runs | leaking (false leaks) | suspicious |', '| --- | ---: | ---: | ---: |'];
  for (const name of LOOKALIKES) {
    const workload = workloads.get(name) as ResolvedWorkload;
    const record: RawRun[][] | null = args.record ? [] : null;
    if (lookalikeRuns === 0) break;
    const result = await tally(workload, config, resolveLeakLimits(config, workload.definition), lookalikeRuns, record);
    falseRows.push(`| ${name} | ${result.runs} | ${result.leaking} | ${result.suspicious} |`);
    if (args.record && record)
      writeFileSync(
        join(args.record, `${name}.json`),
        `${JSON.stringify(record.slice(0, RECORDED_RUNS).map((set) => set.map(compactRun)))}\n`,
      );
  }
  process.stdout.write(`${rows.join('\n')}\n\n${falseRows.join('\n')}\n`);
}

await main();
