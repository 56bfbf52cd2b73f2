// Diffs two heap snapshots of the same process into "what grew", one
// snapshot in memory at a time: the first is reduced to per-type totals and
// a sorted list of object ids, then released before the second is read.
import type { Diagnosis } from '../model/report.js';
import { diffTypeTotals, layoutOf, nodeName, pickTopGrower, summarizeByType } from './heap-diff.js';
import { readHeapSnapshot, type HeapSnapshot } from './heap-snapshot.js';
import { findRetainerPath } from './retainer-path.js';

export type HeapDiagnosis = NonNullable<Diagnosis['heap']>;

/** How many growing types a diagnosis lists. */
export const TOP_GROWERS = 10;

/** Ids of every node, sorted, to tell objects that are new in a later snapshot (V8 keeps ids across snapshots of one process). */
export function sortedIds(snapshot: HeapSnapshot): Uint32Array {
  const layout = layoutOf(snapshot);
  const ids = new Uint32Array(snapshot.nodeCount);
  for (let ordinal = 0; ordinal < snapshot.nodeCount; ordinal++)
    ids[ordinal] = snapshot.nodes[ordinal * layout.nodeFieldCount + layout.id] ?? 0;
  return ids.sort();
}

export function containsId(sorted: Uint32Array, id: number): boolean {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const value = sorted[mid] as number;
    if (value === id) return true;
    if (value < id) low = mid + 1;
    else high = mid - 1;
  }
  return false;
}

/**
 * Growers between `before` and `after` (already parsed, pure) with a retainer
 * path to an instance of the top grower that did not exist in `before`.
 */
export function diagnoseSnapshots(
  before: { totals: ReturnType<typeof summarizeByType>; ids: Uint32Array },
  after: HeapSnapshot,
): Omit<HeapDiagnosis, 'snapshots'> {
  const growers = diffTypeTotals(before.totals, summarizeByType(after), TOP_GROWERS);
  const top = pickTopGrower(growers);
  if (top === null) return { growers, retainerPath: null };
  const layout = layoutOf(after);
  const isNewInstance = (ordinal: number): boolean =>
    nodeName(after, layout, ordinal) === top.name &&
    !containsId(before.ids, after.nodes[ordinal * layout.nodeFieldCount + layout.id] ?? 0);
  return { growers, retainerPath: findRetainerPath(after, isNewInstance) };
}

/** Reads the two snapshot files one after the other and diffs them. */
export async function diagnoseHeapFiles(first: string, second: string): Promise<HeapDiagnosis> {
  // The first snapshot is only needed for its summary: read it in a scope of
  // its own so it can be collected before the second one is parsed.
  const before = await summarizeSnapshotFile(first);
  const after = await readHeapSnapshot(second);
  return { ...diagnoseSnapshots(before, after), snapshots: [first, second] };
}

async function summarizeSnapshotFile(
  file: string,
): Promise<{ totals: ReturnType<typeof summarizeByType>; ids: ReturnType<typeof sortedIds> }> {
  const snapshot: HeapSnapshot = await readHeapSnapshot(file);
  return { totals: summarizeByType(snapshot), ids: sortedIds(snapshot) };
}
