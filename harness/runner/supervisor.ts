// The one supervisor for every child memgate starts, in-process probes and
// process workloads alike: start it in its own process group (so one kill
// reaches every descendant), read its output line by line into bounded
// tails, record how and when it exited, time out and abort through one
// signal, and kill the whole tree on every way out.
import { execa, type ResultPromise } from 'execa';
import { MemgateError } from '../errors.js';
import { killProcessGroup, trackProcessGroup } from './kill-tree.js';
import { OutputTail } from './output-tail.js';
import { forEachLine } from './line-splitter.js';
import { REPEAT_TAG_VAR, newRepeatTag } from './repeat-tag.js';
import { startWatchdog } from './watchdog.js';

export type StreamName = 'stdout' | 'stderr';
export type LineListener = (line: string, stream: StreamName) => void;

export interface ExitInfo {
  readonly code: number | null;
  readonly signal: string | null;
  /** performance.now() at exit. */
  readonly at: number;
}

export interface SuperviseOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** Added to memgate's own environment. */
  readonly env?: Record<string, string>;
  /** A JSON IPC channel (the in-process probe's protocol). */
  readonly ipc?: boolean;
  /** Keep stdout (process workloads read it); in-process children's stdout is dropped. */
  readonly stdout?: 'pipe' | 'ignore';
  /** Lines kept per stream for error messages. */
  readonly tailLines?: number;
  /** How errors name the workload (its file). */
  readonly where: string;
  /** Lines memgate asked for itself (Go's gctrace): given to line listeners but kept out of the output tails. */
  readonly hideLine?: (line: string, stream: StreamName) => boolean;
}

/** A running (or finished) child under supervision. */
export interface Supervised {
  readonly pid: number;
  readonly command: string;
  /** MEMGATE_REPEAT_TAG of this child and all its descendants. */
  readonly tag: string;
  readonly tails: Record<StreamName, OutputTail>;
  /** Resolves when the main process exits (never rejects). */
  readonly exited: Promise<ExitInfo>;
  /** The IPC channel, when `ipc` was asked for. */
  readonly subprocess: ResultPromise;
  exit(): ExitInfo | undefined;
  onLine(listener: LineListener): () => void;
  /** Resolves once the streams have closed, or after `graceMs` (a grandchild may hold them open). */
  settled(graceMs?: number): Promise<void>;
  /** SIGKILLs the whole process group (and stops its watchdog); quiet when it is already gone. */
  kill(): void;
}

/** A child that failed: CHILD_FAILED with its last output lines attached. */
export class ChildFailedError extends MemgateError {
  readonly stderr: string;

  constructor(message: string, stderr: string, options?: { cause?: unknown }) {
    super('CHILD_FAILED', message, options);
    this.stderr = stderr;
  }
}

