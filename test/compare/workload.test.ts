import { describe, expect, it } from 'vitest';
import { compareWorkload } from '../../harness/compare/workload.js';
import { ENV, baselineOf, leak, measurement, policyOf } from '../fixtures/compare/make.js';

const MB = 1e6;
const rssBase = [40, 40.2, 40.4, 40.6, 40.8].map((x) => x * MB);
const rssUp = [46, 46.2, 46.4, 46.6, 46.8].map((x) => x * MB);
const statusOf = (report: { metrics: Array<{ id: string; status: string }> }, id: string) =>
  report.metrics.find((m) => m.id === id)?.status;

describe('compareWorkload', () => {
  it('a metric with too few events is insufficient: no value, never 0, never gated, even with a budget', () => {
    const reason = 'insufficient: 12 GC pauses in all 3 repeats together (as few as 3 in one), 20 needed';
    const before = measurement({ 'gc.pause.p95': [2, 2, 2], 'gc.count': [30, 30, 30] });
    const now = measurement({ 'gc.count': [3, 3, 3] }, { insufficient: { 'gc.pause.p95': reason } });
    const budgeted = policyOf({ budgets: { 'gc.pause.p95': '1ms' } });
    const report = compareWorkload(now, baselineOf(before), budgeted, { mode: 'compare' });
    const p95 = report.metrics.find((m) => m.id === 'gc.pause.p95');
    expect(p95).toMatchObject({ status: 'insufficient', current: null, baseline: 2, informational: true });
    expect(p95?.reason).toBe(`${reason}; its budget was not checked`);
    // Not also listed as "missing": the baseline value is there, this run could not compute it.
    expect(report.metrics.filter((m) => m.id === 'gc.pause.p95')).toHaveLength(1);
    expect(report.metrics.find((m) => m.id === 'gc.count')?.status).toBe('improved');
    const run = compareWorkload(now, undefined, budgeted, { mode: 'run' });
    expect(run.status).toBe('pass');
    expect(run.metrics.find((m) => m.id === 'gc.pause.p95')?.status).toBe('insufficient');
  });

  it('unchanged code passes; verdicts carry baseline, current and change', () => {
    const m = measurement({ 'alloc.perOp': [612, 612, 612.1, 612, 612], 'rss.peak': rssBase });
    const report = compareWorkload(m, baselineOf(m), policyOf(), { mode: 'compare' });
    expect(report.status).toBe('pass');
    expect(report.metrics.map((v) => [v.id, v.status, v.change])).toEqual([
      ['alloc.perOp', 'unchanged', 0],
      ['rss.peak', 'unchanged', 0],
    ]);
    expect(report.baseline).toEqual({ commit: 'c0ffee', branch: 'main', recordedAt: '2026-01-01T00:00:00.000Z' });
    expect(report.envMismatch).toEqual([]);
  });

  it('a regressed metric makes the workload regressed; an improved one, improved', () => {
    const before = measurement({ 'alloc.perOp': [612, 612, 612, 612, 612], 'gc.count': [10, 10, 10, 10, 10] });
    const worse = measurement({ 'alloc.perOp': [688, 688, 688, 688, 688], 'gc.count': [10, 10, 10, 10, 10] });
    expect(compareWorkload(worse, baselineOf(before), policyOf(), { mode: 'compare' }).status).toBe('regressed');
    const better = measurement({ 'alloc.perOp': [500, 500, 500, 500, 500], 'gc.count': [10, 10, 10, 10, 10] });
    expect(compareWorkload(better, baselineOf(before), policyOf(), { mode: 'compare' }).status).toBe('improved');
  });

  it('no baseline: every metric new, workload new (does not fail); a leak still fails it', () => {
    const m = measurement({ 'alloc.perOp': [612, 612, 612] });
    const report = compareWorkload(m, undefined, policyOf(), { mode: 'compare' });
    expect(report.status).toBe('new');
    expect(statusOf(report, 'alloc.perOp')).toBe('new');
    const leaking = compareWorkload(
      measurement({ 'alloc.perOp': [612] }, { leaks: [leak('leaking')] }),
      undefined,
      policyOf(),
      { mode: 'compare' },
    );
    expect(leaking.status).toBe('regressed');
    expect(leaking.leaks).toHaveLength(1);
    expect(
      compareWorkload(measurement({ 'alloc.perOp': [612] }, { leaks: [leak('suspicious')] }), undefined, policyOf(), {
        mode: 'compare',
      }).status,
    ).toBe('new');
  });

  it('metrics in the baseline but not measured are missing and do not fail', () => {
    const before = measurement({ 'alloc.perOp': [612], 'latency.p95': [1.2] });
    const report = compareWorkload(measurement({ 'alloc.perOp': [612] }), baselineOf(before), policyOf(), {
      mode: 'compare',
    });
    expect(statusOf(report, 'latency.p95')).toBe('missing');
    expect(report.status).toBe('pass');
  });

  it('over budget beats every other status, even unchanged, and fails', () => {
    const m = measurement({ 'rss.peak': rssBase });
    const report = compareWorkload(m, baselineOf(m), policyOf({ budgets: { 'rss.peak': '40MB' } }), {
      mode: 'compare',
    });
    const rss = report.metrics[0];
    expect(rss?.status).toBe('over-budget');
    expect(rss?.reason).toBe('median 40.4 MB > budget 40.0 MB (max); vs baseline: 0.0% (40.4 MB → 40.4 MB) ≤ 10%');
    expect(report.status).toBe('regressed');
  });

  it('environment mismatch: listed, noisy metrics informational (not gating) unless strict; deterministic ones still gate', () => {
    const before = measurement({ 'rss.peak': rssBase, 'alloc.perOp': [612, 612, 612, 612, 612] });
    const baseline = baselineOf(before, { env: { ...ENV, node: 'v18.19.0', arch: 'arm64' } });
    const now = measurement({ 'rss.peak': rssUp, 'alloc.perOp': [612, 612, 612, 612, 612] });
    const loose = compareWorkload(now, baseline, policyOf(), { mode: 'compare' });
    expect(loose.envMismatch).toEqual(['node 18 → 20', 'arch arm64 → x64']);
    expect(loose.metrics[0]).toMatchObject({ id: 'rss.peak', status: 'regressed', informational: true });
    expect(loose.metrics[0]?.reason).toMatch(/\(informational: environment differs, node 18 → 20, arch arm64 → x64\)$/);
    expect(loose.status).toBe('pass');
    const strict = compareWorkload(now, baseline, policyOf({ compare: { strict: true } }), { mode: 'compare' });
    expect(strict.metrics[0]?.informational).toBeUndefined();
    expect(strict.status).toBe('regressed');
  });

  it('another runtime of the measured program: a note that names both, and its figures still gate', () => {
    const python = (runtime: string | undefined) => ({ ...ENV, ...(runtime ? { runtime } : {}) });
    const baseline = baselineOf(
      measurement({ 'rss.peak': rssBase }, { kind: 'process', env: python('python 3.11.7') }),
    );
    const now = measurement({ 'rss.peak': rssUp }, { kind: 'process', env: python('python 3.11.2') });
    const result = compareWorkload(now, baseline, policyOf(), { mode: 'compare' });
    expect(result.notes).toContain(
      "the measured program's runtime differs from the baseline's (python 3.11.7 → python 3.11.2): its memory and GC figures can move with it; if the change is intended, re-record with `memgate update`",
    );
    expect(result.metrics.find((m) => m.id === 'rss.peak')).toMatchObject({ status: 'regressed' });
    expect(result.status).toBe('regressed');
    expect(result.runtime, "the report's header line shows it").toBe('python 3.11.2');
    // The same runtime, or one side without a probe to say: no note.
    for (const runtime of ['python 3.11.7', undefined]) {
      const same = compareWorkload({ ...now, env: python(runtime) }, baseline, policyOf(), { mode: 'compare' });
      expect(same.notes.join('\n')).not.toMatch(/runtime differs/);
    }
  });

  it('another CPU: timed metrics (GC pauses, GC time) informational unless strict; memory and counters still gate', () => {
    const before = measurement({
      'gc.pause.p95': [0.5, 0.52, 0.54, 0.56, 0.58],
      'gc.time': [30, 31, 32, 33, 34],
      'rss.peak': rssBase,
      'gc.count': [90, 90, 90, 90, 90],
    });
    const now = measurement({
      'gc.pause.p95': [1.9, 2, 2.1, 2.2, 2.3],
      'gc.time': [90, 91, 92, 93, 94],
      'rss.peak': rssUp,
      'gc.count': [150, 150, 150, 150, 150],
    });
    const baseline = baselineOf(before, { env: { ...ENV, cpuModel: 'Intel(R) Xeon(R) Processor' } });
    const loose = compareWorkload(now, baseline, policyOf(), { mode: 'compare' });
    const verdict = (id: string) => loose.metrics.find((m) => m.id === id);
    expect(verdict('gc.pause.p95')).toMatchObject({
      status: 'regressed',
      informational: true,
      informationalCause: 'cpu',
    });
    expect(verdict('gc.pause.p95')?.reason).toMatch(
      /\(informational: CPU differs from the baseline's, 2 × Intel\(R\) Xeon\(R\) Processor → 2 × Test CPU; timed metrics are compared only on the same CPU\)$/,
    );
    expect(verdict('gc.time')).toMatchObject({ status: 'regressed', informational: true });
    // What does not depend on the CPU's speed keeps gating.
    expect(verdict('rss.peak')).toMatchObject({ status: 'regressed' });
    expect(verdict('rss.peak')?.informational).toBeUndefined();
    expect(verdict('gc.count')?.informational).toBeUndefined();
    expect(loose.status).toBe('regressed');
    expect(loose.envMismatch).toEqual([]);
    expect(loose.notes.join('\n')).toMatch(
      /CPU differs from the baseline's .*reported, not gated; compare with --base/,
    );

    // Timed metrics alone: the workload passes, and strict gates them again.
    const timedOnly = (m: typeof now) => ({
      ...m,
      metrics: { 'gc.pause.p95': m.metrics['gc.pause.p95']!, 'gc.time': m.metrics['gc.time']! },
    });
    const onlyTimed = baselineOf(timedOnly(before), { env: { ...ENV, cpuCount: 4 } });
    expect(compareWorkload(timedOnly(now), onlyTimed, policyOf(), { mode: 'compare' }).status).toBe('pass');
    const strict = compareWorkload(timedOnly(now), onlyTimed, policyOf({ compare: { strict: true } }), {
      mode: 'compare',
    });
    expect(strict.status).toBe('regressed');
    // The same CPU: they gate.
    const same = compareWorkload(timedOnly(now), baselineOf(timedOnly(before)), policyOf(), { mode: 'compare' });
    expect(same.status).toBe('regressed');
  });

  it('a heap peak from the natural phase against one an older memgate read after forced GCs: reported, not gated', () => {
    const peaks = (mb: number[]) => ({ 'heap.used.peak': mb.map((x) => x * MB) });
    const natural = (m: ReturnType<typeof measurement>) => ({
      ...m,
      metrics: { 'heap.used.peak': { ...m.metrics['heap.used.peak']!, naturalPhase: true as const } },
    });
    const older = baselineOf(measurement(peaks([11.6, 11.7, 11.7, 11.8, 11.7])));
    const now = natural(measurement(peaks([14.8, 14.8, 14.9, 14.8, 14.8])));
    const report = compareWorkload(now, older, policyOf(), { mode: 'compare' });
    expect(report.metrics[0]).toMatchObject({
      status: 'regressed',
      informational: true,
      informationalCause: 'older-baseline',
    });
    expect(report.metrics[0]?.reason).toMatch(/read after memgate's forced collections .*re-record the baseline/);
    expect(report.status).toBe('pass');
    // Both read in the natural phase: it gates.
    const recorded = baselineOf(natural(measurement(peaks([11.6, 11.7, 11.7, 11.8, 11.7]))));
    expect(recorded.metrics['heap.used.peak']?.naturalPhase).toBe(true);
    expect(compareWorkload(now, recorded, policyOf(), { mode: 'compare' }).status).toBe('regressed');
  });

  it('gating turned off in the config reports the change without failing', () => {
    const before = measurement({ 'alloc.perOp': [612] });
    const report = compareWorkload(
      measurement({ 'alloc.perOp': [900] }),
      baselineOf(before),
      policyOf({ thresholds: { 'alloc.perOp': false } }),
      { mode: 'compare' },
    );
    expect(report.metrics[0]).toMatchObject({ status: 'regressed', informational: true });
    expect(report.status).toBe('pass');
  });

  it('wall-clock metrics report a regression without gating, unless a threshold opts them in', () => {
    const before = measurement({ 'latency.p95': [1, 1.1, 1.2, 1.3, 1.4] });
    const slower = measurement({ 'latency.p95': [3, 3.1, 3.2, 3.3, 3.4] });
    const report = compareWorkload(slower, baselineOf(before), policyOf(), { mode: 'compare' });
    expect(report.metrics[0]).toMatchObject({ status: 'regressed', informational: true });
    expect(report.metrics[0]?.reason).toBe(
      '+167% (1.20 ms → 3.20 ms) > 30% and +2.00 ms > 300 µs (3× spread), p=0.004 < 0.05 (wall-clock metric, not gated by default: set a threshold or a budget to gate it)',
    );
    expect(report.status).toBe('pass');
    const gated = compareWorkload(
      slower,
      baselineOf(before),
      policyOf({ thresholds: { 'latency.p95': { relative: '50%' } } }),
      { mode: 'compare' },
    );
    expect(gated.status).toBe('regressed');
    expect(
      compareWorkload(slower, baselineOf(before), policyOf({ budgets: { 'latency.p95': '3ms' } }), { mode: 'compare' })
        .status,
      'budgets gate regardless',
    ).toBe('regressed');
  });

  it('a changed definition hash adds a note pointing at memgate update', () => {
    const m = measurement({ 'alloc.perOp': [612] });
    const report = compareWorkload(
      measurement({ 'alloc.perOp': [612] }, { definitionHash: '9999999999999999' }),
      baselineOf(m),
      policyOf(),
      { mode: 'compare' },
    );
    expect(report.notes.some((n) => n.includes('abcdef01 → 99999999') && n.includes('memgate update demo'))).toBe(true);
  });

  it('run mode: measured, except budget breaches and leaks', () => {
    const m = measurement({ 'rss.peak': rssBase, 'alloc.perOp': [612] });
    const report = compareWorkload(m, undefined, policyOf({ budgets: { 'alloc.perOp': '600B' } }), { mode: 'run' });
    expect(report.metrics.map((v) => [v.id, v.status, v.reason])).toEqual([
      ['rss.peak', 'measured', 'measured'],
      ['alloc.perOp', 'over-budget', 'median 612 B/op > budget 600 B/op (max)'],
    ]);
    expect(report.status).toBe('regressed');
    const ok = compareWorkload(m, undefined, policyOf({ budgets: { 'alloc.perOp': '700B' } }), { mode: 'run' });
    expect(ok.metrics[1]?.reason).toBe('within budget ≤ 700 B/op');
    expect(ok.status).toBe('pass');
  });

  it('a failed graceful shutdown fails the workload in both modes, whatever the metrics say', () => {
    const m = measurement({ 'alloc.perOp': [612] });
    const hung = measurement(
      { 'alloc.perOp': [612] },
      { kind: 'process', problems: ['shutdown (repeat 2): did not exit within shutdown.timeout 700ms after SIGINT'] },
    );
    const compared = compareWorkload(hung, baselineOf(m), policyOf(), { mode: 'compare' });
    expect(compared.metrics[0]?.status).toBe('unchanged');
    expect(compared.problems).toEqual(['shutdown (repeat 2): did not exit within shutdown.timeout 700ms after SIGINT']);
    expect(compared.status).toBe('regressed');
    expect(compareWorkload(hung, undefined, policyOf(), { mode: 'run' }).status).toBe('regressed');
    expect(compareWorkload(m, baselineOf(m), policyOf(), { mode: 'compare' }).status).toBe('pass');
  });
});

describe('the default floor of leak.heap.perOp follows the ops per repeat', () => {
  const settings = (ops: number) => ({ settings: { ...measurement({}).settings, ops } });
  // Unchanged json-roundtrip: 1.35 B/op in its baseline, 1.58–2.20 B/op in later runs at ~4 000 ops.
  const base = (ops: number) =>
    baselineOf(measurement({ 'leak.heap.perOp': [1.3, 1.35, 1.35, 1.4, 1.35] }, settings(ops)));
  const drifted = (ops: number) => measurement({ 'leak.heap.perOp': [2.1, 2.16, 2.16, 2.2, 2.16] }, settings(ops));
  const verdict = (ops: number, input: object = {}) =>
    compareWorkload(drifted(ops), base(ops), policyOf(input), { mode: 'compare' }).metrics.find(
      (m) => m.id === 'leak.heap.perOp',
    );

  it('lets a few KB of drift over 4 000 ops pass: 8 KiB over the run is 2 B/op', () => {
    expect(verdict(4000)?.status).toBe('noise');
    expect(verdict(4000)?.reason).toMatch(/≤ 2\.05 B\/op floor/);
  });

  it('keeps 0.5 B/op once the run is long enough', () => {
    expect(verdict(160_000)?.status).toBe('regressed');
  });

  it('leaves a configured absolute floor as written', () => {
    const configured = verdict(4000, { thresholds: { 'leak.heap.perOp': { relative: '50%', absolute: 0.5 } } });
    expect(configured?.status).toBe('regressed');
  });
});
