// Bench files as workloads: real tinybench (6, and 2.9 through the
// tinybench-2 alias) and vitest bench files in temp projects, collected in
// this process and run in real child processes. Hooks record what they saw
// in a file, so the tests check counts, order and `this`, not timings.
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../harness/config/load.js';
import type { ResolvedConfig } from '../../harness/config/schema.js';
import { runInProcessRepeat } from '../../harness/runner/child.js';
import { resolveWorkload } from '../../harness/workload/resolve.js';
import type { LoadedWorkload } from '../../harness/workload/types.js';
import { loadWorkloads } from '../../harness/workload/load.js';
import { isSupportedTinybench } from '../../harness/bench/tinybench-version.js';

const MODULES = fileURLToPath(new URL('../../node_modules/', import.meta.url));
let root: string;
let count = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'memgate-benches-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

// A project with the given files, `benches: 'bench/*.bench.ts'`, and its own
// node_modules/tinybench linked to the requested version.
async function project(
  files: Record<string, string>,
  tinybench: 'tinybench' | 'tinybench-2' | { version: string } = 'tinybench',
) {
  const dir = await mkdtemp(join(root, `p${count++}-`));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  await mkdir(join(dir, 'node_modules'));
  if (typeof tinybench === 'string') await symlink(join(MODULES, tinybench), join(dir, 'node_modules', 'tinybench'));
  else {
    // A stand-in package of another version: only its package.json matters.
    const fake = join(dir, 'node_modules', 'tinybench');
    await mkdir(fake);
    const manifest = { name: 'tinybench', version: tinybench.version, type: 'module', main: 'index.js' };
    await writeFile(join(fake, 'package.json'), JSON.stringify(manifest));
    await writeFile(join(fake, 'index.js'), 'export class Bench { add() { return this; } }\n');
  }
  return validateConfig(
    { benches: 'bench/*.bench.ts', workloads: 'none/*.ts', defaults: { ops: 40, warmupOps: 10, checkpoints: 4 } },
    undefined,
    dir,
  );
}

async function runOnce(workload: LoadedWorkload, config: ResolvedConfig) {
  return runInProcessRepeat(resolveWorkload(workload, config, { repeats: 1 }), config, { repeatIndex: 0 });
}

async function errorOf(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof Error)) throw new Error('expected loading to fail');
  return error;
}

// Every hook appends to events.log; the op counts its calls and checks `this`.
const TINYBENCH_FILE = `
import { appendFileSync } from 'node:fs';
import { Bench } from 'tinybench';
const log = (line: string) => appendFileSync('events.log', line + '\\n');
let calls = 0;
let each = 0;
const bench = new Bench({
  time: 50,
  setup: (task, mode) => log('bench.setup ' + task?.name + ' ' + mode),
  teardown: (task, mode) => log('bench.teardown ' + task?.name + ' ' + mode),
});
bench
  .add('count calls', function (this: { name: string }) {
    if (this.name !== 'count calls') throw new Error('this is not the task');
    calls++;
  }, {
    beforeAll() { log('beforeAll ' + this.name); },
    beforeEach() { each++; },
    afterEach() { each++; },
    afterAll() { log('afterAll calls=' + calls + ' each=' + each); },
  })
  .add('second task', () => new Array(8).fill(0));
await bench.run();
console.table(bench.table());
`;

describe.each([
  ['tinybench 6', 'tinybench'],
  ['tinybench 2.9', 'tinybench-2'],
] as const)('a %s file', (_label, version) => {
  it('lists every task as <file>#<task>, runs one in a child with its hooks, and never runs the timing loop', async () => {
    const config = await project({ 'bench/counter.bench.ts': TINYBENCH_FILE }, version);
    const workloads = await loadWorkloads(config);
    expect(workloads.map((workload) => workload.name)).toEqual([
      'bench/counter.bench.ts#count calls',
      'bench/counter.bench.ts#second task',
    ]);
    expect(workloads.every((workload) => workload.kind === 'in-process')).toBe(true);
    // Collecting imported the file in this process: no hook ran and nothing was timed.
    await expect(readFile(join(config.rootDir, 'events.log'), 'utf8')).rejects.toThrow(/ENOENT/);

    const run = await runOnce(workloads[0] as LoadedWorkload, config);
    expect(run.ops).toBe(40);
    const events = (await readFile(join(config.rootDir, 'events.log'), 'utf8')).trim().split('\n');
    // 10 warmup + 40 natural-phase + 40 checkpointed calls, each wrapped by beforeEach and afterEach; tinybench's own loop never ran.
    expect(events).toEqual([
      'bench.setup count calls run',
      'beforeAll count calls',
      'afterAll calls=90 each=180',
      'bench.teardown count calls run',
    ]);
  });
});

