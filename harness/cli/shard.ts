// `--shard i/n` on run and compare: keeps this job's share of the workloads,
// balanced by the run time each baseline implies. A baseline that cannot be
// read only loses its weight here; reading it for the comparison reports it.
import type { BaselineLocation } from '../baseline/store.js';
import { readBaseline } from '../baseline/store.js';
import { expectedRunMs, parseShard, selectShard } from '../workload/shard.js';

export async function applyShard<T extends { readonly name: string }>(
  workloads: readonly T[],
  shardText: unknown,
  location: BaselineLocation,
): Promise<T[]> {
  if (shardText === undefined) return [...workloads];
  const shard = parseShard(shardText);
  const weights = new Map<string, number | undefined>();
  for (const workload of workloads) {
    const baseline = await readBaseline(location, workload.name).catch(() => undefined);
    weights.set(workload.name, expectedRunMs(baseline));
  }
  return selectShard(workloads, shard, (name) => weights.get(name));
}
