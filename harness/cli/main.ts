// CLI entry: parses arguments with cac and dispatches to one file per command.
// Returns the exit code instead of calling process.exit, so tests can call it.
import { cac } from 'cac';
import { EXIT, type CliIO, type CommandContext, type ExitCode } from './io.js';
import { isMemgateError } from '../errors.js';
import { registerRun } from './run.js';
import { registerCompare } from './compare.js';
import { registerUpdate } from './update.js';
import { registerSoak } from './soak.js';
import { registerTrend } from './trend.js';
import { registerMerge } from './merge.js';
import { registerAnalyze } from './analyze.js';
import { MEMGATE_VERSION } from '../version.js';

export async function main(io: CliIO): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT.pass;
  const context: CommandContext = { io, setExitCode: (code) => (exitCode = code) };
  const cli = cac('memgate');
  registerRun(cli, context);
  registerCompare(cli, context);
  registerUpdate(cli, context);
  registerSoak(cli, context);
  registerTrend(cli, context);
  registerMerge(cli, context);
  registerAnalyze(cli, context);
  cli.help();
  cli.version(MEMGATE_VERSION);
  try {
    cli.parse(['node', 'memgate', ...io.argv], { run: false });
    if (!cli.matchedCommand) {
      if (cli.options['help'] || cli.options['version']) return EXIT.pass;
      const given = cli.args[0];
      io.stderr.write(
        given
          ? `memgate: unknown command "${given}". Run "memgate --help" for the list.\n`
          : `memgate: missing command. Run "memgate --help" for the list.\n`,
      );
      return EXIT.error;
    }
    await cli.runMatchedCommand();
    return exitCode;
  } catch (error) {
    return reportError(error, io);
  }
}

// Known errors are one line; anything else is a bug and keeps its stack.
export function reportError(error: unknown, io: CliIO): ExitCode {
  if (isMemgateError(error)) {
    // One line, whatever a message quotes (a JSON excerpt, a child's output): CI logs and annotations read one line.
    io.stderr.write(`memgate: ${error.message.replace(/\s*\n\s*/g, ' ')}\n`);
  } else if (error instanceof Error && error.name === 'CACError') {
    io.stderr.write(`memgate: ${error.message}. Run "memgate --help" for usage.\n`);
  } else {
    io.stderr.write(
      `memgate: unexpected error\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  return EXIT.error;
}
