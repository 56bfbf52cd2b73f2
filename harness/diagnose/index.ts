// "What grew": one extra repeat with heap snapshots at two checkpoints after
// warmup, diffed into the growing object types with a retainer path for the
// top one, plus the handle types and descriptor targets that grew.
import { mkdir, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ResolvedConfig } from '../config/schema.js';
import { parseBytes } from '../units/parse.js';
import { MemgateError } from '../errors.js';
import type { RunSettings } from '../model/measurement.js';
import type { ChildDiagnose } from '../probe/protocol.js';
import type { RawRun } from '../model/raw-run.js';
import type { Diagnosis, LeakFinding } from '../model/report.js';
import { runInProcessRepeat } from '../runner/child.js';
import { runProcessRepeat } from '../runner/process-repeat.js';
import type { ResolvedWorkload } from '../workload/types.js';
import { isProcessWorkload } from '../config/workload-schema.js';
import { diagnoseHeapFiles, type HeapDiagnosis } from './heap-diagnosis.js';
import { diffFdTargets, diffHandles } from './resource-diff.js';
import { baselineFileStem } from '../baseline/file-name.js';

/** Heap snapshots are skipped above this heap size unless `leak.snapshotLimit` says otherwise. */
export const DEFAULT_SNAPSHOT_LIMIT = parseBytes('256MB');

export interface DiagnoseOptions {
  readonly signal?: AbortSignal;
  /** True when the user asked (--diagnose): diagnose even with `leak.diagnose: false`. */
  readonly requested?: boolean;
}

/**
 * Checkpoints to snapshot: the first after warmup's own batch (index 1, so
 * one-time work in the first batch is already in both) and the last one.
 * Duration-based runs cannot know their last index in advance: they use 1 and 3.
 */
export function snapshotCheckpoints(settings: Pick<RunSettings, 'ops' | 'batchSize' | 'durationMs'>): [number, number] {
  if (settings.durationMs !== null) return [1, 3];
  const last = Math.ceil(settings.ops / settings.batchSize);
  return last >= 2 ? [1, last] : [0, Math.max(1, last)];
}

/** Pure: the handle and descriptor parts of a diagnosis from one run. */
export function diagnoseResources(run: RawRun): Pick<Diagnosis, 'handles' | 'fds'> {
  const first = run.checkpoints[0];
  const last = run.checkpoints[run.checkpoints.length - 1];
  return {
    handles: first && last ? diffHandles(first, last) : [],
    fds: run.fdTargets ? diffFdTargets(run.fdTargets.start, run.fdTargets.end) : [],
  };
}

// The probe notes why it skipped a snapshot (heap over the limit); otherwise the run had too few checkpoints.
function skippedReason(run: RawRun, wanted: readonly number[]): string {
  const note = run.notes.find((text) => text.includes('heap snapshot'));
  return (
    note ??
    `the diagnosis run wrote ${run.heapSnapshots.length} of the 2 heap snapshots wanted (checkpoints ${wanted.join(' and ')}; it took ${run.checkpoints.length})`
  );
}

async function diagnoseHeap(
  run: RawRun,
  wanted: readonly number[],
): Promise<{ heap: HeapDiagnosis | null; heapSkipped: string | null }> {
  const first = run.heapSnapshots[0];
  const last = run.heapSnapshots[run.heapSnapshots.length - 1];
  if (first === undefined || last === undefined || first === last)
    return { heap: null, heapSkipped: skippedReason(run, wanted) };
  try {
    return { heap: await diagnoseHeapFiles(first, last), heapSkipped: null };
  } catch (error) {
    if (!(error instanceof MemgateError)) throw error;
    return { heap: null, heapSkipped: error.message };
  }
}

