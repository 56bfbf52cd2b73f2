// `memgate soak --csv FILE --metrics-port N` on a real process workload: the
// endpoint is scraped over loopback while the soak runs and read with a real
// exposition parser; the CSV is read with a CSV parser and matches the state.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { main } from '../../harness/cli/main.js';
import type { CliIO } from '../../harness/cli/io.js';
import { SOAK_CSV_COLUMNS } from '../../harness/cli/soak-outputs/samples-csv.js';
import { SoakState } from '../../harness/soak/state.js';
import { fixture } from '../fixtures/process/loaded.js';

const linux = process.platform === 'linux';

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'memgate-soak-live-'));
  mkdirSync(join(root, 'w'));
  writeFileSync(join(root, 'memgate.config.ts'), `export default { workloads: 'w/*.workload.ts' };\n`);
  writeFileSync(
    join(root, 'w', 'clean.workload.ts'),
    `export default { name: 'clean', command: 'node', args: [${JSON.stringify(fixture('clean-service.mjs'))}], nodeProbe: false, ready: { stdout: 'ready' } };\n`,
  );
  return root;
}

// Runs the CLI with a stderr hook, so the test can act on a line while the soak still runs.
function start(cwd: string, argv: string[], onStderr: (text: string) => void) {
  let stderr = '';
  const io: CliIO = {
    argv,
    cwd,
    env: { PATH: process.env['PATH'], NO_COLOR: '1' },
    stdout: { write: () => true, isTTY: false },
    stderr: {
      write: (chunk: string) => {
        stderr += chunk;
        onStderr(stderr);
        return true;
      },
      isTTY: false,
    },
  };
  return main(io).then((code) => ({ code, stderr }));
}

function gauge(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const family = parsePrometheusTextFormat(text).find((f) => f.name === name);
  const sample = family?.metrics.find((s) => Object.entries(labels).every(([k, v]) => s.labels?.[k] === v));
  return sample === undefined ? undefined : Number(sample.value);
}

describe.runIf(linux)('memgate soak --csv --metrics-port', () => {
  const root = project();

  it('serves live gauges on 127.0.0.1 while running, and writes one CSV row per check', async () => {
    let portSeen: (port: number) => void = () => {};
    const port = new Promise<number>((resolve) => (portSeen = resolve));
    const soak = start(
      root,
      [
        'soak',
        'clean',
        '--duration',
        '3s',
        '--interval',
        '200ms',
        '--tag',
        'live',
        '--csv',
        'out/samples.csv',
        '--metrics-port',
        '0',
      ],
      (text) => {
        const match = /metrics on http:\/\/127\.0\.0\.1:(\d+)\/metrics/.exec(text);
        if (match) portSeen(Number(match[1]));
      },
    );
    const url = `http://127.0.0.1:${await port}/metrics`;
    // Scrape until the soak has checked twice: the gauges are live, not written at the end.
    let body = '';
    for (let attempt = 0; attempt < 100; attempt++) {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/openmetrics-text; version=1\.0\.0/);
      body = await response.text();
      if ((gauge(body, 'memgate_soak_checks') ?? 0) >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(gauge(body, 'memgate_soak_checks')).toBeGreaterThanOrEqual(2);
    expect(gauge(body, 'memgate_soak_status', { status: 'running', tag: 'live', workload: 'clean' })).toBe(1);
    expect(gauge(body, 'memgate_soak_status', { status: 'failed' })).toBe(0);
    expect(gauge(body, 'memgate_soak_rss_bytes')).toBeGreaterThan(1_000_000);
    expect(gauge(body, 'memgate_soak_processes')).toBeGreaterThanOrEqual(1);
    expect(body.endsWith('# EOF\n')).toBe(true);
    expect((await fetch(`http://127.0.0.1:${await port}/`)).status).toBe(404);

    const { code, stderr } = await soak;
    expect(code, stderr).toBe(0);
    // Closed with the soak: nothing listens any more.
    await expect(fetch(url)).rejects.toThrow();

    const state = SoakState.parse(JSON.parse(readFileSync(join(root, '.memgate', 'soak', 'live.json'), 'utf8')));
    const rows = parse<Record<string, string>>(readFileSync(join(root, 'out', 'samples.csv'), 'utf8'), {
      columns: true,
      record_delimiter: '\r\n',
    });
    expect(Object.keys(rows[0] ?? {})).toEqual([...SOAK_CSV_COLUMNS]);
    expect(rows).toHaveLength(state.checks);
    const elapsed = rows.map((row) => Number(row['elapsed_s']));
    expect(elapsed).toEqual([...elapsed].sort((a, b) => a - b));
    const last = rows.at(-1);
    expect(last?.['status']).toBe('passed');
    expect(Number(last?.['rss_bytes'])).toBe(state.current?.rss);
    expect(Number(last?.['rss_mb'])).toBeCloseTo((state.current?.rss ?? 0) / 1e6, 1);
  });

  it('fails fast (exit 2) when the metrics port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const { code, stderr } = await start(
        root,
        ['soak', 'clean', '--duration', '2s', '--interval', '200ms', '--metrics-port', String(port)],
        () => {},
      );
      expect(code).toBe(2);
      expect(stderr).toContain(`--metrics-port ${port}: cannot listen on 127.0.0.1:${port} (EADDRINUSE)`);
      const bad = await start(root, ['soak', 'clean', '--metrics-port', 'http'], () => {});
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--metrics-port: expected a port from 0 to 65535');
    } finally {
      taken.close();
    }
  });
});
