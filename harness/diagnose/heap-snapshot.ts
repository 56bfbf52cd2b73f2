// Reads a `.heapsnapshot` file through the streaming parser, one reused
// buffer at a time, so the only memory that grows is the parsed result.
import { open } from 'node:fs/promises';
import { MemgateError } from '../errors.js';
import { HeapSnapshotParser, type HeapSnapshot } from './heap-snapshot-parser.js';

export type { HeapSnapshot } from './heap-snapshot-parser.js';

const CHUNK_BYTES = 1 << 20;

/** Parses a heap snapshot file without loading it whole. Throws MemgateError('IO') when unreadable or malformed. */
export async function readHeapSnapshot(file: string): Promise<HeapSnapshot> {
  const parser = new HeapSnapshotParser();
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw new MemgateError(
      'IO',
      `${file}: cannot open the heap snapshot (${(error as Error).message}); check that the diagnose directory is readable`,
      { cause: error },
    );
  }
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      parser.push(bytesRead === CHUNK_BYTES ? buffer : buffer.subarray(0, bytesRead));
    }
    return parser.finish();
  } catch (error) {
    if (error instanceof MemgateError) throw error;
    throw new MemgateError(
      'IO',
      `${file}: not a readable V8 heap snapshot: ${(error as Error).message}; delete it and run with --diagnose again`,
      { cause: error },
    );
  } finally {
    await handle.close();
  }
}