export async function supervise(options: SuperviseOptions): Promise<Supervised> {
  // Inherited by every descendant, even one that leaves the group: how leftovers are found (repeat-tag.ts).
  const tag = newRepeatTag();
  // Before the child, so no moment exists in which the child runs unguarded (watchdog.ts).
  const watchdog = startWatchdog(tag);
  const subprocess: ResultPromise = execa(options.command, [...options.args], {
    cwd: options.cwd,
    env: { ...options.env, [REPEAT_TAG_VAR]: tag },
    extendEnv: true,
    // Own process group: one kill(-pid) reaches every grandchild.
    detached: true,
    cleanup: true,
    buffer: false,
    reject: false,
    stdin: 'ignore',
    stdout: options.stdout ?? 'pipe',
    stderr: 'pipe',
    ...(options.ipc ? { ipc: true, serialization: 'json' as const } : {}),
  });
  const pid = subprocess.pid;
  if (pid === undefined) {
    watchdog.stop();
    const result = await subprocess;
    // execa's message spans lines (option check, errno, spawn): a report error is one line.
    const reason = ((result as { originalMessage?: string }).originalMessage ?? result.message ?? 'unknown error')
      .replace(/\s*\n\s*/g, '; ')
      .replace(/\.;/g, ';');
    throw new ChildFailedError(
      `${options.where}: could not start "${options.command}" in ${options.cwd}: ${reason}; check "command", "args" and "cwd"`,
      '',
    );
  }
  watchdog.guard(pid);
  trackProcessGroup(pid);
  const listeners = new Set<LineListener>();
  const lines = options.tailLines ?? 40;
  const tails = { stdout: new OutputTail(lines), stderr: new OutputTail(lines) };
  for (const stream of ['stdout', 'stderr'] as const) {
    const source = subprocess[stream];
    if (!source) continue;
    forEachLine(source, (line) => {
      if (!options.hideLine?.(line, stream)) tails[stream].push(`${line}\n`);
      for (const listener of listeners) listener(line, stream);
    });
  }
  let exitInfo: ExitInfo | undefined;
  const exited = new Promise<ExitInfo>((resolve) => {
    subprocess.once('exit', (code, signal) => {
      exitInfo = { code, signal, at: performance.now() };
      resolve(exitInfo);
    });
  });
  return {
    pid,
    command: [options.command, ...options.args].join(' '),
    tails,
    tag,
    exited,
    subprocess,
    exit: () => exitInfo,
    onLine(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    settled: (graceMs = Number.POSITIVE_INFINITY) => settleWithin(subprocess, graceMs),
    kill: () => {
      killProcessGroup(pid);
      watchdog.stop();
    },
  };
}

async function settleWithin(subprocess: ResultPromise, graceMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const settled = subprocess.then(
    () => undefined,
    () => undefined,
  );
  if (!Number.isFinite(graceMs)) return settled;
  await Promise.race([settled, new Promise<void>((done) => (timer = setTimeout(done, graceMs)))]);
  clearTimeout(timer);
}

/** One signal for "stop now": the timeout or Ctrl-C, whichever comes first, and which one it was. */
export interface Deadline {
  readonly signal: AbortSignal;
  timedOut(): boolean;
  /** Clears the timer and the listener on the interrupt signal. */
  dispose(): void;
}

// A controller aborted by a timer, not AbortSignal.any(AbortSignal.timeout(...)):
// Node 20 holds an any() signal only weakly from its sources, so one nothing
// else references can be collected with its listeners, and the timeout never
// fires (seen as a repeat hanging past its timeout on a busy machine). The
// timer holds this controller strongly until it fires or is disposed.
export function deadline(timeoutMs: number, interrupt?: AbortSignal): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onInterrupt = () => controller.abort();
  if (interrupt?.aborted) controller.abort();
  else interrupt?.addEventListener('abort', onInterrupt, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose: () => {
      clearTimeout(timer);
      interrupt?.removeEventListener('abort', onInterrupt);
    },
  };
}

/**
 * Aborts when any of `signals` does. Unlike AbortSignal.any, each source's
 * listener holds the result strongly, so it cannot be collected while a
 * source can still fire.
 */
export function linkedSignal(signals: readonly AbortSignal[]): AbortSignal {
  const controller = new AbortController();
  for (const source of signals) {
    if (source.aborted) controller.abort();
    else source.addEventListener('abort', () => controller.abort(), { once: true });
  }
  return controller.signal;
}

/** A promise that settles when `signal` aborts (never, without one). */
export function whenAborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!signal) return;
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

const ERROR_LINE = /\b(error|fatal|exception|traceback|panic)\b/i;

/**
 * What the process said last, on one line: the first line of its output tail
 * that looks like an error (a stack trace's last lines say little), else the
 * last lines of stderr, else of stdout.
 */
export function outputSummary(started: Pick<Supervised, 'tails'>, lines = 3): string {
  const linesOf = (text: string): string[] =>
    text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
  const stderr = linesOf(started.tails.stderr.text());
  const chosen = stderr.length > 0 ? stderr : linesOf(started.tails.stdout.text());
  const error = chosen.find((line) => ERROR_LINE.test(line));
  if (error) return error;
  return chosen.slice(-lines).join(' | ') || '(no output)';
}
