import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../harness/report/markdown.js';
import type { WorkloadReport } from '../../harness/model/report.js';
import {
  errorWorkload,
  leakWorkload,
  passReport,
  passWorkload,
  pooledRegressedP95,
  regressedWorkload,
  regressionReport,
  report,
  runReport,
  verdict,
  workload,
} from './fixtures.js';

const HOSTILE = '<img src=x onerror=alert(1)> @octocat **bold** [x](javascript:alert(1)) | `tick`';

// Lines between a line of N>=3 backticks and the next line of the same fence.
function fencesBalanced(text: string): boolean {
  let open: string | undefined;
  for (const line of text.split('\n')) {
    const fence = /^(`{3,})/.exec(line)?.[1];
    if (fence === undefined) continue;
    if (open === undefined) open = fence;
    else if (line === open) open = undefined;
  }
  return open === undefined;
}

function bigWorkload(index: number): WorkloadReport {
  const metrics = Array.from({ length: 40 }, (_, metric) =>
    verdict({
      id: `custom.metric${metric}`,
      unit: 'bytes',
      status: metric % 2 === 0 ? 'regressed' : 'unchanged',
      current: 2_000_000 + metric,
      baseline: 1_000_000,
      reason: `reason ${'r'.repeat(80)}`,
    }),
  );
  return workload({
    ...leakWorkload,
    name: `workload-${index}`,
    metrics,
    error: { message: 'crashed', stderr: 'e'.repeat(3000) },
  });
}

describe('markdown reporter', () => {
  it('starts with a one-line headline carrying status emoji and counts', () => {
    expect(renderMarkdown(passReport).split('\n')[0]).toBe('### ✅ memgate compare: pass · 1 workload');
    expect(renderMarkdown(regressionReport).split('\n')[0]).toBe(
      '### ⚠️ memgate compare: error · 4 workloads · 2 regressed · 1 over budget · 1 leak · 1 error',
    );
    expect(renderMarkdown(report('compare', [regressedWorkload], 'regressed')).split('\n')[0]).toBe(
      '### ❌ memgate compare: regressed · 1 workload · 1 regressed · 1 over budget',
    );
  });

  it('tables the changed metrics worst first and folds the unchanged ones in <details>', () => {
    const text = renderMarkdown(regressionReport);
    const table = text.indexOf('| Metric | Baseline → Current | Change | Status | Reason |');
    const overBudget = text.indexOf(
      '| rss.peak | 38.2 MB → 41.0 MB | +7.3% | ⛔ over budget | 41.0 MB &gt; 40.0 MB budget |',
    );
    const regressed = text.indexOf('| alloc.perOp | 611 B/op → 734 B/op | +20.1% | 🔴 regressed |');
    const improved = text.indexOf('| throughput | 12,000 ops/s → 15,200 ops/s | +26.7% | 🟢 improved |');
    expect(table).toBeGreaterThan(0);
    expect(overBudget).toBeGreaterThan(table);
    expect(regressed).toBeGreaterThan(overBudget);
    expect(improved).toBeGreaterThan(regressed);
    const details = text.indexOf('<details><summary>4 unchanged or within-noise metrics</summary>');
    expect(details).toBeGreaterThan(improved);
    expect(
      text.indexOf('| json-roundtrip | gc.pause.p95 | 720 µs → 850 µs | +18.1% | ⚪ noise |'),
      'noise rows only inside the fold',
    ).toBeGreaterThan(details);
    expect(text).toContain('✅ Unchanged: json-roundtrip\n');
  });

  it('marks a pooled pause percentile beside its value, changed or measured', () => {
    const pooled = pooledRegressedP95;
    const compare = renderMarkdown(report('compare', [workload({ name: 'svc', metrics: [pooled] })], 'regressed'));
    expect(compare).toContain('| gc.pause.p95 | 8.00 ms → 24.1 ms (pooled) |');
    const measured = { ...pooled, status: 'measured' as const, baseline: null };
    const run = renderMarkdown(report('run', [workload({ name: 'svc', baseline: null, metrics: [measured] })], 'pass'));
    expect(run).toContain('| gc.pause.p95 | 24.1 ms (pooled) |');
  });

  it('reports leaks, what grew, errors and the footer with environment and baseline commit', () => {
    const text = renderMarkdown(regressionReport);
    expect(text).toContain(
      '- 🔴 **heap leaking +1.02 KB/op (0.31 MB/min, 95% CI 0.28–0.35)** — heap grows 1.02 KB/op in 5/5 repeats (95% CI 0.98–1.05 KB/op), linear; limit 64.0 B/op\n',
    );
    expect(text).toContain(
      '- 🟡 **fd suspicious 0.60/min (95% CI 0.10–1.20)** — irregular, grew in 3/5 repeats, limit 0.10/min\n',
    );
    expect(text).toContain('| Session | +1,200 | +96.0 KB |\n');
    expect(text).toContain('Retained by: (GC roots) → Map → Session\n');
    expect(text).toContain('Handles: Timeout +3\n');
    expect(text).toContain('File descriptors: socket:\\[12345\\] +2\n');
    expect(text).toContain('**Error:** workload "broken-parser" crashed with exit code 1 in repeat 2 of 5\n');
    expect(text).toContain('```text\nstarting\nTypeError: Cannot read properties of undefined\n');
    const footer = text.slice(text.lastIndexOf('\n---\n'));
    expect(footer).toContain(
      'commit fedcba9 on feature/faster-json · baseline 0123456 on main, recorded 2026-11-01T10:00:00.000Z · node v20.19.0',
    );
    expect(text.endsWith('</sub>\n')).toBe(true);
  });

  it('shows run-mode measurements with their spread', () => {
    const text = renderMarkdown(runReport);
    expect(text).toContain(
      '| rss.peak | 41.0 MB | 250 KB | ⛔ over budget | 41.0 MB &gt; 40.0 MB budget |\n| alloc.perOp | 612 B/op | 0.30 B/op |  |  |\n',
    );
    const measured = workload({
      name: 'tiny',
      baseline: null,
      metrics: runReport.workloads[0]?.metrics.filter((metric) => metric.status === 'measured') ?? [],
    });
    expect(renderMarkdown(report('run', [measured], 'pass'))).toContain(
      '| Metric | Median | ± Spread |\n| --- | ---: | ---: |\n| alloc.perOp | 612 B/op | 0.30 B/op |\n',
    );
  });

  it('escapes every user string: names, metric ids, reasons, errors, paths, constructors', () => {
    const hostile = workload({
      name: HOSTILE,
      file: `workloads/${HOSTILE}.ts`,
      status: 'error',
      notes: [HOSTILE],
      envMismatch: [HOSTILE],
      metrics: [
        verdict({
          id: `custom.${HOSTILE}`,
          unit: 'number',
          status: 'regressed',
          current: 2,
          baseline: 1,
          reason: HOSTILE,
        }),
      ],
      leaks: leakWorkload.leaks.map((leak) => ({ ...leak, reason: HOSTILE })),
      diagnosis: {
        heap: {
          growers: [{ name: HOSTILE, countDelta: 1, sizeDelta: 8 }],
          retainerPath: [HOSTILE],
          snapshots: [HOSTILE],
        },
        heapSkipped: HOSTILE,
        handles: [{ type: HOSTILE, delta: 1 }],
        fds: [{ target: HOSTILE, delta: 1 }],
      },
      error: { message: HOSTILE, stderr: `${HOSTILE}\n\`\`\`\n</details>\n@octocat` },
    });
    const text = renderMarkdown({ ...report('compare', [hostile], 'error'), branch: HOSTILE });
    const outsideFences = text.replace(/^(`{3,})text\n[\s\S]*?\n\1$/gm, '');
    expect(outsideFences).not.toMatch(/<img|(?<!\\)\]\(javascript/);
    expect(outsideFences).not.toMatch(/@octocat/);
    expect(outsideFences).not.toMatch(/(?<!\\)\*\*bold/);
    expect(outsideFences).not.toMatch(/(?<!\\)`tick/);
    expect(outsideFences).toContain(
      '&lt;img src=x onerror=alert(1)&gt; @\u200boctocat \\*\\*bold\\*\\* \\[x\\](javascript:alert(1)) \\| \\`tick\\`',
    );
    // Every table row keeps its column count: no unescaped pipe inside a cell.
    const customRows = outsideFences.split('\n').filter((line) => line.startsWith('| custom.'));
    expect(customRows).toHaveLength(1);
    for (const row of customRows) expect(row.split(/(?<!\\)\|/).length, row).toBe(7);
    // The stderr block: a fence longer than the backtick run inside, so "</details>" stays code.
    expect(text).toContain('````text\n&lt;img'.replace('&lt;', '<'));
    expect(fencesBalanced(text)).toBe(true);
  });

  it('drops the folded metrics first and says how many rows it left out', () => {
    const full = renderMarkdown(regressionReport, { maxLength: 1e9 });
    const text = renderMarkdown(regressionReport, { maxLength: full.length - 10 });
    expect(text.length).toBeLessThanOrEqual(full.length - 10);
    expect(text).not.toContain('<details>');
    expect(text).toContain('| throughput | 12,000 ops/s → 15,200 ops/s |');
    expect(text).toContain('\n_… truncated: 4 more rows; see the JSON report / job artifacts._\n');
  });

  it('keeps a report that would exceed 65,536 characters under 60,000, well-formed', () => {
    const huge = report(
      'compare',
      Array.from({ length: 30 }, (_, index) => bigWorkload(index)),
      'error',
    );
    const full = renderMarkdown(huge, { maxLength: Number.MAX_SAFE_INTEGER });
    expect(full.length).toBeGreaterThan(65_536);
    const text = renderMarkdown(huge);
    expect(text.length).toBeLessThanOrEqual(60_000);
    // Most of the budget is used: truncation cuts detail, not the whole comment.
    expect(text.length).toBeGreaterThan(55_000);
    const note = /\n_… truncated: (\d+) more rows; see the JSON report \/ job artifacts\._\n\n---\n<sub>/.exec(text);
    expect(note).not.toBeNull();
    const shownRows = text.split('\n').filter((line) => /^\| custom\.metric/.test(line)).length;
    expect(shownRows).toBeGreaterThan(100);
    expect(Number(note?.[1])).toBeGreaterThan(30 * 40 - shownRows - 1);
    expect(fencesBalanced(text)).toBe(true);
    expect(text.split('<details>').length).toBe(text.split('</details>').length);
  });

  it('honours a custom maxLength for the action, which adds its own marker line', () => {
    const text = renderMarkdown(report('compare', [regressedWorkload, passWorkload, errorWorkload], 'error'), {
      maxLength: 1200,
    });
    expect(text.length).toBeLessThanOrEqual(1200);
    expect(text.split('\n')[0]).toContain('memgate compare: error');
    expect(text).toMatch(/_… truncated: \d+ more rows; see the JSON report \/ job artifacts\._/);
  });
});
