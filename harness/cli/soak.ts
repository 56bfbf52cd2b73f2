// `memgate soak <workload> [--duration 6h] [--interval 5m] [--tag NAME]`: one
// long run of a process workload, judged at every interval, with a state file
// and a final report through the normal reporters.
// `memgate soak status <tag>`: prints that state (exit 0 running or passed,
// 1 inconclusive, failed or errored, 2 when there is no such soak).
import type { CAC } from 'cac';
import type { CommandContext } from './io.js';
import { EXIT, exitCodeOf, type ExitCode } from './io.js';
import { loadConfig } from '../config/load.js';
import { parseDuration, parsePercent } from '../units/parse.js';
import { MemgateError } from '../errors.js';
import { parseReporterSpecs, writeReports } from '../report/registry.js';
import { checkReportTargets } from '../report/targets.js';
import path from 'node:path';
import { readEnvFingerprint } from '../runner/fingerprint.js';
import { readGitInfo } from '../runner/git-info.js';
import { loadWorkloads } from '../workload/load.js';
import { formatProgress, formatStatus } from '../soak/format.js';
import { buildSoakReport } from '../soak/report.js';
import { diagnoseBreach } from '../soak/breach-diagnosis.js';
import { runSoak } from '../soak/run.js';
import { openLiveOutputs, type LiveOutputs } from './soak-outputs/live-outputs.js';
import { liveOutputOptions } from './soak-live.js';
import { SOAK_TAG, readSoakState, soakReportPath, soakStatePath, writeSoakState } from '../soak/state.js';
import { NAME_MAX_LENGTH } from '../config/workload-schema.js';

export interface SoakFlags {
  readonly config?: string;
  readonly duration?: unknown;
  readonly interval?: unknown;
  readonly tag?: unknown;
  readonly warmup?: unknown;
  readonly minSamples?: unknown;
  readonly reporter?: string | string[];
  readonly outfile?: string;
  readonly json?: boolean;
  readonly csv?: string;
  readonly metricsPort?: unknown;
}

export function registerSoak(cli: CAC, context: CommandContext): void {
  cli
    .command(
      'soak <workload> [tag]',
      'Run a process workload for a long time and fail on memory or FD growth ("soak status <tag>" reads a soak\'s state)',
    )
    .option('--config <file>', 'Config file (default: memgate.config.{ts,mts,js,mjs} in the current directory)')
    .option('--duration <time>', 'How long to run, e.g. 6h, 30m (default: 6h)')
    .option('--interval <time>', 'Time between checks, e.g. 5m, 30s (default: 5m)')
    .option('--tag <name>', 'Names the state file <outDir>/soak/<tag>.json (default: the workload name)')
    .option('--warmup <share>', 'Share of the duration not judged, e.g. 10% (default: 10%)')
    .option('--min-samples <n>', 'Checks after warmup before a breach can stop the soak (default: 6)')
    .option(
      '--reporter <name>',
      'terminal, json, markdown, junit, html, csv or openmetrics; repeat for several (default: terminal)',
    )
    .option('--outfile <file>', 'Write the (last) reporter to this file instead of stdout')
    .option('--json', 'soak status: print the state file as JSON')
    .option('--csv <file>', 'Write one CSV row per sample (each --interval check) to this file as the soak runs')
    .option(
      '--metrics-port <n>',
      'Serve the live soak gauges on http://127.0.0.1:<n>/metrics for Prometheus (0: any free port)',
    )
    .example('memgate soak trading-bot --duration 6h --interval 5m --tag nightly')
    .example('memgate soak status nightly')
    .action(async (workload: string, tag: string | undefined, flags: SoakFlags) => {
      const code =
        workload === 'status' && tag !== undefined
          ? await statusCommand(tag, flags, context)
          : await soakCommand(workload, tag, flags, context);
      context.setExitCode(code);
    });
}

