// Starts a process workload's command in its own process group (so one
// kill reaches every descendant), reads its output line by line, keeps a
// bounded tail of each stream, and records how and when it exited.
import { createInterface } from 'node:readline';
import { execa, type ResultPromise } from 'execa';
import { MemgateError } from '../../errors.js';
import { OutputTail } from '../output-tail.js';
import { trackProcessGroup } from '../kill-tree.js';

export type StreamName = 'stdout' | 'stderr';
export type LineListener = (line: string, stream: StreamName) => void;

export interface ExitInfo {
  readonly code: number | null;
  readonly signal: string | null;
  /** performance.now() at exit. */
  readonly at: number;
}

export interface StartedProcess {
  readonly pid: number;
  readonly command: string;
  readonly tails: Record<StreamName, OutputTail>;
  /** Resolves when the main process exits (never rejects). */
  readonly exited: Promise<ExitInfo>;
  exit(): ExitInfo | undefined;
  onLine(listener: LineListener): () => void;
  /** Resolves once execa has settled (streams closed). */
  settled(): Promise<unknown>;
}

export interface StartOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Record<string, string>;
  /** How errors name the workload (its file). */
  readonly where: string;
}

export async function startProcess(options: StartOptions): Promise<StartedProcess> {
  const subprocess: ResultPromise = execa(options.command, [...options.args], {
    cwd: options.cwd,
    env: options.env,
    extendEnv: true,
    detached: true,
    cleanup: true,
    buffer: false,
    reject: false,
    stdin: 'ignore',
  });
  const pid = subprocess.pid;
  if (pid === undefined) {
    const result = await subprocess;
    const reason = (result as { originalMessage?: string }).originalMessage ?? result.message ?? 'unknown error';
    throw new MemgateError(
      'CHILD_FAILED',
      `${options.where}: could not start "${options.command}" in ${options.cwd}: ${reason}; check "command", "args" and "cwd"`,
    );
  }
  trackProcessGroup(pid);
  const listeners = new Set<LineListener>();
  const tails = { stdout: new OutputTail(40), stderr: new OutputTail(40) };
  for (const stream of ['stdout', 'stderr'] as const) {
    const source = subprocess[stream];
    if (!source) continue;
    createInterface({ input: source, crlfDelay: Infinity }).on('line', (line) => {
      tails[stream].push(`${line}\n`);
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
    exited,
    exit: () => exitInfo,
    onLine(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    settled: () => subprocess.catch(() => undefined),
  };
}

const ERROR_LINE = /\b(error|fatal|exception|traceback|panic)\b/i;

/**
 * What the process said last, on one line: the first line of its output tail
 * that looks like an error (a stack trace's last lines say little), else the
 * last lines of stderr, else of stdout.
 */
export function outputSummary(started: StartedProcess, lines = 3): string {
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
