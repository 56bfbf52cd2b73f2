// `memgate update`: measure and re-record baselines, through the gate (no pull
// requests, only update.branches, unless --force), keeping baselines the new
// measurement matches within noise (unless --force), printing a diff per
// written file and a one-line summary. Exit 0 when every workload was recorded, 2 otherwise.
import type { CAC } from 'cac';
import { EXIT, type CommandContext, type ExitCode } from './io.js';
import { gateUpdate, openSession, readBaselines, recordBaselines, runSessionPipeline } from './session.js';

interface UpdateFlags {
  readonly config?: string;
  readonly force?: boolean;
  readonly repeats?: unknown;
}

export function registerUpdate(cli: CAC, context: CommandContext): void {
  cli
    .command('update [...filters]', 'Measure workloads and re-record their baselines')
    .option('--config <file>', 'Config file (default: memgate.config.* in the current directory)')
    .option(
      '--force',
      'Update even on a pull request or a branch outside update.branches; re-record unreadable baselines and baselines unchanged within noise',
    )
    .option('--repeats <n>', 'Fresh processes per workload (overrides config and workloads)')
    .action(async (filters: string[], flags: UpdateFlags) =>
      context.setExitCode(await runUpdate(context, filters, flags)),
    );
}

async function runUpdate(context: CommandContext, filters: readonly string[], flags: UpdateFlags): Promise<ExitCode> {
  const force = flags.force === true;
  const session = await openSession(context.io, filters, flags);
  const mode = gateUpdate(session, { mode: 'all', explicit: true }, force);
  const baselines = await readBaselines(session, force);
  // --force re-records from scratch: a time-sized run is calibrated again instead of reusing the baseline's op count.
  const { results } = await runSessionPipeline(session, { mode: 'run', ...(force ? {} : { baselines }) });
  const tally = await recordBaselines(session, results, baselines, { mode, explicit: true, force }, context.io.stdout);
  return tally.failed > 0 ? EXIT.error : EXIT.pass;
}
