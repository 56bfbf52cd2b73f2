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
import { spawn } from 'node:child_process';
import { REPEAT_TAG_VAR } from './repeat-tag.js';

const POLL_SECONDS = 0.5;

// $1 memgate's pid, $2 the child's process group, $3 the repeat tag.
const SCRIPT = `
while kill -0 "$1" 2>/dev/null && kill -0 -"$2" 2>/dev/null; do sleep ${POLL_SECONDS}; done
kill -0 "$1" 2>/dev/null && exit 0
kill -9 -"$2" 2>/dev/null
for f in $(grep -lzx "${REPEAT_TAG_VAR}=$3" /proc/[0-9]*/environ 2>/dev/null); do
  p=\${f#/proc/}; kill -9 "\${p%/environ}" 2>/dev/null
done
`;

const live = new Set<() => void>();
let exitHookInstalled = false;

export interface Watchdog {
  /** Stops the watchdog (its whole group, so no `sleep` is left behind). */
  stop(): void;
}

/** Starts a watchdog for the child group `groupId`; a no-op off Linux and macOS. */
export function startWatchdog(groupId: number, tag: string): Watchdog {
  if (process.platform === 'win32') return { stop: () => undefined };
  const env = { ...process.env };
  delete env[REPEAT_TAG_VAR]; // the watchdog must not find itself
  const child = spawn('/bin/sh', ['-c', SCRIPT, 'memgate-watchdog', String(process.pid), String(groupId), tag], {
    detached: true,
    stdio: 'ignore',
    env,
  });
  child.on('error', () => undefined); // no sh: run without a watchdog rather than fail the run
  child.unref();
  const pid = child.pid;
  const stop = (): void => {
    live.delete(stop);
    if (pid === undefined) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  live.add(stop);
  // On an ordinary exit memgate kills its groups itself; the watchdogs go with them.
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => [...live].forEach((each) => each()));
  }
  return { stop };
}
