import { describe, expect, it } from 'vitest';
import { buildSoakReport } from '../../harness/soak/report.js';
import type { SoakState } from '../../harness/soak/state.js';
import { renderJunit } from '../../harness/report/junit.js';
import { ENV } from '../fixtures/compare/make.js';
import { loadedProcessWorkload } from '../fixtures/process/loaded.js';
import { rawRun } from '../fixtures/stats/raw-run.js';

const flat = { direction: 'flat' as const, perMin: 0, low: 0, high: 0, limit: 1, samples: 10, recent: [] };
function state(fields: Partial<SoakState>): SoakState {
  return {
    schemaVersion: 1,
    tag: 'nightly',
    workload: 'server',
    status: 'passed',
    pid: 1,
    startedAt: '2026-11-21T00:00:00.000Z',
    updatedAt: '2026-11-21T00:01:00.000Z',
    targetMs: 60_000,
    intervalMs: 5_000,
    elapsedMs: 60_000,
    cleanMs: 60_000,
    checks: 12,
    lastCheck: '2026-11-21T00:01:00.000Z',
    current: { rss: 50e6, fds: 20, processes: 1 },
    trend: { rss: flat, fd: null },
    breaches: [],
    memgateRss: { first: 40e6, last: 40e6, peak: 40e6 },
    error: null,
    ...fields,
  };
}

const workload = loadedProcessWorkload({
  name: 'server',
  command: 'node',
  args: ['clean-service.mjs'],
  ready: { stdout: 'ready' },
});
const context = { env: ENV, commit: null, branch: null, createdAt: '2026-11-21T00:01:00.000Z' };
const run = rawRun({ workload: 'server', kind: 'process', wallMs: 60_000 });

describe('the soak report', () => {
  it('passes a soak that passed, with its summary as the first note and no problems', () => {
    const report = buildSoakReport(workload, run, state({}), context);
    expect(report.status).toBe('pass');
    expect(report.workloads[0]?.status).toBe('pass');
    expect(report.workloads[0]?.problems).toEqual([]);
    expect(report.workloads[0]?.notes[0]).toMatch(/^soak "nightly": passed after/);
  });

  it('reports each breach as a problem, which regresses the workload and fails a JUnit testcase', () => {
    const breach = {
      resource: 'rss' as const,
      atMs: 30_000,
      perMin: 8e6,
      limit: 1e6,
      message: 'memory grow 8 MB/min over the 1 MB/min limit',
    };
    const report = buildSoakReport(workload, run, state({ status: 'failed', breaches: [breach] }), context);
    const server = report.workloads[0];
    expect(server?.status).toBe('regressed');
    expect(report.status).toBe('regressed');
    expect(server?.problems).toEqual([
      expect.stringMatching(/^soak breach at 30(\.0)? ?s: memory grow 8 MB\/min over the 1 MB\/min limit$/),
    ]);
    expect(renderJunit(report)).toMatch(
      /<failure message="soak breach at [^"]*: memory grow 8 MB\/min[^"]*" type="problem">/,
    );
  });
});
