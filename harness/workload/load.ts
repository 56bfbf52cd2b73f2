// Finds workload files, bundles and imports them, validates every workload
// they export, and applies the command-line filters.
import { relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { glob } from 'tinyglobby';
import type { ResolvedConfig } from '../config/schema.js';
import { describeIssue } from '../config/load.js';
import { MemgateError, firstLineOf } from '../errors.js';
import { hashDefinition } from './hash.js';
import { resolveWorkload, type ResolveOptions } from './resolve.js';
import type { LoadedWorkload, ResolvedWorkload } from './types.js';
import { bundleModuleText, cacheDirOf } from '../fs/bundle.js';
import {
  InProcessWorkloadSchema,
  ProcessWorkloadSchema,
  isProcessWorkload,
  type Workload,
} from '../config/workload-schema.js';
import { loadBenchWorkloads } from './benches.js';

/** Loads every workload matched by `config.workloads`, keeping those whose names match `filters`. */
export async function loadWorkloads(
  config: ResolvedConfig,
  filters: readonly string[] = [],
  options: ResolveOptions = {},
): Promise<ResolvedWorkload[]> {
  const files = await findWorkloadFiles(config);
  const benches = await loadBenchWorkloads(config);
  // A glob that finds nothing would make every gate pass silently (bench files count: see benches.ts).
  if (files.length === 0 && benches.length === 0) {
    const where = config.configFile ? relativeTo(config, config.configFile) : 'memgate config (defaults)';
    throw new MemgateError(
      'WORKLOAD_NOT_FOUND',
      `${where}: workloads: no file matches ${JSON.stringify(config.workloads)} under ${config.rootDir} — fix the glob or add a workload file`,
    );
  }
  const loaded: ResolvedWorkload[] = [];
  for (const file of files) loaded.push(...(await loadWorkloadFile(file, config, options)));
  loaded.push(...benches.map((bench) => resolveWorkload(bench, config, options)));
  rejectDuplicates(loaded);
  return applyFilters(loaded, filters, config);
}

/** Workload files, sorted by relative path so runs and reports are in a stable order. */
export async function findWorkloadFiles(config: ResolvedConfig): Promise<string[]> {
  const patterns = typeof config.workloads === 'string' ? [config.workloads] : config.workloads;
  const found = await glob(patterns, {
    cwd: config.rootDir,
    absolute: true,
    onlyFiles: true,
    ignore: ['**/node_modules/**', `${config.outDir}/**`],
  });
  return found.map((file) => resolve(file)).sort((a, b) => relativeTo(config, a).localeCompare(relativeTo(config, b)));
}

/** Bundles, imports and validates one file; a file may export several workloads. */
export async function loadWorkloadFile(
  file: string,
  config: ResolvedConfig,
  options: ResolveOptions = {},
): Promise<ResolvedWorkload[]> {
  const relativeFile = relativeTo(config, file);
  const bundle = await bundleModuleText(file, cacheDirOf(config), { pureHarness: true, displayName: relativeFile });
  const module = await importBundle(bundle.file, relativeFile);
  const exports = pickWorkloadExports(module, relativeFile);
  return exports.map(({ exportName, value }) => {
    const definition = validateWorkload(value, relativeFile, exportName);
    const loaded: LoadedWorkload = {
      name: definition.name,
      kind: isProcessWorkload(definition) ? 'process' : 'in-process',
      file,
      relativeFile,
      bundle: bundle.file,
      exportName,
      definition,
      definitionHash: hashDefinition(bundle.text, exportName, definition, config),
    };
    return resolveWorkload(loaded, config, options);
  });
}

async function importBundle(bundle: string, relativeFile: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(bundle).href)) as Record<string, unknown>;
  } catch (error) {
    throw new MemgateError(
      'WORKLOAD_INVALID',
      `${relativeFile}: could not be loaded: ${firstLineOf(error)} — fix the error at the top level of the file`,
      { cause: error },
    );
  }
}

