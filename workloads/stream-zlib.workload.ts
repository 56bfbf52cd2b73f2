// Compresses and decompresses a 32 KB log chunk through a stream pipeline
// (Readable -> gzip -> gunzip -> collector), as a log shipper does per batch.
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { defineWorkload } from '../harness/index.js';
import { nextInt, seededRandom } from './seeded.js';

const LEVELS = ['INFO', 'INFO', 'INFO', 'WARN', 'ERROR', 'DEBUG'];

function makeLogChunk(bytes: number): Buffer {
  const random = seededRandom(1234);
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `2024-01-01T00:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z ${LEVELS[nextInt(random, LEVELS.length)]} req=${nextInt(random, 1e6).toString(36)} path=/api/v1/items/${nextInt(random, 5000)} status=${nextInt(random, 2) ? 200 : 404} ms=${nextInt(random, 250)}\n`;
    lines.push(line);
    size += line.length;
  }
  return Buffer.from(lines.join('').slice(0, bytes));
}

export default defineWorkload({
  name: 'stream-zlib',
  description: 'gzip + gunzip of a 32 KB log chunk through stream.pipeline, 16 KB pieces',
  warmupOps: 20,
  setup: () => {
    const chunk = makeLogChunk(32 * 1024);
    const pieces = Array.from({ length: 2 }, (_, i) => chunk.subarray(i * 16 * 1024, (i + 1) * 16 * 1024));
    return { pieces, expected: chunk.length };
  },
  op: async (state) => {
    let received = 0;
    const sink = new Writable({
      write(piece: Buffer, _encoding, done) {
        received += piece.length;
        done();
      },
    });
    await pipeline(Readable.from(state.pieces), createGzip(), createGunzip(), sink);
    if (received !== state.expected) throw new Error(`round trip lost data: ${received} of ${state.expected} bytes`);
  },
});
