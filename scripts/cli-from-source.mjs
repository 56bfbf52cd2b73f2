// memgate's own checkout runs the CLI from its TypeScript source (no stale
// build to forget). Loading ~200 modules through tsx's loader hooks cost
// ~1.3 s of CPU per start, paid by every CLI process the test suite spawns;
// one esbuild bundle of harness/cli/main.ts, cached until a source file
// changes, starts in about half that. The bundle takes in the packages too
// (zod, cac, execa, tinyglobby, json-diff, picocolors), all but esbuild with
// its native binary: loading execa's and zod's ~300 small files through the
// ESM loader was half of the remaining start, ~0.5 of ~0.8 s of CPU in all;
// one file of 1.7 MB imports in ~0.26 s (measured side by side, and every
// corpus case in the test suite is a CLI start). harness/ imports zod as
// `import * as z`, never `import { z }`: the `z` object holds all of zod,
// every locale included, while property reads on a namespace let esbuild keep
// only what is used (zod 734 KB -> 198 KB of the bundle, ~0.08 s less per start). Each file's `import.meta.url`
// is kept as its source path, so code that finds files next to itself (the
// probe, the Python probe, package.json) behaves exactly as it does from source.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// A bundle older than this, for sources that have since changed, is removed; a
// younger one may still be starting in another process (a test run in flight).
const STALE_BUNDLE_MS = 60 * 60 * 1000;

/** Every file under `dir` with its size and mtime: what the cache key is made of. */
function fingerprint(dir, hash) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) fingerprint(path, hash);
    else if (entry.isFile()) {
      const stats = statSync(path);
      hash.update(`${path}\0${stats.size}\0${stats.mtimeMs}\n`);
    }
  }
}

const keepImportMetaUrl = {
  name: 'keep-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?ts$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replace(
        /\bimport\.meta\.url\b/g,
        JSON.stringify(pathToFileURL(args.path).href),
      ),
      loader: 'ts',
    }));
  },
};

function installedPackages(rootDir) {
  for (const file of [join(rootDir, 'node_modules', '.package-lock.json'), join(rootDir, 'package-lock.json')]) {
    try {
      const stats = statSync(file);
      return `${file}\0${stats.size}\0${stats.mtimeMs}\n`;
    } catch {
      // not there: the next one
    }
  }
  return 'no lockfile\n';
}

function removeStaleBundles(dir, keep) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (path === keep || !name.startsWith('cli-')) continue;
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_BUNDLE_MS) unlinkSync(path);
    } catch {
      // another process removed it first
    }
  }
}

async function bundle(entry, target) {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // esbuild finds its platform binary next to its own package: it stays a package.
    external: ['esbuild'],
    // The packages written as CommonJS call require() for Node's built-ins; an ES module has none of its own.
    banner: {
      js: "import { createRequire as __memgateRequire } from 'node:module'; const require = __memgateRequire(import.meta.url);",
    },
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
    plugins: [keepImportMetaUrl],
  });
  // Written under a unique name, then renamed: concurrent starts never import a half-written file.
  // (harness/fs/atomic-write.ts does the same for TypeScript callers; this file runs before any TypeScript loads.)
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, result.outputFiles[0].text);
  renameSync(temporary, target);
}

/** Imports harness/cli/main.ts of the checkout at `rootDir`, bundled once per version of the sources. */
export async function importSourceCli(rootDir) {
  const harness = join(rootDir, 'harness');
  const hash = createHash('sha256').update(process.version);
  hash.update(createRequire(import.meta.url)('esbuild/package.json').version);
  fingerprint(harness, hash);
  // The packages are in the bundle: npm rewrites this file on every install that changes them.
  hash.update(installedPackages(rootDir));
  const dir = join(rootDir, 'node_modules', '.cache', 'memgate-cli');
  const target = join(dir, `cli-${hash.digest('hex').slice(0, 20)}.mjs`);
  try {
    statSync(target);
  } catch {
    mkdirSync(dir, { recursive: true });
    await bundle(join(harness, 'cli', 'main.ts'), target);
    removeStaleBundles(dir, target);
  }
  return import(pathToFileURL(target).href);
}
