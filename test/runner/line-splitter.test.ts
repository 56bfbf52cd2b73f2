// The line splitter keeps at most maxLineBytes of any line: a 50 MB line from
// a workload must not be held whole by memgate.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES, forEachLine } from '../../harness/runner/line-splitter.js';

function split(chunks: readonly (string | Buffer)[], max?: number): Promise<string[]> {
  const stream = new PassThrough();
  const lines: string[] = [];
  forEachLine(stream, (line) => lines.push(line), max);
  return new Promise((resolve) => {
    stream.on('end', () => resolve(lines));
    for (const chunk of chunks) stream.write(chunk);
    stream.end();
  });
}

describe('forEachLine', () => {
  it('splits across chunk borders, strips CR and delivers a last line without a newline', async () => {
    expect(await split(['ab', 'c\r\nde', 'f\n\nlast'])).toEqual(['abc', 'def', '', 'last']);
  });

  it('cuts a 50 MB line to the cap and says exactly how much it dropped', async () => {
    const total = 50_000_000;
    const piece = Buffer.alloc(65_536, 0x78);
    const chunks: Buffer[] = [];
    for (let left = total; left > 0; left -= piece.length)
      chunks.push(left >= piece.length ? piece : piece.subarray(0, left));
    const lines = await split([...chunks, '\nnext line\n']);
    expect(lines).toHaveLength(2);
    const [long, next] = lines;
    expect(long?.startsWith('x'.repeat(MAX_LINE_BYTES))).toBe(true);
    expect(long?.slice(MAX_LINE_BYTES)).toBe(` [memgate: ${total - MAX_LINE_BYTES} more bytes of this line dropped]`);
    expect(next).toBe('next line');
  });

  it('keeps a line of exactly the cap whole', async () => {
    expect(await split(['y'.repeat(10), '\n'], 10)).toEqual(['y'.repeat(10)]);
    expect(await split(['y'.repeat(11), '\n'], 10)).toEqual([
      `${'y'.repeat(10)} [memgate: 1 more bytes of this line dropped]`,
    ]);
  });
});
