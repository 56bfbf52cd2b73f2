// The examples of README's "Already have benchmarks?" section are run as
// written: the config, the tinybench file and the vitest bench file through
// `memgate run`, and the matcher test through a real vitest run. Each block
// starts with a `// <path>` comment saying where it goes.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../harness/cli/main.js';
import type { Report } from '../../harness/model/report.js';
import { runCli } from '../cli/run-cli.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
let dir: string;

function sectionBlocks(): Map<string, string> {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const start = readme.indexOf('## Already have benchmarks?');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const blocks = new Map<string, string>();
  for (const match of section.matchAll(/```ts\n\/\/ (\S+)\n([\s\S]*?)```/g))
    blocks.set(match[1] ?? '', `// ${match[1] ?? ''}\n${match[2] ?? ''}`);
  return blocks;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'memgate-readme-bench-'));
  for (const [path, text] of sectionBlocks()) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    // The example imports the published package; here it is this checkout's source.
    const local = text.replace(`from 'memgate';`, `from ${JSON.stringify(join(REPO, 'harness/index.js'))};`);
    await writeFile(join(dir, path), local);
  }
  await mkdir(join(dir, 'node_modules'));
  await symlink(join(REPO, 'node_modules/tinybench'), join(dir, 'node_modules/tinybench'));
  await symlink(join(REPO, 'node_modules/vitest'), join(dir, 'node_modules/vitest'));
  await writeFile(
    join(dir, 'vitest.config.mjs'),
    `export default { resolve: { alias: { 'memgate/vitest': ${JSON.stringify(join(REPO, 'harness/vitest.ts'))} } } };\n`,
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('README: Already have benchmarks?', () => {
  it('has the four examples', () => {
    expect([...sectionBlocks().keys()]).toEqual([
      'memgate.config.ts',
      'bench/parse.bench.ts',
      'bench/strings.bench.ts',
      'test/parse.test.ts',
    ]);
  });

  it('measures every task of the tinybench and the vitest bench example under the names it documents', async () => {
    const result = await runCli(main, dir, ['run', '--repeats', '1', '--reporter', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const names = (JSON.parse(result.stdout) as Report).workloads.map((workload) => workload.name);
    expect(names).toEqual([
      'bench/parse.bench.ts#JSON.parse',
      'bench/parse.bench.ts#structuredClone',
      'bench/strings.bench.ts#join > Array#join',
      'bench/strings.bench.ts#join > template literal',
    ]);
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    for (const name of names) expect(readme).toContain(`\`${name}\``);
  });

  it('passes the matcher example in a real vitest run', async () => {
    // A vitest started from a vitest worker must not think it is one.
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST')));
    const vitest = join(REPO, 'node_modules/vitest/vitest.mjs');
    const result = await run(process.execPath, [vitest, 'run', '--root', dir, 'test/parse.test.ts'], {
      cwd: dir,
      env: { ...env, NO_COLOR: '1', CI: 'true' },
    });
    expect(result.stdout).toMatch(/Tests\s+1 passed/);
  });
});
