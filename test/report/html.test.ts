import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../harness/report/html.js';
import { niceTicks } from '../../harness/report/svg.js';
import { passReport, pooledRegressedP95, regressionReport, report, runReport, workload } from './fixtures.js';
import { HOSTILE_NAME, hostileReport } from './hostile.js';

describe('renderHtml', () => {
  it('is one self-contained page: a CSP that forbids every request and script, no external URL', () => {
    const html = renderHtml(regressionReport);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'`);
    // The only URL is the SVG namespace, which is an identifier, never fetched.
    const urls = html.match(/https?:\/\/[^\s"'<>]+/g) ?? [];
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg']));
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=/i);
  });

  it('has one section per workload with its verdict, metrics table, leaks and what grew', () => {
    const html = renderHtml(regressionReport);
    expect(html.match(/<section class="workload"/g)).toHaveLength(4);
    expect(html).toContain('session-cache');
    expect(html).toContain('heap leaking +1.02 KB/op');
    expect(html).toContain('What grew');
    expect(html).toContain('(GC roots) → Map → Session');
    expect(html).toContain('Timeout +3');
    // Baseline against current: a pair of bars per gated metric with both values.
    expect(html).toContain('Baseline against current');
    expect(html).toContain('TypeError: Cannot read properties of undefined');
  });

  it('leaves the baseline chart out where there is no baseline (memgate run) and still renders a pass', () => {
    expect(renderHtml(runReport)).not.toContain('Baseline against current');
    expect(renderHtml(passReport)).toContain('memgate compare: pass');
  });

  it('marks a pooled pause percentile in the table and on its bar, as the other reporters do', () => {
    const pooled = pooledRegressedP95;
    const html = renderHtml(report('compare', [workload({ name: 'svc', metrics: [pooled] })], 'regressed'));
    expect(html).toContain('<td class="num">24.1 ms (pooled)</td>');
    expect(html).toContain('Baseline against current');
    expect(html.match(/24\.1 ms \(pooled\)/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it('draws a chart per resource with the fit, its band and the marks, and the GC pause histogram', () => {
    const html = renderHtml(hostileReport());
    expect(html.match(/<polyline class="series"/g)).toHaveLength(3);
    expect(html.match(/<polygon class="band"/g)).toHaveLength(3);
    expect(html.match(/<g class="mark">/g)).toHaveLength(3);
    expect(html).toContain('fitted slope 1.02 KB/op');
    expect(html).toContain('GC pauses by kind');
    expect(html.match(/<rect class="bar"/g)?.length).toBeGreaterThanOrEqual(2 + 2);
  });

  it('escapes every user string: names, reasons, notes, files, branch, stderr and marks', () => {
    const html = renderHtml(hostileReport());
    expect(html).not.toMatch(/<script|<img|<\/td><\/table>/i);
    expect(html.includes('\u001b')).toBe(false);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;');
    expect(html).toContain('&lt;/pre&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    // Ids in the page are derived, never copied from user strings.
    expect(html).not.toContain(`id="${HOSTILE_NAME}`);
  });
});

describe('niceTicks', () => {
  it('steps by 1, 2, 2.5 or 5 times a power of ten and covers the range', () => {
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(3_620_000, 3_650_000, 4)).toEqual([3_620_000, 3_630_000, 3_640_000, 3_650_000]);
    expect(niceTicks(5, 5)).toEqual([5]);
    expect(niceTicks(0.1, 0.9, 4)).toEqual([0.2, 0.4, 0.6, 0.8]);
  });
});
