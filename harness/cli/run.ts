// `memgate run [...filters]`: measure the matching workloads (fresh processes,
// repeats), check budgets and leaks, print/write the reports. Nothing is
// compared with baselines here (that is `memgate compare`).
import type { CAC } from 'cac';
import type { CommandContext } from './main.js';
import { EXIT, type ExitCode } from './io.js';
import { loadConfig } from '../config/load.js';
import type { ResolvedConfig } from '../config/schema.js';
import { resolvePolicy, type Policy } from '../compare/policy.js';
import { MemgateError } from '../errors.js';
import { buildRunReport } from '../report/build.js';
import { parseReporterSpecs, writeReports } from '../report/registry.js';
import type { Report } from '../report/schema.js';
import { readEnvFingerprint } from '../runner/fingerprint.js';
import { readGitInfo } from '../runner/git-info.js';
import { measureAll } from '../runner/measure.js';
import { createProgressLine } from '../runner/progress.js';
import type { LoadedWorkload, WorkloadResult } from '../runner/types.js';
import { loadWorkloads } from '../workload/load.js';

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
    .option('--reporter <name>', 'terminal, json, markdown or junit; repeat for several (default: terminal)')
    .option('--outfile <file>', 'Write the (last) reporter to this file instead of stdout')
    .option('--diagnose', 'Run the diagnosis (heap snapshots, handle and fd diffs) even when nothing leaks')
    .example('memgate run json --reporter terminal --reporter json --outfile .memgate/report.json')
    .action(async (filters: string[], flags: RunFlags) => {
      context.setExitCode(await runCommand(filters, flags, context));
    });
}

async function runCommand(filters: readonly string[], flags: RunFlags, context: CommandContext): Promise<ExitCode> {
  const { io } = context;
  const repeats = parseRepeats(flags.repeats);
  const specs = parseReporterSpecs(flags.reporter, flags.outfile);
  const config = await loadConfig({ cwd: io.cwd, configFile: flags.config });
  const workloads = await loadWorkloads(config, filters);
  const policies = resolvePolicies(config, workloads);
  const env = readEnvFingerprint(io.env);
  const progress = createProgressLine(io.stderr);
  let results: WorkloadResult[];
  try {
    results = await measureAll(workloads, config, { repeats, diagnose: flags.diagnose === true, signal: io.signal, onProgress: progress.onProgress, env });
  } finally {
    progress.clear();
  }
  const git = readGitInfo(config.rootDir, io.env);
  const report = buildRunReport(results, {
    env,
    commit: git.commit,
    branch: git.branch,
    createdAt: new Date().toISOString(),
    policyFor: (workload) => policies.get(workload.name) ?? resolvePolicy(config, workload.definition),
  });
  await writeReports(report, specs, io);
  return exitCodeOf(report, results);
}

/** 2 when a workload errored, 1 when a budget or leak failed, else 0. */
export function exitCodeOf(report: Pick<Report, 'status'>, results: readonly Pick<WorkloadResult, 'ok'>[]): ExitCode {
  if (results.some((result) => !result.ok) || report.status === 'error') return EXIT.error;
  if (report.status === 'regressed') return EXIT.failed;
  return EXIT.pass;
}

function parseRepeats(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const repeats = Number(value);
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > 100) {
    throw new MemgateError('USAGE', `--repeats: expected a whole number from 1 to 100, got ${JSON.stringify(value)} — e.g. --repeats 5`);
  }
  return repeats;
}

// Resolved before measuring, so a bad threshold or budget fails in a second, not after the run.
function resolvePolicies(config: ResolvedConfig, workloads: readonly LoadedWorkload[]): Map<string, Policy> {
  return new Map(workloads.map((workload) => [workload.name, resolvePolicy(config, workload.definition, { workloadFile: workload.relativeFile })]));
}
