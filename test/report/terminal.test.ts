import { describe, expect, it } from 'vitest';
import { renderTerminal } from '../../harness/report/terminal.js';
import {
  leakWorkload,
  passWorkload,
  regressedWorkload,
  errorWorkload,
  report,
  runReport,
  verdict,
  workload,
} from './fixtures.js';

const HEADER = [
  'memgate compare · fedcba9 on feature/faster-json',
  'node v20.19.0 (V8 11.3.244.8-node.26) · linux x64 · 2 × Intel(R) Xeon(R) CPU @ 2.20GHz · 8.00 GB RAM, cgroup 4.00 GB · memgate 0.1.0',
  '',
];

describe('terminal reporter, compare mode', () => {
  it('aligns baseline → current, change, status and reason; collapses unchanged metrics', () => {
    const text = renderTerminal(report('compare', [regressedWorkload, passWorkload], 'regressed'), { color: false });
    expect(text).toBe(
      [
        ...HEADER,
        '✖ buffer-pool  regressed  · 5 repeats · 1 confirm run · baseline 0123456',
        '  metric            baseline         current       change  status       reason',
        '  rss.peak               38.2 MB  →       41.0 MB   +7.3%  over-budget  41.0 MB > 40.0 MB budget',
        '  alloc.perOp           611 B/op  →      734 B/op  +20.1%  regressed    +20.1% > 5% and +123 B/op > 64 B/op floor',
        '  fd.peak                     14  →             —       —  missing      in the baseline, not measured now',
        '  custom.cacheHits             —  →          0.82       —  new          no baseline value yet',
        '  throughput        12,000 ops/s  →  15,200 ops/s  +26.7%  improved     +26.7% > 10%, p=0.008',
        '  1 unchanged',
        '',
        '✔ json-roundtrip  pass  · 5 repeats · baseline 0123456',
        '  2 unchanged · 1 within noise',
        '',
        '✖ memgate compare: regressed · 2 workloads · 1 regressed · 1 over budget',
        '',
      ].join('\n'),
    );
  });

  it('lists unchanged and noise metrics when verbose', () => {
    const text = renderTerminal(report('compare', [passWorkload], 'pass'), { color: false, verbose: true });
    expect(text).toContain('  alloc.perOp   611 B/op  →  612 B/op   +0.2%  unchanged  +0.2% within 5%\n');
    expect(text).toContain('  gc.pause.p95    720 µs  →    850 µs  +18.1%  noise      +18.1% but p=0.31 ≥ 0.01\n');
    expect(text).not.toContain('unchanged · ');
    expect(text.endsWith('✔ memgate compare: pass · 1 workload\n')).toBe(true);
  });

  it('shows leaks with rate and interval, what grew, and the stderr tail of an error', () => {
    const text = renderTerminal(report('compare', [leakWorkload, errorWorkload], 'error'), { color: false });
    expect(text).toContain(
      '\n  heap leaking +1.02 KB/op (0.31 MB/min, 95% CI 0.28–0.35)\n    heap grows 1.02 KB/op in 5/5 repeats (95% CI 0.98–1.05 KB/op), linear; limit 64.0 B/op\n',
    );
    expect(text, 'without a reason, the facts with the limit in its basis').toContain(
      '  fd suspicious 0.60/min (95% CI 0.10–1.20)\n    irregular, grew in 3/5 repeats, limit 0.10/min\n',
    );
    expect(text, 'stable findings are not listed').not.toContain('rss stable');
    expect(text).toContain('    Session  +1,200 objects  +96.0 KB\n    Array    +1,200 objects  +38.4 KB\n');
    expect(text).toContain(
      '  retained by: (GC roots) → Map → Session\n  handles: Timeout +3\n  file descriptors: socket:[12345] +2\n',
    );
    expect(text).toContain(
      '⚠ broken-parser  error  · 5 repeats\n  workload "broken-parser" crashed with exit code 1 in repeat 2 of 5\n  stderr (last 12 lines):\n  │ starting\n',
    );
    expect(text.endsWith('⚠ memgate compare: error · 2 workloads · 1 regressed · 1 leak · 1 error\n')).toBe(true);
  });

  it('says when a workload has no baseline yet', () => {
    const fresh = workload({
      name: 'fresh',
      status: 'new',
      baseline: null,
      metrics: [verdict({ id: 'gc.count', unit: 'count', status: 'new', current: 3, reason: 'no baseline value yet' })],
    });
    const text = renderTerminal(report('compare', [fresh], 'pass'), { color: false });
    expect(text).toContain('● fresh  new  · 5 repeats · no baseline yet\n');
    expect(text).toContain('  gc.count         —  →        3       —  new     no baseline value yet\n');
  });

  it('puts an environment mismatch at the top, before any workload', () => {
    const mismatched = workload({
      name: 'json-roundtrip',
      envMismatch: ['node v20 → v22'],
      metrics: passWorkload.metrics,
    });
    const text = renderTerminal(report('compare', [regressedWorkload, mismatched], 'regressed'), { color: false });
    const warning = text.indexOf('⚠ environment differs from the baseline: node v20 → v22 (json-roundtrip)');
    expect(warning).toBeGreaterThan(0);
    expect(warning).toBeLessThan(text.indexOf('buffer-pool'));
  });

  it('strips escape sequences and control characters from user strings', () => {
    const hostile = workload({
      name: 'evil\u001b[2J\u001b]0;title\u0007\u202ename',
      error: { message: 'boom\u0007', stderr: 'line\u001b[31m red\u001b[0m\r\n' },
      status: 'error',
    });
    const text = renderTerminal(report('compare', [hostile], 'error'), { color: false });
    expect(text).toContain('⚠ evilname  error');
    expect(text).toContain('  │ line red\n');
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
  });
});

