// Bench files (`benches` in memgate.config): unmodified tinybench or vitest
// bench modules whose tasks become in-process workloads named
// `<file>#<task>`. Each file is bundled with its `tinybench` / `vitest`
// imports aliased to memgate's recording shims (harness/bench/), imported
// once here to list its tasks, and each task gets a tiny module that the
// measured child imports to run that task alone, in a fresh process.
import { relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { glob } from 'tinyglobby';
import { benchAliasPlugin } from '../bench/alias-plugin.js';
import { benchRegistry, resetBenchRegistry, type BenchTaskEntry } from '../bench/registry.js';
import { writeTaskModule } from '../bench/task-module.js';
import type { ResolvedConfig } from '../config/schema.js';
import { MemgateError, firstLineOf } from '../errors.js';
import { hashDefinition } from './hash.js';
import type { LoadedWorkload } from './types.js';
import { bundleModuleText, cacheDirOf } from '../fs/bundle.js';
import type { Workload } from '../config/workload-schema.js';

/** Every task of every file matched by `config.benches`; none when the key is unset. */
export async function loadBenchWorkloads(config: ResolvedConfig): Promise<LoadedWorkload[]> {
  if (config.benches === undefined) return [];
  const files = await findBenchFiles(config);
  // A glob that finds nothing would make every gate pass silently.
  if (files.length === 0) {
    const where = config.configFile ? relativeTo(config, config.configFile) : 'memgate config';
    throw new MemgateError(
      'WORKLOAD_NOT_FOUND',
      `${where}: benches: no file matches ${JSON.stringify(config.benches)} under ${config.rootDir} — fix the glob or remove "benches"`,
    );
  }
  const loaded: LoadedWorkload[] = [];
  for (const file of files) loaded.push(...(await loadBenchFile(file, config)));
  return loaded;
}

async function findBenchFiles(config: ResolvedConfig): Promise<string[]> {
  const patterns = typeof config.benches === 'string' ? [config.benches] : (config.benches ?? []);
  const found = await glob(patterns, {
    cwd: config.rootDir,
    absolute: true,
    onlyFiles: true,
    ignore: ['**/node_modules/**', `${config.outDir}/**`],
  });
  return found.map((file) => resolve(file)).sort((a, b) => relativeTo(config, a).localeCompare(relativeTo(config, b)));
}

/** The measured tasks of one bench file, as workloads. */
export async function loadBenchFile(file: string, config: ResolvedConfig): Promise<LoadedWorkload[]> {
  const relativeFile = relativeTo(config, file);
  const bundle = await bundleBenchFile(file, config, relativeFile);
  const entries = await collectTasks(bundle.file, relativeFile);
  const workloads: LoadedWorkload[] = [];
  for (const entry of entries) {
    const name = `${relativeFile}#${entry.id}`;
    const definition = { name, op: entry.fn } as Workload;
    workloads.push({
      name,
      kind: 'in-process',
      file,
      relativeFile,
      bundle: await writeTaskModule(bundle.file, entry.id, name),
      exportName: 'default',
      definition,
      definitionHash: hashDefinition(bundle.text, entry.id, definition, config),
    });
  }
  return workloads;
}

async function bundleBenchFile(file: string, config: ResolvedConfig, relativeFile: string) {
  try {
    return await bundleModuleText(file, cacheDirOf(config), {
      pureHarness: true,
      displayName: relativeFile,
      plugins: [benchAliasPlugin(file)],
    });
  } catch (error) {
    const missing = /No matching export in "[^"]*vitest-shim[^"]*" for import "([^"]+)"/.exec(firstLineOf(error));
    if (!missing) throw error;
    throw new MemgateError(
      'WORKLOAD_INVALID',
      `${relativeFile}: imports "${missing[1]}" from "vitest", which memgate does not run in bench files (it provides bench, describe, suite, beforeAll, afterAll) — move tests to a .test.ts file or the setup into beforeAll`,
      { cause: error },
    );
  }
}

// The parent imports each bundle once per process: ES modules run once per
// URL, so a second import would register nothing.
const collected = new Map<string, BenchTaskEntry[]>();

async function collectTasks(bundleFile: string, relativeFile: string): Promise<BenchTaskEntry[]> {
  const known = collected.get(bundleFile);
  if (known) return known;
  resetBenchRegistry();
  // Bench files print their results (console.table(bench.table())); memgate's output must stay its own.
  const restore = silenceConsole();
  try {
    await import(pathToFileURL(bundleFile).href);
  } catch (error) {
    throw new MemgateError(
      'WORKLOAD_INVALID',
      `${relativeFile}: could not be loaded: ${firstLineOf(error)} — fix the error at the top level of the bench file`,
      { cause: error },
    );
  } finally {
    restore();
  }
  const registry = benchRegistry();
  resetBenchRegistry();
  if (registry.entries.length === 0) {
    throw new MemgateError(
      'WORKLOAD_INVALID',
      `${relativeFile}: declares no benchmark (no tinybench bench.add() and no vitest bench()) — add one or narrow the "benches" glob`,
    );
  }
  const entries = registry.selected();
  collected.set(bundleFile, entries);
  return entries;
}

function silenceConsole(): () => void {
  const methods = ['log', 'info', 'table', 'debug', 'dir'] as const;
  const saved = methods.map((method) => [method, Reflect.get(console, method) as unknown] as const);
  for (const method of methods) Reflect.set(console, method, () => undefined);
  return () => {
    for (const [method, original] of saved) Reflect.set(console, method, original);
  };
}

// Like a workload's hash: the bundle, the task and its settings, so editing
// the bench file or its ops invalidates the task's baseline.
function relativeTo(config: Pick<ResolvedConfig, 'rootDir'>, file: string): string {
  return relative(config.rootDir, file).split(sep).join('/');
}
