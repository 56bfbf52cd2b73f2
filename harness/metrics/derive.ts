// From raw repeats to a Measurement: one number per catalogue metric per
// repeat (deriveRepeatMetrics), then per metric its samples in repeat order,
// median and MAD (deriveMeasurement). Pure; rounds nothing (baselines round
// when they write).
import { MemgateError } from '../errors.js';
import type { RawRun } from '../model/raw-run.js';
import { percentiles, summarize } from '../stats/index.js';
import { CUSTOM_PREFIX, FD_MATCH_PREFIX, METRIC_CATALOGUE, metricInfo, type MetricInfo } from '../model/catalogue.js';
import { growthOf, type RunGrowth } from './growth.js';
import { leaksOf } from './leak.js';
import { checkGrowthLimits } from './growth-limit.js';
import type { LeakLimits } from '../model/measurement.js';
import { viewsOf, withoutCode, type RunViews } from './leak-repeat.js';
import { runNotes, runProblems, withRuntime } from './run-facts.js';
import { pooledNote, poolPausePercentiles, type PausePercentile } from './pooled-pauses.js';
import type { Measurement, MetricSummary } from '../model/measurement.js';

export type CustomMetricMeta = Partial<Omit<MetricInfo, 'id'>>;

/** What the runner knows about the workload, passed through to the Measurement, plus what derivation needs. */
export interface DeriveMeta extends Pick<
  Measurement,
  'workload' | 'kind' | 'file' | 'definitionHash' | 'settings' | 'env'
> {
  /** Units and directions of custom metrics, keyed by name without the `custom.` prefix. */
  readonly customMetrics?: Readonly<Record<string, CustomMetricMeta>> | undefined;
  readonly leakLimits: LeakLimits;
}

type Metrics = Record<string, number>;
/** Metric id -> the fewest events a repeat had for it, where too few to compute it. */
type Insufficient = Record<string, number>;

function addMemory(out: Metrics, run: RawRun): void {
  const { memory } = run;
  let treePeak = 0;
  for (const sample of run.tree ?? []) treePeak = Math.max(treePeak, sample.rss);
  // In-process runs by ops or time: RSS up to the natural phase's end, before the checkpoints' forced collections (raw-run.ts).
  const naturalRss = run.naturalPhase?.rss;
  out['rss.peak'] = naturalRss ? naturalRss.peak : Math.max(memory.rssPeak, memory.maxRss ?? 0, treePeak);
  out['rss.final'] = naturalRss ? naturalRss.final : memory.rssFinal;
  // In-process: the natural phase's peaks (probe/heap-peaks.ts says why); process workloads: what the probe saw.
  const natural = run.naturalPhase?.heapPeaks;
  const heapUsedPeak = natural ? natural.used : memory.heapUsedPeak;
  const heapTotalPeak = natural ? natural.total : memory.heapTotalPeak;
  if (heapUsedPeak !== null) out['heap.used.peak'] = heapUsedPeak;
  if (heapTotalPeak !== null) out['heap.total.peak'] = heapTotalPeak;
  // Node's `external` already includes arrayBuffers: adding them would count Buffers twice.
  if (memory.externalPeak !== null) out['heap.external.peak'] = memory.externalPeak;
  if (run.allocatedBytes !== null && run.ops > 0) out['alloc.perOp'] = run.allocatedBytes / run.ops;
}

/**
 * Fewest pauses a percentile is computed from: ⌈1 / (1 − p)⌉, so at least
 * one pause lies above it (20 for the P95, 100 for the P99), and 5 for the
 * median. With fewer, the figure would be the largest pause or an
 * interpolation towards it, not the percentile it names.
 */
export const MIN_PAUSES: Readonly<Record<string, PausePercentile>> = {
  'gc.pause.p50': { p: 0.5, min: 5 },
  'gc.pause.p95': { p: 0.95, min: 20 },
  'gc.pause.p99': { p: 0.99, min: 100 },
  'gc.pause.max': { p: 1, min: 1 },
};

function addGc(out: Metrics, run: RawRun, insufficient: Insufficient): void {
  if (run.gc === null) return;
  const pauses = run.gc.pauses;
  out['gc.count'] = pauses.length;
  out['gc.count.minor'] = pauses.filter((pause) => pause.kind === 'minor').length;
  out['gc.count.major'] = pauses.filter((pause) => pause.kind === 'major').length;
  // Python's collector has generations instead of kinds: counted only when the Python probe measured them.
  if (pauses.some((pause) => pause.generation !== undefined))
    for (const generation of [0, 1, 2])
      out[`gc.count.gen${generation}`] = pauses.filter((pause) => pause.generation === generation).length;
  const durations = pauses.map((pause) => pause.ms);
  for (const [id, { p, min }] of Object.entries(MIN_PAUSES)) {
    if (durations.length >= min) out[id] = percentiles(durations, [p])[0] ?? 0;
    else insufficient[id] = Math.min(insufficient[id] ?? Infinity, durations.length);
  }
  const total = durations.reduce((sum, ms) => sum + ms, 0);
  out['gc.time'] = total;
  const wallMs = run.naturalPhase?.wallMs ?? run.wallMs;
  if (wallMs > 0) out['gc.timeFraction'] = total / wallMs;
}

