// Builds the library and CLI into dist/lib (JavaScript + .d.ts) for the npm
// package. memgate's own checkout runs from source through tsx instead, so
// this only matters for `npm pack` / `npm publish` (run by `prepack`).
import { cpSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
rmSync(new URL('../dist/lib', import.meta.url), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
// --noCheck: emit only. The types are checked by `npm run typecheck` (run in
// CI before the tests), so checking them again here doubled the build's time
// (7 s instead of 14 s of CPU here), and the packed-tarball test runs this build.
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--noCheck'], { cwd: root, stdio: 'inherit' });
// The Python probe is not TypeScript: copied to the same relative place (runner/process/python-probe.ts finds it there).
cpSync(
  new URL('../harness/probe/python/sitecustomize.py', import.meta.url),
  new URL('../dist/lib/probe/python/sitecustomize.py', import.meta.url),
);
