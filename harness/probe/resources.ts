// Open file descriptors and active handles, net of the harness's own. The
// probe records a baseline before the workload is imported (IPC channel,
// stdio pipes, the event loop's epoll and eventfd descriptors) and subtracts
// it at every checkpoint, clamping at 0 per type.
import { existsSync, readdirSync, readlinkSync } from 'node:fs';

/** Where this platform lists the process's descriptors: /proc/self/fd (Linux), /dev/fd (macOS, BSD), or nowhere. */
export function findFdDirectory(): string | null {
  if (existsSync('/proc/self/fd')) return '/proc/self/fd';
  if (existsSync('/dev/fd')) return '/dev/fd';
  return null;
}

const FD_DIRECTORY = findFdDirectory();

// readdir opens the directory itself, and that descriptor is in its own listing.
const READDIR_OWN_FD = 1;

/** Open descriptors now; null where the platform cannot list them. */
export function countOpenFds(): number | null {
  if (FD_DIRECTORY === null) return null;
  try {
    return Math.max(0, readdirSync(FD_DIRECTORY).length - READDIR_OWN_FD);
  } catch {
    return null;
  }
}

/** What each open descriptor points to (`socket:[123]`, `pipe:[9]`, `/path`), sorted; null off Linux. */
export function fdTargets(): string[] | null {
  if (FD_DIRECTORY !== '/proc/self/fd') return null;
  const targets: string[] = [];
  for (const name of readdirSync(FD_DIRECTORY)) {
    try {
      targets.push(readlinkSync(`${FD_DIRECTORY}/${name}`));
    } catch {
      // The descriptor readdir itself used is already closed: not the workload's.
    }
  }
  return targets.sort();
}

/** process.getActiveResourcesInfo() counted by type: { Timeout: 3, TCPSocketWrap: 1 }. */
export function countActiveHandles(
  resources: readonly string[] = process.getActiveResourcesInfo(),
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of resources) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

export interface ResourceBaseline {
  readonly fds: number | null;
  readonly handlesByType: Readonly<Record<string, number>>;
}

export function recordResourceBaseline(): ResourceBaseline {
  return { fds: countOpenFds(), handlesByType: countActiveHandles() };
}

/** Counts by type minus the baseline, clamped at 0; types that drop to 0 are left out. */
export function subtractHandles(
  counts: Readonly<Record<string, number>>,
  baseline: Readonly<Record<string, number>>,
): Record<string, number> {
  const net: Record<string, number> = {};
  for (const [type, count] of Object.entries(counts)) {
    const value = count - (baseline[type] ?? 0);
    if (value > 0) net[type] = value;
  }
  return net;
}

export function subtractFds(fds: number | null, baseline: number | null): number | null {
  if (fds === null) return null;
  return Math.max(0, fds - (baseline ?? 0));
}

export function sumCounts(counts: Readonly<Record<string, number>>): number {
  let total = 0;
  for (const value of Object.values(counts)) total += value;
  return total;
}

export interface ResourceCounts {
  readonly fds: number | null;
  readonly handles: number;
  readonly handlesByType: Record<string, number>;
}

/** Descriptors and handles now, net of the baseline. */
export function countResources(baseline: ResourceBaseline): ResourceCounts {
  const handlesByType = subtractHandles(countActiveHandles(), baseline.handlesByType);
  return { fds: subtractFds(countOpenFds(), baseline.fds), handles: sumCounts(handlesByType), handlesByType };
}
