// The soak's final report, through the same derivation, budgets and leak
// analysis as `memgate run` (mode "soak"). The sentinel's own verdict is
// added on top: each breach is a problem, which regresses the workload (and
// shows in every reporter) even when the run-style leak analysis, which
// wants several repeats, is less sure.
import type { ResolvedConfig } from '../config/schema.js';
import { resolvePolicy } from '../compare/policy.js';
import { statusOf } from '../compare/status.js';
import { compareWorkload } from '../compare/workload.js';
import { deriveMeasurement } from '../metrics/derive.js';
import type { RawRun } from '../probe/raw-run.js';
import { errorWorkloadReport, summarize, type ReportContext } from '../report/build.js';
import type { Report, WorkloadReport } from '../report/schema.js';
import { withSeries } from '../report/with-series.js';
import { resolveLeakLimits, resolveRunSettings } from '../runner/settings.js';
import type { LoadedWorkload } from '../runner/types.js';
import { formatDuration } from './format.js';
import type { SoakState } from './state.js';

export function buildSoakReport(
  workload: LoadedWorkload,
  config: ResolvedConfig,
  run: RawRun | null,
  state: SoakState,
  context: ReportContext,
): Report {
  if (!run)
    return summarize(
      [errorWorkloadReport(workload, { message: state.error ?? 'the soak did not finish', stderr: '' }, 0)],
      context,
      'soak',
    );
  const settings = {
    ...resolveRunSettings(workload.definition, config, 1),
    durationMs: state.targetMs,
    ops: run.ops,
    timeoutMs: state.targetMs,
  };
  const measurement = deriveMeasurement([run], {
    workload: workload.name,
    kind: workload.kind,
    file: workload.relativeFile,
    definitionHash: workload.definitionHash,
    settings,
    env: context.env,
    customMetrics: workload.definition.customMetrics,
    leakLimits: resolveLeakLimits(config, workload.definition),
  });
  const policy = resolvePolicy(config, workload.definition, { workloadFile: workload.relativeFile });
  const report = compareWorkload(measurement, undefined, policy, { mode: 'run' });
  // The breach points are drawn on the soak's time axis in the HTML report.
  const marks = state.breaches.map((breach) => ({ x: breach.atMs, label: `${breach.resource} breach` }));
  return summarize([withSeries(withSentinelVerdict(report, state), [run], marks)], context, 'soak');
}

function withSentinelVerdict(report: WorkloadReport, state: SoakState): WorkloadReport {
  const summary = `soak "${state.tag}": ${state.status} after ${formatDuration(state.elapsedMs)} of ${formatDuration(state.targetMs)} (${state.checks} checks, clean for ${formatDuration(state.cleanMs)})`;
  const breaches = state.breaches.map((breach) => `soak breach at ${formatDuration(breach.atMs)}: ${breach.message}`);
  const problems = [...(report.problems ?? []), ...breaches];
  return { ...report, status: statusOf({ ...report, problems }, false), notes: [summary, ...report.notes], problems };
}
