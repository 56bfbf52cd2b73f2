// npm runs `prepare` after `npm install` in this checkout AND when a project
// installs memgate from a git URL (npm clones it, installs its dependencies,
// runs `prepare`, then packs the `files` list). Only the second needs
// dist/lib: this checkout runs the TypeScript source through tsx. npm marks
// the git-dependency case with npm_package_resolved (the clone's path), so
// the build runs there and a contributor's `npm ci` stays fast.
// MEMGATE_BUILD=1 forces the build.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const gitDependency = Boolean(process.env.npm_package_resolved);
if (gitDependency || process.env.MEMGATE_BUILD === '1') {
  const root = fileURLToPath(new URL('../', import.meta.url));
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
}