// Heap snapshots answer "which objects grew"; when only descriptors or
// handles leak, a heap diff lists V8's own churn and points nowhere useful.
export function wantsHeapSnapshots(findings: readonly LeakFinding[], requested: boolean): boolean {
  if (requested) return true;
  return findings.some(
    (finding) => (finding.resource === 'heap' || finding.resource === 'external') && finding.status !== 'stable',
  );
}

const HEAP_STABLE =
  'the heap did not grow (heap and external memory stable), so no heap snapshots were taken; run with --diagnose to take them anyway';

async function diagnoseInProcess(
  workload: ResolvedWorkload,
  config: ResolvedConfig,
  findings: readonly LeakFinding[],
  options: DiagnoseOptions,
): Promise<Diagnosis> {
  const { settings } = workload;
  const dir = diagnoseDirOf(workload, config);
  // One diagnosis's snapshots per workload on disk: they are as large as the heap.
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const snapshots = wantsHeapSnapshots(findings, options.requested === true);
  const atCheckpoints = snapshots ? snapshotCheckpoints(settings) : [];
  const diagnose: ChildDiagnose = {
    dir,
    atCheckpoints,
    heapLimitBytes: workload.definition.leak?.snapshotLimit ?? config.leak.snapshotLimit ?? DEFAULT_SNAPSHOT_LIMIT,
  };
  const run = await runInProcessRepeat(workload, config, {
    repeatIndex: settings.repeats,
    diagnose,
    signal: options.signal,
  });
  const heap = snapshots ? await diagnoseHeap(run, atCheckpoints) : { heap: null, heapSkipped: HEAP_STABLE };
  return { ...heap, ...diagnoseResources(run) };
}

async function diagnoseProcess(
  workload: ResolvedWorkload,
  config: ResolvedConfig,
  options: DiagnoseOptions,
): Promise<Diagnosis> {
  const { settings } = workload;
  const run = await runProcessRepeat(workload, config, {
    repeatIndex: settings.repeats,
    whatGrewDir: diagnoseDirOf(workload, config),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { ...(await diagnoseProcessHeap(run)), ...diagnoseResources(run) };
}

/** Where a workload's diagnosis keeps its heap snapshots. */
export function diagnoseDirOf(workload: ResolvedWorkload, config: ResolvedConfig): string {
  return resolve(config.rootDir, config.outDir, 'diagnose', baselineFileStem(workload.name));
}

/**
 * What grew inside a process, from whichever probe it had: Python's
 * tracemalloc lines, or the two Node heap snapshots taken on a signal.
 */
export async function diagnoseProcessHeap(run: RawRun): Promise<Pick<Diagnosis, 'heap' | 'heapSkipped'>> {
  if (run.allocationGrowers)
    return {
      heap: { growers: run.allocationGrowers, retainerPath: null, snapshots: [], source: 'tracemalloc' },
      heapSkipped: null,
    };
  if (run.heapSnapshots.length >= 2) return diagnoseHeap(run, []);
  const why =
    run.notes.find((note) => note.includes('heap snapshot')) ??
    'this run took no heap snapshots and no tracemalloc diff (diagnosis runs do, or every run with probe: { heapSnapshots: true } for Node, probe: { tracemalloc: true } for Python)';
  return { heap: null, heapSkipped: why };
}

/**
 * Runs one extra repeat with heap snapshots and resource tracing, and says
 * what grew. Called by the runner when a finding is `leaking`, or always
 * with `--diagnose`. Null when `leak.diagnose` is false and it was not requested.
 */
export async function diagnoseWorkload(
  workload: ResolvedWorkload,
  config: ResolvedConfig,
  findings: readonly LeakFinding[],
  options: DiagnoseOptions,
): Promise<Diagnosis | null> {
  const enabled = workload.definition.leak?.diagnose ?? config.leak.diagnose ?? true;
  if (!enabled && !options.requested) return null;
  if (workload.kind === 'process' || isProcessWorkload(workload.definition))
    return diagnoseProcess(workload, config, options);
  return diagnoseInProcess(workload, config, findings, options);
}
