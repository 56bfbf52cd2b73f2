// Follows a log file the way `tail -F` does: reads what was appended since
// the last poll, starts at the end of what existed before the run (an old
// run's lines are not this run's metrics), and starts over when the file is
// truncated or replaced by rotation.
import { open, stat } from 'node:fs/promises';

export interface FileTail {
  /** Reads what is left, then stops polling. */
  stop(): Promise<void>;
}

const CHUNK_BYTES = 64 * 1024;

export async function tailFile(path: string, onLine: (line: string) => void, intervalMs: number): Promise<FileTail> {
  let offset = (await stat(path).catch(() => undefined))?.size ?? 0;
  let partial = '';
  let stopped = false;
  let inFlight: Promise<void> = Promise.resolve();

  const poll = async (): Promise<void> => {
    const size = (await stat(path).catch(() => undefined))?.size;
    if (size === undefined) return;
    if (size < offset) offset = 0;
    if (size === offset) return;
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(CHUNK_BYTES);
      while (offset < size) {
        const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK_BYTES, size - offset), offset);
        if (bytesRead === 0) break;
        offset += bytesRead;
        const lines = (partial + buffer.subarray(0, bytesRead).toString('utf8')).split('\n');
        partial = (lines.pop() ?? '').slice(-CHUNK_BYTES);
        for (const line of lines) onLine(line);
      }
    } finally {
      await handle.close();
    }
  };

  const timer = setInterval(() => {
    inFlight = inFlight.then(poll).catch(() => undefined);
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await inFlight;
      await poll().catch(() => undefined);
      if (partial) onLine(partial);
    },
  };
}
