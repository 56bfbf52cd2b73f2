// "[2/5] json-roundtrip  repeat 3/5" on stderr, rewritten in place on a
// terminal and silent otherwise (CI logs and pipes get no control codes).
import type { OutputStream } from './io.js';
import type { ProgressEvent } from '../pipeline/types.js';

export interface ProgressLine {
  readonly onProgress: (event: ProgressEvent) => void;
  /** Erases the line (call before printing the report). */
  clear(): void;
}

export function formatProgress(event: ProgressEvent): string {
  const position = `[${event.workloadIndex + 1}/${event.workloadCount}]`;
  const step =
    event.phase === 'diagnose'
      ? 'diagnosing'
      : event.phase === 'confirm'
        ? `confirming ${event.repeat}/${event.repeats}`
        : event.phase === 'extend'
          ? `longer run to decide a leak ${event.repeat}/${event.repeats}`
          : `repeat ${event.repeat}/${event.repeats}`;
  return `${position} ${event.workload}  ${step}`;
}

export function createProgressLine(stream: OutputStream): ProgressLine {
  if (!stream.isTTY) return { onProgress: () => undefined, clear: () => undefined };
  let shown = false;
  return {
    onProgress(event) {
      stream.write(`\r\x1b[2K${formatProgress(event)}`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
