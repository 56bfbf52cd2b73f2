// The graceful-shutdown check: signal the main process (or its whole process
// group), time its exit, and look for anything it left running. A process
// that stops too slowly, exits with the wrong code or leaves descendants
// behind has a shutdown problem; memgate records it (RawRun.shutdown.problems)
// rather than throwing, because it is a regression of the service, not a
// harness failure. Why a process missed the timeout is judged in
// stop-verdict.ts.
import { setTimeout as sleep } from 'node:timers/promises';
import type { RawRun } from '../../model/raw-run.js';
import { commandOf, readAllStats } from '../../sampler/proc-tree.js';
import { descendantsOf } from '../../sampler/proc-parse.js';
import { killProcessGroup, waitUntilGone } from '../kill-tree.js';
import type { Supervised } from '../supervisor.js';
import { findTagged } from '../repeat-tag.js';
import { describeTimeout, isShell, judgeStop, shellHint, type StopVerdict } from './stop-verdict.js';
import { watchStop } from './stop-watch.js';

/** Stop within 10s unless the workload says otherwise. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;
export const DEFAULT_SHUTDOWN_SIGNAL = 'SIGINT';
/**
 * Death by one of these, when it is the signal memgate sent, is a clean stop
 * unless shutdown.expectExitCode is set — systemd's convention
 * (SuccessExitStatus): a program without a handler for them dies of them.
 */
