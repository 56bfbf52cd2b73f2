// Which tinybench a bench file may use. The shim subclasses the project's
// own Bench and relies on `add(name, fn, options)`, `getTask`, the
// `setup`/`teardown` hooks and the task hooks, which tinybench has had since
// 2.9 (the version vitest 4 depends on); 2.9 and 6 are tested.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const TINYBENCH_SUPPORTED = '2.9 to 6.x (tested: 2.9.0 and 6.2.5)';

/** The version of the tinybench package that holds `file`, or undefined when there is no package.json. */
export function tinybenchVersionOf(file: string): string | undefined {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (manifest.name === 'tinybench') return typeof manifest.version === 'string' ? manifest.version : undefined;
    } catch {
      // No package.json here: keep walking up.
    }
  }
  return undefined;
}

/** True for 2.9.x up to 6.x. */
export function isSupportedTinybench(version: string): boolean {
  const match = /^(\d+)\.(\d+)\./.exec(version);
  if (!match) return false;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  return (major === 2 && minor >= 9) || (major >= 3 && major <= 6);
}
