// One repeat of an in-process workload, inside the child: setup, warmup,
// sizing, the natural phase (natural-phase.ts: GC, latency, throughput),
// calibration, re-sizing the batches (size-run.ts), checkpoint 0, then
// batches of operations each followed by a settled checkpoint (allocation,
// heap growth, resources), then teardown.
// Allocation is counted only while the batches run, and the op clock stops
// during checkpoints, so wallMs and tMs are operation time only.
import { RAW_RUN_SCHEMA_VERSION, type ChildSettings, type ErrorMessage, type StartMessage } from './protocol.js';
import { sizeBatches, sizeRun } from './size-run.js';
import type { Checkpoint, RawRun } from '../model/raw-run.js';
import type { InProcessWorkload, WorkloadContext } from '../config/workload-schema.js';
import { AllocationCounter, GC_PROFILER_MISSING_NOTE } from './allocation.js';
import { maybeWriteSnapshot, takeCheckpoint } from './checkpoint.js';
import { nextTurn } from './gc-observer.js';
import { runNaturalPhase } from './natural-phase.js';
import { MemorySampler } from './memory-sampler.js';
import { runBatch, runWarmup } from './op-loop.js';
import type { BatchLimits, MutableOpContext } from './op-loop.js';
import { fdTargets } from './resources.js';
import type { ResourceBaseline } from './resources.js';
import { REHEARSAL_LIMITS, resolveGc, SETTLE_LIMITS, settleHeap } from './settle.js';
import type { GcFunction } from './settle.js';

export type ChildPhase = ErrorMessage['phase'];

/** Where the run is; read by the child's uncaught-error handlers. */
export interface PhaseTracker {
  current: ChildPhase;
}

// Empty batches measured to learn the probe's own fixed allocation per batch,
// each followed by a rehearsed checkpoint. 20, not 5: V8 allocates feedback on
// about a function's 8th call, and with 5 the probe's checkpoint code did so
// over the first measured checkpoints (2–5 KB each, read as growth; docs/leaks.md).
const CALIBRATION_BATCHES = 20;
const EMPTY_BATCH: BatchLimits = { count: 0, minUntil: -Infinity, deadline: Infinity };

interface Collectors {
  readonly gc: GcFunction;
  readonly allocation: AllocationCounter;
  readonly sampler: MemorySampler;
}

interface RunState {
  readonly start: StartMessage;
  /** The start message's settings, with the op count calibrated when the run is sized by time. */
  settings: ChildSettings;
  readonly name: string;
  readonly baseline: ResourceBaseline;
  readonly checkpoints: Checkpoint[];
  readonly heapSnapshots: string[];
  readonly notes: string[];
  /** Index of the first checkpointed operation: the natural phase's ops come before it. */
  firstIndex: number;
  ops: number;
  opMs: number;
}

function createWorkloadContext(custom: Record<string, number>): WorkloadContext {
  return {
    reportMetric(name: string, value: number): void {
      if (typeof name !== 'string' || name.length === 0)
        throw new TypeError(`reportMetric: expected a metric name, got ${JSON.stringify(name)}`);
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw new TypeError(`reportMetric("${name}"): expected a finite number, got ${String(value)}`);
      custom[name] = value;
    },
  };
}

// Settles and reads everything a checkpoint reads; `record` false is a rehearsal.
async function checkpoint(
  run: RunState,
  collectors: Collectors,
  record: boolean,
  last: boolean,
): Promise<string[] | null> {
  const settled = await settleHeap(collectors.gc, undefined, record ? SETTLE_LIMITS : REHEARSAL_LIMITS);
  // Two turns, so callbacks the settling queued (weak callbacks, finalizers) run before resources are counted.
  await nextTurn();
  await nextTurn();
  const index = run.checkpoints.length;
  const taken = takeCheckpoint(run.ops, run.opMs, settled.heapUsed, run.baseline, collectors.sampler);
  const targets = index === 0 || last || !record ? fdTargets() : null;
  // A rehearsal runs the recording path too (the push, the snapshot check), then drops the
  // record: V8 allocates a function's feedback on about its 8th call, and that first-use
  // growth belongs before checkpoint 0, not in the workload's slope.
  run.checkpoints.push(taken);
  const snapshot = maybeWriteSnapshot(
    record ? run.start.diagnose : null,
    run.name,
    run.start.repeatIndex,
    index,
    taken.heapUsed,
  );
  if (!record) {
    run.checkpoints.pop();
    return null;
  }
  if (snapshot.path !== null) run.heapSnapshots.push(snapshot.path);
  if (snapshot.note !== null) run.notes.push(snapshot.note);
  return targets;
}

// Empty batches, each followed by a rehearsed checkpoint: they measure the
// probe's fixed allocation per batch, and they run the probe's own code once
// before checkpoint 0, so its first-use costs (lazy compilation, feedback
// vectors: ~40 KB, then a few KB per checkpoint for a while) are not read as
// the workload's heap growth.
async function calibrate(
  run: RunState,
  collectors: Collectors,
  workload: InProcessWorkload,
  state: unknown,
  ctx: MutableOpContext,
): Promise<void> {
  const samples: number[] = [];
  for (let i = 0; i < CALIBRATION_BATCHES; i++) {
    collectors.allocation.begin();
    await runBatch(workload.op, state, ctx, null, 0, EMPTY_BATCH);
    samples.push(collectors.allocation.end());
    collectors.sampler.sampleFull();
    await checkpoint(run, collectors, false, false);
  }
  collectors.allocation.setOverhead(samples);
}

