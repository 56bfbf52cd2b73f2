// `memgate soak`: one long repeat of a process workload, judged at every
// interval (harness/soak/monitor.ts), with the state file rewritten each
// time. Stops early — still shutting the service down gracefully — when
// growth breaches a limit. Storage is bounded (the sampler's and the check
// series), so memgate's own memory stays flat for hours.
import type { ResolvedConfig } from '../config/schema.js';
import { MemgateError, messageOf } from '../errors.js';
import type { RawRun, TreeSample } from '../model/raw-run.js';
import { runProcessRepeat } from '../runner/process-repeat.js';
import type { ResolvedWorkload } from '../workload/types.js';
import { BoundedSeries } from '../sampler/bounded-series.js';
import {
  DEFAULT_MIN_SAMPLES,
  DEFAULT_WARMUP_SHARE,
  judgeSoak,
  type SoakJudgement,
  type SoakSample,
} from './monitor.js';
import { budgetBreachOf } from './budget-watch.js';
import { NAME_MAX_LENGTH } from '../config/workload-schema.js';
import { SOAK_STATE_SCHEMA_VERSION, SOAK_TAG, soakStatePath, writeSoakState, type SoakState } from './state.js';

export interface SoakOptions {
  readonly tag: string;
  readonly durationMs: number;
  readonly intervalMs: number;
  readonly signal?: AbortSignal;
  readonly warmupShare?: number;
  readonly minSamples?: number;
  /** Called after every check with the state just written (progress output). */
  readonly onCheck?: (state: SoakState) => void;
}

export interface SoakOutcome {
  readonly state: SoakState;
  readonly stateFile: string;
  /** The repeat's RawRun, for the normal reporters; null when the soak errored. */
  readonly run: RawRun | null;
}

export async function runSoak(
  workload: ResolvedWorkload,
  config: ResolvedConfig,
  options: SoakOptions,
): Promise<SoakOutcome> {
  if (!SOAK_TAG.test(options.tag) || options.tag.length > NAME_MAX_LENGTH)
    throw new MemgateError(
      'USAGE',
      `--tag: expected letters, digits, ".", "_" or "-", at most ${NAME_MAX_LENGTH} characters (it names the state file), got "${options.tag}"`,
    );
  if (workload.kind !== 'process') {
    throw new MemgateError(
      'USAGE',
      `${workload.relativeFile}: soak runs process workloads (with "command"); "${workload.name}" is in-process — give it a long "duration" and use memgate run`,
    );
  }
  const limits = workload.leakLimits;
  const policy = {
    limits,
    targetMs: options.durationMs,
    warmupShare: options.warmupShare ?? DEFAULT_WARMUP_SHARE,
    minSamples: options.minSamples ?? DEFAULT_MIN_SAMPLES,
  };
  const stateFile = soakStatePath(config, options.tag);
  const checks = new BoundedSeries<SoakSample>(2048);
  const stop = new AbortController();
  const ownRss = process.memoryUsage.rss();
  let state = initialState(workload.name, options, ownRss);
  let latest: TreeSample | undefined;
  let measureStart: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let writes = Promise.resolve();
  const save = (next: SoakState): void => {
    state = next;
    writes = writes.then(() => writeSoakState(stateFile, next));
  };

  // One check: take the latest tree sample, judge, rewrite the state file, stop on a breach.
  const check = (final: boolean): SoakJudgement | undefined => {
    // After a budget breach stopped the soak, a late interval must not turn "failed" back into "running".
    if (measureStart === undefined || !latest || (stop.signal.aborted && !final)) return undefined;
    const elapsedMs = Date.now() - measureStart;
    checks.add({ tMs: elapsedMs, rss: latest.rss, fds: latest.fds });
    const judgement = judgeSoak(checks.values(), policy);
    const breached = limits.enabled && judgement.breaches.length > 0;
    save(nextState(state, { judgement, breached, gated: limits.enabled, final, elapsedMs, latest }));
    options.onCheck?.(state);
    if (breached) stop.abort();
    return judgement;
  };

  // Every sample, not every check: a budget is over the moment one sample is.
  const watchBudgets = (sample: TreeSample): void => {
    if (measureStart === undefined || stop.signal.aborted) return;
    const breach = budgetBreachOf(sample, workload.policy.budgets);
    if (!breach) return;
    const atMs = Date.now() - measureStart;
    const { resource, metric, limit, message } = breach;
    const perMin = state.trend[resource]?.perMin ?? 0;
    save({
      ...state,
      status: 'failed',
      updatedAt: new Date().toISOString(),
      elapsedMs: atMs,
      current: { rss: sample.rss, fds: sample.fds, processes: sample.processes },
      breaches: [...state.breaches, { resource, metric, limit, perMin, atMs, message }],
    });
    options.onCheck?.(state);
    stop.abort();
  };

  await writeSoakState(stateFile, state);
  try {
    const run = await runProcessRepeat(workload, config, {
      repeatIndex: 0,
      durationMs: options.durationMs,
      stop: stop.signal,
      ...(options.signal ? { signal: options.signal } : {}),
      onSample: (sample) => {
        latest = sample;
        watchBudgets(sample);
      },
      onMeasureStart: () => {
        measureStart = Date.now();
        timer = setInterval(() => check(false), options.intervalMs);
      },
    });
    clearInterval(timer);
    if (!stop.signal.aborted) check(true);
    else if (state.status !== 'failed') save({ ...state, status: 'failed' });
    await writes;
    return { state, stateFile, run };
  } catch (error) {
    clearInterval(timer);
    save({
      ...state,
      status: 'error',
      updatedAt: new Date().toISOString(),
      error: messageOf(error),
    });
    await writes;
    throw error;
  }
}

