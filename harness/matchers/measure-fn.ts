// Runs what a vitest matcher was given in fresh `node --expose-gc` children,
// with the same probe, leak classifier and diagnosis as `memgate run`.
// Two forms:
//  - a function: its source text becomes the op of a generated module, so it
//    must be self-contained (no variables or imports from the test file);
//  - "path/to/file.ts#exportName": the file is bundled like a workload and
//    the export is an op function or a defineWorkload object.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { Script } from 'node:vm';
import { loadConfig } from '../config/load.js';
import type { ResolvedConfig } from '../config/schema.js';
import { MemgateError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { measureWorkload } from '../pipeline/measure.js';
import type { WorkloadResult } from '../pipeline/types.js';
import { resolveWorkload } from '../workload/resolve.js';
import type { LoadedWorkload, ResolvedWorkload } from '../workload/types.js';
import { bundleModuleText, cacheDirOf } from '../fs/bundle.js';
import type { Workload } from '../config/workload-schema.js';

export interface MatcherRunOptions {
  /**
   * Measured operations per process (default: the project's `defaults.ops`,
   * else 2000). Always a fixed count, never sized by time: GC counts and
   * bytes per op must not depend on how fast the machine is.
   */
  readonly ops?: number;
  /** Unmeasured operations first (default: the project's `defaults.warmupOps`, 100). */
  readonly warmupOps?: number;
  /** Fresh processes; a leak must show in every one (default 3). */
  readonly repeats?: number;
  /** Project root whose memgate.config is used (default: process.cwd()). */
  readonly cwd?: string;
}

export type MatcherSubject = ((...args: never[]) => unknown) | string;

const DEFAULT_REPEATS = 3;
const MATCHER_DEFAULT_OPS = 2000;
const configs = new Map<string, Promise<ResolvedConfig>>();

/** Measures `subject`; a crash or a bad subject is a MemgateError (the matcher reports it as a failure). */
export async function measureSubject(
  subject: MatcherSubject,
  options: MatcherRunOptions = {},
): Promise<WorkloadResult> {
  const cwd = resolve(options.cwd ?? process.cwd());
  let config = configs.get(cwd);
  if (!config) configs.set(cwd, (config = loadConfig({ cwd })));
  const resolved = await config;
  const workload = await workloadOf(subject, resolved, options);
  return measureWorkload(workload, resolved);
}

async function workloadOf(
  subject: MatcherSubject,
  config: ResolvedConfig,
  options: MatcherRunOptions,
): Promise<ResolvedWorkload> {
  const { text, file, label } =
    typeof subject === 'function' ? functionModule(subject, config.rootDir) : await exportModule(subject, config);
  const moduleFile = await writeModule(cacheDirOf(config), text);
  const definition = {
    name: 'matcher',
    op: () => undefined,
    ops: options.ops ?? config.defaults.ops ?? MATCHER_DEFAULT_OPS,
    ...(options.warmupOps === undefined ? {} : { warmupOps: options.warmupOps }),
  } as Workload;
  const loaded: LoadedWorkload = {
    name: label,
    kind: 'in-process',
    file,
    relativeFile: relative(config.rootDir, file).split(sep).join('/') || basename(file),
    bundle: moduleFile,
    exportName: 'default',
    definition,
    definitionHash: createHash('sha256').update(text).digest('hex').slice(0, 16),
  };
  return resolveWorkload(loaded, config, { repeats: options.repeats ?? DEFAULT_REPEATS });
}

function functionModule(
  fn: (...args: never[]) => unknown,
  rootDir: string,
): { text: string; file: string; label: string } {
  const source = asExpression(fn.toString());
  return {
    text: `const op = (${source});\nexport default { name: 'matcher', op };\n`,
    file: join(rootDir, 'expect(fn)'),
    label: 'expect(fn)',
  };
}

// `{ op() {} }.op.toString()` is "op() {}", which is no expression; a function keyword makes it one.
function asExpression(source: string): string {
  if (parses(source)) return source;
  const method = source.replace(
    /^(async\s+)?(\*?)\s*/,
    (_all, async: string | undefined, star: string) => `${async ?? ''}function${star} `,
  );
  if (parses(method)) return method;
  throw new MemgateError(
    'WORKLOAD_INVALID',
    `expect(fn): the function's source text is not a function expression (${source.slice(0, 60)}…) — pass an arrow function or a "file.ts#export" string`,
  );
}

function parses(source: string): boolean {
  try {
    // Compiles without running.
    new Script(`(${source});`);
    return true;
  } catch {
    return false;
  }
}

async function exportModule(subject: string, config: ResolvedConfig) {
  const hash = subject.lastIndexOf('#');
  const path = hash < 0 ? subject : subject.slice(0, hash);
  const exportName = hash < 0 ? 'default' : subject.slice(hash + 1) || 'default';
  const file = resolve(config.rootDir, path);
  if (!existsSync(file))
    throw new MemgateError(
      'WORKLOAD_NOT_FOUND',
      `expect(${JSON.stringify(subject)}): ${file} does not exist — give a path relative to ${config.rootDir}, then "#" and the export`,
    );
  const bundle = await bundleModuleText(file, cacheDirOf(config), { pureHarness: true, displayName: path });
  const text = [
    `import * as module from ${JSON.stringify(`./${basename(bundle.file)}`)};`,
    `const value = module[${JSON.stringify(exportName)}];`,
    `if (typeof value !== 'function' && typeof value?.op !== 'function')`,
    `  throw new Error(${JSON.stringify(`${path}: export "${exportName}" is neither a function nor a workload with an op — export the function to measure`)});`,
    `export default typeof value === 'function' ? { name: 'matcher', op: value } : value;`,
    ``,
  ].join('\n');
  return { text, file, label: subject };
}

async function writeModule(cacheDir: string, text: string): Promise<string> {
  const target = join(cacheDir, `matcher-${createHash('sha256').update(text).digest('hex')}.mjs`);
  if (!existsSync(target))
    await writeFileAtomic(
      target,
      text,
      (reason) => `${dirname(target)}: cannot write the matcher module (${reason}); check that outDir is writable`,
    );
  return target;
}
