// The HTML report in real headless Chromium: a real leak run and a real soak
// are rendered, opened from file://, and checked for drawn charts, console
// errors and network requests; a hostile report must render as text. With
// MEMGATE_SCREENSHOTS=1 the pages are also saved to docs/img/ for the docs.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../harness/cli/main.js';
import { renderHtml } from '../../harness/report/html.js';
import { runCli } from '../cli/run-cli.js';
import { fixture } from '../fixtures/process/loaded.js';
import { chromiumMissing, launchChromium, type BrowserHandle } from './browser.js';
import { HOSTILE_NAME, hostileReport } from './hostile.js';

const missing = chromiumMissing();
const linux = process.platform === 'linux';
const HARNESS = resolve('harness/index.js');
const SCREENSHOTS = process.env['MEMGATE_SCREENSHOTS'] === '1' ? resolve('docs/img') : null;

// Sessions in a Map: pruned at once (the baseline), or never (~1 KB retained per operation).
function leakSource(leak: boolean): string {
  return `import { defineWorkload } from ${JSON.stringify(HARNESS)};
const sessions = new Map<number, { id: number; pages: number[] }>();
let next = 0;
export default defineWorkload({
  name: 'session-leak',
  warmupOps: 50,
  ops: 2000,
  op() {
    const id = next++;
    sessions.set(id, { id, pages: new Array<number>(128).fill(id) });
    ${leak ? '' : 'sessions.delete(id);'}
  },
});
`;
}

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'memgate-html-'));
  mkdirSync(join(root, 'w'));
  writeFileSync(join(root, 'memgate.config.ts'), `export default { workloads: 'w/*.workload.ts' };\n`);
  writeFileSync(join(root, 'w', 'leak.workload.ts'), leakSource(false));
  writeFileSync(
    join(root, 'w', 'grower.workload.ts'),
    `export default { name: 'grower', command: 'node', args: [${JSON.stringify(fixture('rss-grower.mjs'))}], nodeProbe: false, ready: { stdout: 'ready' }, sampleInterval: '50ms' };\n`,
  );
  return root;
}

interface PageFacts {
  readonly requests: string[];
  readonly problems: string[];
  readonly dialogs: number;
}

async function open(handle: BrowserHandle, file: string): Promise<{ page: Page; facts: PageFacts }> {
  const page = await handle.context.newPage();
  const facts = { requests: [] as string[], problems: [] as string[], dialogs: 0 };
  page.on('request', (request) => facts.requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') facts.problems.push(message.text());
  });
  page.on('pageerror', (error) => facts.problems.push(error.message));
  page.on('dialog', (dialog) => {
    facts.dialogs++;
    void dialog.dismiss();
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, facts };
}

// What the browser actually laid out: per chart, its size and how many marks
// have a non-empty box. Runs in the page (a string: the project's TypeScript
// has no DOM types); a flat line (FDs that never change) has no height but is drawn.
const CHART_FACTS = `[...document.querySelectorAll('svg.chart')].map((chart) => {
  const box = chart.getBoundingClientRect();
  const drawn = [...chart.querySelectorAll('polyline.series, rect.bar, polygon.band')].filter((shape) => {
    const b = shape.getBBox();
    return b.width > 0 && (b.height > 0 || shape.tagName === 'polyline');
  });
  return {
    label: chart.getAttribute('aria-label') || '',
    width: box.width,
    height: box.height,
    lines: chart.querySelectorAll('polyline.series').length,
    drawn: drawn.length,
  };
})`;

interface ChartFacts {
  readonly label: string;
  readonly width: number;
  readonly height: number;
  readonly lines: number;
  readonly drawn: number;
}

async function chartFacts(page: Page): Promise<ChartFacts[]> {
  return page.evaluate<ChartFacts[]>(CHART_FACTS);
}

