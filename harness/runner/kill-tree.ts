// Children run in their own process group (spawned detached), so one
// `kill(-pgid)` reaches every grandchild a workload started. Groups still
// alive when memgate exits are killed on the way out: execa's `cleanup`
// does not apply to detached children.

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

/** True while a process with this pid exists (signal 0 probes without killing). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