describe('terminal reporter, run mode and colour', () => {
  it('prints median ± spread per metric, budgets marked', () => {
    const text = renderTerminal(runReport, { color: false });
    expect(text).toContain(
      [
        '✖ json-roundtrip  regressed  · 5 repeats',
        '  metric        median    ± spread     status       reason',
        '  rss.peak       41.0 MB  ± 250 KB     over-budget  41.0 MB > 40.0 MB budget',
        '  alloc.perOp   612 B/op  ± 0.30 B/op',
        '  gc.pause.p95    850 µs  ± 120 µs',
        '',
      ].join('\n'),
    );
  });

  // A pooled P95 is no median of repeats and may read above the median of the repeats' maxima beside it.
  it('marks a pooled pause percentile, in run and in compare mode', () => {
    const pooled = verdict({ id: 'gc.pause.p95', unit: 'ms', status: 'measured', current: 24.1, pooled: true });
    const max = verdict({ id: 'gc.pause.max', unit: 'ms', status: 'measured', current: 20 });
    const run = renderTerminal(report('run', [workload({ name: 'svc', metrics: [pooled, max] })], 'pass'), {
      color: false,
    });
    expect(run).toMatch(/gc\.pause\.p95 +24\.1 ms \(pooled\)/);
    expect(run).toMatch(/gc\.pause\.max +20\.0 ms\n/);
    const regressed = { ...pooled, status: 'regressed' as const, baseline: 8 };
    const compare = renderTerminal(report('compare', [workload({ name: 'svc', metrics: [regressed] })], 'regressed'), {
      color: false,
    });
    expect(compare).toMatch(/8\.00 ms +→ +24\.1 ms \(pooled\)/);
  });

  it('leaves out the status and reason columns when no budget failed', () => {
    const measured = workload({
      name: 'tiny',
      baseline: null,
      metrics: runReport.workloads[0]?.metrics.filter((metric) => metric.status === 'measured') ?? [],
    });
    const text = renderTerminal(report('run', [measured], 'pass'), { color: false });
    expect(text).toContain(
      [
        '  metric        median    ± spread',
        '  alloc.perOp   612 B/op  ± 0.30 B/op',
        '  gc.pause.p95    850 µs  ± 120 µs',
        '',
      ].join('\n'),
    );
  });

  it('colours statuses only when asked, and colour never shifts the columns', () => {
    const input = report('compare', [regressedWorkload], 'regressed');
    const plain = renderTerminal(input, { color: false });
    const coloured = renderTerminal(input, { color: true });
    expect(plain).not.toContain('\u001b[');
    expect(coloured).toContain('\u001b[31mregressed  \u001b[39m');
    expect(coloured).toContain('\u001b[32mimproved   \u001b[39m');
    expect(coloured).toContain('\u001b[33mnew        \u001b[39m');
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(plain);
  });
});