/**
 * Per-minute rates need time as the axis: a process workload or soak, or an
 * in-process run of at least a minute. A one-second in-process run
 * extrapolated to a minute reads "68 GB/min"; its growth is given per op.
 */
export const MIN_RATE_RUN_MS = 60_000;

// Slopes only where at least one pair of readings differs in x: a single checkpoint measures no growth.
function addGrowth(out: Metrics, growth: RunGrowth, timeIsTheAxis: boolean): void {
  const { heap } = growth;
  if (heap?.perOp && heap.perOp.pairs > 0) out['leak.heap.perOp'] = heap.perOp.slope;
  if (timeIsTheAxis && heap && heap.perMin.pairs > 0) out['leak.heap.rate'] = heap.perMin.slope;
  if (timeIsTheAxis && growth.rss && growth.rss.perMin.pairs > 0) out['leak.rss.rate'] = growth.rss.perMin.slope;
  if (growth.fd) {
    out['fd.peak'] = growth.fd.peak;
    out['fd.growth'] = growth.fd.last - growth.fd.first;
    if (timeIsTheAxis && growth.fd.perMin.pairs > 0) out['fd.rate'] = growth.fd.perMin.slope;
  }
  if (growth.handles) {
    out['handles.peak'] = growth.handles.peak;
    out['handles.growth'] = growth.handles.last - growth.handles.first;
  }
}

// From the samples of the process tree (process workloads): CPU time over
// wall time between the first and last sample, the most threads at once, and
// the FD pattern counts. Off Linux the `ps` fallback reports no threads (0):
// no threads.peak then rather than a made-up 0.
function addTree(out: Metrics, run: RawRun): void {
  const tree = run.tree ?? [];
  const first = tree[0];
  const last = tree.at(-1);
  if (first && last && last.tMs > first.tMs) out['cpu.percent'] = (last.cpuMs - first.cpuMs) / (last.tMs - first.tMs);
  const threads = Math.max(0, ...tree.map((sample) => sample.threads));
  if (threads > 0) out['threads.peak'] = threads;
  for (const [name, count] of Object.entries(run.fdMatches ?? {})) out[`${FD_MATCH_PREFIX}${name}`] = count;
}

function addOperations(out: Metrics, run: RawRun): void {
  if (run.latency !== null && run.latency.count > 0) {
    out['latency.p50'] = run.latency.p50;
    out['latency.p95'] = run.latency.p95;
    out['latency.p99'] = run.latency.p99;
  }
  // The natural phase's plain blocks carry no per-op clock read (probe/natural-phase.ts); older runs have none.
  const natural = run.naturalPhase;
  const timed =
    natural?.plainOps && natural.plainMs
      ? { ops: natural.plainOps, wallMs: natural.plainMs }
      : (natural ?? { ops: run.ops, wallMs: run.wallMs });
  if (timed.ops > 0 && timed.wallMs > 0) out.throughput = timed.ops / (timed.wallMs / 1000);
  if (run.shutdown) out['shutdown.time'] = run.shutdown.ms;
  for (const [name, value] of Object.entries(run.custom)) out[`${CUSTOM_PREFIX}${name}`] = value;
}

// `growth` is the run's growth on the data heap (JIT code left out when the probe reports it; see
// leak-repeat.ts), as the leak gate reads it, so the metric does too.
function repeatMetrics(run: RawRun, growth: RunGrowth, insufficient: Insufficient = {}): Metrics {
  const out: Metrics = {};
  addMemory(out, run);
  addGc(out, run, insufficient);
  addGrowth(out, growth, run.kind === 'process' || run.wallMs >= MIN_RATE_RUN_MS);
  addTree(out, run);
  addOperations(out, run);
  return out;
}

/** One value per metric this repeat can provide, keyed by metric id. */
export function deriveRepeatMetrics(run: RawRun): Record<string, number> {
  return repeatMetrics(run, growthOf(withoutCode(run)));
}

// Catalogue order first, then custom metrics alphabetically: stable reports and baseline diffs.
function orderIds(ids: Iterable<string>): string[] {
  const catalogue = Object.keys(METRIC_CATALOGUE);
  const present = new Set(ids);
  const custom = [...present].filter((id) => !catalogue.includes(id)).sort();
  return [...catalogue.filter((id) => present.has(id)), ...custom];
}

