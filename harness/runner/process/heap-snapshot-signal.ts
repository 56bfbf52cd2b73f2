// Heap snapshots of a Node service without touching its code: the service
// runs with `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=<dir>` (added to
// NODE_OPTIONS by node-probe.ts), memgate sends SIGUSR2 and waits for the
// new file to be complete. Node writes the snapshot on the main thread, so
// the service pauses while it does: only diagnosis runs, or workloads that
// ask for it (`probe: { heapSnapshots: true }`), pay for it.
import { readdirSync, readSync, openSync, closeSync, statSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const HEAP_SNAPSHOT_SIGNAL = 'SIGUSR2';
const POLL_MS = 100;

/** The NODE_OPTIONS flags that make the service write a snapshot into `dir` on the signal. */
export function heapSnapshotFlags(dir: string): string {
  return `--heapsnapshot-signal=${HEAP_SNAPSHOT_SIGNAL} --diagnostic-dir=${dir}`;
}

/** Empties `dir` of old snapshots (one run's on disk per workload: they are as large as the heap). */
export function prepareSnapshotDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const name of listSnapshots(dir)) rmSync(join(dir, name), { force: true });
}

function listSnapshots(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => name.endsWith('.heapsnapshot'));
  } catch {
    return [];
  }
}

// A finished snapshot is a JSON object whose last array closes it: the file ends in "]}".
function looksComplete(file: string): boolean {
  let fd: number | undefined;
  try {
    const size = statSync(file).size;
    if (size < 2) return false;
    fd = openSync(file, 'r');
    const tail = Buffer.alloc(Math.min(16, size));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    return tail.toString('latin1').trimEnd().endsWith(']}');
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Signals `pid` and waits until a new complete snapshot appears in `dir`.
 * Null when none does within `timeoutMs` or the wait is aborted (the caller notes it).
 */
export async function takeHeapSnapshot(
  pid: number,
  dir: string,
  abort: AbortSignal,
  timeoutMs = 120_000,
): Promise<string | null> {
  const before = new Set(listSnapshots(dir));
  try {
    process.kill(pid, HEAP_SNAPSHOT_SIGNAL);
  } catch {
    return null;
  }
  const until = Date.now() + timeoutMs;
  let lastSize = -1;
  while (Date.now() < until && !abort.aborted) {
    await sleep(POLL_MS);
    const fresh = listSnapshots(dir).find((name) => !before.has(name));
    if (fresh === undefined) continue;
    const file = join(dir, fresh);
    const size = statSafe(file);
    if (size === lastSize && looksComplete(file)) return file;
    lastSize = size;
  }
  return null;
}

function statSafe(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return -1;
  }
}
