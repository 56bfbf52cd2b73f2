// Hand-built reports for the reporter tests: a pass, a regression with every
// metric status, a leak with its diagnosis, an error, and a `memgate run`.
import { Report, type EnvFingerprint, type MetricVerdict, type WorkloadReport } from '../../harness/model/report.js';

export const ENV: EnvFingerprint = {
  node: 'v20.19.0',
  v8: '11.3.244.8-node.26',
  platform: 'linux',
  arch: 'x64',
  cpuModel: 'Intel(R) Xeon(R) CPU @ 2.20GHz',
  cpuCount: 2,
  totalMemory: 8_000_000_000,
  cgroupMemoryLimit: 4_000_000_000,
  nodeFlags: [],
  memgateVersion: '0.1.0',
};

const BASELINE_REF = {
  commit: '0123456789abcdef0123456789abcdef01234567',
  branch: 'main',
  recordedAt: '2026-11-01T10:00:00.000Z',
};

export function verdict(
  partial: Partial<MetricVerdict> & Pick<MetricVerdict, 'id' | 'unit' | 'status'>,
): MetricVerdict {
  const current = partial.current ?? null;
  const baseline = partial.baseline ?? null;
  const change =
    current !== null && baseline !== null && baseline !== 0 ? (current - baseline) / Math.abs(baseline) : null;
  return { direction: 'lower', noise: 'deterministic', current, baseline, change, reason: '', ...partial };
}

/** A GC pause P95 pooled from every repeat's pauses, regressed from 8 to 24.1 ms: reporters mark it "(pooled)". */
export const pooledRegressedP95 = verdict({
  id: 'gc.pause.p95',
  unit: 'ms',
  status: 'regressed',
  current: 24.1,
  baseline: 8,
  pooled: true,
});

export function workload(partial: Partial<WorkloadReport> & Pick<WorkloadReport, 'name'>): WorkloadReport {
  return {
    file: `workloads/${partial.name}.workload.ts`,
    kind: 'in-process',
    status: 'pass',
    metrics: [],
    leaks: [],
    diagnosis: null,
    error: null,
    baseline: BASELINE_REF,
    envMismatch: [],
    confirmRuns: 0,
    repeats: 5,
    notes: [],
    ...partial,
  };
}

export function report(mode: Report['mode'], workloads: WorkloadReport[], status: Report['status']): Report {
  const metrics = workloads.flatMap((entry) => entry.metrics);
  return Report.parse({
    schemaVersion: 1,
    tool: 'memgate',
    mode,
    status,
    createdAt: '2026-11-21T01:00:00.000Z',
    env: ENV,
    commit: 'fedcba9876543210fedcba9876543210fedcba98',
    branch: 'feature/faster-json',
    workloads,
    summary: {
      workloads: workloads.length,
      regressed: workloads.filter((entry) => entry.status === 'regressed').length,
      improved: workloads.filter((entry) => entry.status === 'improved').length,
      new: workloads.filter((entry) => entry.status === 'new').length,
      errors: workloads.filter((entry) => entry.status === 'error').length,
      leaks: workloads.flatMap((entry) => entry.leaks).filter((leak) => leak.status === 'leaking').length,
      overBudget: metrics.filter((metric) => metric.status === 'over-budget').length,
    },
  });
}

export const passWorkload = workload({
  name: 'json-roundtrip',
  metrics: [
    verdict({
      id: 'alloc.perOp',
      unit: 'bytes/op',
      status: 'unchanged',
      current: 612.4,
      baseline: 610.9,
      reason: '+0.2% within 5%',
    }),
    verdict({ id: 'gc.count', unit: 'count', status: 'unchanged', current: 12, baseline: 12, reason: 'identical' }),
    verdict({
      id: 'gc.pause.p95',
      unit: 'ms',
      noise: 'noisy',
      status: 'noise',
      current: 0.85,
      baseline: 0.72,
      reason: '+18.1% but p=0.31 ≥ 0.01',
    }),
  ],
});

