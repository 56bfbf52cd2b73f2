// Processes a workload left running after its repeat, found by the repeat
// tag every descendant inherits (repeat-tag.ts), then killed. A workload that
// leaves something running fails: in production the same code leaks a
// process per call.
import { setTimeout as sleep } from 'node:timers/promises';
import { waitUntilGone } from './kill-tree.js';
import { findTagged } from './repeat-tag.js';

/** A descendant gets this long to exit after the repeat (one that quits when its parent's pipe closes needs a moment). */
const GRACE_MS = 250;
const KILL_WAIT_MS = 2000;

export interface Leftover {
  readonly pid: number;
  readonly command: string;
}

/** Tagged processes still alive after `GRACE_MS`, except `exclude`; each is SIGKILLed before this returns. */
export async function reapLeftovers(tag: string, exclude: readonly number[]): Promise<Leftover[]> {
  let found = findTagged(tag, exclude);
  if (found.length === 0) return [];
  await sleep(GRACE_MS);
  found = findTagged(tag, exclude);
  for (const leftover of found) {
    try {
      process.kill(leftover.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await waitUntilGone(
    found.map((leftover) => leftover.pid),
    KILL_WAIT_MS,
  );
  return found;
}

/** One sentence for a problem list. */
export function describeLeftovers(leftovers: readonly Leftover[], after: string): string {
  const list = leftovers
    .slice(0, 5)
    .map((leftover) => `${leftover.pid} "${leftover.command}"`)
    .join(', ');
  return `left ${leftovers.length} process(es) running after ${after}: ${list}; memgate killed them — stop the processes a workload starts (in teardown) before it finishes`;
}
