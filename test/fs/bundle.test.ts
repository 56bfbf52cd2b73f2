import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { bundleModule, bundleModuleText, resolveHarnessModule, resolveProbeEntry } from '../../harness/fs/bundle.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'memgate-bundle-'));
  await mkdir(join(REPO, '.memgate'), { recursive: true });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bundleModule', () => {
  it('compiles TypeScript into one plain ESM file that imports without a loader', async () => {
    const source = join(dir, 'typed.ts');
    await writeFile(join(dir, 'helper.ts'), 'export const twice = (n: number): number => n * 2;\n');
    await writeFile(
      source,
      "import { twice } from './helper.js';\ninterface Box { value: number }\nconst box: Box = { value: twice(21) };\nexport default box;\n",
    );
    const bundle = await bundleModule(source, join(dir, 'cache'));
    expect(bundle.endsWith('.mjs')).toBe(true);
    const text = await readFile(bundle, 'utf8');
    expect(text).not.toContain('interface');
    expect(text).not.toMatch(/from ["']\.\/helper/);
    const module = (await import(pathToFileURL(bundle).href)) as { default: { value: number } };
    expect(module.default.value).toBe(42);
  });

  it('reuses the cached file while the code is unchanged and writes a new one when it changes', async () => {
    const source = join(dir, 'changing.ts');
    await writeFile(source, 'export default 1;\n');
    const first = await bundleModule(source, join(dir, 'cache'));
    const again = await bundleModule(source, join(dir, 'cache'));
    await writeFile(source, 'export default 2;\n');
    const changed = await bundleModule(source, join(dir, 'cache'));
    expect(again).toBe(first);
    expect(changed).not.toBe(first);
  });

  it('keeps packages external, resolved from the source folder even when the cache is elsewhere', async () => {
    // The source lives in this checkout (where node_modules/zod is); the cache in the OS temp dir.
    const sourceDir = await mkdtemp(join(REPO, '.memgate', 'bundle-test-'));
    try {
      const source = join(sourceDir, 'uses-zod.ts');
      await writeFile(source, "import * as z from 'zod';\nexport default z.string().parse('ok');\n");
      const { file, text } = await bundleModuleText(source, join(dir, 'cache'));
      // Imported, not inlined, through a relative path (never an absolute one).
      expect(text).toMatch(/from "\.\.\/.*node_modules\/zod\/[^"]+"/);
      expect(text).not.toMatch(/from "\//);
      expect(((await import(pathToFileURL(file).href)) as { default: string }).default).toBe('ok');
    } finally {
      await rm(sourceDir, { recursive: true, force: true });
    }
  });

  it('reports a syntax error as one line naming the file', async () => {
    const source = join(dir, 'broken.ts');
    await writeFile(source, 'export default {\n');
    const error = await bundleModule(source, join(dir, 'cache'), { displayName: 'workloads/broken.ts' }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: 'WORKLOAD_INVALID' });
    expect((error as Error).message).toMatch(/^workloads\/broken\.ts: could not be compiled: .*broken\.ts:\d+:\d+: /);
    expect((error as Error).message).not.toContain('\n');
  });

  it('bundles the probe entry from source in a checkout', async () => {
    const entry = await resolveProbeEntry(join(dir, 'cache'));
    expect(entry.startsWith(join(dir, 'cache'))).toBe(true);
    expect(await readFile(entry, 'utf8')).toContain('process.send');
  });

  it('keeps one harness bundle per cache folder, and makes it again when its folder was deleted', async () => {
    const first = await resolveHarnessModule(join('probe', 'attach'), join(dir, 'cache-a'));
    const second = await resolveHarnessModule(join('probe', 'attach'), join(dir, 'cache-b'));
    expect(first.startsWith(join(dir, 'cache-a'))).toBe(true);
    expect(second.startsWith(join(dir, 'cache-b'))).toBe(true);
    await rm(join(dir, 'cache-a'), { recursive: true, force: true });
    const again = await resolveHarnessModule(join('probe', 'attach'), join(dir, 'cache-a'));
    expect(again).toBe(first);
    expect(existsSync(again)).toBe(true);
  });
});
