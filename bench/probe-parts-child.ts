// The child of bench/probe-parts.ts: one workload, the probe's own loop parts
// against a plain loop, interleaved in one process. Bundled before it runs,
// like the probe, so no loader is in the process.
//   node --expose-gc probe-parts-child.mjs <workload bundle> <export name> <rounds>
import { pathToFileURL } from 'node:url';
import { AllocationCounter } from '../harness/probe/allocation.js';
import { GcObserver, nextTurn } from '../harness/probe/gc-observer.js';
import { LatencyRecorder } from '../harness/probe/latency.js';
import { MemorySampler } from '../harness/probe/memory-sampler.js';
import { runBatch, runWarmup, type BatchLimits, type MutableOpContext } from '../harness/probe/op-loop.js';
import { timeOneOp } from '../harness/probe/size-run.js';
import { runOps, type PlainWorkload } from './plain-loop.js';

interface Workload extends PlainWorkload {
  readonly warmupOps?: number;
  readonly sampleInterval?: number;
}

/** Each chunk of ops lasts about this long: long enough to time, short enough for many rounds. */
const CHUNK_MS = 40;

const [bundle, exportName, roundsText] = process.argv.slice(2);
const module = (await import(pathToFileURL(bundle ?? '').href)) as Record<string, Workload>;
const found = module[exportName ?? 'default'];
if (!found) throw new Error(`no export ${exportName} in ${bundle}`);
const workload: Workload = found;
const op = workload.op;
const reportCtx = { reportMetric: () => undefined };
const state = await workload.setup?.(reportCtx);
const ctx: MutableOpContext = { index: 0, warmup: true };
await runWarmup(op, state, ctx, workload.warmupOps ?? 100);
const chunk = Math.max(1, Math.round(CHUNK_MS / (await timeOneOp(op, state, ctx))));
const limits: BatchLimits = { count: chunk, minUntil: -Infinity, deadline: Infinity };
const allocation = new AllocationCounter();

// The plain loop of bench/plain-child.ts: what the workload costs with no probe at all.
async function plain(): Promise<number> {
  const started = performance.now();
  await runOps(workload, state, chunk, false);
  return performance.now() - started;
}

/** Which of the probe's parts run around a chunk of the probe's own loop. */
interface Parts {
  /** A clock read per op into the latency histogram (the natural phase's timed blocks). */
  readonly histogram?: boolean;
  readonly observer?: boolean;
  /** The memory sampler's timer. */
  readonly sampler?: boolean;
  /** An allocation window (v8.GCProfiler), inside the clock as in the checkpointed batches. */
  readonly allocation?: boolean;
}

async function probeChunk(parts: Parts): Promise<number> {
  const observer = parts.observer ? new GcObserver() : null;
  const sampler = parts.sampler ? new MemorySampler() : null;
  sampler?.start(workload.sampleInterval ?? 10);
  observer?.start();
  const histogram = parts.histogram ? new LatencyRecorder().beginBatch() : null;
  const started = performance.now();
  if (parts.allocation) allocation.begin();
  await runBatch(op, state, ctx, histogram, 0, limits);
  if (parts.allocation) allocation.end();
  const elapsed = performance.now() - started;
  await observer?.stop();
  sampler?.stop();
  return elapsed;
}

// The natural phase's timed block (latency), its plain block (throughput, GC), each part on its
// own, and the checkpointed batches' allocation window.
const variants = {
  plain,
  timedBlock: () => probeChunk({ histogram: true, observer: true, sampler: true }),
  plainBlock: () => probeChunk({ observer: true, sampler: true }),
  histogram: () => probeChunk({ histogram: true }),
  observer: () => probeChunk({ observer: true }),
  sampler: () => probeChunk({ sampler: true }),
  batch: () => probeChunk({ allocation: true }),
} as const;
type Variant = keyof typeof variants;
const names = Object.keys(variants) as Variant[];
const ratios = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<Variant, number[]>;
const rounds = Number(roundsText ?? 40);
for (let round = 0; round < rounds; round++) {
  const order = [...names].sort(() => Math.random() - 0.5);
  const times = {} as Record<Variant, number>;
  for (const name of order) {
    // Whatever the previous variant queued (GC entries, timers) runs before this one's clock starts.
    await nextTurn();
    times[name] = await variants[name]();
  }
  for (const name of names) if (name !== 'plain') ratios[name].push(times[name] / times.plain);
}
await workload.teardown?.(state, reportCtx);

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}
const percent = (ratio: number) => `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)}%`;
const cell = (values: readonly number[]) =>
  `${percent(quantile(values, 0.5))} (${percent(quantile(values, 0.25))} to ${percent(quantile(values, 0.75))})`;
process.stdout.write(
  JSON.stringify({
    chunk,
    ...Object.fromEntries(names.filter((name) => name !== 'plain').map((name) => [name, cell(ratios[name])])),
  }),
);
