// Every child memgate starts carries a unique MEMGATE_REPEAT_TAG in its
// environment, and every descendant inherits it — including one that calls
// setsid() or double-forks out of the process group, which a group kill and
// a parent-pid walk both miss. Scanning /proc/<pid>/environ for the tag finds
// them all (Linux; elsewhere nothing is found).
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { commandOf, readStat } from '../sampler/proc-tree.js';

export const REPEAT_TAG_VAR = 'MEMGATE_REPEAT_TAG';

/** A tag no other run shares: memgate's pid plus random bytes. */
export function newRepeatTag(): string {
  return `${process.pid}-${randomBytes(6).toString('hex')}`;
}

/** Live (non-zombie) processes whose environment carries `tag`, except the pids in `exclude`. */
export function findTagged(tag: string, exclude: readonly number[] = []): Array<{ pid: number; command: string }> {
  if (process.platform !== 'linux') return [];
  const needle = Buffer.from(`\0${REPEAT_TAG_VAR}=${tag}\0`);
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const found: Array<{ pid: number; command: string }> = [];
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid || exclude.includes(pid)) continue;
    if (!environHas(pid, needle)) continue;
    const stat = readStat(pid);
    if (stat === undefined || stat.state === 'Z') continue;
    found.push({ pid, command: commandOf(pid, stat.comm) });
  }
  return found;
}

function environHas(pid: number, needle: Buffer): boolean {
  try {
    // A leading NUL lets the first variable match like the others.
    const environ = Buffer.concat([Buffer.from([0]), readFileSync(`/proc/${pid}/environ`)]);
    return environ.includes(needle);
  } catch {
    return false; // gone, or not ours to read
  }
}
