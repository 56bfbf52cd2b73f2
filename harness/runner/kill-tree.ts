// Children run in their own process group (spawned detached), so one
// `kill(-pgid)` reaches every grandchild a workload started. Groups still
// alive when memgate exits are killed on the way out: execa's `cleanup`
// does not apply to detached children.

import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const liveGroups = new Set<number>();
let exitHookInstalled = false;

/** Remembers a process group so it is killed if memgate exits first. */
export function trackProcessGroup(pid: number): void {
  liveGroups.add(pid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', killAllGroups);
}

/** SIGKILLs the whole group led by `pid`; quiet when it is already gone. */
export function killProcessGroup(pid: number): void {
  liveGroups.delete(pid);
  try {
    if (process.platform === 'win32') process.kill(pid, 'SIGKILL');
    else process.kill(-pid, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

function killAllGroups(): void {
  for (const pid of [...liveGroups]) {
    try {
      killProcessGroup(pid);
    } catch {
      // exiting anyway
    }
  }
}

/**
 * True while a process with this pid runs (signal 0 probes without killing).
 * A zombie (killed, not yet reaped by its new parent) does not count: it
 * holds no memory, descriptors or sockets.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  try {
    // /proc/<pid>/stat: "pid (comm) S ..." — the state follows the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

/** Waits until the process is gone (SIGKILL is delivered asynchronously); true when it went. */
export async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}
