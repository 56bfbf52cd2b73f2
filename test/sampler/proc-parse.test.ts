import { describe, expect, it } from 'vitest';
import {
  descendantsOf,
  parseCmdline,
  parseVmHwm,
  parseProcStat,
  parsePsLine,
  parsePsTime,
} from '../../harness/sampler/proc-parse.js';

describe('parseProcStat', () => {
  it('reads the fields proc(5) numbers, counting from the last parenthesis', () => {
    const line =
      '2715 (my (odd) name) S 2705 2715 2701 0 -1 4194560 2986 49736 0 1 17 4 30 6 20 0 3 0 44625 5124096 900 18446744073709551615 1 1 0 0 0 0 65536 4 1132560123 1 0 0 17 0 0 0 0 0 0';
    const stat = parseProcStat(line);
    expect(stat).toEqual({
      pid: 2715,
      comm: 'my (odd) name',
      state: 'S',
      ppid: 2705,
      pgid: 2715,
      cpuTicks: 21,
      threads: 3,
      startTicks: 44625,
      rssPages: 900,
    });
  });

  it('rejects lines that are not stat lines', () => {
    expect(parseProcStat('')).toBeUndefined();
    expect(parseProcStat('12 no parens here')).toBeUndefined();
    expect(parseProcStat('12 (x) S')).toBeUndefined();
  });
});

describe('parseCmdline', () => {
  it('joins NUL-separated arguments with spaces', () => {
    expect(parseCmdline(['node', 'server.js', '--port', '8080', ''].join('\u0000'))).toBe('node server.js --port 8080');
    expect(parseCmdline('')).toBe('');
  });
});

describe('ps fallback parsing', () => {
  it('reads pid, ppid, pgid, rss (KiB) and cumulative CPU time', () => {
    expect(parsePsLine('  4242     1  4242 18752 01:02:03 python3 worker.py')).toEqual({
      pid: 4242,
      ppid: 1,
      pgid: 4242,
      rssBytes: 18752 * 1024,
      cpuMs: 3_723_000,
      comm: 'python3 worker.py',
    });
    expect(parsePsLine('PID PPID')).toBeUndefined();
  });

  it('reads the time formats of procps and BSD ps', () => {
    expect(parsePsTime('00:00:01'), 'hh:mm:ss').toBe(1000);
    expect(parsePsTime('2-00:00:00'), 'dd-hh:mm:ss').toBe(172_800_000);
    expect(parsePsTime('0:01.25'), 'macOS m:ss.cc').toBe(1250);
    expect(parsePsTime('soon')).toBeUndefined();
  });
});

describe('descendantsOf', () => {
  it('follows ppid links from the root and ignores other trees', () => {
    const parents = new Map([
      [10, 1],
      [11, 10],
      [12, 11],
      [13, 10],
      [20, 1],
      [21, 20],
    ]);
    expect([...descendantsOf(10, parents)].sort()).toEqual([10, 11, 12, 13]);
    expect([...descendantsOf(99, parents)]).toEqual([]);
  });
});

describe('parseVmHwm', () => {
  it('reads VmHWM in bytes, and nothing from a status without it', () => {
    const status = 'Name:\tnode\nVmPeak:\t 1105528 kB\nVmHWM:\t   51220 kB\nVmRSS:\t   49720 kB\n';
    expect(parseVmHwm(status)).toBe(51220 * 1024);
    expect(parseVmHwm('Name:\tnode\nVmRSS:\t 49720 kB\n')).toBeNull();
  });
});
