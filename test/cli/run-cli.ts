// Runs the CLI in-process with captured output (the size-limit pattern).
import type { CliIO, ExitCode } from '../../harness/cli/io.js';

export interface CliRun {
  readonly code: ExitCode;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(
  main: (io: CliIO) => Promise<ExitCode>,
  cwd: string,
  argv: string[],
  env: Record<string, string> = {},
  /** A terminal's stderr: memgate then writes its progress line there. */
  stderrIsTTY = false,
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main({
    argv,
    cwd,
    env: { PATH: process.env['PATH'], NO_COLOR: '1', ...env },
    stdout: { write: (chunk: string) => (stdout += chunk), isTTY: false },
    stderr: { write: (chunk: string) => (stderr += chunk), isTTY: stderrIsTTY },
  });
  return { code, stdout, stderr };
}
