// esbuild plugin for bench files: their `tinybench` and `vitest` imports are
// bundled from memgate's shims (tinybench-shim.ts, vitest-shim.ts), which
// record tasks instead of timing them. The tinybench shim's own `tinybench`
// import is resolved from the bench file's folder, so the project's copy
// (2.9 or 6) is the one subclassed. Imports from node_modules stay external
// and untouched.
import { existsSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImportKind, Plugin, PluginBuild } from 'esbuild';
import { TINYBENCH_SUPPORTED, isSupportedTinybench, tinybenchVersionOf } from './tinybench-version.js';

const HARNESS_DIR = fileURLToPath(new URL('../', import.meta.url));

// harness/bench/*.ts in a checkout, dist/lib/bench/*.js when installed.
function shimFile(base: string): string {
  const source = fileURLToPath(new URL(`./${base}.ts`, import.meta.url));
  return existsSync(source) ? source : fileURLToPath(new URL(`./${base}.js`, import.meta.url));
}

export const SHIM_FILES = {
  tinybench: shimFile('tinybench-shim'),
  vitest: shimFile('vitest-shim'),
} as const;

/** The plugin for one bench file (`entryFile`, absolute). */
export function benchAliasPlugin(entryFile: string): Plugin {
  return {
    name: 'memgate-bench-alias',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^(tinybench|vitest)$/ }, async (args) => {
        // Inner resolutions (ours, and bundle.ts resolving a bare import to make it external) use the real package.
        const inner = args.pluginData as { memgateBenchInner?: boolean; memgateInner?: boolean } | undefined;
        if (inner?.memgateBenchInner || inner?.memgateInner) return undefined;
        if (args.path === 'tinybench' && args.importer === SHIM_FILES.tinybench) {
          const refused = await checkVersion(pluginBuild, entryFile, args.kind);
          if (refused) return { errors: [{ text: refused }] };
          return pluginBuild.resolve('tinybench', {
            kind: args.kind,
            resolveDir: dirname(entryFile),
            importer: entryFile,
            pluginData: { memgateBenchInner: true },
          });
        }
        // memgate's own modules (the vitest shim uses memgate's tinybench) are left alone.
        if (isInside(HARNESS_DIR, args.importer)) return undefined;
        return { path: SHIM_FILES[args.path as keyof typeof SHIM_FILES] };
      });
    },
  };
}

// The project's tinybench, resolved the way Node would from the bench file (not made external yet).
async function checkVersion(pluginBuild: PluginBuild, entryFile: string, kind: ImportKind): Promise<string | null> {
  const found = await pluginBuild.resolve('tinybench', {
    kind,
    resolveDir: dirname(entryFile),
    importer: entryFile,
    pluginData: { memgateBenchInner: true, memgateInner: true },
  });
  if (found.errors.length > 0 || !found.path) return null;
  const version = tinybenchVersionOf(found.path);
  if (version === undefined || isSupportedTinybench(version)) return null;
  return `tinybench ${version} is not supported: memgate measures tinybench ${TINYBENCH_SUPPORTED} — upgrade tinybench`;
}

function isInside(dir: string, file: string): boolean {
  const rel = relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep);
}
