// `memgate compare --base <ref>`: check the ref out into a temporary git
// worktree, install its dependencies, load HEAD's workload files against the
// base's code, measure both sides interleaved, and judge head against base.
// The worktree is removed on every way out: success, failure and Ctrl-C.
import { randomInt } from 'node:crypto';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { MemgateError, messageOf } from '../errors.js';
import { addBaseWorktree, installBase, parseInstallChoice, removeBaseWorktree } from '../git/worktree.js';
import { runAbPipeline } from '../pipeline/ab.js';
import { parseReporterSpecs, writeReports } from '../report/registry.js';
import type { ResolvedConfig } from '../config/schema.js';
import { loadWorkloadFile } from '../workload/load.js';
import type { ResolvedWorkload } from '../workload/types.js';
import { exitCodeOf, type CommandContext, type ExitCode } from './io.js';
import { createProgressLine } from './progress.js';
import { openSession, parseRepeats, reportContextOf, type Session } from './session.js';

export interface AbFlags {
  readonly base: unknown;
  readonly baseInstall?: unknown;
  readonly seed?: unknown;
  readonly config?: string;
  readonly reporter?: string | string[];
  readonly outfile?: string;
  readonly repeats?: unknown;
  readonly verbose?: boolean;
  readonly shard?: unknown;
  readonly u?: boolean;
  readonly update?: string | boolean;
}

export async function runAbCompare(
  context: CommandContext,
  filters: readonly string[],
  flags: AbFlags,
): Promise<ExitCode> {
  const { io } = context;
  // cac reads an all-digit short SHA as a number.
  const ref = typeof flags.base === 'number' ? String(flags.base) : flags.base;
  if (typeof ref !== 'string' || ref.trim() === '') {
    throw new MemgateError('USAGE', '--base: expected a git ref — e.g. --base origin/main or --base HEAD~1');
  }
  if (flags.u === true || (flags.update !== undefined && flags.update !== 'none')) {
    throw new MemgateError(
      'USAGE',
      '--base: baselines are not recorded in A/B mode — drop -u/--update, or drop --base',
    );
  }
  const specs = parseReporterSpecs(flags.reporter, flags.outfile);
  const install = parseInstallChoice(flags.baseInstall);
  const seed = parseSeed(flags.seed);
  const session = await openSession(io, filters, { config: flags.config, repeats: flags.repeats, shard: flags.shard });
  const root = session.config.rootDir;
  const checkout = await addBaseWorktree(ref.trim(), root, io.signal);
  try {
    io.stderr.write(
      `memgate: base ${checkout.ref} is ${checkout.commit.slice(0, 12)}, checked out in ${checkout.worktreeDir}\n`,
    );
    const installed = await installBase(checkout, install, io.signal);
    if (installed !== null) io.stderr.write(`memgate: installed the base's dependencies (${installed})\n`);
    // One outDir (HEAD's) for both sides: bundles are content-addressed, and
    // the probe bundles cached per process then stay valid after the worktree is gone.
    const outDir = path.resolve(session.config.rootDir, session.config.outDir);
    const baseConfig: ResolvedConfig = { ...session.config, rootDir: checkout.rootDir, outDir };
    const base = await loadBaseWorkloads(session, baseConfig, parseRepeats(flags.repeats));
    const progress = createProgressLine(io.stderr);
    try {
      const report = await runAbPipeline(
        { workloads: session.workloads, config: session.config, ref: session.git.branch, commit: session.git.commit },
        { ...base, config: baseConfig, ref: checkout.ref, commit: checkout.commit },
        {
          seed,
          signal: io.signal,
          env: session.env,
          onProgress: progress.onProgress,
          context: reportContextOf(session),
        },
      );
      progress.clear();
      await writeReports(report, specs, io, { verbose: flags.verbose === true });
      return exitCodeOf(report);
    } finally {
      progress.clear();
    }
  } finally {
    await removeBaseWorktree(checkout, root);
  }
}

/**
 * HEAD's workload files, copied to the same paths in the base's checkout and
 * loaded there: the workload is HEAD's, and every relative import and package
 * it uses resolves inside the base's tree, i.e. to the base's code.
 */
async function loadBaseWorkloads(
  session: Session,
  baseConfig: ResolvedConfig,
  repeats: number | undefined,
): Promise<{ workloads: ResolvedWorkload[]; missing: Map<string, string> }> {
  const workloads: ResolvedWorkload[] = [];
  const missing = new Map<string, string>();
  const files = [...new Set(session.workloads.map((w) => w.file))];
  for (const file of files) {
    const target = path.join(baseConfig.rootDir, path.relative(session.config.rootDir, file));
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(file, target);
    try {
      workloads.push(...(await loadWorkloadFile(target, baseConfig, { repeats })));
    } catch (error) {
      for (const w of session.workloads.filter((candidate) => candidate.file === file))
        missing.set(w.name, messageOf(error));
    }
  }
  return { workloads, missing };
}

/** `--seed`: an integer for a reproducible order; a random one otherwise (printed in the report). */
function parseSeed(value: unknown): number {
  if (value === undefined) return randomInt(0, 2 ** 31 - 1);
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1) {
    throw new MemgateError(
      'USAGE',
      `--seed: expected an integer from 0 to 2147483647, found ${JSON.stringify(value)} — e.g. --seed 42`,
    );
  }
  return seed;
}
