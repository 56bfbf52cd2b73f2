import { describe, expect, it } from 'vitest';
import { applyConfirmation, noteFailedConfirmation, pendingConfirmation } from '../../harness/compare/confirm.js';
import { compareWorkload } from '../../harness/compare/workload.js';
import { baselineOf, measurement, policyOf } from '../fixtures/compare/make.js';

const policy = policyOf();
const MB = 1e6;
const base = measurement({
  'rss.peak': [40, 40.2, 40.4, 40.6, 40.8].map((x) => x * MB),
  'alloc.perOp': [612, 612, 612, 612, 612],
});
const baseline = baselineOf(base);
const judge = (rss: number[], alloc = 612) =>
  compareWorkload(
    measurement({ 'rss.peak': rss.map((x) => x * MB), 'alloc.perOp': [alloc, alloc, alloc, alloc, alloc] }),
    baseline,
    policy,
    { mode: 'compare' },
  );
const up = [46, 46.2, 46.4, 46.6, 46.8];

describe('confirmation of failures', () => {
  it('every failing metric is pending, even one whose repeats all agreed; passing ones are not', () => {
    // A whole run can shift with its repeats agreeing (JIT timing): spread 0 is no proof of a real change.
    expect(pendingConfirmation(judge(up, 700))).toEqual(['rss.peak', 'alloc.perOp']);
    expect(pendingConfirmation(judge([40, 40.2, 40.4, 40.6, 40.8], 700))).toEqual(['alloc.perOp']);
    expect(pendingConfirmation(judge([40, 40.2, 40.4, 40.6, 40.8]))).toEqual([]);
    // Allocation whose repeats scattered (spread > 0) is confirmed like a noisy metric.
    const scattered = compareWorkload(measurement({ 'alloc.perOp': [700, 720, 680, 710, 690] }), baseline, policy, {
      mode: 'compare',
    });
    expect(scattered.metrics.find((m) => m.id === 'alloc.perOp')?.status).toBe('regressed');
    expect(pendingConfirmation(scattered)).toEqual(['alloc.perOp']);
    // GC counts are rank-tested (pValue set): confirmed even when their repeats tie.
    const gcBase = baselineOf(measurement({ 'gc.count': [19, 19, 17, 19, 18] }));
    const moreGcs = compareWorkload(measurement({ 'gc.count': [26, 26, 25, 27, 26] }), gcBase, policy, {
      mode: 'compare',
    });
    expect(moreGcs.metrics[0]).toMatchObject({ status: 'regressed', spread: 0 });
    expect(pendingConfirmation(moreGcs)).toEqual(['gc.count']);
  });

  it('a regression seen again in the re-run stands, and confirmRuns counts the re-run', () => {
    const confirmed = applyConfirmation(judge(up), judge(up), 1);
    expect(confirmed.status).toBe('regressed');
    expect(confirmed.confirmRuns).toBe(1);
    expect(confirmed.metrics[0]?.status).toBe('regressed');
    expect(confirmed.metrics[0]?.reason).toMatch(/; confirmed by re-run 1: \+14\.9%/);
  });

  it('a regression the re-run does not reproduce becomes noise and the workload passes', () => {
    const demoted = applyConfirmation(judge(up), judge([40.1, 40.3, 40.5, 40.7, 40.9]), 1);
    expect(demoted.metrics[0]?.status).toBe('noise');
    expect(demoted.metrics[0]?.reason).toMatch(/^not confirmed: first run regressed \(.*\), re-run 1 unchanged: /);
    expect(demoted.status).toBe('pass');
    expect(demoted.confirmRuns).toBe(1);
  });

  it('a failed graceful shutdown keeps the workload regressed when the re-run demotes the noisy regression', () => {
    const problem = 'shutdown took 6.2s, over the 5s timeout';
    const first = compareWorkload(
      measurement(
        { 'rss.peak': up.map((x) => x * MB), 'alloc.perOp': [612, 612, 612, 612, 612] },
        { problems: [problem] },
      ),
      baseline,
      policy,
      { mode: 'compare' },
    );
    const demoted = applyConfirmation(first, judge([40.1, 40.3, 40.5, 40.7, 40.9]), 1);
    expect(demoted.metrics[0]?.status).toBe('noise');
    expect(demoted.problems).toEqual([problem]);
    expect(demoted.status).toBe('regressed');
  });

  it('a failed re-run leaves the verdict standing, with a note', () => {
    const report = noteFailedConfirmation(judge(up), 1, 'child crashed');
    expect(report.status).toBe('regressed');
    expect(report.notes.at(-1)).toBe("confirmation re-run 1 failed (child crashed); the first run's verdicts stand");
  });
});
