// `kill -9` of memgate runs no exit hook, so nothing kills the process group
// of a running workload: an in-process child notices its IPC channel close
// and exits, but a process workload (and anything a workload started) would
// run forever. Every supervised child therefore gets a watchdog: a tiny
// `sh` loop, outside the child's group and outside its measured tree, that
// polls memgate's pid and, once memgate is gone, SIGKILLs the child's group
// and every process carrying the child's repeat tag. It exits by itself when
// the group is gone, and memgate kills it on every normal way out.
// (PR_SET_PDEATHSIG would need a native addon or a wrapper process inside the
// measured tree; a poll every half second costs nothing measurable.)
//
// The watchdog starts *before* the child, and learns the child's group on its
// stdin once the child is spawned. Started after it, a memgate killed between
// the two spawns (a few milliseconds, longer when a busy machine preempts it
// there) leaves a child that nothing guards. Started first, there is no such
// moment: a watchdog whose stdin closes before a group arrives knows memgate
// died, and kills whatever carries the tag at once. (It must not ask `alive`
// then: a dying process closes its files before it turns zombie, so for a
// moment it still looks alive. memgate stops a watchdog it no longer needs by
// killing it first, never by closing the pipe alone.)
//
// "memgate's pid is alive" is not enough: with the default pid_max of 32768,
// a machine that starts many processes (a test suite, a CI runner) hands a
// dead memgate's pid to a new process within minutes, and the watchdog would
// wait on that stranger forever (seen once as a service left running after
// `kill -9` of memgate in the test suite). Where /proc is there, the loop
// also checks that the pid still has memgate's start time (field 22 of
// /proc/<pid>/stat), with shell builtins only, so a poll starts no process.
// A killed memgate that its parent has not reaped yet is a zombie: its pid
// and start time are still there, so the state field (3) must not be Z.
import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { readStat } from '../sampler/proc-tree.js';
import { REPEAT_TAG_VAR } from './repeat-tag.js';

const POLL_SECONDS = 0.5;

// $1 memgate's pid, $2 the repeat tag, $3 memgate's start time in clock ticks
// since boot ('' where there is no /proc). The child's process group comes on stdin.
const SCRIPT = `
owner=$1 tag=$2 started=$3
alive() {
  kill -0 "$owner" 2>/dev/null || return 1
  [ -z "$started" ] && return 0
  read -r stat < /proc/"$owner"/stat || return 1
  set -- \${stat##*) }
  [ "$1" != Z ] && [ "\${20}" = "$started" ]
}
if read -r group; then
  while alive && kill -0 -"$group" 2>/dev/null; do sleep ${POLL_SECONDS}; done
  alive && exit 0
  kill -9 -"$group" 2>/dev/null
fi
for f in $(grep -lzx "${REPEAT_TAG_VAR}=$tag" /proc/[0-9]*/environ 2>/dev/null); do
  p=\${f#/proc/}; kill -9 "\${p%/environ}" 2>/dev/null
done
`;

const live = new Set<() => void>();
let exitHookInstalled = false;

export interface Watchdog {
  /** Hands over the child's process group once it is spawned (no child: `stop`). */
  guard(groupId: number): void;
  /** Stops the watchdog (its whole group, so no `sleep` is left behind). */
  stop(): void;
}

/** The process the watchdog stands guard for: memgate itself, unless a test says otherwise. */
export interface WatchedOwner {
  readonly pid: number;
  /** Its start time in clock ticks (`readStat(pid).startTicks`); null to go by the pid alone. */
  readonly startTicks: number | null;
}

let ownStart: number | null | undefined;

const NO_WATCHDOG: Watchdog = { guard: () => undefined, stop: () => undefined };

/**
 * Starts a watchdog for the child about to be spawned with repeat tag `tag`;
 * call `guard` with its group right after the spawn. A no-op on Windows.
 */
export function startWatchdog(tag: string, owner?: WatchedOwner): Watchdog {
  if (process.platform === 'win32') return NO_WATCHDOG;
  const env = { ...process.env };
  delete env[REPEAT_TAG_VAR]; // the watchdog must not find itself
  ownStart ??= readStat(process.pid)?.startTicks ?? null;
  const { pid: ownerPid, startTicks } = owner ?? { pid: process.pid, startTicks: ownStart };
  const args = [String(ownerPid), tag, startTicks === null ? '' : String(startTicks)];
  const child = spawn('/bin/sh', ['-c', SCRIPT, 'memgate-watchdog', ...args], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
    env,
  });
  child.on('error', () => undefined); // no sh: run without a watchdog rather than fail the run
  child.stdin.on('error', () => undefined); // a watchdog that is already gone
  // Neither the watchdog nor its pipe may keep memgate running (the exit hook below kills it).
  child.unref();
  (child.stdin as Partial<Socket>).unref?.();
  const pid = child.pid;
  // Once it has exited (its child's group gone), its pid may be handed to a stranger: never signal it then.
  let exited = false;
  child.once('exit', () => {
    exited = true;
    live.delete(stop);
  });
  const guard = (groupId: number): void => {
    // A pipe write goes out at once (libuv tries it synchronously); end() closes memgate's side.
    child.stdin.end(`${groupId}\n`);
  };
  const stop = (): void => {
    live.delete(stop);
    // Killed before its stdin closes: a watchdog that read end-of-file first would take memgate for dead.
    if (pid !== undefined && !exited) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    child.stdin.destroy();
  };
  live.add(stop);
  // On an ordinary exit memgate kills its groups itself; the watchdogs go with them.
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => [...live].forEach((each) => each()));
  }
  return { guard, stop };
}
