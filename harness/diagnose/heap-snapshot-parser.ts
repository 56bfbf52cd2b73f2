// A streaming parser for V8 `.heapsnapshot` files. Snapshots of real services
// run to hundreds of megabytes, and `JSON.parse` of one needs several times
// its size (every number becomes a boxed array slot). This parser is fed raw
// byte chunks and writes the `nodes` and `edges` number arrays straight into
// preallocated Uint32Arrays sized from the header, keeps the `strings` table,
// and skips everything else, so memory stays near the file's own size.
//
// Format: {"snapshot":{"meta":{...},"node_count":N,"edge_count":M,...},
//          "nodes":[...],"edges":[...],...,"strings":[...]}
// Only `strings` holds JSON strings after the header; the arrays in between
// (trace_tree, samples, locations) hold numbers, so a literal key search is safe.
import * as z from 'zod';

const SnapshotHeader = z.object({
  snapshot: z.object({
    meta: z.object({
      node_fields: z.array(z.string()),
      node_types: z.array(z.unknown()),
      edge_fields: z.array(z.string()),
      edge_types: z.array(z.unknown()),
    }),
    node_count: z.number().int().nonnegative(),
    edge_count: z.number().int().nonnegative(),
  }),
});

/** A parsed snapshot: flat typed arrays as V8 wrote them, plus field offsets. */
export interface HeapSnapshot {
  readonly nodeFields: readonly string[];
  readonly edgeFields: readonly string[];
  /** Names of node types, indexed by a node's `type` field. */
  readonly nodeTypes: readonly string[];
  /** Names of edge types, indexed by an edge's `type` field. */
  readonly edgeTypes: readonly string[];
  readonly nodeCount: number;
  readonly edgeCount: number;
  readonly nodes: Uint32Array;
  readonly edges: Uint32Array;
  readonly strings: readonly string[];
}

type Target = 'nodes' | 'edges' | 'strings';
type State = 'header' | 'seek' | 'open' | 'numbers' | 'strings' | 'done';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const CLOSE = 0x5d;
const OPEN = 0x5b;

const KEY_BYTES: Record<Target, Buffer> = {
  nodes: Buffer.from('"nodes"'),
  edges: Buffer.from('"edges"'),
  strings: Buffer.from('"strings"'),
};
const NEXT: Record<Target, Target | null> = { nodes: 'edges', edges: 'strings', strings: null };

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

// Reads the type-name table of a meta entry such as [["hidden","array",...],"string",...].
function typeNames(types: readonly unknown[], what: string): string[] {
  const first = types[0];
  if (!Array.isArray(first) || !first.every((name) => typeof name === 'string')) {
    throw new TypeError(`expected snapshot.meta.${what}[0] to list type names, got ${JSON.stringify(first)}`);
  }
  return first;
}

export class HeapSnapshotParser {
  #state: State = 'header';
  #target: Target = 'nodes';
  #keyMatched = 0;
  #header: Buffer[] = [];
  #meta: z.infer<typeof SnapshotHeader>['snapshot'] | null = null;
  #nodes = new Uint32Array(0);
  #edges = new Uint32Array(0);
  #array = new Uint32Array(0);
  #filled = 0;
  #value = 0;
  #inNumber = false;
  #strings: string[] = [];
  #inString = false;
  #escaped = false;
  #hadEscape = false;
  #pieces: Buffer[] = [];
  #stringStart = 0;
  /** Next backslash in the current chunk at or after the scan position; -1 none left, -2 not looked yet. */
  #slashAt = -2;

