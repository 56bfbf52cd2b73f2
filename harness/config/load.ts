// Finds, compiles and validates memgate.config.*. TypeScript configs are
// bundled with esbuild (harness/workload/bundle.ts) and imported as plain JS,
// so loading a config needs no loader hooks in the process.
import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as z from 'zod';
import { ConfigSchema, type ResolvedConfig } from './schema.js';
import { MemgateError, firstLineOf, formatKeyPath } from '../errors.js';
import { bundleModule } from '../fs/bundle.js';
import { resolveLeakLimits } from './leak-limits.js';

export const CONFIG_FILE_NAMES = [
  'memgate.config.ts',
  'memgate.config.mts',
  'memgate.config.js',
  'memgate.config.mjs',
] as const;

export interface LoadConfigOptions {
  readonly cwd: string;
  /** An explicit config file (--config); it must exist. */
  readonly configFile?: string | undefined;
}

/** Loads memgate.config.* from `cwd` (or `configFile`); defaults when there is none. */
export async function loadConfig(options: LoadConfigOptions): Promise<ResolvedConfig> {
  const file = findConfigFile(options);
  if (!file) return validateConfig({}, undefined, resolve(options.cwd));
  const rootDir = dirname(file);
  const exported = await importConfig(file, join(rootDir, '.memgate', 'cache'));
  return validateConfig(exported, file, rootDir);
}

function findConfigFile({ cwd, configFile }: LoadConfigOptions): string | undefined {
  if (configFile !== undefined) {
    const given = resolve(cwd, configFile);
    if (!existsSync(given))
      throw new MemgateError(
        'CONFIG_INVALID',
        `${configFile}: config file not found (looked at ${given}) — check the --config path`,
      );
    return given;
  }
  return CONFIG_FILE_NAMES.map((name) => join(cwd, name)).find((candidate) => existsSync(candidate));
}

// The config's own imports are bundled before the outDir is known, so the
// bundle goes to the default cache beside the config file.
async function importConfig(file: string, cacheDir: string): Promise<unknown> {
  let module: Record<string, unknown>;
  try {
    const bundle = await bundleModule(file, cacheDir, { pureHarness: true, displayName: basename(file) });
    module = (await import(pathToFileURL(bundle).href)) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof MemgateError) throw new MemgateError('CONFIG_INVALID', error.message, { cause: error });
    throw new MemgateError(
      'CONFIG_INVALID',
      `${basename(file)}: could not be loaded: ${firstLineOf(error)} — fix the error in the config file`,
      { cause: error },
    );
  }
  if (!('default' in module) || module['default'] === undefined) {
    throw new MemgateError(
      'CONFIG_INVALID',
      `${basename(file)}: expected a default export (export default defineConfig({ ... })), found none — add one`,
    );
  }
  return module['default'];
}

/** Validates a config object; exported for tests and for programmatic use. */
export function validateConfig(input: unknown, configFile: string | undefined, rootDir: string): ResolvedConfig {
  const where = configFile ? relative(rootDir, configFile) || basename(configFile) : 'memgate config';
  const parsed = ConfigSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) throw new MemgateError('CONFIG_INVALID', describeIssue(where, parsed.error));
  const config: ResolvedConfig = { ...parsed.data, configFile, rootDir };
  try {
    resolveLeakLimits(config, undefined);
  } catch (error) {
    throw new MemgateError('CONFIG_INVALID', `${where}: ${firstLineOf(error)}`);
  }
  return config;
}

/** One line: file, key path, what was expected and found, the fix. */
export function describeIssue(where: string, error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return `${where}: invalid — check the file against the documentation`;
  const issue = mostSpecific(first);
  const more =
    error.issues.length > 1
      ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})`
      : '';
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => formatKeyPath([...issue.path, key])).join(', ');
    return `${where}: ${keys}: unknown key${issue.keys.length > 1 ? 's' : ''} — remove it or check the spelling${more}`;
  }
  const message = issue.message.replace(/, received \w+$/, '');
  const found =
    'input' in issue && issue.input !== undefined && !message.includes(' got ') ? `, got ${preview(issue.input)}` : '';
  return `${where}: ${formatKeyPath(issue.path)}: ${message}${found} — fix the value${more}`;
}

// A union ("false or an object") fails as a whole; the branch whose error is
// deepest says what the user most likely meant ({ relative: "ten" } -> relative).
function mostSpecific(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  let best: z.core.$ZodIssue = issue;
  for (const branch of issue.errors) {
    const inner = branch[0];
    if (!inner) continue;
    const candidate = mostSpecific({ ...inner, path: [...issue.path, ...inner.path] });
    if (
      best === issue ||
      candidate.path.length > best.path.length ||
      (candidate.path.length === best.path.length && best.code === 'invalid_type' && candidate.code !== 'invalid_type')
    )
      best = candidate;
  }
  return best.path.length > issue.path.length || best.code === 'custom' ? best : issue;
}

function preview(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  // JSON would print NaN and Infinity as null, naming a value the user never wrote.
  if (typeof value === 'number' || typeof value === 'bigint' || value === undefined) return String(value);
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? typeof value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
