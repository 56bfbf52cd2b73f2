// `memgate run [...filters]`: measure the matching workloads (fresh processes,
// repeats), check budgets and leaks, print/write the reports. Nothing is
// compared with baselines here (that is `memgate compare`).
import type { CAC } from 'cac';
import type { CommandContext } from './main.js';
import { measureWorkloads, openSession } from './gate.js';
import { exitCodeOf, type ExitCode } from './io.js';
import type { ResolvedConfig } from '../config/schema.js';
import { resolvePolicy, type Policy } from '../compare/policy.js';
import { buildRunReport } from '../report/build.js';
import { parseReporterSpecs, writeReports } from '../report/registry.js';
import type { LoadedWorkload } from '../runner/types.js';

export interface RunFlags {
  readonly config?: string;
  readonly repeats?: unknown;
  readonly reporter?: string | string[];
  readonly outfile?: string;
  readonly diagnose?: boolean;
}

export function registerRun(cli: CAC, context: CommandContext): void {
  cli
    .command('run [...filters]', 'Measure workloads (fresh processes, repeats) and check budgets and leaks')
    .option('--config <file>', 'Config file (default: memgate.config.{ts,mts,js,mjs} in the current directory)')
    .option('--repeats <n>', 'Fresh processes per workload (default: from the workload or config, 5)')
    .option(
      '--reporter <name>',
      'terminal, json, markdown, junit, html, csv or openmetrics; repeat for several (default: terminal)',
    )
    .option('--outfile <file>', 'Write the (last) reporter to this file instead of stdout')
    .option('--diagnose', 'Run the diagnosis (heap snapshots, handle and fd diffs) even when nothing leaks')
    .example('memgate run json --reporter terminal --reporter json --outfile .memgate/report.json')
    .action(async (filters: string[], flags: RunFlags) => {
      context.setExitCode(await runCommand(filters, flags, context));
    });
}

async function runCommand(filters: readonly string[], flags: RunFlags, context: CommandContext): Promise<ExitCode> {
  const { io } = context;
  const specs = parseReporterSpecs(flags.reporter, flags.outfile);
  const session = await openSession(io, filters, {
    config: flags.config,
    repeats: flags.repeats,
    diagnose: flags.diagnose === true,
  });
  const policies = resolvePolicies(session.config, session.workloads);
  const results = await measureWorkloads(session);
  const report = buildRunReport(results, {
    env: session.env,
    commit: session.git.commit,
    branch: session.git.branch,
    createdAt: session.createdAt,
    policyFor: (workload) => policies.get(workload.name) as Policy,
  });
  await writeReports(report, specs, io);
  return exitCodeOf(report, results);
}

// Resolved before measuring, so a bad threshold or budget fails in a second, not after the run.
function resolvePolicies(config: ResolvedConfig, workloads: readonly LoadedWorkload[]): Map<string, Policy> {
  return new Map(
    workloads.map((workload) => [
      workload.name,
      resolvePolicy(config, workload.definition, { workloadFile: workload.relativeFile }),
    ]),
  );
}
