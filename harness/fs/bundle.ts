// Turns a TypeScript (or JS) module into one plain-JS ESM file that Node 20
// imports without any loader. The parent bundles config and workload files;
// the measured child imports the same bundle, so no TypeScript loader (tsx's
// hooks thread, its file descriptors and memory) ever runs inside a measured
// process.
import { writeFileAtomic } from './atomic-write.js';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { MemgateError, messageOf } from '../errors.js';

/** memgate's own source folder (harness/ in a checkout, dist/lib/ when installed). */
const HARNESS_DIR = fileURLToPath(new URL('../', import.meta.url));

export interface BundleOptions {
  /**
   * Treat memgate's own modules as free of side effects, so a workload that
   * imports `defineWorkload` from the harness index does not drag zod schemas
   * into the measured child. Off for the probe, which is memgate itself.
   */
  readonly pureHarness?: boolean;
  /** How errors name the file (e.g. relative to the project root); default: the absolute path. */
  readonly displayName?: string;
  /** esbuild plugins that run before memgate's own (bench files alias `tinybench` and `vitest` to shims). */
  readonly plugins?: readonly Plugin[];
}

export interface Bundle {
  /** Absolute path of the cached .mjs file. */
  readonly file: string;
  /** The bundled text, with package paths relative to the cache directory (portable across checkouts). */
  readonly text: string;
}

/** Bundles `file` into `<cacheDir>/<sha256>.mjs` and returns the cached file's path. */
export async function bundleModule(file: string, cacheDir: string, options: BundleOptions = {}): Promise<string> {
  return (await bundleModuleText(file, cacheDir, options)).file;
}

/** Like bundleModule, and also returns the bundled text (for definition hashes). */
export async function bundleModuleText(file: string, cacheDir: string, options: BundleOptions = {}): Promise<Bundle> {
  const absolute = resolve(file);
  const text = await buildText(absolute, resolve(cacheDir), options);
  const hash = createHash('sha256').update(absolute).update('\0').update(text).digest('hex');
  const target = join(resolve(cacheDir), `${hash}.mjs`);
  if (!existsSync(target)) await writeCacheEntry(target, text);
  return { file: target, text };
}

async function buildText(file: string, cacheDir: string, options: BundleOptions): Promise<string> {
  try {
    const result = await build({
      entryPoints: [file],
      absWorkingDir: dirname(file),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      logLevel: 'silent',
      legalComments: 'none',
      plugins: [...(options.plugins ?? []), externalPackages(cacheDir, options.pureHarness ?? false)],
    });
    const output = result.outputFiles[0];
    if (!output) throw new Error('esbuild produced no output');
    return output.text;
  } catch (error) {
    throw new MemgateError(
      'WORKLOAD_INVALID',
      `${options.displayName ?? file}: could not be compiled: ${firstBuildError(error)} — fix the syntax or the import`,
      { cause: error },
    );
  }
}

// Bare imports stay external, but are resolved from the SOURCE file's folder
// (as Node would) and written as paths relative to the cache folder, so the
// bundle finds the same packages wherever the cache lives and its text does
// not depend on the checkout's absolute path.
/** Marks a resolve call made from inside the plugin, so it is not intercepted again. */
interface InnerMark {
  readonly memgateInner?: boolean;
}

function externalPackages(cacheDir: string, pureHarness: boolean): Plugin {
  return {
    name: 'memgate-external-packages',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^[^./]|^\.[^./]|^\.\.[^/]/ }, async (args) => {
        if (
          (args.pluginData as InnerMark | undefined)?.memgateInner ||
          isBuiltin(args.path) ||
          args.kind === 'entry-point'
        )
          return undefined;
        const found = await pluginBuild.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: { memgateInner: true },
        });
        if (found.errors.length > 0 || !found.path) return { errors: found.errors };
        if (found.external) return { path: found.path, external: true };
        return { path: toImportPath(relative(cacheDir, found.path)), external: true };
      });
      if (!pureHarness) return;
      pluginBuild.onResolve({ filter: /^\.\.?\// }, async (args) => {
        if ((args.pluginData as InnerMark | undefined)?.memgateInner) return undefined;
        const found = await pluginBuild.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: { memgateInner: true },
        });
        if (found.errors.length > 0 || !isInside(HARNESS_DIR, found.path))
          return found.errors.length > 0 ? { errors: found.errors } : { path: found.path };
        return { path: found.path, sideEffects: false };
      });
    },
  };
}

function toImportPath(relativePath: string): string {
  const posix = relativePath.split(sep).join('/');
  return posix.startsWith('.') ? posix : `./${posix}`;
}

function isInside(dir: string, file: string): boolean {
  const rel = relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep);
}

function firstBuildError(error: unknown): string {
  const errors = (
    error as { errors?: Array<{ text: string; location?: { file: string; line: number; column: number } | null }> }
  ).errors;
  const first = errors?.[0];
  if (!first) return messageOf(error);
  const where = first.location ? `${first.location.file}:${first.location.line}:${first.location.column}: ` : '';
  return `${where}${first.text}`;
}

// Several test workers (or two memgate runs) may write the same cache entry.
function writeCacheEntry(target: string, text: string): Promise<void> {
  return writeFileAtomic(
    target,
    text,
    (reason, fix) => `${target}: cannot write the bundle cache (${reason}); ${fix.replace('the directory', 'outDir')}`,
  );
}

/** The bundle cache: `<outDir>/cache` under the config's root. */
export function cacheDirOf(config: { readonly rootDir: string; readonly outDir: string }): string {
  return join(resolve(config.rootDir, config.outDir), 'cache');
}

// One bundle per (harness module, cache folder): a process can serve several
// projects (tests, the A/B base worktree), and a cache folder can be deleted
// while the process lives, so a cached path is checked before it is reused.
const harnessBundles = new Map<string, Promise<string>>();

/**
 * A harness module (`probe/child-main`, `probe/attach`) ready to run: the
 * compiled `.js` when memgate runs from an installed build, else the `.ts`
 * bundled into `cacheDir` (no loader in the child either way).
 */
export function resolveHarnessModule(name: string, cacheDir: string): Promise<string> {
  const built = join(HARNESS_DIR, `${name}.js`);
  const source = join(HARNESS_DIR, `${name}.ts`);
  if (!existsSync(source) && existsSync(built)) return Promise.resolve(built);
  const key = `${name}\0${resolve(cacheDir)}`;
  const cached = harnessBundles.get(key);
  const bundle = (): Promise<string> => {
    const made = bundleModule(source, cacheDir, { pureHarness: false });
    harnessBundles.set(key, made);
    made.catch(() => harnessBundles.delete(key));
    return made;
  };
  if (!cached) return bundle();
  return cached.then((path) => (existsSync(path) ? path : bundle()));
}

/** The child's entry module (probe/child-main). */
export function resolveProbeEntry(cacheDir: string): Promise<string> {
  return resolveHarnessModule(join('probe', 'child-main'), cacheDir);
}
