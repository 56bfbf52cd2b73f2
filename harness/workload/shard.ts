// `--shard i/n`: a deterministic split of the workloads across n CI jobs, so a
// GitHub Actions matrix can measure a suite in parallel on separate runners
// (measuring in parallel on ONE machine would make the children each other's
// noise). Balanced greedily by each workload's expected run time, estimated
// from its baseline; every job computes the same plan from the same files, so
// the shards cover every workload exactly once. Pure.
import type { Baseline } from '../baseline/schema.js';
import { MemgateError } from '../errors.js';

export interface Shard {
  /** 1-based index of this job's shard. */
  readonly index: number;
  readonly count: number;
}

/** Parses "2/3"; anything else is a usage error naming the flag and the fix. */
export function parseShard(text: unknown): Shard {
  const match = typeof text === 'string' ? /^(\d+)\/(\d+)$/.exec(text.trim()) : null;
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || count > 1000 || index < 1 || index > count) {
    const shown = typeof text === 'string' ? text : JSON.stringify(text);
    throw new MemgateError(
      'USAGE',
      `--shard: expected i/n with 1 <= i <= n <= 1000, found "${shown}" — e.g. --shard 2/3 for the second of three jobs`,
    );
  }
  return { index, count };
}

/**
 * Expected wall time of one workload in milliseconds from its baseline: the
 * recorded repeats × (warmup + measured ops) ÷ the recorded median throughput,
 * or its fixed duration. Undefined when the baseline cannot tell.
 */
export function expectedRunMs(baseline: Baseline | undefined): number | undefined {
  if (!baseline) return undefined;
  const { repeats, warmupOps, ops, durationMs } = baseline.settings;
  if (durationMs !== null && durationMs > 0) return repeats * durationMs;
  const throughput = baseline.metrics['throughput']?.median;
  if (throughput === undefined || !(throughput > 0)) return undefined;
  return (repeats * (warmupOps + ops) * 1000) / throughput;
}

export interface ShardCandidate {
  readonly name: string;
  /** Expected run time; undefined: unknown, counted as the mean of the known ones. */
  readonly weightMs: number | undefined;
}

/**
 * The names in each shard (index 0 is shard 1). Heaviest first onto the
 * lightest shard (ties: the lower shard), names breaking weight ties, so the
 * plan depends only on the names and weights, never on their order.
 */
export function planShards(candidates: readonly ShardCandidate[], count: number): string[][] {
  const known = candidates.map((c) => c.weightMs).filter((w): w is number => w !== undefined && w > 0);
  const fallback = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : 1;
  const weighted = candidates
    .map((c) => ({ name: c.name, weight: c.weightMs !== undefined && c.weightMs > 0 ? c.weightMs : fallback }))
    .sort((a, b) => b.weight - a.weight || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const shards = Array.from({ length: count }, () => ({ names: [] as string[], load: 0 }));
  for (const item of weighted) {
    let target = shards[0];
    for (const shard of shards) if (target && shard.load < target.load) target = shard;
    if (!target) break;
    target.names.push(item.name);
    target.load += item.weight;
  }
  return shards.map((shard) => shard.names);
}

/** The workloads of shard `shard`, in their original order. */
export function selectShard<T extends { readonly name: string }>(
  workloads: readonly T[],
  shard: Shard,
  weightOf: (name: string) => number | undefined,
): T[] {
  const plan = planShards(
    workloads.map((w) => ({ name: w.name, weightMs: weightOf(w.name) })),
    shard.count,
  );
  const mine = new Set(plan[shard.index - 1] ?? []);
  return workloads.filter((w) => mine.has(w.name));
}