export const regressedWorkload = workload({
  name: 'buffer-pool',
  status: 'regressed',
  confirmRuns: 1,
  metrics: [
    verdict({ id: 'gc.count', unit: 'count', status: 'unchanged', current: 40, baseline: 40, reason: 'identical' }),
    verdict({
      id: 'throughput',
      unit: 'ops/s',
      direction: 'higher',
      noise: 'noisy',
      status: 'improved',
      current: 15_200,
      baseline: 12_000,
      reason: '+26.7% > 10%, p=0.008',
    }),
    verdict({
      id: 'alloc.perOp',
      unit: 'bytes/op',
      status: 'regressed',
      current: 734,
      baseline: 611,
      reason: '+20.1% > 5% and +123 B/op > 64 B/op floor',
    }),
    verdict({
      id: 'rss.peak',
      unit: 'bytes',
      noise: 'noisy',
      status: 'over-budget',
      current: 41_000_000,
      baseline: 38_200_000,
      reason: '41.0 MB > 40.0 MB budget',
    }),
    verdict({ id: 'custom.cacheHits', unit: 'number', status: 'new', current: 0.82, reason: 'no baseline value yet' }),
    verdict({
      id: 'fd.peak',
      unit: 'count',
      status: 'missing',
      baseline: 14,
      reason: 'in the baseline, not measured now',
    }),
  ],
});

export const leakWorkload = workload({
  name: 'session-cache',
  status: 'regressed',
  metrics: [
    verdict({
      id: 'leak.heap.rate',
      unit: 'bytes/min',
      noise: 'noisy',
      status: 'regressed',
      current: 310_000,
      baseline: 2_000,
      reason: '0.31 MB/min > 0.10 MB/min',
    }),
  ],
  leaks: [
    // The analyzer's own wording (harness/metrics/leak-reason.ts), gated per operation.
    {
      resource: 'heap',
      status: 'leaking',
      shape: 'linear',
      perOp: 1020,
      perMin: 310_000,
      ci: [280_000, 350_000],
      limit: 64,
      basis: 'perOp',
      unit: 'bytes',
      repeatsGrowing: 5,
      repeats: 5,
      reason: 'heap grows 1.02 KB/op in 5/5 repeats (95% CI 0.98–1.05 KB/op), linear; limit 64.0 B/op',
    },
    // No reason (a report from elsewhere): reporters state the facts from the fields.
    {
      resource: 'fd',
      status: 'suspicious',
      shape: 'irregular',
      perOp: null,
      perMin: 0.6,
      ci: [0.1, 1.2],
      limit: 0.1,
      basis: 'perMin',
      unit: 'count',
      repeatsGrowing: 3,
      repeats: 5,
      reason: '',
    },
    {
      resource: 'rss',
      status: 'stable',
      shape: 'flat',
      perOp: 0,
      perMin: 1_000,
      ci: [-2_000, 3_000],
      limit: 1_000_000,
      unit: 'bytes',
      repeatsGrowing: 0,
      repeats: 5,
      reason: 'flat',
    },
  ],
  diagnosis: {
    heap: {
      growers: [
        { name: 'Session', countDelta: 1200, sizeDelta: 96_000 },
        { name: 'Array', countDelta: 1200, sizeDelta: 38_400 },
      ],
      retainerPath: ['(GC roots)', 'Map', 'Session'],
      snapshots: ['.memgate/snapshots/session-cache-1.heapsnapshot', '.memgate/snapshots/session-cache-2.heapsnapshot'],
    },
    handles: [{ type: 'Timeout', delta: 3 }],
    fds: [{ target: 'socket:[12345]', delta: 2 }],
  },
});

export const errorWorkload = workload({
  name: 'broken-parser',
  status: 'error',
  baseline: null,
  error: {
    message: 'workload "broken-parser" crashed with exit code 1 in repeat 2 of 5',
    stderr:
      'starting\nTypeError: Cannot read properties of undefined\n    at parse (workloads/broken-parser.workload.ts:12:7)\n',
  },
});

export const passReport = report('compare', [passWorkload], 'pass');
export const regressionReport = report(
  'compare',
  [regressedWorkload, passWorkload, leakWorkload, errorWorkload],
  'error',
);
export const runReport = report(
  'run',
  [
    workload({
      name: 'json-roundtrip',
      status: 'regressed',
      baseline: null,
      metrics: [
        verdict({
          id: 'alloc.perOp',
          unit: 'bytes/op',
          status: 'measured',
          current: 612.4,
          spread: 0.3,
          reason: 'measured',
        }),
        verdict({
          id: 'rss.peak',
          unit: 'bytes',
          noise: 'noisy',
          status: 'over-budget',
          current: 41_000_000,
          spread: 250_000,
          reason: '41.0 MB > 40.0 MB budget',
        }),
        verdict({
          id: 'gc.pause.p95',
          unit: 'ms',
          noise: 'noisy',
          status: 'measured',
          current: 0.85,
          spread: 0.12,
          reason: 'measured',
        }),
      ],
    }),
  ],
  'regressed',
);
