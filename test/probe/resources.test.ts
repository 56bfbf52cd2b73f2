import { closeSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  countActiveHandles,
  countOpenFds,
  countResources,
  fdTargets,
  findFdDirectory,
  recordResourceBaseline,
  subtractFds,
  subtractHandles,
  sumCounts,
} from '../../harness/probe/resources.js';

describe('handle counting', () => {
  test('counts active resources by type', () => {
    expect(countActiveHandles(['Timeout', 'TCPSocketWrap', 'Timeout', 'PipeWrap', 'Timeout'])).toEqual({
      Timeout: 3,
      TCPSocketWrap: 1,
      PipeWrap: 1,
    });
    expect(countActiveHandles([])).toEqual({});
  });

  test('subtracts the baseline per type, clamped at 0, dropping empty types', () => {
    expect(
      subtractHandles({ Timeout: 5, PipeWrap: 1, FSReqCallback: 1 }, { PipeWrap: 1, Timeout: 2, TTYWrap: 1 }),
    ).toEqual({ Timeout: 3, FSReqCallback: 1 });
    expect(subtractHandles({ PipeWrap: 1 }, { PipeWrap: 3 })).toEqual({});
    expect(sumCounts({ Timeout: 3, FSReqCallback: 1 })).toBe(4);
  });

  test('subtracts the fd baseline, clamped at 0, and keeps null', () => {
    expect(subtractFds(27, 20)).toBe(7);
    expect(subtractFds(18, 20)).toBe(0);
    expect(subtractFds(null, 20)).toBeNull();
    expect(subtractFds(5, null)).toBe(5);
  });
});

describe.runIf(process.platform === 'linux')('file descriptors on Linux', () => {
  test('reads /proc/self/fd and counts exactly the descriptors the caller opened', () => {
    expect(findFdDirectory()).toBe('/proc/self/fd');
    const self = fileURLToPath(import.meta.url);
    const baseline = recordResourceBaseline();
    const before = countOpenFds();
    const fds = [openSync(self, 'r'), openSync(self, 'r'), openSync(self, 'r')];
    try {
      expect(countOpenFds()).toBe((before as number) + 3);
      expect(countResources(baseline).fds).toBe(3);
      expect((fdTargets() ?? []).filter((target) => target === self)).toHaveLength(3);
    } finally {
      for (const fd of fds) closeSync(fd);
    }
    expect(countOpenFds()).toBe(before);
  });

  test('counts a new timer as a Timeout handle net of the baseline', () => {
    const baseline = recordResourceBaseline();
    const timer = setInterval(() => undefined, 60_000);
    try {
      expect(countResources(baseline).handlesByType['Timeout']).toBe(1);
    } finally {
      clearInterval(timer);
    }
    expect(countResources(baseline).handlesByType['Timeout']).toBeUndefined();
  });
});
