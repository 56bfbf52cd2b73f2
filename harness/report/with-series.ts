// Attaches the drawable series (harness/report/series.ts) to a workload's
// report; kept apart from build.ts so the report builder changes by one call.
import type { RawRun } from '../probe/raw-run.js';
import type { WorkloadReport } from './schema.js';
import { seriesFromRuns, type WorkloadSeries } from './series.js';

export function withSeries(
  report: WorkloadReport,
  runs: readonly RawRun[],
  marks: WorkloadSeries['marks'] = [],
): WorkloadReport {
  const series = seriesFromRuns(runs, marks);
  return series === null ? report : { ...report, series };
}
