import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../harness/config/load.js';
import type { ResolvedConfig } from '../../harness/config/schema.js';
import { loadWorkloads, matchesFilter } from '../../harness/workload/load.js';

const HARNESS_INDEX = fileURLToPath(new URL('../../harness/index.js', import.meta.url));
const header = `import { defineWorkload } from ${JSON.stringify(HARNESS_INDEX)};\n`;
let root: string;
let count = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'memgate-workloads-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

// A project folder with the given files and a config using the default glob.
async function project(files: Record<string, string>): Promise<ResolvedConfig> {
  const dir = await mkdtemp(join(root, `p${count++}-`));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return validateConfig({}, undefined, dir);
}

const simple = (name: string, extra = '') =>
  `${header}export default defineWorkload({ name: ${JSON.stringify(name)}, ops: 10, op: () => {}${extra} });\n`;

async function errorOf(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof Error)) throw new Error('expected loading to fail');
  expect(error.message).not.toContain('\n');
  return error;
}

describe('loadWorkloads', () => {
  it('loads default and workload-shaped named exports, in path order, ignoring helpers', async () => {
    const config = await project({
      'workloads/b.workload.ts': simple('bravo'),
      'workloads/a.workload.ts': `${header}const base = { ops: 10, op: (_s: void, ctx: { index: number }) => ctx.index };
export const variant = defineWorkload({ name: 'alpha-variant', ...base });
export const helper = (n: number) => n * 2;
const main = defineWorkload({ name: 'alpha', ...base });
export default main;
export { main as again };
`,
      'workloads/nested/c.workload.ts': `${header}export default defineWorkload({ name: 'service', command: 'node', args: ['server.js'] });\n`,
      'workloads/not-a-workload.ts': simple('ignored'),
    });
    const workloads = await loadWorkloads(config);
    expect(workloads.map((w) => [w.name, w.exportName, w.kind, w.relativeFile])).toEqual([
      ['alpha', 'default', 'in-process', 'workloads/a.workload.ts'],
      ['alpha-variant', 'variant', 'in-process', 'workloads/a.workload.ts'],
      ['bravo', 'default', 'in-process', 'workloads/b.workload.ts'],
      ['service', 'default', 'process', 'workloads/nested/c.workload.ts'],
    ]);
    expect(workloads[0]?.bundle).toMatch(/\.memgate\/cache\/[0-9a-f]{64}\.mjs$/);
    expect(workloads[0]?.definitionHash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('hashes the definition: stable across checkouts, changed by code or settings', async () => {
    const files = { 'workloads/x.workload.ts': simple('x') };
    const first = await project(files);
    const [original] = await loadWorkloads(first);
    // The same project copied elsewhere (another CI checkout path) keeps its hash.
    const copyDir = join(root, `copy-${count++}`);
    await cp(first.rootDir, copyDir, { recursive: true });
    const [copied] = await loadWorkloads(validateConfig({}, undefined, copyDir));
    const [moreOps] = await loadWorkloads(
      await project({ 'workloads/x.workload.ts': simple('x').replace('ops: 10', 'ops: 20') }),
    );
    const [newCode] = await loadWorkloads(
      await project({ 'workloads/x.workload.ts': simple('x').replace('op: () => {}', 'op: () => 1') }),
    );
    const [otherDefaults] = await loadWorkloads(
      validateConfig({ defaults: { warmupOps: 5 } }, undefined, first.rootDir),
    );
    expect(copied?.definitionHash).toBe(original?.definitionHash);
    for (const changed of [moreOps, newCode, otherDefaults])
      expect(changed?.definitionHash).not.toBe(original?.definitionHash);
  });

  it('names the file and key of an invalid workload in one line', async () => {
    const config = await project({
      'workloads/bad.workload.ts': simple('bad', ", warmupOps: 'many' as unknown as number"),
    });
    const error = await errorOf(loadWorkloads(config));
    expect(error.code).toBe('WORKLOAD_INVALID');
    expect(error.message).toBe(
      'workloads/bad.workload.ts: warmupOps: Invalid input: expected number, got "many" — fix the value',
    );
  });

  it('names the export of an invalid named workload, and unknown keys', async () => {
    const config = await project({
      'workloads/bad.workload.ts': `${simple('ok')}export const typo = { name: 'typo', op: () => {}, opz: 3 };\n`,
    });
    const error = await errorOf(loadWorkloads(config));
    expect(error.message).toBe(
      'workloads/bad.workload.ts (export "typo"): opz: unknown key — remove it or check the spelling',
    );
  });

  it('rejects a bad name, a file without workloads, and an unreadable leak limit', async () => {
    const badName = await errorOf(loadWorkloads(await project({ 'workloads/n.workload.ts': simple('has space') })));
    expect(badName.message).toMatch(/^workloads\/n\.workload\.ts: name: expected a name of letters, digits/);
    const empty = await errorOf(loadWorkloads(await project({ 'workloads/e.workload.ts': 'export const x = 1;\n' })));
    expect(empty.message).toMatch(/^workloads\/e\.workload\.ts: expected a default export made with defineWorkload/);
    const leak = await errorOf(
      loadWorkloads(await project({ 'workloads/l.workload.ts': simple('l', ", leak: { fdRate: 'lots' }") })),
    );
    expect(leak.message).toMatch(/^workloads\/l\.workload\.ts: leak\.fdRate: .*"lots"/);
  });

  it('reports a duplicate name with both files', async () => {
    const config = await project({
      'workloads/one.workload.ts': simple('same'),
      'workloads/two.workload.ts': simple('same'),
    });
    const error = await errorOf(loadWorkloads(config));
    expect(error.message).toBe(
      'workloads/two.workload.ts: workload name "same" is already used by workloads/one.workload.ts — names must be unique (they name the baseline files)',
    );
  });

  it('filters by substring or glob; a filter matching nothing is WORKLOAD_NOT_FOUND', async () => {
    const config = await project({
      'workloads/a.workload.ts': simple('json-parse'),
      'workloads/b.workload.ts': simple('json-stringify'),
      'workloads/c.workload.ts': simple('lru-cache'),
    });
    expect((await loadWorkloads(config, ['json'])).map((w) => w.name)).toEqual(['json-parse', 'json-stringify']);
    expect((await loadWorkloads(config, ['*-parse', 'lru'])).map((w) => w.name)).toEqual(['json-parse', 'lru-cache']);
    const error = await errorOf(loadWorkloads(config, ['lru', 'xml']));
    expect(error.code).toBe('WORKLOAD_NOT_FOUND');
    expect(error.message).toBe(
      'no workload matches "xml" (workloads: json-parse, json-stringify, lru-cache) — check the name or the "workloads" glob in memgate.config',
    );
  });
});

describe('loadWorkloads without files', () => {
  it('is WORKLOAD_NOT_FOUND, so a wrong glob cannot pass a gate silently', async () => {
    const config = await project({ 'perf/a.workload.ts': simple('a') });
    const error = await errorOf(loadWorkloads(config));
    expect(error.code).toBe('WORKLOAD_NOT_FOUND');
    expect(error.message).toBe(
      `memgate config (defaults): workloads: no file matches "workloads/**/*.workload.ts" under ${config.rootDir} — fix the glob or add a workload file`,
    );
  });
});

describe('matchesFilter', () => {
  it('reads *, ? and [..] as a glob over the whole name, anything else as a substring', () => {
    expect(matchesFilter('json-roundtrip', 'round')).toBe(true);
    expect(matchesFilter('json-roundtrip', 'json-*')).toBe(true);
    expect(matchesFilter('json-roundtrip', '*-round')).toBe(false);
    expect(matchesFilter('lru-1', 'lru-?')).toBe(true);
    expect(matchesFilter('lru-10', 'lru-?')).toBe(false);
    expect(matchesFilter('lru-b', 'lru-[ab]')).toBe(true);
    expect(matchesFilter('a.b', 'a?b')).toBe(true);
    expect(matchesFilter('axb', 'a.b')).toBe(false);
  });
});
