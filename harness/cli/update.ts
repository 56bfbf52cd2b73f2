// `memgate update`: measure and re-record baselines, through the gate (no pull
// requests, only update.branches, unless --force), keeping baselines the new
// measurement matches within noise (unless --force), printing a diff per
// written file and a one-line summary. Exit 0 when every workload was recorded, 2 otherwise.
import type { CAC } from 'cac';
import type { CommandContext } from './main.js';
import { EXIT, type ExitCode } from './io.js';
import { resolvePolicy } from '../compare/policy.js';
import { gateUpdate, measureWorkloads, openSession, readBaselines, recordBaselines } from './gate.js';

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
  const results = await measureWorkloads(session);
  // The comparison policy decides whether a re-measured baseline moved beyond noise (else it is kept).
  const policies = new Map(
    session.workloads.map((w) => [
      w.name,
      resolvePolicy(session.config, w.definition, { workloadFile: w.relativeFile }),
    ]),
  );
  const update = { mode, explicit: true, force, policyFor: (name: string) => policies.get(name) };
  const tally = await recordBaselines(session, results, baselines, update, context.io.stdout);
  return tally.failed > 0 ? EXIT.error : EXIT.pass;
}
