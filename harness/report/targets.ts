// Reports never land on a baseline. `--outfile baselines/api.json` used to
// replace the committed baseline with a report, silently; a later compare
// then failed on a "corrupt" baseline, or worse, a review missed it. A target
// inside the baseline directory, or an existing file that reads as a
// baseline wherever it is, is refused before anything is measured.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { MemgateError } from '../errors.js';

/** A reporter and its file (registry.ts's ReporterSpec; restated so the two files do not import each other). */
interface ReporterSpec {
  readonly name: string;
  readonly outfile: string | undefined;
}

/** Files larger than this are not sniffed: no baseline is that big. */
const SNIFF_LIMIT_BYTES = 4 * 1024 * 1024;

/** Throws USAGE when a reporter would write into `baselineDir` or over a baseline file. */
export async function checkReportTargets(
  specs: readonly ReporterSpec[],
  cwd: string,
  baselineDir: string,
): Promise<void> {
  const dir = path.resolve(baselineDir);
  for (const spec of specs) {
    if (spec.outfile === undefined) continue;
    const file = path.resolve(cwd, spec.outfile);
    const inside = path.relative(dir, file);
    if (inside !== '' && !inside.startsWith('..') && !path.isAbsolute(inside))
      throw new MemgateError('USAGE', refusal(spec, `it is inside the baseline directory ${baselineDir}`));
    await refuseBaselineTarget(file, spec.name, spec.outfile);
  }
}

/** Throws USAGE when `file` exists and holds a memgate baseline. */
export async function refuseBaselineTarget(file: string, name: string, shown = file): Promise<void> {
  if (await holdsBaseline(file)) throw new MemgateError('USAGE', refusal({ name, outfile: shown }, 'it is a baseline'));
}

function refusal(spec: Pick<ReporterSpec, 'name' | 'outfile'>, why: string): string {
  return `--reporter ${spec.name}:${spec.outfile}: refusing to write a report there, ${why} — choose another file, e.g. --reporter ${spec.name}:.memgate/report.${spec.name === 'markdown' ? 'md' : spec.name === 'junit' ? 'xml' : 'json'}`;
}

async function holdsBaseline(file: string): Promise<boolean> {
  try {
    const info = await stat(file);
    if (!info.isFile() || info.size > SNIFF_LIMIT_BYTES) return false;
    const data = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown> | null;
    return (
      typeof data === 'object' &&
      data !== null &&
      'schemaVersion' in data &&
      'definitionHash' in data &&
      'metrics' in data &&
      !('tool' in data)
    );
  } catch {
    // Missing, unreadable or not JSON: not a baseline.
    return false;
  }
}