describe.skipIf(missing !== null || !linux)(
  `HTML report in headless Chromium${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    let handle: BrowserHandle;
    const root = project();
    beforeAll(async () => {
      handle = await launchChromium();
    });
    afterAll(async () => {
      await handle?.close();
    });

    it('draws a leak against its baseline: bars, every repeat, the fitted slope and the diagnosis, no console error or request', async () => {
      const file = join(root, 'leak.html');
      const update = await runCli(main, root, ['update', 'session-leak', '--repeats', '3', '--force']);
      expect(update.code, update.stderr).toBe(0);
      writeFileSync(join(root, 'w', 'leak.workload.ts'), leakSource(true));
      const run = await runCli(main, root, ['compare', 'session-leak', '--repeats', '3', '--reporter', `html:${file}`]);
      expect(run.code, run.stderr).toBe(1); // the leak fails the compare
      const { page, facts } = await open(handle, file);
      const charts = await chartFacts(page);
      const memory = charts.filter((chart) => chart.lines > 0);
      expect(memory.map((chart) => chart.label)).toEqual([
        'session-leak: Heap after GC',
        'session-leak: RSS',
        'session-leak: Open file descriptors',
      ]);
      for (const chart of memory) {
        expect(chart.width).toBeGreaterThan(300);
        expect(chart.lines).toBe(3); // one line per repeat
        expect(chart.drawn).toBeGreaterThanOrEqual(3);
      }
      // Baseline against current: a pair of bars per gated metric that is not zero on both sides —
      // at least RSS peak and final, heap used and total, and allocation per op are never zero.
      const bars = charts.find((chart) => chart.label === 'session-leak: baseline against current');
      expect(bars?.drawn).toBeGreaterThanOrEqual(2 * 5);
      expect((bars?.drawn ?? 1) % 2).toBe(0);
      const text = await page.textContent('main');
      expect(text).toMatch(/heap leaking \+1\.\d+ KB\/op/);
      expect(text).toContain('What grew');
      expect(facts.problems).toEqual([]);
      expect(facts.requests).toEqual([pathToFileURL(file).href]);
      if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'html-report-leak.png'), fullPage: true });
    }, 120_000);

    it('draws a soak over time with its breach point', async () => {
      const file = join(root, 'soak.html');
      const run = await runCli(main, root, [
        'soak',
        'grower',
        '--duration',
        '30s',
        '--interval',
        '200ms',
        '--reporter',
        `html:${file}`,
      ]);
      expect(run.code, run.stderr).toBe(1);
      const { page, facts } = await open(handle, file);
      const charts = await chartFacts(page);
      const rss = charts.find((chart) => chart.label === 'grower: RSS');
      expect(rss?.lines).toBe(1);
      expect(rss?.drawn).toBeGreaterThanOrEqual(1);
      const marks = await page.locator('g.mark text').allTextContents();
      expect(marks.some((mark) => /^rss breach at [\d.]+ (ms|s)$/.test(mark))).toBe(true);
      expect(await page.textContent('main')).toContain('Memory over time');
      expect(facts.problems).toEqual([]);
      expect(facts.requests).toEqual([pathToFileURL(file).href]);
      if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'html-report-soak.png'), fullPage: true });
    });

    it('shows hostile strings as text: no element, script or dialog comes out of a report', async () => {
      const file = join(root, 'hostile.html');
      writeFileSync(file, renderHtml(hostileReport()));
      const { page, facts } = await open(handle, file);
      expect(await page.locator('script, img, iframe, object, embed, link').count()).toBe(0);
      const headings = await page.locator('section.workload h2').allTextContents();
      expect(headings[0]).toBe(`regressed ${HOSTILE_NAME}`);
      expect(await page.locator('pre').allTextContents()).toEqual(['</pre><script>alert(2)</script>']);
      expect(facts.dialogs).toBe(0);
      expect(facts.problems).toEqual([]);
      expect(facts.requests).toEqual([pathToFileURL(file).href]);
      expect(readFileSync(file, 'utf8')).not.toContain('<script');
    });
  },
);
