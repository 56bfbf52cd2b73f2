// The rules that tell a slow stop from an ignored signal and spot a shell wrapper, on exact readings.
import { describe, expect, it } from 'vitest';
import { judgeStop } from '../../harness/runner/process/stop-verdict.js';
import type { StopReading } from '../../harness/runner/process/stop-watch.js';
import { hasSignal, parseSignalMasks } from '../../harness/sampler/proc-parse.js';

const SIGINT_BIT = 1n << 1n; // bit n-1 for signal 2

function reading(overrides: Partial<StopReading> = {}): StopReading {
  return {
    program: 'python3.11',
    fds: 5,
    descendants: [],
    lines: 0,
    masks: { blocked: 0n, ignored: 0n, caught: SIGINT_BIT },
    ...overrides,
  };
}

describe('judgeStop', () => {
  it('names a shell with live children when only the main process was signalled', () => {
    const child = { pid: 42, command: 'python3 app.py' };
    const after = reading({ program: 'bash', descendants: [child] });
    expect(judgeStop('SIGINT', 'process', reading({ program: 'bash', descendants: [child] }), after)).toEqual({
      kind: 'shell-wrapper',
      shell: 'bash',
      children: [child],
    });
    // With the group signalled the child got the signal too: no wrapper hint.
    expect(judgeStop('SIGINT', 'group', reading({ program: 'bash', descendants: [child] }), after).kind).not.toBe(
      'shell-wrapper',
    );
  });

  it('reads SIG_IGN and a blocked signal from the masks, before any sign of reaction', () => {
    const ignoring = { blocked: 0n, ignored: SIGINT_BIT, caught: 0n };
    expect(judgeStop('SIGINT', 'process', reading(), reading({ masks: ignoring, lines: 3 }))).toEqual({
      kind: 'ignored',
      how: 'sig-ign',
    });
    const blocking = { blocked: SIGINT_BIT, ignored: 0n, caught: SIGINT_BIT };
    expect(judgeStop('SIGINT', 'process', reading(), reading({ masks: blocking }))).toEqual({
      kind: 'ignored',
      how: 'blocked',
    });
    // SIGTERM (15) is not SIGINT: its bit is clear, so the masks say nothing about it.
    expect(judgeStop('SIGTERM', 'process', reading(), reading({ masks: ignoring })).kind).toBe('ignored');
    expect(judgeStop('SIGTERM', 'process', reading(), reading({ masks: ignoring, lines: 1 })).kind).toBe('slow');
  });

  it('calls output, an FD change or a child change a slow stop, and none of them an ignored signal', () => {
    expect(judgeStop('SIGINT', 'process', reading(), reading())).toEqual({ kind: 'ignored', how: 'no-reaction' });
    expect(judgeStop('SIGINT', 'process', reading(), reading({ lines: 2, fds: 3 }))).toEqual({
      kind: 'slow',
      signs: ['printed 2 line(s)', 'open FDs went from 5 to 3'],
    });
    const worker = { pid: 7, command: 'worker' };
    expect(judgeStop('SIGINT', 'process', reading({ descendants: [worker] }), reading())).toEqual({
      kind: 'slow',
      signs: ['child processes went from 1 to 0'],
    });
  });
});

describe('parseSignalMasks', () => {
  it('reads the hex masks of /proc/<pid>/status', () => {
    const status =
      'Name:\tpython3\nSigPnd:\t0000000000000000\nSigBlk:\t0000000000000000\nSigIgn:\t0000000001001002\nSigCgt:\t0000000180000000\n';
    const masks = parseSignalMasks(status);
    expect(masks).toEqual({ blocked: 0n, ignored: 0x1001002n, caught: 0x180000000n });
    expect(hasSignal(masks?.ignored ?? 0n, 2)).toBe(true);
    expect(hasSignal(masks?.ignored ?? 0n, 15)).toBe(false);
    expect(hasSignal(masks?.ignored ?? 0n, 13)).toBe(true);
  });

  it('gives undefined when a mask is missing', () => {
    expect(parseSignalMasks('Name:\tx\nSigIgn:\t0\n')).toBeUndefined();
  });
});
