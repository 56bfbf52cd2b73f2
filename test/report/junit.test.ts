import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../harness/report/junit.js';
import type { InformationalCause } from '../../harness/model/report.js';
import { errorWorkload, leakWorkload, regressionReport, report, runReport, verdict, workload } from './fixtures.js';

// A strict check for the XML subset the reporter writes: balanced elements,
// quoted attributes, no raw "<" or "&" in text, only the five predefined entities.
function checkWellFormed(xml: string): string[] {
  const body = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  const stack: string[] = [];
  const roots: string[] = [];
  const token = /<(\/?)([A-Za-z][\w.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/gy;
  for (let match = token.exec(body); match !== null; match = token.exec(body)) {
    const [, closing, name, attributes, selfClosing, text, stray] = match;
    if (stray !== undefined) throw new Error(`stray "<" at ${match.index}`);
    if (text !== undefined) {
      if (/&(?!(?:amp|lt|gt|quot|apos);)/.test(text)) throw new Error(`bare "&" in text at ${match.index}`);
      if (stack.length === 0 && text.trim() !== '') throw new Error('text outside the root element');
      continue;
    }
    if (/&(?!(?:amp|lt|gt|quot|apos);)/.test(attributes ?? '')) throw new Error(`bare "&" in attributes of <${name}>`);
    if (closing) {
      if (stack.pop() !== name) throw new Error(`</${name}> closes the wrong element`);
    } else if (!selfClosing) {
      if (stack.length === 0) roots.push(name ?? '');
      stack.push(name ?? '');
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
  return roots;
}

describe('junit reporter', () => {
  it('is well-formed: one root, balanced elements, escaped text', () => {
    expect(checkWellFormed(renderJunit(regressionReport))).toEqual(['testsuites']);
  });

  it('has one testsuite per workload and fails exactly the lines that fail the build', () => {
    const xml = renderJunit(regressionReport);
    expect(xml).toContain(
      '<testsuites name="memgate compare" tests="14" failures="4" errors="1" skipped="2" timestamp="2026-11-21T01:00:00.000Z">',
    );
    expect(xml).toContain(
      '<testsuite name="buffer-pool" tests="6" failures="2" errors="0" skipped="2" file="workloads/buffer-pool.workload.ts">',
    );
    expect(xml).toContain(
      '    <testcase name="alloc.perOp" classname="buffer-pool" file="workloads/buffer-pool.workload.ts">\n      <failure message="regressed: +20.1% &gt; 5% and +123 B/op &gt; 64 B/op floor" type="regressed">611 B/op → 734 B/op (+20.1%)\n+20.1% &gt; 5% and +123 B/op &gt; 64 B/op floor</failure>\n    </testcase>',
    );
    expect(xml).toContain(
      '<testcase name="gc.count" classname="buffer-pool" file="workloads/buffer-pool.workload.ts"/>',
    );
    expect(xml).toContain(
      '<testcase name="custom.cacheHits" classname="buffer-pool" file="workloads/buffer-pool.workload.ts">\n      <skipped message="new: no baseline value yet"/>',
    );
    expect(xml).toMatch(
      /<testcase name="leak\.heap" classname="session-cache"[^>]*>\n {6}<failure message="heap leaking \+1\.02 KB\/op/,
    );
    expect(xml, 'a suspicious finding does not fail').toContain(
      '<testcase name="leak.fd" classname="session-cache" file="workloads/session-cache.workload.ts"/>',
    );
    expect(xml).toContain(
      '<testcase name="run" classname="broken-parser" file="workloads/broken-parser.workload.ts">\n      <error message="workload &quot;broken-parser&quot; crashed with exit code 1 in repeat 2 of 5" type="error">starting\nTypeError',
    );
  });

  it('in run mode tests only budgets that failed and leak findings', () => {
    const xml = renderJunit(runReport);
    expect(xml).toContain('tests="1" failures="1" errors="0" skipped="0"');
    expect(xml).toContain('<testcase name="rss.peak"');
    expect(xml).not.toContain('alloc.perOp');
  });

  it('skips informational verdicts instead of failing them', () => {
    const informational = workload({
      name: 'w',
      status: 'pass',
      envMismatch: ['node v20 → v22'],
      metrics: [
        verdict({
          id: 'gc.pause.p95',
          unit: 'ms',
          status: 'regressed',
          current: 2,
          baseline: 1,
          informational: true,
          reason: 'node differs',
        }),
      ],
    });
    const xml = renderJunit(report('compare', [informational], 'pass'));
    expect(xml).toContain('failures="0"');
    expect(xml).toContain(
      '<skipped message="informational (environment differs from the baseline): regressed: node differs"/>',
    );
  });

  it('labels an informational verdict on the same environment as not gated, not as an environment difference', () => {
    const latency = workload({
      name: 'w',
      status: 'pass',
      metrics: [
        verdict({
          id: 'latency.p95',
          unit: 'ms',
          status: 'regressed',
          current: 2,
          baseline: 1,
          informational: true,
          reason: '+100%',
        }),
      ],
    });
    const xml = renderJunit(report('compare', [latency], 'pass'));
    expect(xml).toContain('failures="0"');
    expect(xml).toContain('<skipped message="informational (not gated by default): regressed: +100%"/>');
    expect(xml).not.toContain('environment differs');
  });

  it('labels a skipped verdict with the cause compare gave it: the CPU for a timed metric on another CPU', () => {
    const unchangedInformational = (id: string, informationalCause: InformationalCause) =>
      verdict({
        id,
        unit: 'ms',
        status: 'unchanged',
        current: 1,
        baseline: 1,
        informational: true,
        informationalCause,
        reason: '0.0%',
      });
    const onOtherCpu = workload({
      name: 'other-cpu',
      metrics: [unchangedInformational('gc.pause.p95', 'cpu'), unchangedInformational('gc.count.gen0', 'not-gated')],
    });
    const xml = renderJunit(report('compare', [onOtherCpu], 'pass'));
    expect(xml).toContain('<skipped message="informational (CPU differs from the baseline): unchanged: 0.0%"/>');
    expect(xml).toContain('<skipped message="informational (not gated by default): unchanged: 0.0%"/>');
  });

  it('escapes hostile names and drops characters XML forbids', () => {
    const hostile = workload({
      ...errorWorkload,
      name: '<x y="1">&amp;\u0001',
      error: { message: ']]></error><x>', stderr: '\u001b[31m<&>\u0000' },
    });
    const xml = renderJunit(report('compare', [hostile, leakWorkload], 'error'));
    expect(checkWellFormed(xml)).toEqual(['testsuites']);
    expect(xml).toContain('name="&lt;x y=&quot;1&quot;&gt;&amp;amp;"');
    expect(xml).toContain('type="error">&lt;&amp;&gt;</error>');
  });
});
