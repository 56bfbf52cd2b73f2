// Why a process was still running at the shutdown timeout, from two
// readings (just before the signal, at the timeout). Pure.
//
// The order of the checks is the order of certainty:
// 1. A shell (bash, sh, dash…) that still has children, when only the main
//    process was signalled: the shell got the signal, its child did not
//    (bash waits for a foreground child before acting on SIGINT).
// 2. The kernel's own record, /proc/<pid>/status: the signal is set to
//    SIG_IGN (SigIgn) or blocked (SigBlk) — ignored for certain.
// 3. Signs of reaction since the signal: output printed, open FDs changed
//    (a listener closed, a file flushed and closed), child processes
//    changed. Any of them: a slow stop. None: the signal was caught by a
//    handler that did nothing visible — read as ignored.
// CPU time is deliberately not a sign: a drain that waits for connections
// burns none, and a busy loop that ignores the signal burns plenty.
import { constants } from 'node:os';
import { hasSignal } from '../../sampler/proc-parse.js';
import type { LiveProcess, StopReading } from './stop-watch.js';

export const SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'dash', 'zsh', 'ash', 'ksh', 'mksh', 'busybox']);

export type StopVerdict =
  | { readonly kind: 'shell-wrapper'; readonly shell: string; readonly children: readonly LiveProcess[] }
  | { readonly kind: 'ignored'; readonly how: 'sig-ign' | 'blocked' | 'no-reaction' }
  | { readonly kind: 'slow'; readonly signs: readonly string[] };

export function isShell(program: string | null): boolean {
  return program !== null && SHELLS.has(program);
}

export function judgeStop(
  signal: string,
  target: 'process' | 'group',
  before: StopReading,
  after: StopReading,
): StopVerdict {
  if (target === 'process' && isShell(after.program) && after.descendants.length > 0)
    return { kind: 'shell-wrapper', shell: after.program as string, children: after.descendants };
  const signo = constants.signals[signal as NodeJS.Signals] as number | undefined;
  const masks = after.masks ?? before.masks;
  if (signo !== undefined && masks) {
    if (hasSignal(masks.ignored, signo)) return { kind: 'ignored', how: 'sig-ign' };
    if (hasSignal(masks.blocked, signo)) return { kind: 'ignored', how: 'blocked' };
  }
  const signs = reactionSigns(before, after);
  return signs.length > 0 ? { kind: 'slow', signs } : { kind: 'ignored', how: 'no-reaction' };
}

function reactionSigns(before: StopReading, after: StopReading): string[] {
  const signs: string[] = [];
  const printed = after.lines - before.lines;
  if (printed > 0) signs.push(`printed ${printed} line(s)`);
  if (before.fds !== null && after.fds !== null && before.fds !== after.fds)
    signs.push(`open FDs went from ${before.fds} to ${after.fds}`);
  const pidsBefore = new Set(before.descendants.map((child) => child.pid));
  const changed =
    before.descendants.length !== after.descendants.length ||
    after.descendants.some((child) => !pidsBefore.has(child.pid));
  if (changed) signs.push(`child processes went from ${before.descendants.length} to ${after.descendants.length}`);
  return signs;
}

/** The sentence for a shutdown that hit the timeout. */
export function describeTimeout(verdict: StopVerdict, signal: string, timeoutMs: number): string {
  const killed = 'memgate killed it with SIGKILL';
  switch (verdict.kind) {
    case 'shell-wrapper':
      return `${shellHint(verdict.shell, verdict.children, signal)}; it did not exit within shutdown.timeout ${timeoutMs}ms, ${killed}`;
    case 'ignored': {
      const why =
        verdict.how === 'sig-ign'
          ? `ignores ${signal} (SIG_IGN in /proc/<pid>/status)`
          : verdict.how === 'blocked'
            ? `blocks ${signal} (SigBlk in /proc/<pid>/status), so it is never delivered`
            : `showed no reaction to ${signal} (no output, no change in open FDs or child processes): its handler does not stop it`;
      return `${why}; did not exit within shutdown.timeout ${timeoutMs}ms, ${killed} — make ${signal} stop the process, or set shutdown.signal to one it stops on`;
    }
    case 'slow':
      return `reacted to ${signal} (${verdict.signs.join(', ')}) but was still stopping at shutdown.timeout ${timeoutMs}ms; ${killed} — make the stop faster, or raise shutdown.timeout if it needs that long`;
  }
}

/** "bash" got the signal, its child did not. */
export function shellHint(shell: string, children: readonly LiveProcess[], signal: string): string {
  const child = children[0] as LiveProcess;
  const more = children.length > 1 ? ` and ${children.length - 1} more` : '';
  return (
    `the main process is a shell (${shell}) and its child ${child.pid} "${child.command}"${more} kept running after ${signal}: ` +
    `only the shell got the signal — start the program with \`exec\` in the script (exec ${child.command}) so it receives ${signal} itself, or set shutdown.target: 'group'`
  );
}