/**
 * The default export is the workload; named exports that look like
 * workloads (an object with a `name` and an `op` or `command`) are workloads
 * too, so one file can hold a family of variants. Other named exports
 * (helpers, constants) are ignored. The same object exported twice counts once.
 */
export function pickWorkloadExports(
  module: Record<string, unknown>,
  relativeFile: string,
): Array<{ exportName: string; value: unknown }> {
  const picked: Array<{ exportName: string; value: unknown }> = [];
  const seen = new Set<unknown>();
  if (module['default'] !== undefined) {
    picked.push({ exportName: 'default', value: module['default'] });
    seen.add(module['default']);
  }
  for (const [exportName, value] of Object.entries(module)) {
    if (exportName === 'default' || seen.has(value) || !looksLikeWorkload(value)) continue;
    picked.push({ exportName, value });
    seen.add(value);
  }
  if (picked.length === 0) {
    throw new MemgateError(
      'WORKLOAD_INVALID',
      `${relativeFile}: expected a default export made with defineWorkload({ name, op }), found no workload export — add "export default defineWorkload({ ... })"`,
    );
  }
  return picked;
}

function looksLikeWorkload(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate['name'] === 'string' && ('op' in candidate || 'command' in candidate || 'processes' in candidate)
  );
}

/** Validates with the schema of the workload's kind: `command` or `processes` makes it a process workload. */
export function validateWorkload(value: unknown, relativeFile: string, exportName: string): Workload {
  const where = exportName === 'default' ? relativeFile : `${relativeFile} (export "${exportName}")`;
  if (typeof value !== 'object' || value === null) {
    throw new MemgateError(
      'WORKLOAD_INVALID',
      `${where}: expected a workload object made with defineWorkload({ name, op }), got ${value === null ? 'null' : typeof value} — export the workload definition`,
    );
  }
  const schema = 'command' in value || 'processes' in value ? ProcessWorkloadSchema : InProcessWorkloadSchema;
  const parsed = schema.safeParse(value, { reportInput: true });
  if (!parsed.success) throw new MemgateError('WORKLOAD_INVALID', describeIssue(where, parsed.error));
  return parsed.data;
}

function rejectDuplicates(workloads: readonly LoadedWorkload[]): void {
  const byName = new Map<string, LoadedWorkload>();
  for (const workload of workloads) {
    const first = byName.get(workload.name);
    if (first) {
      throw new MemgateError(
        'WORKLOAD_INVALID',
        `${workload.relativeFile}: workload name "${workload.name}" is already used by ${first.relativeFile}${first.exportName === 'default' ? '' : ` (export "${first.exportName}")`} — names must be unique (they name the baseline files)`,
      );
    }
    byName.set(workload.name, workload);
  }
}

/** Keeps workloads matching any filter: a glob (`json-*`) or else a substring. */
export function applyFilters<W extends LoadedWorkload>(
  workloads: readonly W[],
  filters: readonly string[],
  config: Pick<ResolvedConfig, 'workloads'>,
): W[] {
  if (filters.length === 0) return [...workloads];
  for (const filter of filters) {
    if (!workloads.some((workload) => matchesFilter(workload.name, filter))) {
      const known =
        workloads.map((workload) => workload.name).join(', ') || `none found by ${JSON.stringify(config.workloads)}`;
      throw new MemgateError(
        'WORKLOAD_NOT_FOUND',
        `no workload matches "${filter}" (workloads: ${known}) — check the name or the "workloads" glob in memgate.config`,
      );
    }
  }
  return workloads.filter((workload) => filters.some((filter) => matchesFilter(workload.name, filter)));
}

export function matchesFilter(name: string, filter: string): boolean {
  if (!/[*?[]/.test(filter)) return name.includes(filter);
  return globToRegExp(filter).test(name);
}

// Names have no slashes, so a glob is just `*`, `?` and `[...]` over the whole name.
function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] ?? '';
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else if (char === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) source += '\\[';
      else {
        source += `[${pattern
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else source += char.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function relativeTo(config: Pick<ResolvedConfig, 'rootDir'>, file: string): string {
  return relative(config.rootDir, file).split(sep).join('/');
}
