// The child of bench/probe-parts.ts: one workload, the probe's own loop parts
// against a plain loop, interleaved in one process. Bundled before it runs,
// like the probe, so no loader is in the process.
//   node --expose-gc probe-parts-child.mjs <workload bundle> <export name> <rounds>
import { pathToFileURL } from 'node:url';
import type { OpFn } from '../harness/config/workload-schema.js';
import { AllocationCounter } from '../harness/probe/allocation.js';
import { GcObserver, nextTurn } from '../harness/probe/gc-observer.js';
import { LatencyRecorder } from '../harness/probe/latency.js';
import { MemorySampler } from '../harness/probe/memory-sampler.js';
import type { RecordableHistogram } from 'node:perf_hooks';
import { runBatch, runWarmup, type BatchLimits, type MutableOpContext } from '../harness/probe/op-loop.js';
import { timeOneOp } from '../harness/probe/size-run.js';

interface Workload {
  readonly warmupOps?: number;
  readonly sampleInterval?: number;
  setup?: (ctx: { reportMetric(name: string, value: number): void }) => unknown;
  op: OpFn<unknown>;
  teardown?: (state: unknown, ctx: { reportMetric(name: string, value: number): void }) => unknown;
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

// The plain loop of bench/plain-child.ts: what the workload costs with no probe at all.
async function plain(): Promise<number> {
  const started = performance.now();
  for (let index = 0; index < chunk; index++) {
    ctx.index = index;
    const result = op(state, ctx) as PromiseLike<unknown> | undefined;
    if (result && typeof result.then === 'function') await result;
  }
  return performance.now() - started;
}

// The natural phase's timed block, where latency comes from: a clock read per op into the
// latency histogram, with the GC observer and the memory sampler's timer running.
async function timedBlock(): Promise<number> {
  return withObserverAndSampler(new LatencyRecorder().beginBatch());
}

// The natural phase's plain block, where throughput comes from: the same, without the histogram.
async function plainBlock(): Promise<number> {
  return withObserverAndSampler(null);
}

async function withObserverAndSampler(histogram: RecordableHistogram | null): Promise<number> {
  const observer = new GcObserver();
  const sampler = new MemorySampler();
  sampler.start(workload.sampleInterval ?? 10);
  observer.start();
  const started = performance.now();
  await runBatch(op, state, ctx, histogram, 0, limits);
  const elapsed = performance.now() - started;
  await observer.stop();
  sampler.stop();
  return elapsed;
}

// The natural phase's parts one at a time, to say which of them costs what.
async function histogramOnly(): Promise<number> {
  const histogram = new LatencyRecorder().beginBatch();
  const started = performance.now();
  await runBatch(op, state, ctx, histogram, 0, limits);
  return performance.now() - started;
}

async function observerOnly(): Promise<number> {
  const observer = new GcObserver();
  observer.start();
  const started = performance.now();
  await runBatch(op, state, ctx, null, 0, limits);
  const elapsed = performance.now() - started;
  await observer.stop();
  return elapsed;
}

async function samplerOnly(): Promise<number> {
  const sampler = new MemorySampler();
  sampler.start(workload.sampleInterval ?? 10);
  const started = performance.now();
  await runBatch(op, state, ctx, null, 0, limits);
  const elapsed = performance.now() - started;
  sampler.stop();
  return elapsed;
}

// The checkpointed batches' parts: an allocation window (v8.GCProfiler) around the loop, as the probe times it.
const allocation = new AllocationCounter();
async function batch(): Promise<number> {
  const started = performance.now();
  allocation.begin();
  await runBatch(op, state, ctx, null, 0, limits);
  allocation.end();
  return performance.now() - started;
}

const variants = {
  plain,
  timedBlock,
  plainBlock,
  histogram: histogramOnly,
  observer: observerOnly,
  sampler: samplerOnly,
  batch,
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
