// Default gating rules per metric, set from measured run-to-run noise of the
// same program in fresh processes (docs/comparison.md has the numbers):
// deterministic counters repeat to ~0.05% and get tight thresholds without a
// test; RSS and heap (CV 0.2-2%) get 10% plus a floor plus the rank test;
// pauses, latency and GC time (CV 5-60%) get wide thresholds, floors and the test.
import { FD_MATCH_PREFIX, type MetricInfo } from '../model/catalogue.js';

export interface MetricRule {
  /** False when the config turned gating off for this metric (it is still reported). */
  readonly gate: boolean;
  /** Smallest relative change that can count (ratio). */
  readonly relative: number;
  /** Smallest absolute change that can count, in the metric's unit. */
  readonly absolute: number;
  /** Require the one-sided Mann–Whitney test over the repeats to agree. */
  readonly test: boolean;
  /**
   * The relative threshold follows the measured spread instead: `factor` ×
   * the larger relative spread (MAD ÷ baseline median) of the two sides, at
   * least `minRelative`, at most `relative`. Dropped when a config sets
   * `relative` for the metric: an explicit threshold is used as written.
   */
  readonly followSpread?: { readonly minRelative: number; readonly factor: number };
  /**
   * For a per-op metric whose total over a repeat moves in fixed steps: the
   * absolute floor is at least this much over a repeat's operations
   * (`floorPerRepeat ÷ ops`, in the metric's unit). Dropped when a config sets
   * `absolute`: an explicit floor is used as written.
   */
  readonly floorPerRepeat?: number;
}

const MB = 1e6;

/**
 * A change must also exceed this many times the larger spread (MAD) of the
 * baseline and current samples. Measured on the sample workloads, "deterministic"
 * allocation varied with a MAD of up to 4.6% per repeat on a busy 2-core machine
 * (async I/O, zlib): a fixed 2% would cry wolf there. 3 MAD ≈ 2σ of one repeat ≈
 * 2.5σ of a difference of two medians of 5.
 */
export const SPREAD_FACTOR = 3;

function rule(relative: number, absolute: number, test: boolean): MetricRule {
  return { gate: true, relative, absolute, test };
}

// Reported with a verdict, but not gating unless the config sets a threshold.
function reportOnly(relative: number, absolute: number): MetricRule {
  return { gate: false, relative, absolute, test: true };
}

/** The least a repeat's heap growth must change by before its per-op slope counts (see leak.heap.perOp below). */
export const HEAP_GROWTH_STEP_FLOOR_BYTES = 8 * 1024;

