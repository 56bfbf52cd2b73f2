// memgate is a package other repositories install. This proves the `npm pack`
// tarball installs into a fresh project and that its CLI, defineConfig and
// defineWorkload work there, from TypeScript files, with no memgate sources.
import { execFileSync, execFile } from 'node:child_process';
import {
  mkdtempSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Report } from '../../harness/model/report.js';

const run = promisify(execFile);
const repoRoot = new URL('../../', import.meta.url).pathname;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let work: string;
let project: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'memgate-pack-'));
  execFileSync(npm, ['pack', '--pack-destination', work, '--silent'], { cwd: repoRoot, stdio: 'pipe' });
  const tarball = readdirSync(work).find((file) => file.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack produced no tarball');
  project = join(work, 'consumer');
  mkdirSync(join(project, 'workloads'), { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  execFileSync(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, tarball)], {
    cwd: project,
    stdio: 'pipe',
  });
  writeFileSync(
    join(project, 'memgate.config.ts'),
    `import { defineConfig } from 'memgate';\nexport default defineConfig({ repeats: 2, defaults: { ops: 200, warmupOps: 20 } });\n`,
  );
  writeFileSync(
    join(project, 'workloads', 'concat.workload.ts'),
    [
      `import { defineWorkload } from 'memgate';`,
      `interface State { parts: string[] }`,
      `export default defineWorkload<State>({`,
      `  name: 'concat',`,
      `  setup: () => ({ parts: ['a', 'b', 'c'] }),`,
      `  op: (state: State) => { const joined: string = state.parts.join('-'); return joined.length; },`,
      `});`,
      ``,
    ].join('\n'),
  );
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed tarball in a fresh project', () => {
  it('ships the built library and no TypeScript sources', () => {
    const installed = join(project, 'node_modules', 'memgate');
    expect(existsSync(join(installed, 'dist', 'lib', 'index.js'))).toBe(true);
    expect(readFileSync(join(installed, 'dist', 'lib', 'index.d.ts'), 'utf8')).toMatch(/defineWorkload/);
    expect(existsSync(join(installed, 'harness'))).toBe(false);
  });

  it('runs the CLI on a TypeScript config and workload', async () => {
    const bin = join(project, 'node_modules', '.bin', 'memgate');
    const { stdout } = await run(bin, ['run', '--reporter', 'json:report.json'], {
      cwd: project,
      env: { ...process.env, CI: 'true', NO_COLOR: '1' },
    });
    expect(stdout).toBe('');
    const report = Report.parse(JSON.parse(readFileSync(join(project, 'report.json'), 'utf8')));
    expect(report.workloads.map((w) => w.name)).toEqual(['concat']);
    expect(report.workloads[0]?.status).not.toBe('error');
    const ids = report.workloads[0]?.metrics.map((m) => m.id) ?? [];
    expect(ids).toContain('alloc.perOp');
    expect(ids).toContain('rss.peak');
  });

  it('records a baseline with compare and passes against it', async () => {
    const bin = join(project, 'node_modules', '.bin', 'memgate');
    // Outside CI, compare records baselines for new workloads (snapshot-test convention).
    const { CI: _ci, GITHUB_EVENT_NAME: _event, ...local } = process.env;
    await run(bin, ['compare', '--reporter', 'json:first.json'], { cwd: project, env: { ...local, NO_COLOR: '1' } });
    expect(existsSync(join(project, 'baselines', 'concat.json'))).toBe(true);
    const second = await run(bin, ['compare', '--reporter', 'json:second.json'], {
      cwd: project,
      env: { ...process.env, CI: 'true', NO_COLOR: '1' },
    });
    expect(second.stderr).not.toMatch(/unexpected error/);
    const report = Report.parse(JSON.parse(readFileSync(join(project, 'second.json'), 'utf8')));
    expect(report.status).toBe('pass');
  });

  it('measures an unmodified tinybench file and vitest bench file with the packed shims', async () => {
    mkdirSync(join(project, 'bench'), { recursive: true });
    writeFileSync(
      join(project, 'bench', 'words.bench.ts'),
      [
        `import { Bench } from 'tinybench';`,
        `const bench = new Bench({ time: 10 });`,
        `bench.add('join', () => ['a', 'b'].join('-'));`,
        `await bench.run();`,
        `console.table(bench.table());`,
        ``,
      ].join('\n'),
    );
    writeFileSync(
      join(project, 'bench', 'lists.bench.ts'),
      [
        `import { bench, describe } from 'vitest';`,
        `describe('lists', () => {`,
        `  bench('slice', () => { [1, 2, 3].slice(1); });`,
        `});`,
        ``,
      ].join('\n'),
    );
    writeFileSync(
      join(project, 'bench.config.ts'),
      `import { defineConfig } from 'memgate';\nexport default defineConfig({ benches: 'bench/*.bench.ts', workloads: 'none/*.ts', repeats: 1, defaults: { ops: 200, warmupOps: 20 } });\n`,
    );
    const bin = join(project, 'node_modules', '.bin', 'memgate');
    const { stdout } = await run(bin, ['run', '--config', 'bench.config.ts', '--reporter', 'json:bench.json'], {
      cwd: project,
      env: { ...process.env, CI: 'true', NO_COLOR: '1' },
    });
    expect(stdout).toBe('');
    const report = Report.parse(JSON.parse(readFileSync(join(project, 'bench.json'), 'utf8')));
    expect(report.workloads.map((w) => [w.name, w.status])).toEqual([
      ['bench/lists.bench.ts#lists > slice', 'pass'],
      ['bench/words.bench.ts#join', 'pass'],
    ]);
  });

  it('resolves memgate/vitest, whose matchers run in a vitest test of the consumer', async () => {
    const installed = join(project, 'node_modules', 'memgate');
    expect(readFileSync(join(installed, 'dist', 'lib', 'vitest.d.ts'), 'utf8')).toMatch(/toAllocateAtMost/);
    const resolved = await run(
      process.execPath,
      ['--input-type=module', '-e', `console.log(import.meta.resolve('memgate/vitest'))`],
      { cwd: project },
    );
    expect(resolved.stdout.trim()).toBe(pathToFileURL(join(installed, 'dist', 'lib', 'vitest.js')).href);
    // vitest is an optional peer: the consumer brings its own (here, this checkout's, linked in).
    symlinkSync(join(repoRoot, 'node_modules', 'vitest'), join(project, 'node_modules', 'vitest'));
    mkdirSync(join(project, 'test'), { recursive: true });
    writeFileSync(
      join(project, 'test', 'memory.test.ts'),
      [
        `import 'memgate/vitest';`,
        `import { expect, it } from 'vitest';`,
        `it('stays small', async () => {`,
        // Three processes, so the median holds: one process in a loaded run read 1.23 KB/op for ~70 B/op.
        `  await expect(() => ['a', 'b'].join('-')).toAllocateAtMost('1KB', { repeats: 3, ops: 200 });`,
        `  await expect(() => ['a', 'b'].join('-')).not.toLeak({ repeats: 2, ops: 500 });`,
        `}, 60_000);`,
        ``,
      ].join('\n'),
    );
    const vitest = join(project, 'node_modules', 'vitest', 'vitest.mjs');
    const result = await run(process.execPath, [vitest, 'run', '--root', project, 'test/memory.test.ts'], {
      cwd: project,
      env: { ...process.env, CI: 'true', NO_COLOR: '1' },
    });
    expect(result.stdout).toMatch(/1 passed/);
  });
});
