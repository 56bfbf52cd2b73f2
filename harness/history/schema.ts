// One line of the history store (`<dir>/history.jsonl`): the medians and
// verdicts of one `memgate compare`, with the commit, branch and time, so
// `memgate trend` can draw each metric over commits. JSON lines: appending is
// one write, a CI cache or artifact can carry the file, and a merge of two
// branches' histories is a concatenation.
import * as z from 'zod';
import { MetricStatus, WorkloadStatus } from '../model/report.js';

export const HISTORY_SCHEMA_VERSION = 1;
export const HISTORY_FILE = 'history.jsonl';

export const HistoryMetric = z.object({
  id: z.string(),
  unit: z.string(),
  direction: z.enum(['lower', 'higher']),
  /** Median of the repeats; null when the metric was not measured. */
  value: z.number().nullable(),
  baseline: z.number().nullable(),
  status: MetricStatus,
});
export type HistoryMetric = z.infer<typeof HistoryMetric>;

export const HistoryEntry = z.object({
  schemaVersion: z.literal(HISTORY_SCHEMA_VERSION),
  commit: z.string().nullable(),
  branch: z.string().nullable(),
  createdAt: z.string(),
  status: z.enum(['pass', 'regressed', 'error']),
  workloads: z.array(
    z.object({
      name: z.string(),
      status: WorkloadStatus,
      metrics: z.array(HistoryMetric),
    }),
  ),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;
