// A memgate killed between writing a temp file and renaming it (SIGKILL, OOM
// killer, a cancelled CI job) leaves `.<name>.<pid>.<hex>.tmp` behind, and in
// baselines/ that shows up in `git status` forever. The next run removes the
// temp files whose writer is gone; a live writer's file is left alone.
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

// The name writeFileAtomic gives its temp files: .<file>.<pid>.<8 hex>.tmp
const TEMP_FILE = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** Removes temp files in `dir` left by processes that no longer run; returns their names. */
export async function removeStaleTempFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return []; // no directory, nothing stale
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = Number(TEMP_FILE.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid <= 0 || isAlive(pid)) continue;
    await rm(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
