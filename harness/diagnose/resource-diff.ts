// Pure: what grew among active handles and open file descriptors between the
// first and the last checkpoint of the diagnosis run.
import type { Checkpoint } from '../model/raw-run.js';

export interface HandleGrowth {
  readonly type: string;
  readonly delta: number;
}

export interface FdGrowth {
  readonly target: string;
  readonly delta: number;
}

function byDeltaThenName<T extends { delta: number }>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => b.delta - a.delta || key(a).localeCompare(key(b));
}

/** Active resource types whose count grew from `first` to `last` (Timeout, TCPSocketWrap, FSReqCallback, ...). */
export function diffHandles(
  first: Pick<Checkpoint, 'handlesByType'>,
  last: Pick<Checkpoint, 'handlesByType'>,
): HandleGrowth[] {
  const grown: HandleGrowth[] = [];
  for (const [type, count] of Object.entries(last.handlesByType)) {
    const delta = count - (first.handlesByType[type] ?? 0);
    if (delta > 0) grown.push({ type, delta });
  }
  return grown.sort(byDeltaThenName((item) => item.type));
}

/**
 * What a descriptor points to, grouped so new ones add up: `socket:[123]` is
 * "socket", `pipe:[9]` is "pipe", `anon_inode:[eventfd]` keeps its kind, and
 * a file keeps its path.
 */
export function groupFdTarget(target: string): string {
  const kind = /^(socket|pipe):\[\d+\]$/.exec(target);
  if (kind) return kind[1] as string;
  const anon = /^anon_inode:(?:\[([^\]]+)\]|(.+))$/.exec(target);
  if (anon) return `anon_inode:${anon[1] ?? anon[2]}`;
  return target;
}

function countGroups(targets: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const target of targets) {
    const group = groupFdTarget(target);
    counts.set(group, (counts.get(group) ?? 0) + 1);
  }
  return counts;
}

/** Descriptor targets (grouped) that are more numerous at the end than at the start. */
export function diffFdTargets(start: readonly string[], end: readonly string[]): FdGrowth[] {
  const before = countGroups(start);
  const grown: FdGrowth[] = [];
  for (const [target, count] of countGroups(end)) {
    const delta = count - (before.get(target) ?? 0);
    if (delta > 0) grown.push({ target, delta });
  }
  return grown.sort(byDeltaThenName((item) => item.target));
}
