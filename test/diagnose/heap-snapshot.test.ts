import { describe, expect, it } from 'vitest';
import { HeapSnapshotParser } from '../../harness/diagnose/heap-snapshot-parser.js';
import { buildSnapshot, sessionHeap } from './snapshot-builder.js';

function parseInChunks(text: string, chunkSize: number) {
  const bytes = Buffer.from(text, 'utf8');
  const parser = new HeapSnapshotParser();
  const chunk = Buffer.alloc(chunkSize);
  // Reuse one buffer, as the file reader does, so a parser that keeps a view of it would fail.
  for (let at = 0; at < bytes.length; at += chunkSize) {
    const length = bytes.copy(chunk, 0, at, Math.min(bytes.length, at + chunkSize));
    parser.push(chunk.subarray(0, length));
    chunk.fill(0x78);
  }
  return parser.finish();
}

describe('HeapSnapshotParser', () => {
  // Escapes, multi-byte UTF-8 and a surrogate pair, so chunk boundaries fall inside each of them for some chunk size.
  const text = buildSnapshot(sessionHeap(3), ['tab\there', 'emoji 🧠 and \\ backslash', 'quote " and \u2028']);
  const expected = JSON.parse(text) as { nodes: number[]; edges: number[]; strings: string[] };

  it('reads the same nodes, edges and strings as JSON.parse, whatever the chunk size', () => {
    for (let chunkSize = 1; chunkSize <= 64; chunkSize++) {
      const snapshot = parseInChunks(text, chunkSize);
      expect(Array.from(snapshot.nodes), `nodes @${chunkSize}`).toEqual(expected.nodes);
      expect(Array.from(snapshot.edges), `edges @${chunkSize}`).toEqual(expected.edges);
      expect(snapshot.strings, `strings @${chunkSize}`).toEqual(expected.strings);
    }
  });

  it('reads the header: counts, fields and type names', () => {
    const snapshot = parseInChunks(text, 4096);
    expect(snapshot.nodeCount).toBe(8);
    expect(snapshot.edgeCount).toBe(8);
    expect(snapshot.nodeFields[3]).toBe('self_size');
    expect(snapshot.nodeTypes[5]).toBe('closure');
    expect(snapshot.edgeTypes[6]).toBe('weak');
    expect(snapshot.nodes).toBeInstanceOf(Uint32Array);
  });

  it('refuses a file that ends early', () => {
    expect(() => parseInChunks(text.slice(0, text.indexOf('"edges"') + 12), 100)).toThrow(
      /ended inside its "edges" array/,
    );
    expect(() => parseInChunks(text.slice(0, 40), 100)).toThrow(/ended inside its header/);
  });

  it('refuses arrays whose length disagrees with the header', () => {
    const extra = text.replace('"nodes":[', '"nodes":[0,0,0,0,0,0,0,');
    expect(() => parseInChunks(extra, 100)).toThrow(/more values than the header's count/);
    const negative = text.replace('"edges":[', '"edges":[-1,');
    expect(() => parseInChunks(negative, 100)).toThrow(/non-negative integer/);
  });
});
