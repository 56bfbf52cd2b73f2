// Workload names become file names (baselines/<name>.json, diagnose/<name>/).
// defineWorkload names are already safe; bench task names
// (`bench/parse.bench.ts#json > small`) carry slashes, spaces and `>`, so
// they are flattened to a portable stem plus a short hash of the full name:
// two names that flatten alike still get different files.
import { createHash } from 'node:crypto';

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The file stem for a workload's name: the name itself when it is safe, else a flattened name and a hash. */
export function baselineFileStem(name: string): string {
  if (SAFE_NAME.test(name)) return name;
  const flat = name
    .replace(/[^A-Za-z0-9._#-]+/g, '_')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 120);
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${flat || 'workload'}.${hash}`;
}
