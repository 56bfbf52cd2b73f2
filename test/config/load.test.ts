import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../harness/config/load.js';

const HARNESS_INDEX = fileURLToPath(new URL('../../harness/index.js', import.meta.url));
let root: string;
let count = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'memgate-config-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

// A fresh project folder holding one config file.
async function project(body: string, name = 'memgate.config.ts'): Promise<string> {
  const dir = await mkdtemp(join(root, `p${count++}-`));
  await writeFile(join(dir, name), body);
  return dir;
}

const tsConfig = (object: string) =>
  `import { defineConfig } from ${JSON.stringify(HARNESS_INDEX)};\nconst repeats: number = 3;\nexport default defineConfig(${object});\n`;

async function errorOf(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof Error)) throw new Error('expected the config to be rejected');
  expect(error.message).not.toContain('\n');
  return error;
}

describe('loadConfig', () => {
  it('uses the defaults, rooted at cwd, when there is no config file', async () => {
    const dir = await mkdtemp(join(root, 'empty-'));
    const config = await loadConfig({ cwd: dir });
    expect(config.configFile).toBeUndefined();
    expect(config.rootDir).toBe(dir);
    expect(config.repeats).toBe(5);
    expect(config.workloads).toBe('workloads/**/*.workload.ts');
    expect(config.defaults).toEqual({ warmupOps: 100, time: 1000, checkpoints: 10, sampleInterval: 10 });
  });

  it('compiles a TypeScript config that imports defineConfig, and resolves its units', async () => {
    const dir = await project(tsConfig(`{ repeats, timeout: '30s', workloads: ['perf/*.workload.ts'] }`));
    const config = await loadConfig({ cwd: dir });
    expect(config.configFile).toBe(join(dir, 'memgate.config.ts'));
    expect(config.rootDir).toBe(dir);
    expect(config.repeats).toBe(3);
    expect(config.timeout).toBe(30_000);
    expect(config.workloads).toEqual(['perf/*.workload.ts']);
  });

  it('loads an explicit --config path relative to cwd, and .mjs files', async () => {
    const dir = await project(`export default { repeats: 7 };\n`, 'custom.mjs');
    const config = await loadConfig({ cwd: root, configFile: join(dir.slice(root.length + 1), 'custom.mjs') });
    expect(config.repeats).toBe(7);
    expect(config.rootDir).toBe(dir);
  });

  it('names the file, the key path, what was expected and what was found, in one line', async () => {
    const dir = await project(tsConfig(`{ thresholds: { 'alloc.perOp': { relative: 'ten' } } }`));
    const error = await errorOf(loadConfig({ cwd: dir }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe(
      'memgate.config.ts: thresholds["alloc.perOp"].relative: expected a percentage such as "10%" or a ratio such as 0.1, got "ten" — fix the value',
    );
  });

  it('rejects a wrong type with what was found', async () => {
    const dir = await project(tsConfig(`{ repeats: 'five' as unknown as number }`));
    const error = await errorOf(loadConfig({ cwd: dir }));
    expect(error.message).toMatch(/^memgate\.config\.ts: repeats: .*expected number.*, got "five" — fix the value$/);
  });

  it('rejects an unknown key by its full path', async () => {
    const dir = await project(`export default { defaults: { opz: 10 } };\n`, 'memgate.config.mjs');
    const error = await errorOf(loadConfig({ cwd: dir }));
    expect(error.message).toBe('memgate.config.mjs: defaults.opz: unknown key — remove it or check the spelling');
  });

  it('rejects an unreadable leak limit naming the key', async () => {
    const dir = await project(`export default { leak: { heapRate: 'fast' } };\n`, 'memgate.config.js');
    const error = await errorOf(loadConfig({ cwd: dir }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/^memgate\.config\.js: leak\.heapRate: .*"fast".* — fix the value$/);
  });

  it('reports a missing --config file, a throwing config and a config without default export', async () => {
    const missing = await errorOf(loadConfig({ cwd: root, configFile: 'nope.config.ts' }));
    expect(missing.message).toMatch(
      /^nope\.config\.ts: config file not found \(looked at .*nope\.config\.ts\) — check the --config path$/,
    );
    const throwing = await errorOf(
      loadConfig({ cwd: await project(`throw new Error('no env var API_URL');\nexport default {};\n`) }),
    );
    expect(throwing.message).toBe(
      'memgate.config.ts: could not be loaded: no env var API_URL — fix the error in the config file',
    );
    const noDefault = await errorOf(loadConfig({ cwd: await project(`export const repeats = 3;\n`) }));
    expect(noDefault.message).toMatch(/^memgate\.config\.ts: expected a default export/);
  });

  it('reports a syntax error with the file and line', async () => {
    const error = await errorOf(loadConfig({ cwd: await project(`export default { repeats: 3,, };\n`) }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/^memgate\.config\.ts: could not be compiled: .*memgate\.config\.ts:1:\d+: /);
  });
});
