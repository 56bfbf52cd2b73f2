// Hand-built JSON reports for the action tests: valid against the Report
// schema (checked here, so a schema change shows up as a failing helper
// rather than as a confusing action error), written to real files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ENV } from '../fixtures/compare/make.js';
import { Report, type MetricVerdict, type WorkloadReport } from '../../harness/model/report.js';

export function metric(id: string, overrides: Partial<MetricVerdict> = {}): MetricVerdict {
  return {
    id,
    unit: 'bytes/op',
    direction: 'lower',
    noise: 'deterministic',
    current: 612,
    baseline: 610,
    change: 0.0033,
    status: 'unchanged',
    reason: '+0.3% within 5%',
    ...overrides,
  };
}

export function workload(name: string, overrides: Partial<WorkloadReport> = {}): WorkloadReport {
  return {
    name,
    file: `workloads/${name}.workload.ts`,
    kind: 'in-process',
    status: 'pass',
    metrics: [
      metric('alloc.perOp'),
      metric('gc.count', { unit: 'count', current: 4, baseline: 4, change: 0, reason: 'identical' }),
    ],
    leaks: [],
    diagnosis: null,
    error: null,
    baseline: { commit: 'a1b2c3d4e5f6a7b8c9d0', branch: 'main', recordedAt: '2026-11-01T10:00:00.000Z' },
    envMismatch: [],
    confirmRuns: 0,
    repeats: 5,
    notes: [],
    ...overrides,
  };
}

/** A workload whose alloc.perOp regressed by `change`. */
export function regressedWorkload(name: string, change = 0.25): WorkloadReport {
  return workload(name, {
    status: 'regressed',
    metrics: [
      metric('alloc.perOp', {
        current: 610 * (1 + change),
        change,
        status: 'regressed',
        reason: `+${(change * 100).toFixed(1)}% > 5% and > 64B floor`,
      }),
      metric('gc.count', { unit: 'count', current: 4, baseline: 4, change: 0, reason: 'identical' }),
    ],
  });
}

export function report(workloads: WorkloadReport[], overrides: Partial<Report> = {}): Report {
  const count = (status: string) => workloads.filter((entry) => entry.status === status).length;
  const status = count('error') > 0 ? 'error' : count('regressed') > 0 ? 'regressed' : 'pass';
  const built: Report = {
    schemaVersion: 1,
    tool: 'memgate',
    mode: 'compare',
    status,
    createdAt: '2026-11-21T01:00:00.000Z',
    env: ENV,
    commit: 'f00dfeedf00dfeedf00dfeedf00dfeedf00dfeed',
    branch: 'feature',
    workloads,
    summary: {
      workloads: workloads.length,
      regressed: count('regressed'),
      improved: count('improved'),
      new: count('new'),
      errors: count('error'),
      leaks: 0,
      overBudget: 0,
    },
    ...overrides,
  };
  return Report.parse(built);
}

export function writeReport(path: string, value: unknown): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return path;
}