export const CLEAN_DEATH_SIGNALS: ReadonlySet<string> = new Set(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGPIPE']);
/**
 * Descendants get this long after the main process exited to exit too (a
 * worker that quits when its parent's pipe closes needs a moment); whatever
 * is still alive then is an orphan.
 */
export const ORPHAN_GRACE_MS = 250;
/** How long to wait for SIGKILLed leftovers to be torn down. */
const KILL_WAIT_MS = 2000;

export interface ShutdownPlan {
  readonly signal: NodeJS.Signals;
  readonly timeoutMs: number;
  /** Who gets the signal: the main process (default) or its whole process group. */
  readonly target?: 'process' | 'group';
  /** null accepts any exit code; undefined accepts 0 or death by the signal sent (CLEAN_DEATH_SIGNALS). */
  readonly expectExitCode?: number | null;
  /** Processes seen in the tree (pid + start time), to find descendants reparented away from the group. */
  readonly known: ReadonlyArray<{ pid: number; startTicks: number }>;
  /** The child's MEMGATE_REPEAT_TAG: finds descendants that left the group before a sample saw them. */
  readonly tag?: string;
}

export type ShutdownOutcome = NonNullable<RawRun['shutdown']> & { readonly problems: string[] };

export async function shutdownProcess(started: Supervised, plan: ShutdownPlan): Promise<ShutdownOutcome> {
  const target = plan.target ?? 'process';
  const watch = watchStop(started);
  const sentAt = performance.now();
  signalQuietly(target === 'group' ? -started.pid : started.pid, plan.signal);
  // The timer is cancelled once the process exits: a pending one would keep memgate alive for the whole timeout.
  const timer = new AbortController();
  const exit = await Promise.race([
    started.exited,
    sleep(plan.timeoutMs, undefined, { signal: timer.signal }).then(
      () => undefined,
      () => undefined,
    ),
  ]);
  timer.abort();
  const timedOut = exit === undefined;
  // Judged before the kill: the readings at the timeout are the evidence.
  const verdict = timedOut ? judgeStop(plan.signal, target, watch.before, watch.read()) : null;
  watch.dispose();
  if (timedOut) killProcessGroup(started.pid);
  const final = exit ?? (await started.exited);
  const ms = final.at - sentAt;
  // Nothing left at once is the common case; otherwise give the leftovers their grace and look again.
  let orphans = findLeftovers(started.pid, plan.known, plan.tag);
  if (orphans.length > 0) {
    await sleep(ORPHAN_GRACE_MS);
    orphans = findLeftovers(started.pid, plan.known, plan.tag);
  }
  killProcessGroup(started.pid);
  for (const orphan of orphans) signalQuietly(orphan.pid, 'SIGKILL');
  await waitUntilGone(
    orphans.map((orphan) => orphan.pid),
    KILL_WAIT_MS,
  );
  const wrapperShell = target === 'process' && isShell(watch.before.program) ? watch.before.program : null;
  const problems = describeProblems({
    plan,
    timedOut,
    verdict,
    wrapperShell,
    ms,
    code: final.code,
    signal: final.signal,
    orphans,
  });
  return { signal: plan.signal, ms, exitCode: final.code, exitSignal: final.signal, timedOut, orphans, problems };
}

/** Live (non-zombie) processes of the group or the known tree, with their descendants. */
export function findLeftovers(
  groupId: number,
  known: ShutdownPlan['known'],
  tag?: string,
): Array<{ pid: number; command: string }> {
  if (process.platform !== 'linux') return [];
  const tagged = tag === undefined ? [] : findTagged(tag);
  const stats = readAllStats();
  const seeds = new Set<number>();
  for (const stat of stats) {
    if (stat.pgid === groupId) seeds.add(stat.pid);
    else if (known.some((entry) => entry.pid === stat.pid && entry.startTicks === stat.startTicks)) seeds.add(stat.pid);
  }
  const parents = new Map(stats.map((stat) => [stat.pid, stat.ppid]));
  const all = new Set<number>();
  for (const seed of seeds) for (const pid of descendantsOf(seed, parents)) all.add(pid);
  const found = stats
    .filter((stat) => all.has(stat.pid) && stat.pid !== process.pid && stat.state !== 'Z')
    .map((stat) => ({ pid: stat.pid, command: commandOf(stat.pid, stat.comm) }));
  return [...found, ...tagged.filter((entry) => !all.has(entry.pid))];
}

interface ProblemInput {
  readonly plan: ShutdownPlan;
  readonly timedOut: boolean;
  /** Why it missed the timeout, when it did. */
  readonly verdict?: StopVerdict | null;
  /** The main process was this shell and only it was signalled. */
  readonly wrapperShell?: string | null;
  readonly ms: number;
  readonly code: number | null;
  readonly signal: string | null;
  readonly orphans: ReadonlyArray<{ pid: number; command: string }>;
}

// One sentence per problem; empty when the shutdown was clean.
export function describeProblems(input: ProblemInput): string[] {
  const problems: string[] = [];
  const { plan } = input;
  if (input.timedOut) {
    problems.push(
      input.verdict
        ? describeTimeout(input.verdict, plan.signal, plan.timeoutMs)
        : `did not exit within shutdown.timeout ${plan.timeoutMs}ms after ${plan.signal}; memgate killed it with SIGKILL`,
    );
  } else if (!exitedCleanly(plan, input.code, input.signal)) {
    const how =
      input.signal === plan.signal
        ? `died of ${plan.signal} (no handler for it?)`
        : input.signal
          ? `died of ${input.signal} after ${plan.signal}`
          : `exited with code ${input.code} after ${plan.signal}`;
    const expected = plan.expectExitCode ?? 0;
    problems.push(
      `${how}, expected exit code ${expected}; handle ${plan.signal} and exit cleanly, or set shutdown.expectExitCode`,
    );
  }
  if (input.orphans.length > 0 && input.wrapperShell && !input.timedOut) {
    problems.push(`${shellHint(input.wrapperShell, input.orphans, plan.signal)}; memgate killed what was left`);
  } else if (input.orphans.length > 0) {
    const list = input.orphans
      .slice(0, 5)
      .map((orphan) => `${orphan.pid} "${orphan.command}"`)
      .join(', ');
    problems.push(
      `left ${input.orphans.length} process(es) running after it exited: ${list}; memgate killed them — stop child processes before exiting`,
    );
  }
  return problems;
}

function exitedCleanly(plan: ShutdownPlan, code: number | null, signal: string | null): boolean {
  if (plan.expectExitCode === null) return true;
  if (plan.expectExitCode !== undefined) return code === plan.expectExitCode;
  return code === 0 || (signal === plan.signal && CLEAN_DEATH_SIGNALS.has(signal));
}

function signalQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}
