// Pure: groups the nodes of a parsed heap snapshot by the name a reader
// knows (the constructor for objects, the function for closures, a bucket
// such as "(string)" for V8 internals) and diffs two snapshots into the
// types that grew.
import type { HeapSnapshot } from './heap-snapshot-parser.js';

export interface TypeTotals {
  count: number;
  size: number;
}

export interface Grower {
  readonly name: string;
  readonly countDelta: number;
  readonly sizeDelta: number;
}

/** Field offsets of a snapshot, looked up once. */
export interface SnapshotLayout {
  readonly nodeFieldCount: number;
  readonly edgeFieldCount: number;
  readonly type: number;
  readonly name: number;
  readonly id: number;
  readonly selfSize: number;
  readonly edgeCount: number;
  readonly edgeType: number;
  readonly edgeName: number;
  readonly edgeTo: number;
}

function fieldIndex(fields: readonly string[], name: string): number {
  const index = fields.indexOf(name);
  if (index < 0)
    throw new TypeError(`expected the snapshot's meta fields to include "${name}", got ${JSON.stringify(fields)}`);
  return index;
}

export function layoutOf(snapshot: HeapSnapshot): SnapshotLayout {
  return {
    nodeFieldCount: snapshot.nodeFields.length,
    edgeFieldCount: snapshot.edgeFields.length,
    type: fieldIndex(snapshot.nodeFields, 'type'),
    name: fieldIndex(snapshot.nodeFields, 'name'),
    id: fieldIndex(snapshot.nodeFields, 'id'),
    selfSize: fieldIndex(snapshot.nodeFields, 'self_size'),
    edgeCount: fieldIndex(snapshot.nodeFields, 'edge_count'),
    edgeType: fieldIndex(snapshot.edgeFields, 'type'),
    edgeName: fieldIndex(snapshot.edgeFields, 'name_or_index'),
    edgeTo: fieldIndex(snapshot.edgeFields, 'to_node'),
  };
}

// V8 internals are bucketed the way DevTools' summary view does, so a type name is something a reader can search for.
const BUCKETS: Record<string, string> = {
  array: '(array)',
  string: '(string)',
  'concatenated string': '(string)',
  'sliced string': '(string)',
  code: '(compiled code)',
  number: '(number)',
  regexp: '(regexp)',
  symbol: '(symbol)',
  bigint: '(bigint)',
  'object shape': '(object shape)',
};

/** The display name of node `ordinal` (0-based node number, not array offset). */
export function nodeName(snapshot: HeapSnapshot, layout: SnapshotLayout, ordinal: number): string {
  const base = ordinal * layout.nodeFieldCount;
  const type = snapshot.nodeTypes[snapshot.nodes[base + layout.type] ?? 0] ?? 'hidden';
  const name = snapshot.strings[snapshot.nodes[base + layout.name] ?? 0] ?? '';
  if (type === 'closure') return `${name || '(anonymous)'}()`;
  if (type === 'hidden') return name.startsWith('system / ') ? name : '(system)';
  return BUCKETS[type] ?? (name || `(${type})`);
}

/** Count and self size of every display name in a snapshot. */
export function summarizeByType(snapshot: HeapSnapshot): Map<string, TypeTotals> {
  const layout = layoutOf(snapshot);
  const totals = new Map<string, TypeTotals>();
  for (let ordinal = 0; ordinal < snapshot.nodeCount; ordinal++) {
    const name = nodeName(snapshot, layout, ordinal);
    const size = snapshot.nodes[ordinal * layout.nodeFieldCount + layout.selfSize] ?? 0;
    const entry = totals.get(name);
    if (entry) {
      entry.count++;
      entry.size += size;
    } else totals.set(name, { count: 1, size });
  }
  return totals;
}

// Internal buckets ("(compiled code)", "system / Context") explain little on their own: types the user wrote come first.
const INTERNAL_NAME = /^\(|^system \/ /;

function isInternal(name: string): boolean {
  return INTERNAL_NAME.test(name);
}

/**
 * Types that grew from `before` to `after`: types named by user code first,
 * then V8's internal buckets; each group by size growth, then count growth.
 */
export function diffTypeTotals(
  before: ReadonlyMap<string, TypeTotals>,
  after: ReadonlyMap<string, TypeTotals>,
  top = 10,
): Grower[] {
  const growers: Grower[] = [];
  for (const [name, totals] of after) {
    const old = before.get(name) ?? { count: 0, size: 0 };
    const countDelta = totals.count - old.count;
    const sizeDelta = totals.size - old.size;
    if (countDelta > 0 || sizeDelta > 0) growers.push({ name, countDelta, sizeDelta });
  }
  growers.sort(
    (a, b) =>
      Number(isInternal(a.name)) - Number(isInternal(b.name)) ||
      b.sizeDelta - a.sizeDelta ||
      b.countDelta - a.countDelta ||
      a.name.localeCompare(b.name),
  );
  return growers.slice(0, top);
}

/** The grower whose retainer path to show: the first one named by user code, growing in count. */
export function pickTopGrower(growers: readonly Grower[]): Grower | null {
  return growers.find((grower) => grower.countDelta > 0 && !isInternal(grower.name)) ?? growers[0] ?? null;
}
