import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../harness/cli/main.js';
import { fixture } from '../fixtures/process/loaded.js';
import { runCli } from './run-cli.js';

const linux = process.platform === 'linux';

// A throwaway project: a config and two process workloads running the test fixtures.
function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'memgate-soak-cli-'));
  mkdirSync(join(root, 'w'));
  writeFileSync(join(root, 'memgate.config.ts'), `export default { workloads: 'w/*.workload.ts' };\n`);
  const workload = (name: string, script: string, extra = '') =>
    `export default { name: ${JSON.stringify(name)}, command: 'node', args: [${JSON.stringify(fixture(script))}], nodeProbe: false, ready: { stdout: 'ready' }${extra} };\n`;
  writeFileSync(join(root, 'w', 'clean.workload.ts'), workload('clean', 'clean-service.mjs'));
  writeFileSync(
    join(root, 'w', 'grower.workload.ts'),
    workload('grower', 'rss-grower.mjs', `, sampleInterval: '50ms'`),
  );
  return root;
}

const memgate = (cwd: string, ...argv: string[]) => runCli(main, cwd, argv);

describe.runIf(linux)('memgate soak', () => {
  const root = project();

  it('passes a clean service, reports in soak mode, and `soak status` reads the state (exit 0)', async () => {
    const out = join(root, 'report.json');
    const run = await memgate(
      root,
      'soak',
      'clean',
      '--duration',
      '1500ms',
      '--interval',
      '200ms',
      '--tag',
      'quick',
      '--reporter',
      'json',
      '--outfile',
      out,
    );
    expect(run.stderr).toMatch(/soak quick: passed; state in .*\.memgate\/soak\/quick\.json/);
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as {
      mode: string;
      status: string;
      workloads: Array<{ name: string; notes: string[]; metrics: Array<{ id: string }> }>;
    };
    expect(report.mode).toBe('soak');
    expect(report.status).toBe('pass');
    expect(report.workloads[0]?.notes[0]).toMatch(/^soak "quick": passed after/);
    expect(report.workloads[0]?.metrics.map((m) => m.id)).toContain('shutdown.time');
    const status = await memgate(root, 'soak', 'status', 'quick');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^soak quick: passed \(workload clean, pid \d+\)\n/);
    // The state names the report files: the JSON report every soak writes next to it, and the --outfile.
    const state = JSON.parse(readFileSync(join(root, '.memgate', 'soak', 'quick.json'), 'utf8')) as {
      reports: string[];
    };
    const ownReport = join(root, '.memgate', 'soak', 'quick.report.json');
    expect(state.reports).toEqual([ownReport, out]);
    expect((JSON.parse(readFileSync(ownReport, 'utf8')) as { mode: string }).mode).toBe('soak');
    expect(status.stdout).toContain(`  report: ${ownReport}\n`);
  });

  it('stops a leaking service early and fails (exit 1), and `soak status` says failed (exit 1)', async () => {
    const run = await memgate(
      root,
      'soak',
      'grower',
      '--duration',
      '30s',
      '--interval',
      '200ms',
      '--tag',
      'leaky',
      '--reporter',
      'json',
      '--outfile',
      join(root, 'leaky.json'),
    );
    expect(run.code).toBe(1);
    const status = await memgate(root, 'soak', 'status', 'leaky');
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/breach at [\d.]+s: memory grow/);
    const json = JSON.parse((await memgate(root, 'soak', 'status', 'leaky', '--json')).stdout) as {
      status: string;
      elapsedMs: number;
    };
    // Failed and stopped before the 30s it was given.
    expect(json).toMatchObject({ status: 'failed' });
    expect(json.elapsedMs).toBeLessThan(30_000);
  });

  it('exits 2 for a soak that does not exist, and for bad flags', async () => {
    const missing = await memgate(root, 'soak', 'status', 'nope');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no soak "nope": .*nope\.json does not exist/);
    const bad = await memgate(root, 'soak', 'clean', '--duration', 'forever');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('memgate: --duration: expected a duration such as "6h", "5m" or "30s", got "forever"\n');
  });
});
