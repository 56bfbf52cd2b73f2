// Splits a child's output into lines without ever holding more than
// `maxLineBytes` of one line. readline buffers a whole line however long it
// is: one 50 MB line from a workload once pushed memgate itself to 403 MB.
// Here the rest of an overlong line is counted and dropped, and the line is
// delivered with a note saying how much was cut.
import type { Readable } from 'node:stream';

/** Per line, what listeners (ready patterns, log metrics, error tails) can use; log lines are far shorter. */
export const MAX_LINE_BYTES = 64 * 1024;

export function forEachLine(
  stream: Readable,
  onLine: (line: string) => void,
  maxLineBytes: number = MAX_LINE_BYTES,
): void {
  let parts: Buffer[] = [];
  let kept = 0;
  let dropped = 0;
  const emit = (): void => {
    let line = Buffer.concat(parts).toString('utf8');
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (dropped > 0) line += ` [memgate: ${dropped} more bytes of this line dropped]`;
    parts = [];
    kept = 0;
    dropped = 0;
    onLine(line);
  };
  const keep = (piece: Buffer): void => {
    const room = maxLineBytes - kept;
    if (piece.length <= room) {
      parts.push(piece);
      kept += piece.length;
      return;
    }
    if (room > 0) parts.push(piece.subarray(0, room));
    kept += Math.max(room, 0);
    dropped += piece.length - Math.max(room, 0);
  };
  stream.on('data', (chunk: Buffer | string) => {
    let data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    for (let newline = data.indexOf(10); newline >= 0; newline = data.indexOf(10)) {
      keep(data.subarray(0, newline));
      emit();
      data = data.subarray(newline + 1);
    }
    if (data.length > 0) keep(data);
  });
  stream.on('end', () => {
    if (kept > 0 || dropped > 0) emit();
  });
}
