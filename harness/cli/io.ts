// The process as the CLI sees it. Injected, so CLI tests run in-process with
// captured output (the size-limit pattern) and bin/memgate.js stays one line.
import type { Report } from '../model/report.js';
import type { OutputStream } from '../report/output.js';
import type { WorkloadResult } from '../pipeline/types.js';

export type { OutputStream };

/** What a command's action gets: the injected process and a place to put its exit code. */
export interface CommandContext {
  readonly io: CliIO;
  setExitCode(code: ExitCode): void;
}

export interface CliIO {
  /** Arguments after the executable and script (process.argv.slice(2)). */
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Aborted on Ctrl-C / SIGTERM: long work must stop and clean up. */
  readonly signal?: AbortSignal;
}

/** Exit codes: 0 pass, 1 a regression, budget breach or leak, 2 a usage, config or harness error. */
export const EXIT = { pass: 0, failed: 1, error: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** 2 when a workload errored (in the report or, when given, in the measurements), 1 when one regressed, else 0. */
export function exitCodeOf(
  report: Pick<Report, 'status'>,
  results: readonly Pick<WorkloadResult, 'ok'>[] = [],
): ExitCode {
  if (results.some((result) => !result.ok) || report.status === 'error') return EXIT.error;
  return report.status === 'regressed' ? EXIT.failed : EXIT.pass;
}