async function soakCommand(
  name: string,
  extra: string | undefined,
  flags: SoakFlags,
  context: CommandContext,
): Promise<ExitCode> {
  const { io } = context;
  if (extra !== undefined)
    throw new MemgateError(
      'USAGE',
      `soak: unexpected argument "${extra}"; give one workload, and the tag with --tag (or "memgate soak status <tag>")`,
    );
  const durationMs = readDuration(flags.duration, '--duration', '6h');
  const intervalMs = readDuration(flags.interval, '--interval', '5m');
  if (intervalMs >= durationMs)
    throw new MemgateError(
      'USAGE',
      `--interval: expected less than --duration (${durationMs}ms), got ${intervalMs}ms — e.g. --duration 6h --interval 5m`,
    );
  const specs = parseReporterSpecs(flags.reporter, flags.outfile);
  const config = await loadConfig({ cwd: io.cwd, configFile: flags.config });
  await checkReportTargets(specs, io.cwd, path.resolve(config.rootDir, config.baselineDir));
  const workload = pickOne(await loadWorkloads(config, [name]), name);
  const tag =
    flags.tag === undefined ? workload.name : typeof flags.tag === 'string' ? flags.tag : JSON.stringify(flags.tag);
  const live = await openLiveOutputs(liveOutputOptions(io, flags, tag, workload.name));
  if (live.port !== null) io.stderr.write(`soak ${tag}: metrics on http://127.0.0.1:${live.port}/metrics\n`);
  const outcome = await runSoakWith(live, () =>
    runSoak(workload, config, {
      tag,
      durationMs,
      intervalMs,
      ...(io.signal ? { signal: io.signal } : {}),
      ...(flags.warmup === undefined ? {} : { warmupShare: readShare(flags.warmup) }),
      ...(flags.minSamples === undefined ? {} : { minSamples: readCount(flags.minSamples) }),
      onCheck: (state) => {
        io.stderr.write(`${formatProgress(state)}\n`);
        live.onCheck(state);
      },
    }),
  );
  const git = readGitInfo(config.rootDir, io.env);
  const diagnosis = outcome.run && outcome.state.breaches.length > 0 ? await diagnoseBreach(outcome.run) : null;
  const report = buildSoakReport(
    workload,
    outcome.run,
    outcome.state,
    {
      env: readEnvFingerprint(io.env),
      commit: git.commit,
      branch: git.branch,
      createdAt: new Date().toISOString(),
    },
    diagnosis,
  );
  // A JSON report always lands next to the state file, and the state names every report file.
  const reportFile = soakReportPath(config, tag);
  await writeReports(report, [...specs, { name: 'json', outfile: reportFile }], io);
  const reports = [reportFile, ...specs.flatMap((spec) => (spec.outfile ? [path.resolve(io.cwd, spec.outfile)] : []))];
  await writeSoakState(outcome.stateFile, { ...outcome.state, reports });
  for (const evidence of outcome.state.status === 'inconclusive' ? outcome.state.pending : [])
    io.stderr.write(`soak ${tag}: inconclusive: ${evidence.message}\n`);
  io.stderr.write(`soak ${tag}: ${outcome.state.status}; state in ${outcome.stateFile}, report in ${reportFile}\n`);
  // A soak that did not reach "passed" (failed, inconclusive, error) fails even when its report holds nothing against it.
  const code = exitCodeOf(report);
  return code === EXIT.pass && outcome.state.status !== 'passed' ? EXIT.failed : code;
}

// The live outputs close whether the soak passes, fails or throws.
async function runSoakWith<T>(live: LiveOutputs, soak: () => Promise<T>): Promise<T> {
  try {
    return await soak();
  } finally {
    await live.close();
  }
}

async function statusCommand(tag: string, flags: SoakFlags, context: CommandContext): Promise<ExitCode> {
  const { io } = context;
  // The tag names a file under <outDir>/soak: "../x" must not read anything else.
  if (!SOAK_TAG.test(tag) || tag.length > NAME_MAX_LENGTH)
    throw new MemgateError(
      'USAGE',
      `soak status: expected a tag of letters, digits, ".", "_" or "-" (at most ${NAME_MAX_LENGTH} characters, as --tag takes), got "${tag}" — e.g. memgate soak status nightly`,
    );
  const config = await loadConfig({ cwd: io.cwd, configFile: flags.config });
  const file = soakStatePath(config, tag);
  const state = await readSoakState(file, config.rootDir);
  if (!state) {
    io.stderr.write(
      `memgate: no soak "${tag}": ${file} does not exist; start one with "memgate soak <workload> --tag ${tag}"\n`,
    );
    return EXIT.error;
  }
  io.stdout.write(flags.json ? `${JSON.stringify(state, null, 2)}\n` : formatStatus(state));
  return state.status === 'running' || state.status === 'passed' ? EXIT.pass : EXIT.failed;
}

function pickOne<T extends { name: string }>(workloads: readonly T[], name: string): T {
  const exact = workloads.filter((workload) => workload.name === name);
  const chosen = exact.length === 1 ? exact : workloads;
  if (chosen.length === 1 && chosen[0]) return chosen[0];
  throw new MemgateError(
    'USAGE',
    `soak: "${name}" matches ${chosen.length} workloads (${chosen.map((w) => w.name).join(', ')}); give one workload's exact name`,
  );
}

function readDuration(value: unknown, flag: string, fallback: string): number {
  try {
    const ms = parseDuration(
      value === undefined ? fallback : typeof value === 'string' ? value : JSON.stringify(value),
    );
    if (ms > 0 && Number.isFinite(ms)) return ms;
  } catch {
    // reported below
  }
  throw new MemgateError(
    'USAGE',
    `${flag}: expected a duration such as "6h", "5m" or "30s", got ${JSON.stringify(value)}`,
  );
}

function readShare(value: unknown): number {
  try {
    const share = parsePercent(String(value));
    if (share >= 0 && share < 1) return share;
  } catch {
    // reported below
  }
  throw new MemgateError(
    'USAGE',
    `--warmup: expected a share from 0% to 99% such as "10%", got ${JSON.stringify(value)}`,
  );
}

function readCount(value: unknown): number {
  const count = Number(value);
  if (Number.isInteger(count) && count >= 3) return count;
  throw new MemgateError('USAGE', `--min-samples: expected a whole number of at least 3, got ${JSON.stringify(value)}`);
}
