// The bound: parsing a snapshot must not need more than about twice
// its size in memory. A real multi-MB snapshot is written by one child and
// parsed by a fresh one, which reports its RSS before parsing and the
// kernel's high-water mark after.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'memgate-snapshot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 80k small objects with distinct names: ~18 MB of snapshot, string-heavy like a real service's heap.
const WRITE_SNAPSHOT = `
  const v8 = require('node:v8');
  class Order { constructor(i) { this.id = i; this.sku = 'sku-' + i; } }
  globalThis.orders = Array.from({ length: 80000 }, (_, i) => new Order(i));
  v8.writeHeapSnapshot(process.argv[1]);
`;

describe('readHeapSnapshot memory', () => {
  it('parses a multi-MB snapshot within twice its size (peak RSS) and keeps ~its size', async () => {
    const file = join(dir, 'orders.heapsnapshot');
    const entry = join(dir, 'parse-child.mjs');
    await Promise.all([
      execa(process.execPath, ['-e', WRITE_SNAPSHOT, file]),
      build({
        entryPoints: [new URL('./parse-child.ts', import.meta.url).pathname],
        bundle: true,
        platform: 'node',
        format: 'esm',
        outfile: entry,
        logLevel: 'silent',
      }),
    ]);
    const size = statSync(file).size;
    expect(size, 'snapshot size').toBeGreaterThan(15e6);
    const { stdout } = await execa(process.execPath, ['--expose-gc', entry, file]);
    const result = JSON.parse(stdout) as { nodes: number; rssBefore: number; peakRss: number; retained: number };
    expect(result.nodes).toBeGreaterThan(150_000);
    // Measured 1.67x at 18 MB and 40 MB on a quiet machine: typed arrays take ~1 byte per text byte,
    // strings ~1.2x, plus one reused 1 MB read buffer and V8 heap slack. The slack depends on when the
    // GC gets to run: with the whole suite loading both cores it reached 2.15x once. The issue asks for
    // "about twice"; 2.4x bounds that while still failing a parser that materialises the JSON
    // (reading the file and JSON.parse-ing it peaks at 4.8x, measured).
    expect((result.peakRss - result.rssBefore) / size, 'peak RSS growth / file size').toBeLessThan(2.4);
    // What stays is the parsed snapshot itself: about the file's size.
    expect(result.retained / size, 'retained / file size').toBeLessThan(1.5);
  });
});
