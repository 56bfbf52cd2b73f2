// Every reporter renders an A/B report like a compare report, names both
// sides, and shows `contended` verdicts among the changed metrics.
import { describe, expect, it } from 'vitest';
import { compareWorkload } from '../../harness/compare/workload.js';
import { markContended } from '../../harness/compare/contention.js';
import { assembleReport } from '../../harness/pipeline/build-report.js';
import { Report } from '../../harness/model/report.js';
import { renderJunit } from '../../harness/report/junit.js';
import { renderMarkdown } from '../../harness/report/markdown.js';
import { renderTerminal } from '../../harness/report/terminal.js';
import { renderJson } from '../../harness/report/json.js';
import { ENV, baselineOf, measurement, policyOf } from '../fixtures/compare/make.js';

const policy = policyOf();
const base = measurement({ 'alloc.perOp': [1000, 1000, 1000, 1000, 1000], 'gc.pause.p95': [2, 2.1, 2, 1.9, 2] });
const head = measurement({ 'alloc.perOp': [1500, 1500, 1500, 1500, 1500], 'gc.pause.p95': [9, 9.5, 9, 8.8, 9.2] });
const busy = { stall: 0.6, loadPerCore: 2, cpuPerWall: 0.4 };
const entry = markContended(
  compareWorkload(head, baselineOf(base, { recorded: { at: 'x', commit: '5d6e7f8aa', branch: 'main' } }), policy, {
    mode: 'compare',
  }),
  [busy, busy, busy, busy, busy],
);
const report: Report = Report.parse({
  ...assembleReport([entry], { env: ENV, commit: '1a2b3c4dd', branch: 'feature', createdAt: 'now' }, 'ab'),
  ab: { base: { ref: 'main', commit: '5d6e7f8aa' }, head: { ref: 'feature', commit: '1a2b3c4dd' }, seed: 42 },
});
const SIDES = 'A/B: head 1a2b3c4 (feature) vs base main (5d6e7f8), interleaved on this machine, seed 42';

describe('A/B reports', () => {
  it('markdown: mode ab, both sides, the regression and the contended verdict', () => {
    const md = renderMarkdown(report);
    expect(md).toContain('memgate ab: regressed');
    expect(md).toMatch(/A\/B: head 1a2b3c4 \\?\(feature\\?\) vs base main \\?\(5d6e7f8\\?\)/);
    expect(md).toContain('alloc.perOp');
    expect(md).toMatch(/🟠[^\n]*contended/);
  });

  it('terminal: the compare table with both sides named', () => {
    const text = renderTerminal(report, { color: false, verbose: false });
    expect(text).toContain('memgate ab');
    expect(text).toContain(SIDES);
    expect(text).toMatch(/gc\.pause\.p95.*contended/);
    expect(text).toMatch(/alloc\.perOp.*regressed/);
  });

  it('junit and json: metric cases as in compare mode, the ab block kept', () => {
    const xml = renderJunit(report);
    expect(xml).toContain('name="memgate ab"');
    expect(xml).toContain('alloc.perOp');
    expect(JSON.parse(renderJson(report))).toMatchObject({ mode: 'ab', ab: { seed: 42 } });
  });
});
