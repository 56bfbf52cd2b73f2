// What `run`, `compare` and `update` share: loading the config and the
// resolved workloads, reading baselines before anything is measured (a
// corrupt one stops the run early, untouched), running the pipeline with a
// progress line, and recording baselines through the update gate with a
// reviewable diff per file.
import path from 'node:path';
import type { CliIO, OutputStream } from './io.js';
import type { ResolvedConfig } from '../config/schema.js';
import { loadConfig } from '../config/load.js';
import { loadWorkloads } from '../workload/load.js';
import { removeStaleTempFiles } from '../fs/stale-temp.js';
import { measureAgain, type MeasureOptions, type Position } from '../pipeline/measure.js';
import { runPipeline, type PipelineOptions, type PipelineOutcome } from '../pipeline/run.js';
import type { ReportContext } from '../pipeline/build-report.js';
import { readEnvFingerprint } from '../runner/fingerprint.js';
import { readGitInfo, type GitInfo } from '../runner/git-info.js';
import { createProgressLine } from './progress.js';
import { applyShard } from './shard.js';
import { shouldColor } from '../report/registry.js';
import type { EnvFingerprint } from '../model/report.js';
import type { ResolvedWorkload } from '../workload/types.js';
import type { WorkloadResult } from '../pipeline/types.js';
import { MemgateError, isMemgateError } from '../errors.js';
import type { Baseline } from '../baseline/schema.js';
import {
  fromMeasurement,
  readBaseline,
  schemaRefFor,
  writeBaseline,
  type BaselineLocation,
} from '../baseline/store.js';
import { diffBaselines, formatUpdateSummary, type UpdateTally } from '../baseline/diff.js';
import { refusalReason, shouldWrite, type UpdateDecision, type UpdateMode } from '../baseline/update-policy.js';
import { confirmedRerecordDecision } from '../pipeline/confirm-rerecord.js';

export interface SessionOptions {
  readonly config?: string | undefined;
  readonly repeats?: unknown;
  readonly diagnose?: boolean | undefined;
  /** `--shard i/n`: keep this CI job's share of the workloads. */
  readonly shard?: unknown;
}

export interface Session {
  readonly io: CliIO;
  readonly config: ResolvedConfig;
  readonly workloads: readonly ResolvedWorkload[];
  readonly env: EnvFingerprint;
  readonly git: GitInfo;
  readonly location: BaselineLocation;
  readonly createdAt: string;
  readonly measure: MeasureOptions;
}

/** `--repeats`: undefined, or an integer from 1 to 100. */
export function parseRepeats(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const repeats = Number(value);
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > 100) {
    throw new MemgateError(
      'USAGE',
      `--repeats: expected an integer from 1 to 100, found "${typeof value === 'string' || typeof value === 'number' ? value : JSON.stringify(value)}" — e.g. --repeats 5`,
    );
  }
  return repeats;
}

export async function openSession(io: CliIO, filters: readonly string[], options: SessionOptions): Promise<Session> {
  const repeats = parseRepeats(options.repeats);
  const config = await loadConfig({ cwd: io.cwd, configFile: options.config });
  const location = { dir: path.resolve(config.rootDir, config.baselineDir), root: config.rootDir };
  const workloads = await applyShard(await loadWorkloads(config, filters, { repeats }), options.shard, location);
  const env = readEnvFingerprint(io.env);
  const baselineDir = path.resolve(config.rootDir, config.baselineDir);
  const outDir = path.resolve(config.rootDir, config.outDir);
  for (const dir of [baselineDir, outDir, path.join(outDir, 'soak')]) await removeStaleTempFiles(dir);
  return {
    io,
    config,
    workloads,
    env,
    git: readGitInfo(config.rootDir, io.env),
    location,
    createdAt: new Date().toISOString(),
    measure: { diagnose: options.diagnose, signal: io.signal, env },
  };
}

/**
 * Every workload's baseline, read before measuring. With `forgiveInvalid`
 * (`update --force`) an unreadable baseline counts as absent so it can be
 * re-recorded; otherwise it stops the run with exit 2.
 */
export async function readBaselines(
  session: Session,
  forgiveInvalid = false,
): Promise<Map<string, Baseline | undefined>> {
  const baselines = new Map<string, Baseline | undefined>();
  for (const workload of session.workloads) {
    try {
      baselines.set(workload.name, await readBaseline(session.location, workload.name));
    } catch (error) {
      if (!forgiveInvalid || !isMemgateError(error) || error.code !== 'BASELINE_INVALID') throw error;
      session.io.stderr.write(`memgate: ${error.message}; re-recording it (--force)\n`);
      baselines.set(workload.name, undefined);
    }
  }
  return baselines;
}

/** Commit, branch, time and environment of the session's report. */
export function reportContextOf(session: Session): ReportContext {
  return { env: session.env, commit: session.git.commit, branch: session.git.branch, createdAt: session.createdAt };
}

