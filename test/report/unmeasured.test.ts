// An `unmeasured` budget and a failed growth limit in every reporter: shown
// with the failures, never as 0, and failing where reporters gate (junit).
import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../harness/report/junit.js';
import { renderMarkdown } from '../../harness/report/markdown.js';
import { renderTerminal } from '../../harness/report/terminal.js';
import { renderHtml } from '../../harness/report/html.js';
import { renderJson } from '../../harness/report/json.js';
import { groupMetrics } from '../../harness/report/select.js';
import { report, verdict, workload } from './fixtures.js';

const GC_REASON =
  'the GC probe reported nothing (did the program exit before writing its result?); its budget could not be checked, so it fails';
const GROWTH_REASON =
  'custom.goroutines grows +68,400/h (95% CI +60,000/h to +70,000/h); beyond the limit in 1/1 repeats; limit 5/h — over the limit';

const bot = workload({
  name: 'trading-bot',
  kind: 'process',
  status: 'regressed',
  baseline: null,
  metrics: [
    verdict({ id: 'rss.peak', unit: 'bytes', status: 'measured', current: 20e6, reason: 'within budget ≤ 40 MB' }),
    verdict({ id: 'gc.pause.p95', unit: 'ms', status: 'unmeasured', reason: GC_REASON }),
    verdict({
      id: 'growth.custom.goroutines',
      unit: 'count/h',
      status: 'over-budget',
      current: 68_400,
      reason: GROWTH_REASON,
    }),
  ],
});
const runReport = report('run', [bot], 'regressed');

describe('unmeasured in every reporter', () => {
  it('sorts unmeasured with the failures, right after over-budget', () => {
    expect(groupMetrics(bot.metrics).changed.map((m) => m.status)).toEqual(['over-budget', 'unmeasured']);
  });

  it("names a process workload's runtime in its header line, and only 'process' without one", () => {
    const python = report('run', [{ ...bot, runtime: 'python 3.11.7' }], 'regressed');
    expect(renderTerminal(python, { color: false, verbose: false })).toMatch(
      /^✖ trading-bot {2}regressed {2}· 5 repeats · process · python 3\.11\.7$/m,
    );
    expect(renderMarkdown(python)).toContain('· process · python 3.11.7</sub>');
    expect(renderTerminal(runReport, { color: false, verbose: false })).toMatch(/· process$/m);
    expect(renderMarkdown(runReport)).toContain('· process</sub>');
  });

  it('terminal: the reason, no value shown as 0, and a growth rate per hour', () => {
    const text = renderTerminal(runReport, { color: false, verbose: false });
    expect(text).toContain('gc.pause.p95');
    expect(text).toContain(GC_REASON);
    expect(text).not.toMatch(/gc\.pause\.p95\s+0 ms/);
    expect(text).toContain('68,400/h');
  });

  it('markdown: ⛔ unmeasured', () => {
    const text = renderMarkdown(runReport);
    expect(text).toMatch(/gc\.pause\.p95.*⛔ unmeasured/);
    expect(text).toContain('growth.custom.goroutines');
  });

  it('junit: a failure of type unmeasured, and the growth limit as over-budget', () => {
    const xml = renderJunit(runReport);
    expect(xml).toMatch(
      /<testcase name="gc\.pause\.p95"[^>]*>\s*<failure message="unmeasured: the GC probe[^"]*" type="unmeasured">/,
    );
    expect(xml).toMatch(/<testcase name="growth\.custom\.goroutines"[^>]*>\s*<failure [^>]*type="over-budget">/);
  });

  it('json keeps current null; html colours it as a failure', () => {
    const json = JSON.parse(renderJson(runReport)) as {
      workloads: Array<{ metrics: Array<{ id: string; current: unknown; status: string }> }>;
    };
    expect(json.workloads[0]?.metrics.find((m) => m.id === 'gc.pause.p95')).toMatchObject({
      current: null,
      status: 'unmeasured',
    });
    expect(renderHtml(runReport)).toMatch(/background:#dc2626">unmeasured</);
  });
});
