import { describe, expect, it } from 'vitest';
import { buildSoakReport } from '../../harness/soak/report.js';
import { TOO_SHORT_HINT } from '../../harness/metrics/leak-reason.js';
import type { SoakState } from '../../harness/soak/state.js';
import { renderJunit } from '../../harness/report/junit.js';
import { ENV } from '../fixtures/compare/make.js';
import { loadedProcessWorkload } from '../fixtures/process/loaded.js';
import { rawRun, treeSample } from '../fixtures/stats/raw-run.js';

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
    pending: [],
    reports: [],
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

  it('fails an inconclusive soak with the minutes it still needs, and never says "use memgate soak" inside one', () => {
    const pending = {
      resource: 'rss' as const,
      perMin: 1.19e6,
      limit: 1e5,
      minutesMore: 2,
      message: 'memory grows 1.19 MB/min (…): not enough evidence yet, about 2 more minutes needed',
    };
    const report = buildSoakReport(workload, run, state({ status: 'inconclusive', pending: [pending] }), context);
    const server = report.workloads[0];
    expect(server?.status).toBe('regressed');
    expect(server?.problems).toEqual([`soak inconclusive: ${pending.message}`]);
    expect(server?.notes[0]).toMatch(/^soak "nightly": inconclusive after/);
    // The same pending evidence while the soak still runs is not a problem.
    const running = buildSoakReport(workload, run, state({ status: 'running', pending: [pending] }), context);
    expect(running.workloads[0]?.problems).toEqual([]);
  });

  it('tells a soak too short for per-minute limits to run longer, not to "use memgate soak"', () => {
    // 30 s of tree samples growing 10 MB: under the 1-minute span per-minute limits need.
    const tree = Array.from({ length: 31 }, (_, i) => treeSample({ tMs: i * 1000, rss: 80e6 + i * 333_000 }));
    const short = rawRun({ workload: 'server', kind: 'process', wallMs: 30_000, tree });
    const report = JSON.stringify(buildSoakReport(workload, short, state({ targetMs: 30_000 }), context));
    expect(report).toContain('run the soak longer (--duration)');
    expect(report).not.toContain(TOO_SHORT_HINT);
  });
});