/** Runs the pipeline over the session's workloads with a progress line on a terminal's stderr. */
export async function runSessionPipeline(
  session: Session,
  options: Pick<PipelineOptions, 'mode' | 'baselines'>,
): Promise<PipelineOutcome> {
  const progress = createProgressLine(session.io.stderr);
  try {
    return await runPipeline(session.workloads, session.config, {
      ...session.measure,
      ...options,
      onProgress: progress.onProgress,
      context: reportContextOf(session),
    });
  } finally {
    progress.clear();
  }
}

/**
 * The update mode that applies after the gate: an explicit update that is not
 * allowed throws UPDATE_REFUSED before anything is measured; an implicit one
 * quietly becomes `none`, with a note.
 */
export function gateUpdate(session: Session, decision: UpdateDecision, force: boolean): UpdateMode {
  if (decision.mode === 'none') return 'none';
  const reason = refusalReason({
    env: session.io.env,
    branch: session.git.branch,
    branches: session.config.update.branches,
    force,
    explicit: decision.explicit,
  });
  if (!reason) return decision.mode;
  if (decision.explicit) throw new MemgateError('UPDATE_REFUSED', `update refused: ${reason}`);
  session.io.stderr.write(`memgate: new baselines are not recorded: ${reason}\n`);
  return 'none';
}

/**
 * Writes baselines as `mode` says, printing a diff per written file and a
 * one-line summary to `out` (an implicit mode that wrote nothing stays quiet).
 * An existing baseline the new measurement matches within noise (by the
 * workload's compare policy) is kept as it is (compare/rerecord.ts), unless `force`.
 * A moved metric is confirmed by a re-run first: `reruns` are the ones
 * `compare` already made (its confirmation of a failure), used before
 * anything is measured again.
 */
export async function recordBaselines(
  session: Session,
  results: readonly WorkloadResult[],
  previous: ReadonlyMap<string, Baseline | undefined>,
  update: { mode: UpdateMode; explicit: boolean; force?: boolean },
  out: OutputStream,
  reruns: ReadonlyMap<string, readonly WorkloadResult[]> = new Map(),
): Promise<UpdateTally> {
  const { mode } = update;
  const tally: UpdateTally = { updated: 0, added: 0, unchanged: 0, failed: 0 };
  if (mode === 'none') return tally;
  const color = shouldColor({ env: session.io.env, stdout: out });
  const schemaRef = schemaRefFor(session.location.dir);
  for (const [index, result] of results.entries()) {
    const before = previous.get(result.workload.name);
    if (!result.ok) {
      tally.failed++;
      out.write(`${result.workload.name}: not recorded, measuring failed: ${result.error.message}\n`);
      continue;
    }
    if (!shouldWrite(mode, before !== undefined)) {
      tally.unchanged++;
      continue;
    }
    const after = fromMeasurement(
      result.measurement,
      { at: session.createdAt, commit: session.git.commit, branch: session.git.branch },
      schemaRef,
    );
    const policy = update.force ? undefined : result.workload.policy;
    const position = { index, count: results.length };
    const made = (reruns.get(result.workload.name) ?? []).filter((rerun) => rerun.ok);
    const decision =
      before && policy
        ? await confirmedRerecordDecision(
            result.measurement,
            before,
            after,
            policy,
            async () => made.shift() ?? (await remeasure(session, result.workload, position)),
          )
        : undefined;
    if (decision && !decision.rewrite) {
      tally.unchanged++;
      out.write(`${result.workload.name}: baseline kept, ${decision.reason} (--force re-records it)\n`);
      continue;
    }
    let file: string;
    try {
      file = await writeBaseline(session.location, after);
    } catch (error) {
      // A write that fails (a full disk) fails this baseline, not the summary of the others.
      if (!isMemgateError(error) || error.code !== 'IO') throw error;
      tally.failed++;
      out.write(`${result.workload.name}: not recorded: ${error.message}\n`);
      continue;
    }
    const shown = path.relative(session.config.rootDir, file);
    const why = decision ? ` (${decision.reason})` : '';
    out.write(`${shown} ${before ? 'updated' : 'added'}${why}\n${diffBaselines(before, after, { color })}\n`);
    if (before) tally.updated++;
    else tally.added++;
  }
  if (update.explicit || tally.added + tally.updated + tally.failed > 0)
    out.write(`memgate: ${formatUpdateSummary(tally)}\n`);
  return tally;
}

/** The workload measured once more (a confirmation re-run), with the progress line on stderr. */
async function remeasure(session: Session, workload: ResolvedWorkload, position: Position): Promise<WorkloadResult> {
  const progress = createProgressLine(session.io.stderr);
  try {
    return await measureAgain(
      workload,
      session.config,
      { ...session.measure, onProgress: progress.onProgress },
      position,
    );
  } finally {
    progress.clear();
  }
}
