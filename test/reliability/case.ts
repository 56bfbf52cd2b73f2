// One row of the failure corpus: what is set up, what is run, and what a
// user must see — an exit code and one line that names the file or key and
// says how to fix it.
import type { ChildProcess } from 'node:child_process';
import type { Files } from './project.js';

export const CATEGORIES = [
  'config',
  'workload',
  'process workload',
  'baseline',
  'cli',
  'signal',
  'kill mid-write',
  'concurrency',
  'full disk',
] as const;
export type Category = (typeof CATEGORIES)[number];

export interface CaseResult {
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunningCase {
  readonly child: ChildProcess;
  readonly dir: string;
  /** Resolves once stdout or stderr has printed text matching `pattern`. */
  output(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Runs the CLI again in the same project (same test tag), for concurrency cases. */
  runAgain(argv: readonly string[]): Promise<CaseResult>;
}

export interface Case {
  readonly name: string;
  readonly category: Category;
  /** The issue-12 defect this case keeps fixed (1–12), if any. */
  readonly defect?: number;
  /** What the user sees, for the "Failure behaviour" table in docs/running.md. */
  readonly behaviour: string;
  readonly files: Files;
  /** Copy the seed project's recorded baseline (workload "steady") in. */
  readonly baseline?: boolean;
  readonly argv: readonly string[];
  readonly env?: Record<string, string>;
  /** Expected exit code (130 after a signal), or 'SIGKILL' when the case kills memgate itself. */
  readonly code: number | 'SIGKILL';
  /** Must match one line of the stream; null only when memgate is SIGKILLed and can say nothing. */
  readonly message: RegExp | null;
  readonly stream?: 'stdout' | 'stderr';
  /** update/compare -u cases: the baselines may be rewritten. */
  readonly baselinesMayChange?: boolean;
  /** Before the run (after files and baselines). */
  prepare?(dir: string): Promise<void>;
  /** While memgate runs: send signals, kill it, start a second run. */
  during?(running: RunningCase): Promise<void>;
  /** Extra assertions after the run. */
  check?(dir: string, result: CaseResult): Promise<void> | void;
  /** A reason to skip on this machine, or undefined. */
  skip?(dir: string): Promise<string | undefined>;
  /** Undo what prepare did outside the project (a mount). */
  cleanup?(dir: string): Promise<void>;
}
