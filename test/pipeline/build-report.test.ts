import { describe, expect, it } from 'vitest';
import { assembleReport, reportEntry, type ReportContext } from '../../harness/pipeline/build-report.js';
import { Report } from '../../harness/model/report.js';
import type { Policy } from '../../harness/compare/policy.js';
import type { ResolvedWorkload } from '../../harness/workload/types.js';
import type { WorkloadResult } from '../../harness/pipeline/types.js';
import type { Measurement } from '../../harness/model/measurement.js';
import { ENV, baselineOf, leak, measurement, policyOf } from '../fixtures/compare/make.js';

function loaded(name: string, policy: Policy): ResolvedWorkload {
  return {
    name,
    kind: 'in-process',
    file: `/repo/workloads/${name}.workload.ts`,
    relativeFile: `workloads/${name}.workload.ts`,
    bundle: '/repo/.memgate/cache/x.mjs',
    exportName: 'default',
    definition: { name, op: () => undefined },
    definitionHash: 'abcdef0123456789',
    settings: {
      repeats: 3,
      warmupOps: 0,
      ops: 1,
      durationMs: null,
      timeMs: null,
      batchSize: 1,
      checkpoints: 10,
      sampleIntervalMs: 10,
      timeoutMs: 1,
    },
    leakLimits: {
      enabled: true,
      heapRate: 0,
      heapPerOp: null,
      rssRate: 0,
      externalRate: 0,
      fdRate: 0,
      handlesGrowth: 0,
    },
    policy,
  };
}
const ok = (name: string, m: Measurement, with_ = policy): WorkloadResult => ({
  workload: loaded(name, with_),
  ok: true,
  measurement: { ...m, workload: name },
  runs: [],
});
const failed = (name: string): WorkloadResult => ({
  workload: loaded(name, policy),
  ok: false,
  error: { message: 'workloads/x: child exited with code 1', stderr: 'Error: boom' },
  runs: [],
});
const policy = policyOf({ budgets: { 'alloc.perOp': '650B' } });
const context: ReportContext = {
  env: ENV,
  commit: 'abc',
  branch: 'main',
  createdAt: '2026-11-21T00:00:00.000Z',
};
const runReport = (results: WorkloadResult[], at = context) =>
  assembleReport(
    results.map((result) => reportEntry(result, { mode: 'run' })),
    at,
    'run',
  );

describe('reportEntry and assembleReport in compare mode', () => {
  const same = measurement({ 'alloc.perOp': [612, 612, 612] });
  const worse = measurement({ 'alloc.perOp': [645, 645, 645] }); // +33 B/op > 32 B/op floor, under the 650 B budget
  const baselines: Record<string, ReturnType<typeof baselineOf>> = {
    a: baselineOf({ ...same, workload: 'a' }),
    b: baselineOf({ ...same, workload: 'b' }),
  };
  const compare = (results: WorkloadResult[]) =>
    assembleReport(
      results.map((result) => reportEntry(result, { mode: 'compare', baseline: baselines[result.workload.name] })),
      context,
      'compare',
    );

  it('counts statuses; overall pass when nothing regressed; valid against the report schema', () => {
    const report = compare([ok('a', same), ok('new-one', same)]);
    expect(Report.parse(report)).toEqual(report);
    expect(report.status).toBe('pass');
    expect(report.mode).toBe('compare');
    expect(report.summary).toEqual({
      workloads: 2,
      regressed: 0,
      improved: 0,
      new: 1,
      errors: 0,
      leaks: 0,
      overBudget: 0,
    });
  });

  it('regressed beats pass; error beats regressed; leaks and budget breaches are counted', () => {
    const regressed = compare([ok('a', worse), ok('b', { ...same, leaks: [leak('leaking')] })]);
    expect(regressed.status).toBe('regressed');
    expect(regressed.summary).toMatchObject({ regressed: 2, leaks: 1, overBudget: 0 });
    const over = compare([ok('a', measurement({ 'alloc.perOp': [700, 700, 700] }))]);
    expect(over.summary).toMatchObject({ regressed: 1, overBudget: 1 });
    const errored = compare([ok('a', worse), failed('c')]);
    expect(errored.status).toBe('error');
    expect(errored.workloads[1]).toMatchObject({
      name: 'c',
      status: 'error',
      error: { message: 'workloads/x: child exited with code 1', stderr: 'Error: boom' },
      file: 'workloads/c.workload.ts',
    });
    expect(errored.summary).toMatchObject({ regressed: 1, errors: 1 });
  });
});

describe('reportEntry: GC time held against the operations pace', () => {
  // Unchanged lru-cache in a slow run of an A/A round: GC time doubled, throughput halved, GC share the same.
  const before = measurement({
    'gc.time': [20.4, 22.6, 24.7, 27.3, 24.4],
    throughput: [512_800, 509_400, 471_700, 489_100, 416_100],
    'gc.timeFraction': [0.039, 0.041, 0.042, 0.04, 0.041],
  });
  const slow = measurement({
    'gc.time': [49.2, 52.2, 55.1, 50.3, 53.9],
    throughput: [240_900, 236_000, 251_700, 244_100, 229_800],
    'gc.timeFraction': [0.045, 0.043, 0.046, 0.044, 0.045],
  });
  const plain = policyOf();

  it('does not gate it in compare mode, and leaves run mode alone', () => {
    const entry = reportEntry(ok('lru', slow, plain), { mode: 'compare', baseline: baselineOf(before) });
    expect(entry.metrics.find((m) => m.id === 'gc.time')?.status).toBe('contended');
    expect(entry.status).toBe('pass');
    const run = reportEntry(ok('lru', slow, plain), { mode: 'run' });
    expect(run.metrics.find((m) => m.id === 'gc.time')?.status).not.toBe('contended');
  });
});

describe('reportEntry and assembleReport in run mode', () => {
  it('measured metrics, budgets from the workload policy', () => {
    const tight = policyOf({ budgets: { 'alloc.perOp': '600B' } });
    const report = runReport([ok('a', measurement({ 'alloc.perOp': [612, 612, 612] }), tight)]);
    expect(report.mode).toBe('run');
    expect(report.workloads[0]?.metrics[0]).toMatchObject({
      status: 'over-budget',
      reason: 'median 612 B/op > budget 600 B/op (max)',
    });
    expect(report.status).toBe('regressed');
    const noBudgets = policyOf();
    const plain = runReport([ok('a', measurement({ 'alloc.perOp': [612] }), noBudgets)], {
      env: ENV,
      commit: null,
      branch: null,
      createdAt: 'x',
    });
    expect(plain.workloads[0]?.metrics[0]?.status).toBe('measured');
    expect(plain.status).toBe('pass');
  });

  it('assembleReport keeps the context fields', () => {
    const report = assembleReport([], context, 'soak');
    expect(report).toMatchObject({
      schemaVersion: 1,
      tool: 'memgate',
      mode: 'soak',
      status: 'pass',
      commit: 'abc',
      branch: 'main',
      createdAt: '2026-11-21T00:00:00.000Z',
    });
  });
});