function customInfo(id: string, meta: DeriveMeta): CustomMetricMeta | undefined {
  if (!id.startsWith(CUSTOM_PREFIX)) return undefined;
  return meta.customMetrics?.[id.slice(CUSTOM_PREFIX.length)] ?? meta.customMetrics?.[id];
}

function summarizeMetric(id: string, samples: number[], meta: DeriveMeta): MetricSummary {
  const info = metricInfo(id, customInfo(id, meta));
  const { median: centre, spread } = summarize(samples);
  return { id, unit: info.unit, direction: info.direction, noise: info.noise, samples, median: centre, spread };
}

/** Summarises repeats into a Measurement; a metric missing from some repeats is dropped with a note. */
export function deriveMeasurement(runs: readonly RawRun[], meta: DeriveMeta): Measurement {
  if (runs.length === 0) {
    throw new MemgateError(
      'CHILD_FAILED',
      `${meta.file}: workload "${meta.workload}" has no completed repeat to derive metrics from; expected at least 1, found 0; see the errors reported for its repeats`,
    );
  }
  // Each run's growth (Theil–Sen over every checkpoint) once, for its metrics and for the leak findings.
  const views = runs.map(viewsOf);
  const fewest: Insufficient = {};
  const perRepeat = runs.map((run, index) => repeatMetrics(run, (views[index] as RunViews).full, fewest));
  const metrics: Record<string, MetricSummary> = {};
  const notes = runNotes(runs);
  const pooled = poolPausePercentiles(runs, fewest, MIN_PAUSES, (id) => metricInfo(id, customInfo(id, meta)));
  const pooledIds = Object.keys(pooled.metrics);
  if (pooledIds.length > 0)
    notes.push(pooledNote(pooledIds, runs, Math.min(...pooledIds.map((id) => fewest[id] ?? 0))));
  const insufficient = describeInsufficient(fewest, pooled.short, runs.length);
  for (const id of orderIds([...perRepeat.flatMap((values) => Object.keys(values)), ...pooledIds])) {
    const pooledSummary = pooled.metrics[id];
    if (pooledSummary) metrics[id] = pooledSummary;
    if (pooledSummary || id in insufficient) continue;
    const samples = perRepeat.map((values) => values[id]).filter((value): value is number => value !== undefined);
    if (samples.length === runs.length) metrics[id] = markNaturalPeak(summarizeMetric(id, samples, meta), runs);
    else
      notes.push(
        `${id}: measured in ${samples.length} of ${runs.length} repeats, so it is left out (a metric is compared only when every repeat measured it)`,
      );
  }
  return {
    workload: meta.workload,
    kind: meta.kind,
    file: meta.file,
    definitionHash: meta.definitionHash,
    settings: meta.settings,
    env: withRuntime(meta.env, runs),
    metrics,
    insufficient,
    leaks: leaksOf(views, meta.leakLimits),
    diagnosis: null,
    notes,
    problems: runProblems(runs),
    ...(meta.leakLimits.growth?.length ? { growth: checkGrowthLimits(runs, meta.leakLimits.growth) } : {}),
  };
}

// Metrics an in-process run reads in its natural phase, and the field of it they come from.
const NATURAL_READINGS: Readonly<Record<string, 'heapPeaks' | 'rss'>> = {
  'heap.used.peak': 'heapPeaks',
  'heap.total.peak': 'heapPeaks',
  'rss.peak': 'rss',
  'rss.final': 'rss',
};

// Says a heap peak or an RSS figure came from every repeat's natural phase, so compare can tell it from a baseline read after forced GCs.
function markNaturalPeak(summary: MetricSummary, runs: readonly RawRun[]): MetricSummary {
  const field = NATURAL_READINGS[summary.id];
  if (field === undefined || !runs.every((run) => run.naturalPhase?.[field] !== undefined)) return summary;
  return { ...summary, naturalPhase: true };
}

function describeInsufficient(
  fewest: Insufficient,
  pooledCounts: Readonly<Record<string, number>>,
  repeats: number,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, count] of Object.entries(pooledCounts)) {
    const need = MIN_PAUSES[id]?.min ?? 1;
    const inOne = fewest[id] ?? count;
    const counted =
      repeats > 1
        ? `${count} GC pause${count === 1 ? '' : 's'} in all ${repeats} repeats together (as few as ${inOne} in one)`
        : `${count} GC pause${count === 1 ? '' : 's'}`;
    out[id] =
      `insufficient: ${counted}, ${need} needed` +
      ' — not measured (never shown as 0); a longer run (time or ops) or more repeats give it more pauses';
  }
  return out;
}
