// npm runs `prepare` after `npm install` in this checkout AND when a project
// installs memgate from a git URL (npm clones it, installs its dependencies,
// runs `prepare`, then packs the `files` list). Only the second needs
// dist/lib: this checkout runs the TypeScript source through tsx. npm marks
// the git-dependency case with npm_package_resolved (the clone's path), so
// the build runs there and a contributor's `npm ci` stays fast.
// `npm pack` and `npm publish` run `prepare` too, right after `prepack` has
// built (and they set npm_package_resolved as well): a second build there
// cost ~7 s of CPU for nothing, so those commands skip it.
// MEMGATE_BUILD=1 forces the build.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const builtByPrepack = ['pack', 'publish'].includes(process.env.npm_command ?? '');
const gitDependency = Boolean(process.env.npm_package_resolved) && !builtByPrepack;
if (gitDependency || process.env.MEMGATE_BUILD === '1') {
  const root = fileURLToPath(new URL('../', import.meta.url));
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
}