  /** Feeds the next chunk of the file. The chunk may be reused by the caller afterwards. */
  push(chunk: Buffer): void {
    let at = 0;
    this.#slashAt = -2;
    while (at < chunk.length && this.#state !== 'done') {
      if (this.#state === 'header' || this.#state === 'seek') at = this.#seekKey(chunk, at);
      else if (this.#state === 'open') at = this.#openArray(chunk, at);
      else if (this.#state === 'numbers') at = this.#readNumbers(chunk, at);
      else at = this.#readStrings(chunk, at);
    }
    if (this.#state === 'header') this.#header.push(Buffer.from(chunk));
    if (this.#inString) {
      // The string goes on in the next chunk, which the caller may overwrite: keep a copy.
      this.#pieces.push(Buffer.from(chunk.subarray(this.#stringStart)));
      this.#stringStart = 0;
    }
  }

  /** The parsed snapshot; throws a TypeError when the input ended early. */
  finish(): HeapSnapshot {
    const meta = this.#meta;
    if (this.#state !== 'done' || meta === null)
      throw new TypeError(
        `the snapshot ended inside its ${this.#state === 'header' ? 'header' : `"${this.#target}" array`}`,
      );
    return {
      nodeFields: meta.meta.node_fields,
      edgeFields: meta.meta.edge_fields,
      nodeTypes: typeNames(meta.meta.node_types, 'node_types'),
      edgeTypes: typeNames(meta.meta.edge_types, 'edge_types'),
      nodeCount: meta.node_count,
      edgeCount: meta.edge_count,
      nodes: this.#nodes,
      edges: this.#edges,
      strings: this.#strings,
    };
  }

  // Matches the next key ("nodes", "edges", "strings") byte by byte; in the header, remembers the bytes before it.
  #seekKey(chunk: Buffer, from: number): number {
    const key = KEY_BYTES[this.#target];
    for (let i = from; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === key[this.#keyMatched]) this.#keyMatched++;
      else this.#keyMatched = byte === key[0] ? 1 : 0;
      if (this.#keyMatched === key.length) {
        if (this.#state === 'header') this.#parseHeader(chunk.subarray(0, i + 1), key.length);
        this.#keyMatched = 0;
        this.#state = 'open';
        return i + 1;
      }
    }
    return chunk.length;
  }

  #parseHeader(lastPart: Buffer, keyLength: number): void {
    const bytes = Buffer.concat([...this.#header, lastPart]);
    this.#header = [];
    const text = bytes
      .subarray(0, bytes.length - keyLength)
      .toString('utf8')
      .replace(/[\s,]+$/, '');
    const header = SnapshotHeader.parse(JSON.parse(`${text}}`));
    this.#meta = header.snapshot;
    this.#nodes = new Uint32Array(header.snapshot.node_count * header.snapshot.meta.node_fields.length);
    this.#edges = new Uint32Array(header.snapshot.edge_count * header.snapshot.meta.edge_fields.length);
  }

  // Skips `:` and whitespace up to the `[` that opens the array of the current key.
  #openArray(chunk: Buffer, from: number): number {
    for (let i = from; i < chunk.length; i++) {
      const byte = chunk[i] as number;
      if (byte === OPEN) {
        this.#state = this.#target === 'strings' ? 'strings' : 'numbers';
        this.#array = this.#target === 'nodes' ? this.#nodes : this.#edges;
        this.#filled = 0;
        return i + 1;
      }
      if (byte !== 0x3a && !isSpace(byte))
        throw new TypeError(`expected "[" after the "${this.#target}" key, found "${String.fromCharCode(byte)}"`);
    }
    return chunk.length;
  }

  #readNumbers(chunk: Buffer, from: number): number {
    const array = this.#array;
    let value = this.#value;
    let inNumber = this.#inNumber;
    let filled = this.#filled;
    for (let i = from; i < chunk.length; i++) {
      const byte = chunk[i] as number;
      const digit = byte - 0x30;
      if (digit >= 0 && digit <= 9) {
        value = value * 10 + digit;
        inNumber = true;
        continue;
      }
      if (inNumber) {
        if (filled >= array.length)
          throw new TypeError(
            `the "${this.#target}" array holds more values than the header's count (${array.length})`,
          );
        array[filled++] = value;
        value = 0;
        inNumber = false;
      }
      if (byte === CLOSE) {
        this.#value = 0;
        this.#inNumber = false;
        this.#filled = filled;
        this.#closeNumbers();
        return i + 1;
      }
      if (byte !== COMMA && !isSpace(byte))
        throw new TypeError(
          `expected a non-negative integer in the "${this.#target}" array, found "${String.fromCharCode(byte)}"`,
        );
    }
    this.#value = value;
    this.#inNumber = inNumber;
    this.#filled = filled;
    return chunk.length;
  }

  #closeNumbers(): void {
    if (this.#filled !== this.#array.length) {
      throw new TypeError(
        `the "${this.#target}" array holds ${this.#filled} values, the header says ${this.#array.length}`,
      );
    }
    this.#target = NEXT[this.#target] ?? 'strings';
    this.#state = 'seek';
  }

  #readStrings(chunk: Buffer, from: number): number {
    let i = from;
    while (i < chunk.length) {
      if (this.#inString) {
        i = this.#scanString(chunk, i);
        continue;
      }
      const byte = chunk[i] as number;
      if (byte === QUOTE) {
        this.#inString = true;
        this.#hadEscape = false;
        this.#stringStart = i + 1;
      } else if (byte === CLOSE) {
        this.#state = 'done';
        return i + 1;
      } else if (byte !== COMMA && !isSpace(byte)) {
        throw new TypeError(`expected a string in the "strings" array, found "${String.fromCharCode(byte)}"`);
      }
      i++;
    }
    return chunk.length;
  }

  // Jumps to the closing quote with native indexOf (strings are most of a snapshot's bytes); escapes go byte by byte.
  #scanString(chunk: Buffer, from: number): number {
    let i = from;
    if (this.#escaped) {
      this.#escaped = false;
      i++;
    }
    while (i < chunk.length) {
      const quote = chunk.indexOf(QUOTE, i);
      if (this.#slashAt !== -1 && this.#slashAt < i) this.#slashAt = chunk.indexOf(BACKSLASH, i);
      const slash = this.#slashAt;
      if (slash >= 0 && (quote < 0 || slash < quote)) {
        this.#hadEscape = true;
        if (slash + 1 >= chunk.length) {
          this.#escaped = true;
          return chunk.length;
        }
        i = slash + 2;
        continue;
      }
      if (quote < 0) return chunk.length;
      this.#endString(chunk, quote);
      return quote + 1;
    }
    return chunk.length;
  }

  #endString(chunk: Buffer, end: number): void {
    let text: string;
    if (this.#pieces.length === 0) text = chunk.toString('utf8', this.#stringStart, end);
    else {
      this.#pieces.push(chunk.subarray(0, end));
      text = Buffer.concat(this.#pieces).toString('utf8');
      this.#pieces = [];
    }
    this.#strings.push(this.#hadEscape ? (JSON.parse(`"${text}"`) as string) : text);
    this.#inString = false;
  }
}