function initialState(workload: string, options: SoakOptions, ownRss: number): SoakState {
  const now = new Date().toISOString();
  const emptyTrend = {
    direction: 'flat' as const,
    perMin: null,
    low: null,
    high: null,
    limit: 0,
    samples: 0,
    recent: [],
  };
  return {
    schemaVersion: SOAK_STATE_SCHEMA_VERSION,
    tag: options.tag,
    workload,
    status: 'running',
    pid: process.pid,
    startedAt: now,
    updatedAt: now,
    targetMs: options.durationMs,
    intervalMs: options.intervalMs,
    elapsedMs: 0,
    cleanMs: 0,
    checks: 0,
    lastCheck: null,
    current: null,
    trend: { rss: emptyTrend, fd: null },
    breaches: [],
    pending: [],
    reports: [],
    memgateRss: { first: ownRss, last: ownRss, peak: ownRss },
    error: null,
  };
}

interface CheckFacts {
  readonly judgement: SoakJudgement;
  readonly breached: boolean;
  /** leak.enabled: growth decides the verdict (breach, or inconclusive without enough evidence). */
  readonly gated: boolean;
  readonly final: boolean;
  readonly elapsedMs: number;
  readonly latest: TreeSample;
}

function nextState(previous: SoakState, facts: CheckFacts): SoakState {
  const now = new Date().toISOString();
  const ownRss = process.memoryUsage.rss();
  const inconclusive = facts.gated && facts.judgement.pending.length > 0;
  const status = facts.breached ? 'failed' : !facts.final ? 'running' : inconclusive ? 'inconclusive' : 'passed';
  return {
    ...previous,
    status,
    updatedAt: now,
    elapsedMs: facts.elapsedMs,
    cleanMs: facts.breached ? previous.cleanMs : facts.elapsedMs,
    checks: previous.checks + 1,
    lastCheck: now,
    current: { rss: facts.latest.rss, fds: facts.latest.fds, processes: facts.latest.processes },
    trend: { rss: facts.judgement.rss, fd: facts.judgement.fd },
    breaches: facts.breached
      ? facts.judgement.breaches.map((breach) => ({ ...breach, atMs: facts.elapsedMs }))
      : previous.breaches,
    pending: facts.judgement.pending,
    memgateRss: { first: previous.memgateRss.first, last: ownRss, peak: Math.max(previous.memgateRss.peak, ownRss) },
  };
}
