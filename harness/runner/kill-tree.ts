// Children run in their own process group (spawned detached), so one
// `kill(-pgid)` reaches every grandchild a workload started. Groups still
// alive when memgate exits are killed on the way out: execa's `cleanup`
// does not apply to detached children.

import { setTimeout as sleep } from 'node:timers/promises';
import { readStat } from '../sampler/proc-tree.js';

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

// A zombie (killed, not yet reaped by its new parent) does not count: it holds no memory, descriptors or sockets.
function isRunning(pid: number): boolean {
  const stat = readStat(pid);
  return stat !== undefined && stat.state !== 'Z';
}

/**
 * Waits until none of `pids` runs (SIGKILL is delivered at once, but teardown
 * takes a moment); true when they went. Reads /proc: off Linux every pid reads as gone.
 */
export async function waitUntilGone(pids: readonly number[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(isRunning)) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}
