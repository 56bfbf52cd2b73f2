// Merging shard reports: the entries as each shard judged them, the summary
// and status recomputed, and refusals for reports that do not belong together.
import { describe, expect, it } from 'vitest';
import { assembleReport } from '../../harness/pipeline/build-report.js';
import { mergeReports } from '../../harness/pipeline/merge.js';
import type { Report, WorkloadReport } from '../../harness/model/report.js';
import { ENV } from '../fixtures/compare/make.js';

function entry(name: string, status: WorkloadReport['status']): WorkloadReport {
  return {
    name,
    file: `workloads/${name}.workload.ts`,
    kind: 'in-process',
    status,
    metrics: [],
    leaks: [],
    diagnosis: null,
    error: null,
    baseline: null,
    envMismatch: [],
    confirmRuns: 0,
    repeats: 3,
    notes: [],
  };
}

const context = { env: ENV, commit: 'abc', branch: 'pr', createdAt: '2026-01-01T00:00:00.000Z' };
const report = (entries: WorkloadReport[], extra: Partial<Report> = {}): Report => ({
  ...assembleReport(entries, context, 'compare'),
  ...extra,
});

describe('mergeReports', () => {
  it('equals the unsharded report: same entries in file order, same summary and status', () => {
    const all = [entry('a', 'pass'), entry('b', 'regressed'), entry('c', 'new'), entry('d', 'improved')];
    const whole = report(all);
    const merged = mergeReports([
      { source: 's1.json', report: report([all[3]!, all[0]!]) },
      { source: 's2.json', report: report([all[1]!], { createdAt: '2026-01-02T00:00:00.000Z' }) },
      { source: 's3.json', report: report([all[2]!]) },
    ]);
    expect(merged.workloads.map((w) => w.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(merged.summary).toEqual(whole.summary);
    expect(merged.status).toBe('regressed');
    expect(merged.createdAt).toBe('2026-01-02T00:00:00.000Z');
  });

  it('refuses a workload in two shards, mixed modes and mixed commits', () => {
    const a = report([entry('a', 'pass')]);
    expect(() =>
      mergeReports([
        { source: 's1.json', report: a },
        { source: 's2.json', report: a },
      ]),
    ).toThrow('s2.json: workload "a" is also in s1.json');
    expect(() =>
      mergeReports([
        { source: 's1.json', report: a },
        { source: 's2.json', report: { ...report([entry('b', 'pass')]), mode: 'run' } },
      ]),
    ).toThrow('s2.json: mode: expected "compare"');
    expect(() =>
      mergeReports([
        { source: 's1.json', report: a },
        { source: 's2.json', report: report([entry('b', 'pass')], { commit: 'def' }) },
      ]),
    ).toThrow('s2.json: commit: expected abc');
    expect(() => mergeReports([])).toThrow('at least one report');
  });
});
