import { describe, expect, it } from 'vitest';
import { diffFdTargets, diffHandles, groupFdTarget } from '../../harness/diagnose/resource-diff.js';

describe('diffHandles', () => {
  it('lists the active resource types that grew, most first', () => {
    const first = { handlesByType: { Timeout: 1, TCPSocketWrap: 2, FSReqCallback: 1 } };
    const last = { handlesByType: { Timeout: 401, TCPSocketWrap: 1, Immediate: 2, FSReqCallback: 1 } };
    expect(diffHandles(first, last)).toEqual([
      { type: 'Timeout', delta: 400 },
      { type: 'Immediate', delta: 2 },
    ]);
  });
});

describe('diffFdTargets', () => {
  it('groups sockets, pipes and anonymous inodes by kind and files by path', () => {
    expect(groupFdTarget('socket:[123]')).toBe('socket');
    expect(groupFdTarget('pipe:[9]')).toBe('pipe');
    expect(groupFdTarget('anon_inode:[eventfd]')).toBe('anon_inode:eventfd');
    expect(groupFdTarget('anon_inode:inotify')).toBe('anon_inode:inotify');
    expect(groupFdTarget('/tmp/data.log')).toBe('/tmp/data.log');
  });

  it('counts what is more numerous at the end than at the start', () => {
    const start = ['/dev/null', 'pipe:[1]', 'socket:[5]', '/tmp/a.log'];
    const end = [
      '/dev/null',
      'pipe:[2]',
      'socket:[6]',
      'socket:[7]',
      'socket:[8]',
      '/tmp/a.log',
      '/tmp/a.log',
      '/tmp/b.log',
    ];
    expect(diffFdTargets(start, end)).toEqual([
      { target: 'socket', delta: 2 },
      { target: '/tmp/a.log', delta: 1 },
      { target: '/tmp/b.log', delta: 1 },
    ]);
  });
});
