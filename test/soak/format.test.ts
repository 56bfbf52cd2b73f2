import { describe, expect, it } from 'vitest';
import { formatProgress, formatStatus } from '../../harness/soak/format.js';
import type { SoakState } from '../../harness/soak/state.js';

const rising = {
  direction: 'rising' as const,
  perMin: 1.19e6,
  low: 1.1e6,
  high: 1.3e6,
  limit: 1e5,
  samples: 22,
  recent: [],
};
const pending = {
  resource: 'rss' as const,
  perMin: 1.19e6,
  limit: 1e5,
  minutesMore: 2,
  message: 'memory grows 1.19 MB/min (…): not enough evidence yet, about 2 more minutes needed',
};
const state: SoakState = {
  schemaVersion: 1,
  tag: 'quick',
  workload: 'bot',
  status: 'inconclusive',
  pid: 1,
  startedAt: '2026-11-30T00:00:00.000Z',
  updatedAt: '2026-11-30T00:02:00.000Z',
  targetMs: 120_000,
  intervalMs: 5_000,
  elapsedMs: 120_000,
  cleanMs: 120_000,
  checks: 24,
  lastCheck: '2026-11-30T00:02:00.000Z',
  current: { rss: 62e6, fds: 12, processes: 1 },
  trend: { rss: rising, fd: null },
  breaches: [],
  pending: [pending],
  reports: ['/p/.memgate/soak/quick.report.json', '/p/soak.html'],
  memgateRss: { first: 110e6, last: 120e6, peak: 125e6 },
  error: null,
};

describe('soak progress and status text', () => {
  it('says at every check that a rate is over its limit without enough evidence yet', () => {
    expect(formatProgress({ ...state, status: 'running' })).toMatch(
      /^soak quick: 2m 00s of 2m 00s, rss 62\.0 MB \+1\.19 MB\/min \(limit 0\.10 MB\/min\), rising, fds 12 · rss over its limit, not enough evidence yet \(~2 min more\)$/,
    );
    expect(formatProgress({ ...state, pending: [] })).not.toContain('evidence');
  });

  it('lists the pending evidence and the report files in the status', () => {
    const text = formatStatus(state);
    expect(text).toMatch(/^soak quick: inconclusive \(workload bot, pid 1\)\n/);
    expect(text).toContain(`  inconclusive: ${pending.message}\n`);
    expect(text).toContain('  report: /p/.memgate/soak/quick.report.json\n  report: /p/soak.html\n');
  });
});
