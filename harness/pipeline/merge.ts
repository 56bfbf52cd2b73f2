// `memgate merge`: shard reports (one per CI matrix job) back into one report.
// Workload entries are kept as each shard judged them; the summary and the
// overall status are recomputed by the same assembleReport an unsharded run
// uses, so the merged verdicts and exit code equal the unsharded run's. Pure.
import { MemgateError } from '../errors.js';
import type { Report } from '../model/report.js';
import { assembleReport } from './build-report.js';

export interface NamedReport {
  /** Where the report came from, for error messages. */
  readonly source: string;
  readonly report: Report;
}

/** One report from several: same mode and commit, each workload in exactly one shard. */
export function mergeReports(inputs: readonly NamedReport[]): Report {
  const first = inputs[0];
  if (!first)
    throw new MemgateError('USAGE', 'merge: expected at least one report file — e.g. memgate merge shard-*.json');
  const seen = new Map<string, string>();
  for (const { source, report } of inputs) {
    if (report.mode !== first.report.mode) {
      throw new MemgateError(
        'REPORT_INVALID',
        `${source}: mode: expected "${first.report.mode}" like ${first.source}, found "${report.mode}" — merge reports of the same command`,
      );
    }
    if (report.commit !== first.report.commit) {
      throw new MemgateError(
        'REPORT_INVALID',
        `${source}: commit: expected ${first.report.commit ?? 'null'} like ${first.source}, found ${report.commit ?? 'null'} — merge the shards of one run`,
      );
    }
    for (const workload of report.workloads) {
      const other = seen.get(workload.name);
      if (other !== undefined) {
        throw new MemgateError(
          'REPORT_INVALID',
          `${source}: workload "${workload.name}" is also in ${other} — give each shard job its own --shard i/n`,
        );
      }
      seen.set(workload.name, source);
    }
  }
  // The unsharded order: by workload file, then as each shard listed them.
  const entries = inputs
    .flatMap(({ report }) => report.workloads.map((workload, index) => ({ workload, index })))
    .sort((a, b) => a.workload.file.localeCompare(b.workload.file) || a.index - b.index)
    .map(({ workload }) => workload);
  const latest =
    inputs
      .map(({ report }) => report.createdAt)
      .sort()
      .at(-1) ?? first.report.createdAt;
  const merged = assembleReport(
    entries,
    { env: first.report.env, commit: first.report.commit, branch: first.report.branch, createdAt: latest },
    first.report.mode,
  );
  return { ...first.report, ...merged };
}