describe('a tinybench file', () => {
  it('prefixes the tasks of a named Bench and rejects a file that declares nothing', async () => {
    const config = await project({
      'bench/named.bench.ts': `import { Bench } from 'tinybench';\nconst b = new Bench({ name: 'parsers' });\nb.add('json', () => JSON.parse('[1]'));\nexport default b;\n`,
      'bench/empty.bench.ts': `import { Bench } from 'tinybench';\nexport const b = new Bench();\n`,
    });
    const error = await errorOf(loadWorkloads(config));
    expect(error.message).toBe(
      'bench/empty.bench.ts: declares no benchmark (no tinybench bench.add() and no vitest bench()) — add one or narrow the "benches" glob',
    );
    await rm(join(config.rootDir, 'bench/empty.bench.ts'));
    expect((await loadWorkloads(config)).map((workload) => workload.name)).toEqual([
      'bench/named.bench.ts#parsers > json',
    ]);
  });

  it('refuses a tinybench older than 2.9 with the versions it accepts', async () => {
    const config = await project(
      { 'bench/old.bench.ts': `import { Bench } from 'tinybench';\nnew Bench().add('a', () => {});\n` },
      { version: '2.8.0' },
    );
    const error = await errorOf(loadWorkloads(config));
    expect(error.message).toContain(
      'tinybench 2.8.0 is not supported: memgate measures tinybench 2.9 to 6.x (tested: 2.9.0 and 6.2.5) — upgrade tinybench',
    );
    expect(error.message).toMatch(/^bench\/old\.bench\.ts: could not be compiled: /);
  });

  it.each([
    ['2.9.0', true],
    ['2.9.1', true],
    ['3.1.0', true],
    ['6.2.5', true],
    ['2.8.0', false],
    ['1.0.0', false],
    ['7.0.0', false],
    ['next', false],
  ])('accepts tinybench %s: %s', (version, accepted) => {
    expect(isSupportedTinybench(version)).toBe(accepted);
  });

  it('reports a benches glob that matches nothing instead of passing silently', async () => {
    const config = await project({ 'other/x.ts': 'export {};\n' });
    const error = await errorOf(loadWorkloads(config));
    expect(error.message).toContain('benches: no file matches "bench/*.bench.ts"');
    expect(error.code).toBe('WORKLOAD_NOT_FOUND');
  });
});

const VITEST_FILE = `
import { appendFileSync } from 'node:fs';
import { afterAll, beforeAll, bench, describe } from 'vitest';
const log = (line: string) => appendFileSync('events.log', line + '\\n');
let calls = 0;
beforeAll(() => log('file beforeAll'));
afterAll(() => log('file afterAll'));
describe('outer', () => {
  beforeAll(() => {
    log('outer beforeAll');
    return () => log('outer cleanup');
  });
  afterAll(() => log('outer afterAll calls=' + calls));
  describe('inner', () => {
    bench('measured', function (this: { name: string }) {
      if (this.name !== 'measured') throw new Error('this is not the task');
      calls++;
    }, {
      time: 10,
      setup: (task, mode) => log('setup ' + task.name + ' ' + mode),
      teardown: (task, mode) => log('teardown ' + task.name + ' ' + mode),
    });
    bench.skip('skipped', () => {});
    bench.todo('todo');
    bench.skipIf(true)('skipIf true', () => {});
    bench.runIf(false)('runIf false', () => {});
    bench.runIf(true)('runIf true', () => {});
  });
  describe.skip('skipped suite', () => {
    bench('inside skipped suite', () => {});
  });
});
bench(function named() {}, () => {});
`;

describe('a vitest bench file', () => {
  it('joins describe names with " > ", drops skip/todo like vitest, and runs hooks around the task in the child', async () => {
    const config = await project({ 'bench/suite.bench.ts': VITEST_FILE });
    const workloads = await loadWorkloads(config);
    expect(workloads.map((workload) => workload.name)).toEqual([
      'bench/suite.bench.ts#outer > inner > measured',
      'bench/suite.bench.ts#outer > inner > runIf true',
      'bench/suite.bench.ts#named',
    ]);
    const run = await runOnce(workloads[0] as LoadedWorkload, config);
    expect(run.ops).toBe(40);
    const events = (await readFile(join(config.rootDir, 'events.log'), 'utf8')).trim().split('\n');
    expect(events).toEqual([
      'file beforeAll',
      'outer beforeAll',
      'setup measured run',
      'teardown measured run',
      'outer afterAll calls=90',
      'file afterAll',
      'outer cleanup',
    ]);
  });

  it('measures only the .only benches of a file that has any', async () => {
    const config = await project({
      'bench/only.bench.ts': `import { bench, describe } from 'vitest';\nbench('a', () => {});\ndescribe.only('focused', () => { bench('b', () => {}); });\nbench.only('c', () => {});\n`,
    });
    expect((await loadWorkloads(config)).map((workload) => workload.name)).toEqual([
      'bench/only.bench.ts#focused > b',
      'bench/only.bench.ts#c',
    ]);
  });

  it.each([
    [
      'beforeEach',
      `import { bench, beforeEach } from 'vitest';\nbeforeEach(() => {});\nbench('a', () => {});\n`,
      'bench/x.bench.ts: could not be loaded: memgate: beforeEach() in a bench file: vitest does not run beforeEach hooks for benchmarks and memgate will not guess',
    ],
    [
      'a test',
      `import { bench, test } from 'vitest';\ntest('t', () => {});\nbench('a', () => {});\n`,
      'bench/x.bench.ts: imports "test" from "vitest", which memgate does not run in bench files (it provides bench, describe, suite, beforeAll, afterAll)',
    ],
    [
      'an async describe',
      `import { bench, describe } from 'vitest';\ndescribe('s', async () => { bench('a', () => {}); });\n`,
      'memgate: describe("s") has an async callback; memgate collects benches synchronously',
    ],
    [
      'describe.each',
      `import { bench, describe } from 'vitest';\ndescribe.each([1, 2])('case %i', () => { bench('a', () => {}); });\n`,
      'memgate: describe.each() in a bench file is not supported — write one describe per case',
    ],
    [
      'two benches of one name',
      `import { bench } from 'vitest';\nbench('a', () => {});\nbench('a', () => {});\n`,
      'memgate: two bench tasks are named "a" in one file',
    ],
  ])('stops with a one-line message on %s, never a silent skip', async (_what, text, message) => {
    const config = await project({ 'bench/x.bench.ts': text });
    const error = await errorOf(loadWorkloads(config));
    expect(error.message).toContain(message);
    expect(error.message).not.toContain('\n');
    expect(error.code).toBe('WORKLOAD_INVALID');
  });
});
