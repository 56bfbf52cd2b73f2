import { describe, expect, it } from 'vitest';
import { diagnoseSnapshots, sortedIds, containsId } from '../../harness/diagnose/heap-diagnosis.js';
import {
  diffTypeTotals,
  layoutOf,
  nodeName,
  pickTopGrower,
  summarizeByType,
} from '../../harness/diagnose/heap-diff.js';
import { HeapSnapshotParser } from '../../harness/diagnose/heap-snapshot-parser.js';
import { findRetainerPath, shortenPath } from '../../harness/diagnose/retainer-path.js';
import { buildSnapshot, sessionHeap, type TestNode } from './snapshot-builder.js';

function parse(nodes: readonly TestNode[]) {
  const parser = new HeapSnapshotParser();
  parser.push(Buffer.from(buildSnapshot(nodes)));
  return parser.finish();
}

describe('summarizeByType and nodeName', () => {
  it('groups objects by constructor, closures by function, V8 internals in buckets', () => {
    const snapshot = parse([
      { type: 'synthetic', name: '', id: 1, size: 0 },
      { type: 'object', name: 'Session', id: 3, size: 40 },
      { type: 'object', name: 'Session', id: 5, size: 48 },
      { type: 'closure', name: 'onTick', id: 7, size: 32 },
      { type: 'closure', name: '', id: 9, size: 32 },
      { type: 'hidden', name: 'system / Context', id: 11, size: 24 },
      { type: 'hidden', name: 'code stub', id: 13, size: 8 },
      { type: 'concatenated string', name: 'ab', id: 15, size: 20 },
      { type: 'string', name: 'cd', id: 17, size: 16 },
    ]);
    const layout = layoutOf(snapshot);
    expect([1, 3, 4, 5, 6, 7].map((ordinal) => nodeName(snapshot, layout, ordinal))).toEqual([
      'Session',
      'onTick()',
      '(anonymous)()',
      'system / Context',
      '(system)',
      '(string)',
    ]);
    const totals = summarizeByType(snapshot);
    expect(totals.get('Session')).toEqual({ count: 2, size: 88 });
    expect(totals.get('(string)')).toEqual({ count: 2, size: 36 });
  });
});

describe('diffTypeTotals', () => {
  it('lists user types first, each group by size growth, and drops types that did not grow', () => {
    const before = new Map([
      ['Session', { count: 10, size: 400 }],
      ['(array)', { count: 3, size: 100 }],
      ['Shrunk', { count: 5, size: 50 }],
    ]);
    const after = new Map([
      ['Session', { count: 110, size: 4400 }],
      ['(array)', { count: 3, size: 9000 }],
      ['Shrunk', { count: 2, size: 20 }],
      ['Timer', { count: 1, size: 80 }],
    ]);
    expect(diffTypeTotals(before, after)).toEqual([
      { name: 'Session', countDelta: 100, sizeDelta: 4000 },
      { name: 'Timer', countDelta: 1, sizeDelta: 80 },
      { name: '(array)', countDelta: 0, sizeDelta: 8900 },
    ]);
    expect(diffTypeTotals(before, after, 1)).toHaveLength(1);
  });

  it('picks the first user type growing in count for the retainer path', () => {
    expect(
      pickTopGrower([
        { name: '(array)', countDelta: 0, sizeDelta: 9 },
        { name: 'Session', countDelta: 3, sizeDelta: 1 },
      ])?.name,
    ).toBe('Session');
    expect(pickTopGrower([{ name: '(string)', countDelta: 4, sizeDelta: 9 }])?.name).toBe('(string)');
    expect(pickTopGrower([])).toBeNull();
  });
});

describe('findRetainerPath', () => {
  it('walks strong edges from the root to the nearest match, root first', () => {
    const snapshot = parse(sessionHeap(3));
    const layout = layoutOf(snapshot);
    const path = findRetainerPath(snapshot, (ordinal) => nodeName(snapshot, layout, ordinal) === 'Session');
    expect(path).toEqual(['(GC roots)', '[7] (global)', 'cache (Map)', 'Session']);
  });

  it('ignores weak edges: a node reachable only weakly has no path', () => {
    const nodes = sessionHeap(2);
    const snapshot = parse(
      [...nodes, { type: 'object', name: 'Orphan', id: 999, size: 8 }].map((node, i) =>
        i === 0 ? { ...node, edges: [...(node.edges ?? []), { type: 'weak', name: 'w', to: nodes.length }] } : node,
      ),
    );
    const layout = layoutOf(snapshot);
    expect(findRetainerPath(snapshot, (ordinal) => nodeName(snapshot, layout, ordinal) === 'Orphan')).toBeNull();
  });

  it('shortens long paths around an ellipsis', () => {
    expect(shortenPath(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'])).toEqual([
      'a',
      'b',
      '…',
      'f',
      'g',
      'h',
      'i',
      'j',
    ]);
    expect(shortenPath(['a', 'b'])).toEqual(['a', 'b']);
  });
});

describe('diagnoseSnapshots', () => {
  it('diffs two snapshots of one process and finds a path to an instance that is new in the second', () => {
    const before = parse(sessionHeap(2));
    const after = parse(sessionHeap(5));
    const result = diagnoseSnapshots({ totals: summarizeByType(before), ids: sortedIds(before) }, after);
    expect(result.growers).toEqual([{ name: 'Session', countDelta: 3, sizeDelta: 120 }]);
    expect(result.retainerPath).toEqual(['(GC roots)', '[7] (global)', 'cache (Map)', 'Session']);
  });

  it('finds ids with a binary search over the sorted ids', () => {
    const ids = sortedIds(parse(sessionHeap(3)));
    expect(Array.from(ids)).toEqual([1, 3, 5, 7, 9, 100, 102, 104]);
    expect(containsId(ids, 102)).toBe(true);
    expect(containsId(ids, 103)).toBe(false);
  });
});
