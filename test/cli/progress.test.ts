import { describe, expect, it } from 'vitest';
import { createProgressLine, formatProgress } from '../../harness/cli/progress.js';
import type { ProgressEvent } from '../../harness/pipeline/types.js';

const event = (phase: ProgressEvent['phase']): ProgressEvent => ({
  workload: 'json-roundtrip',
  workloadIndex: 1,
  workloadCount: 5,
  repeat: 3,
  repeats: 5,
  phase,
});

describe('progress line', () => {
  it('says which workload of how many and which repeat', () => {
    expect(formatProgress(event('start'))).toBe('[2/5] json-roundtrip  repeat 3/5');
    expect(formatProgress(event('diagnose'))).toBe('[2/5] json-roundtrip  diagnosing');
  });

  it('rewrites one line in place on a terminal and erases it at the end', () => {
    let out = '';
    const line = createProgressLine({ write: (chunk: string) => (out += chunk), isTTY: true });
    line.onProgress(event('start'));
    line.onProgress(event('done'));
    line.clear();
    expect(out).toBe('\r\x1b[2K[2/5] json-roundtrip  repeat 3/5\r\x1b[2K[2/5] json-roundtrip  repeat 3/5\r\x1b[2K');
  });

  it('writes nothing when stderr is not a terminal (CI logs, pipes)', () => {
    let out = '';
    const line = createProgressLine({ write: (chunk: string) => (out += chunk) });
    line.onProgress(event('start'));
    line.clear();
    expect(out).toBe('');
  });
});