export const DEFAULT_RULES: Readonly<Record<string, MetricRule>> = {
  // The threshold follows the spread: 5 × the larger relative MAD, between
  // 1% and 5%. Measured on time-sized runs (docs/comparison.md): synchronous
  // samples repeat to a MAD of ≤ 0.1% and move ≤ 0.15% between whole runs,
  // so 1% keeps A/A at 0 with room; async ones (http, zlib) scatter 0.3–0.7%
  // within a run and shifted up to 0.9% between runs with a CPU hog
  // alongside (a 30-run round: up to 0.81%, against thresholds from 1.09%
  // at 4 ×), so 5 × their spread. 5% stays the ceiling: at a
  // fixed 2000 ops event-bus allocated 7.60 or 7.86 KB/op (+3.4%) in whole
  // runs, every repeat agreeing (JIT timing). 16 B/op: one small object
  // more per op counts, less does not.
  'alloc.perOp': { ...rule(0.05, 16, false), followSpread: { minRelative: 0.01, factor: 5 } },
  // Collections follow V8's heap sizing, which adapts to timing: unchanged
  // event-bus collected 20, 21 or 24 times per repeat in different runs, so
  // 25% + 2 and the test.
  'gc.count': rule(0.25, 2, true),
  'gc.count.minor': rule(0.25, 2, true),
  'gc.count.major': rule(0.25, 2, true),
  'gc.count.gen0': rule(0.25, 2, true),
  'gc.count.gen1': rule(0.25, 2, true),
  'gc.count.gen2': rule(0.25, 2, true),
  'rss.peak': rule(0.1, 2 * MB, true),
  'rss.final': rule(0.1, 2 * MB, true),
  'heap.used.peak': rule(0.1, 1 * MB, true),
  'heap.total.peak': rule(0.1, 1 * MB, true),
  'heap.external.peak': rule(0.1, 1 * MB, true),
  // Pauses are wall time too (a descheduled collector looks like a long
  // pause), so only a doubling beyond a 1 ms floor counts.
  'gc.pause.p50': rule(1, 1, true),
  'gc.pause.p95': rule(1, 1, true),
  'gc.pause.p99': rule(1, 1, true),
  // The longest single pause is reported, not gated: one GC helper thread
  // descheduled by a neighbour makes it, and the measured thread's own CPU wait
  // does not see that. The only false alarms of a 30-run A/A round with other
  // jobs on the machine were gc.pause.max (lru-cache 0.84 → 2.63 ms,
  // http-loopback 0.61 → 3.53 ms), with P95 unchanged or within noise.
  'gc.pause.max': reportOnly(1, 1),
  'gc.time': rule(1, 10, true),
  'gc.timeFraction': rule(1, 0.02, true),
  // Leak slopes are judged by the leak classifier against limits; against the
  // baseline a significant growth counts too. Per-op slopes repeat well
  // (between-run range <= 13% on the samples; 1.22 ± 0.01 B/op on the
  // sensitivity bench), so +50% and 0.5 B/op catch an added ~1 B/op leak
  // (measured +1.0 to +1.2 B/op: a 1 B/op floor caught it only half the time).
  // Per-minute rates of short runs swing by 100-180% with the machine's
  // speed, so only a tripling counts there.
  //
  // V8's heap also moves in steps of a few KB the operations do not cause
  // (feedback vectors, inline-cache transitions: 2–4 KB each), so a repeat's
  // growth is only known to within a few of them. Unchanged json-roundtrip
  // (~4 000 ops per repeat, 1.35 B/op in its baseline) read 1.58–2.20 B/op
  // from run to run, +3.4 KB per repeat at most, and once failed as +60%
  // beyond the 0.5 B/op floor, confirmed. So the floor is at least 8 KiB over
  // a repeat's ops: 2 B/op at 4 000 ops, 0.5 B/op itself from ~16 000 on. A
  // real leak is still caught by the leak findings, which need growth in
  // every repeat, not a change of slope against the baseline.
  'leak.heap.perOp': { ...rule(0.5, 0.5, true), floorPerRepeat: HEAP_GROWTH_STEP_FLOOR_BYTES },
  'leak.heap.rate': rule(2, 1 * MB, true),
  'leak.rss.rate': rule(2, 4 * MB, true),
  'fd.rate': rule(1, 1, true),
  // Peaks count what is open at the busiest moment, and a driven service's
  // in-flight sockets depend on timing: http-service peaked at 21-24 FDs in
  // unchanged runs. What is left open at the end is exact.
  'fd.peak': rule(0.25, 4, false),
  'fd.growth': rule(0, 1, false),
  'handles.peak': rule(0.25, 4, false),
  'handles.growth': rule(0, 1, false),
  // Wall-clock metrics drift with the machine's load between the run that
  // recorded the baseline and this one: on a shared 2-core runner medians of
  // latency.p99 moved 1.6-2.9x and throughput 1.6-3.8x between unchanged runs
  // (docs/comparison.md). No rank test fixes a shift of the whole machine, so
  // they are reported, and gate only through budgets or an explicit threshold.
  'latency.p50': reportOnly(0.3, 0.05),
  'latency.p95': reportOnly(0.3, 0.05),
  'latency.p99': reportOnly(0.3, 0.05),
  throughput: reportOnly(0.2, 0),
  'shutdown.time': reportOnly(0.5, 100),
  // CPU share is wall-clock bound like latency: the same program gets less of
  // a core on a busier machine. Threads are counted like FD peaks: a pool that
  // grows on demand may start one more under a timing change.
  'cpu.percent': reportOnly(0.5, 0.05),
  'threads.peak': rule(0.25, 2, false),
};

/** fd.match.<name>: counted like fd.peak (the busiest moment), with a floor sized for small counts. */
const FD_MATCH_RULE = rule(0.25, 2, false);

/** The default rule of a metric; custom metrics get one by their noise class. */
export function defaultRule(info: MetricInfo): MetricRule {
  if (info.id.startsWith(FD_MATCH_PREFIX)) return FD_MATCH_RULE;
  return DEFAULT_RULES[info.id] ?? (info.noise === 'deterministic' ? rule(0.02, 0, false) : rule(0.1, 0, true));
}

/** Pure: the rule with its absolute floor raised to `floorPerRepeat` spread over a repeat's `ops`. */
export function withFloorForOps(rule: MetricRule, ops: number): MetricRule {
  if (rule.floorPerRepeat === undefined || !(ops > 0)) return rule;
  return { ...rule, absolute: Math.max(rule.absolute, rule.floorPerRepeat / ops) };
}
