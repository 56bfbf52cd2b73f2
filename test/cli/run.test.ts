// `memgate run` through main() with an injected CliIO, on a temporary project
// holding copies of fixture workloads: exit codes, the JSON report, one-line errors.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../harness/cli/main.js';
import { Report } from '../../harness/model/report.js';
import { runCli } from './run-cli.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/runner/project/', import.meta.url));
const HARNESS_INDEX = fileURLToPath(new URL('../../harness/index.js', import.meta.url));
let project: string;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'memgate-cli-run-'));
  await mkdir(join(project, 'workloads'));
  for (const name of ['steady.workload.ts', 'broken.workload.ts'])
    await copyFile(join(FIXTURES, name), join(project, 'workloads', name));
  const config = (extra: string) =>
    `import { defineConfig } from ${JSON.stringify(HARNESS_INDEX)};\nexport default defineConfig({ workloads: 'workloads/*.workload.ts', timeout: '20s'${extra} });\n`;
  await writeFile(join(project, 'memgate.config.ts'), config(''));
  // Every op allocates far more than one byte, so this budget must fail.
  await writeFile(join(project, 'tight.config.ts'), config(`, budgets: { 'alloc.perOp': '1B' }`));
});
afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

const run = (...argv: string[]) => runCli(main, project, ['run', ...argv]);

describe('memgate run', () => {
  it('exits 2 when a workload errors, still measures the others, and writes a valid JSON report', async () => {
    const { code, stderr } = await run('--repeats', '2', '--reporter', 'json', '--outfile', 'out/report.json');
    expect(code).toBe(2);
    // Not a TTY: no progress line.
    expect(stderr).toBe('');
    const report = Report.parse(JSON.parse(await readFile(join(project, 'out', 'report.json'), 'utf8')));
    expect(report.mode).toBe('run');
    expect(report.status).toBe('error');
    const byName = new Map(report.workloads.map((workload) => [workload.name, workload]));
    expect(byName.get('broken')?.status).toBe('error');
    expect(byName.get('broken')?.error?.message).toBe(
      'workloads/broken.workload.ts: workload "broken" repeat 1 threw during setup: database url missing',
    );
    expect(byName.get('broken')?.error?.stderr).toContain('database url missing');
    const steady = byName.get('steady');
    expect(steady?.status).toBe('pass');
    expect(steady?.repeats).toBe(2);
    expect(steady?.metrics.find((metric) => metric.id === 'alloc.perOp')?.current).toBeGreaterThan(100);
  });

  it('exits 0 for a passing run and prints the terminal report', async () => {
    const { code, stdout } = await run('steady', '--repeats', '1');
    expect(code).toBe(0);
    expect(stdout).toContain('steady');
    expect(stdout).not.toContain('broken');
  });

  it('exits 1 when a budget fails', async () => {
    const { code, stdout } = await run('stead*', '--repeats', '1', '--config', 'tight.config.ts');
    expect(code).toBe(1);
    expect(stdout).toContain('alloc.perOp');
  });

  it('exits 2 with one line for usage and filter mistakes, before measuring anything', async () => {
    const repeats = await run('--repeats', 'zero');
    expect(repeats.code).toBe(2);
    expect(repeats.stderr).toBe(
      'memgate: --repeats: expected an integer from 1 to 100, found "zero" — e.g. --repeats 5\n',
    );
    const filter = await run('nothing-like-this');
    expect(filter.code).toBe(2);
    expect(filter.stderr).toBe(
      'memgate: no workload matches "nothing-like-this" (workloads: broken, steady) — check the name or the "workloads" glob in memgate.config\n',
    );
  });
});