function isDone(run: RunState): boolean {
  const { ops, durationMs } = run.settings;
  return durationMs === null ? run.ops >= ops : run.opMs >= durationMs;
}

// Duration mode: a batch lasts at least batchSize ops and at least this share
// of the duration, so fast operations do not make thousands of checkpoints;
// the natural phase lasts as long as one such batch.
const DURATION_BATCHES = 10;

function batchLimits(run: RunState, startedAt: number): BatchLimits {
  const { batchSize, durationMs, ops } = run.settings;
  if (durationMs === null)
    return { count: Math.min(batchSize, ops - run.ops), minUntil: -Infinity, deadline: Infinity };
  return {
    count: batchSize,
    minUntil: startedAt + durationMs / DURATION_BATCHES,
    deadline: startedAt + (durationMs - run.opMs),
  };
}

async function measureBatches(
  run: RunState,
  collectors: Collectors,
  workload: InProcessWorkload,
  state: unknown,
  ctx: MutableOpContext,
): Promise<string[] | null> {
  let lastTargets: string[] | null = null;
  while (!isDone(run)) {
    // Clock reads and the limits object stay outside the allocation window: the calibration's empty batches have neither.
    const startedAt = performance.now();
    const limits = batchLimits(run, startedAt);
    collectors.allocation.begin();
    const done = await runBatch(workload.op, state, ctx, null, run.firstIndex + run.ops, limits);
    collectors.allocation.end();
    const endedAt = performance.now();
    run.ops += done;
    run.opMs += endedAt - startedAt;
    // The heap is at its fullest now, before settling: a good moment for a peak sample.
    collectors.sampler.sampleFull();
    lastTargets = await checkpoint(run, collectors, true, isDone(run));
  }
  return lastTargets;
}

/** Runs the workload as the start message says and returns the RawRun to send. */
export async function measureInProcess(
  workload: InProcessWorkload,
  start: StartMessage,
  baseline: ResourceBaseline,
  phase: PhaseTracker,
): Promise<RawRun> {
  const collectors: Collectors = {
    gc: resolveGc(),
    allocation: new AllocationCounter(),
    sampler: new MemorySampler(),
  };
  const run: RunState = {
    start,
    settings: start.settings,
    name: workload.name,
    baseline,
    checkpoints: [],
    heapSnapshots: [],
    notes: [],
    firstIndex: 0,
    ops: 0,
    opMs: 0,
  };
  if (!collectors.allocation.available) run.notes.push(GC_PROFILER_MISSING_NOTE);
  const custom: Record<string, number> = {};
  const context = createWorkloadContext(custom);
  const ctx: MutableOpContext = { index: 0, warmup: true };

  phase.current = 'setup';
  const state: unknown = workload.setup ? await workload.setup(context) : undefined;
  phase.current = 'warmup';
  await runWarmup(workload.op, state, ctx, start.settings.warmupOps);
  run.settings = await sizeRun(start.settings, workload.op, state, ctx);

  phase.current = 'measure';
  // The sampler starts before the natural phase, so peaks cover both phases and its own setup is in checkpoint 0's heap reading.
  collectors.sampler.start(start.settings.sampleIntervalMs);
  const { durationMs, naturalOps, timeMs, ops } = run.settings;
  const natural = await runNaturalPhase(
    workload.op,
    state,
    ctx,
    {
      ops: naturalOps > 0 ? naturalOps : ops,
      durationMs: durationMs === null ? null : durationMs / DURATION_BATCHES,
      extendForPauses: naturalOps === 0 && timeMs !== null && durationMs === null,
      repeats: start.settings.repeats ?? 1,
    },
    collectors.gc,
    // RSS up to the phase's last op is the workload's own; the checkpoints' forced collections change it from then on (raw-run.ts).
    durationMs === null ? () => collectors.sampler.readRss() : undefined,
  );
  const naturalRss = natural.rss;
  run.firstIndex = natural.phase.ops;
  await calibrate(run, collectors, workload, state, ctx);
  run.settings = await sizeBatches(start.settings, run.settings, workload.op, state, ctx);
  const startTargets = await checkpoint(run, collectors, true, false);
  const endTargets = (await measureBatches(run, collectors, workload, state, ctx)) ?? startTargets;
  const peaks = collectors.sampler.stop();

  phase.current = 'teardown';
  if (workload.teardown) await workload.teardown(state, context);

  const final = run.checkpoints[run.checkpoints.length - 1];
  return {
    schemaVersion: RAW_RUN_SCHEMA_VERSION,
    workload: workload.name,
    kind: 'in-process',
    ops: run.ops,
    warmupOps: start.settings.warmupOps,
    wallMs: run.opMs,
    naturalPhase:
      naturalRss === null ? natural.phase : { ...natural.phase, rss: { peak: naturalRss.peak, final: naturalRss.now } },
    ...(natural.cpuWait === null ? {} : { cpuWait: natural.cpuWait }),
    gc: natural.gc,
    allocatedBytes: collectors.allocation.total(),
    memory: {
      rssPeak: peaks.rssPeak,
      rssFinal: final?.rss ?? peaks.rssPeak,
      maxRss: peaks.maxRss,
      heapUsedPeak: peaks.heapUsedPeak,
      heapTotalPeak: peaks.heapTotalPeak,
      externalPeak: peaks.externalPeak,
      arrayBuffersPeak: peaks.arrayBuffersPeak,
    },
    checkpoints: run.checkpoints,
    latency: natural.latency,
    custom,
    fdTargets: startTargets !== null && endTargets !== null ? { start: startTargets, end: endTargets } : null,
    heapSnapshots: run.heapSnapshots,
    notes: run.notes,
  };
}
