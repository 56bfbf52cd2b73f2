// Pure: one short retainer path, root first, from the snapshot's root to the
// nearest node a predicate accepts. A breadth-first search over strong edges
// finds the shortest chain, which is the one a reader can follow in code:
// "(GC roots) → ... → sessions (Map) → table → LeakedSession".
import type { HeapSnapshot } from './heap-snapshot-parser.js';
import { layoutOf, nodeName, type SnapshotLayout } from './heap-diff.js';

/** Longest path shown; longer ones keep their first and last hops around an ellipsis. */
const MAX_SHOWN = 8;
// Edges that do not keep their target alive, or that V8 adds as views of other edges.
const SKIPPED_EDGE_TYPES = new Set(['weak', 'shortcut']);

// Offsets of each node's first edge in `edges`, from the per-node edge counts.
function firstEdges(snapshot: HeapSnapshot, layout: SnapshotLayout): Uint32Array {
  const first = new Uint32Array(snapshot.nodeCount + 1);
  let offset = 0;
  for (let ordinal = 0; ordinal < snapshot.nodeCount; ordinal++) {
    first[ordinal] = offset;
    offset += (snapshot.nodes[ordinal * layout.nodeFieldCount + layout.edgeCount] ?? 0) * layout.edgeFieldCount;
  }
  first[snapshot.nodeCount] = offset;
  return first;
}

function edgeLabel(snapshot: HeapSnapshot, layout: SnapshotLayout, edge: number): string {
  const type = snapshot.edgeTypes[snapshot.edges[edge + layout.edgeType] ?? 0] ?? '';
  const nameOrIndex = snapshot.edges[edge + layout.edgeName] ?? 0;
  if (type === 'element' || type === 'hidden') return `[${nameOrIndex}]`;
  return snapshot.strings[nameOrIndex] ?? `[${nameOrIndex}]`;
}

// Breadth-first from node 0; returns, per node, the edge offset that first reached it (-1 unseen, -2 the root).
function searchFromRoot(
  snapshot: HeapSnapshot,
  layout: SnapshotLayout,
  isTarget: (ordinal: number) => boolean,
): { via: Int32Array; found: number } {
  const first = firstEdges(snapshot, layout);
  const via = new Int32Array(snapshot.nodeCount).fill(-1);
  const queue = new Uint32Array(snapshot.nodeCount);
  const skipped = new Set(snapshot.edgeTypes.flatMap((type, index) => (SKIPPED_EDGE_TYPES.has(type) ? [index] : [])));
  let head = 0;
  let tail = 0;
  via[0] = -2;
  queue[tail++] = 0;
  while (head < tail) {
    const ordinal = queue[head++] as number;
    if (ordinal !== 0 && isTarget(ordinal)) return { via, found: ordinal };
    const end = first[ordinal + 1] as number;
    for (let edge = first[ordinal] as number; edge < end; edge += layout.edgeFieldCount) {
      if (skipped.has(snapshot.edges[edge + layout.edgeType] ?? 0)) continue;
      const to = (snapshot.edges[edge + layout.edgeTo] ?? 0) / layout.nodeFieldCount;
      if (via[to] !== -1) continue;
      via[to] = edge;
      queue[tail++] = to;
    }
  }
  return { via, found: -1 };
}

// Which node an edge leaves from: the node whose edge range holds it.
function ownerOf(first: Uint32Array, edge: number): number {
  let low = 0;
  let high = first.length - 2;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((first[mid] as number) <= edge) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** Elements of a long path, shortened to its first two and last five hops. */
export function shortenPath(path: readonly string[]): string[] {
  if (path.length <= MAX_SHOWN) return [...path];
  return [...path.slice(0, 2), '…', ...path.slice(path.length - (MAX_SHOWN - 3))];
}

/**
 * The shortest strong path from the root to a node `isTarget` accepts, as
 * display strings: the first root's name, then `edge (Type)` per hop, then
 * the target's type. Null when no such node is reachable.
 */
export function findRetainerPath(snapshot: HeapSnapshot, isTarget: (ordinal: number) => boolean): string[] | null {
  if (snapshot.nodeCount === 0) return null;
  const layout = layoutOf(snapshot);
  const { via, found } = searchFromRoot(snapshot, layout, isTarget);
  if (found < 0) return null;
  const first = firstEdges(snapshot, layout);
  const hops: Array<{ ordinal: number; edge: number }> = [];
  for (let ordinal = found; ordinal !== 0;) {
    const edge = via[ordinal] as number;
    hops.push({ ordinal, edge });
    ordinal = ownerOf(first, edge);
  }
  hops.reverse();
  const path = hops.map(({ ordinal, edge }, index) => {
    const name = nodeName(snapshot, layout, ordinal);
    if (index === 0 || index === hops.length - 1) return name;
    return `${edgeLabel(snapshot, layout, edge)} (${name})`;
  });
  return shortenPath(path);
}
