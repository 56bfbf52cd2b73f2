// Reading and writing baseline files: the edge where baselines meet the disk.
// Writes are atomic (temp file in the same directory, then rename) and
// byte-stable (sorted keys, 2-space indent, trailing newline, rounded numbers),
// so a re-recorded baseline reviews as a small diff.
import { writeFileAtomic } from '../fs/atomic-write.js';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemgateError, formatKeyPath } from '../errors.js';
import {
  BASELINE_JSON_SCHEMA_FILE,
  BASELINE_SCHEMA_VERSION,
  Baseline,
  type BaselineMetric,
  type RecordedInfo,
} from './schema.js';
import { roundMetricValue } from './round.js';
import { baselineFileStem } from './file-name.js';
import type { Measurement } from '../model/measurement.js';

export interface BaselineLocation {
  /** Absolute directory of the baselines. */
  readonly dir: string;
  /** Directory error messages show paths relative to (the config's rootDir). */
  readonly root?: string;
}

export function baselinePath(dir: string, name: string): string {
  return path.join(dir, `${baselineFileStem(name)}.json`);
}

function displayPath(file: string, root: string | undefined): string {
  return root ? path.relative(root, file) || file : file;
}

/** The baseline of `name`, or undefined when there is none. Corrupt or foreign files are errors, never overwritten. */
export async function readBaseline(location: BaselineLocation, name: string): Promise<Baseline | undefined> {
  const file = baselinePath(location.dir, name);
  const shown = displayPath(file, location.root);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new MemgateError('IO', `${shown}: cannot read the baseline (${(error as Error).message})`, { cause: error });
  }
  return parseBaseline(text, shown, name);
}

function refix(name: string): string {
  return `re-record it with \`memgate update ${name} --force\``;
}

/** Validates baseline JSON text; `shown` names the file in errors. */
export function parseBaseline(text: string, shown: string, name: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new MemgateError(
      'BASELINE_INVALID',
      // V8 quotes the text around the error, newlines included: keep the message on one line.
      `${shown}: expected JSON, found a parse error (${(error as Error).message.replace(/\s+/g, ' ')}) — fix the file or ${refix(name)}`,
    );
  }
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== BASELINE_SCHEMA_VERSION) {
    throw new MemgateError(
      'BASELINE_INVALID',
      `${shown}: schemaVersion: expected ${BASELINE_SCHEMA_VERSION}, found ${JSON.stringify(version) ?? 'nothing'} — ${refix(name)}`,
    );
  }
  const parsed = Baseline.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? formatKeyPath(issue.path) : '(root)';
    throw new MemgateError(
      'BASELINE_INVALID',
      `${shown}: ${where}: ${issue?.message ?? 'invalid'} — fix the file or ${refix(name)}`,
    );
  }
  return parsed.data;
}

/** The JSON text of a baseline: sorted keys, 2-space indent, trailing newline. */
export function serializeBaseline(baseline: Baseline): string {
  return `${JSON.stringify(sortKeys(baseline), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}

/** Writes atomically: a crash mid-write leaves the old baseline, never half a file. */
export async function writeBaseline(location: BaselineLocation, baseline: Baseline): Promise<string> {
  const file = baselinePath(location.dir, baseline.workload);
  await writeFileAtomic(
    file,
    serializeBaseline(baseline),
    (reason, fix) => `${displayPath(file, location.root)}: cannot write the baseline (${reason}); ${fix}`,
  );
  return file;
}

/** A baseline from a measurement; numbers rounded (see round.ts). */
export function fromMeasurement(measurement: Measurement, recorded: RecordedInfo, schemaRef?: string): Baseline {
  const metrics: Record<string, BaselineMetric> = {};
  for (const [id, summary] of Object.entries(measurement.metrics)) {
    const round = (value: number) => roundMetricValue(value, summary.unit, summary.noise);
    metrics[id] = {
      unit: summary.unit,
      median: round(summary.median),
      spread: round(summary.spread),
      samples: summary.samples.map(round),
      ...(summary.pooled ? { pooled: true as const } : {}),
      ...(summary.repeatSizes ? { repeatSizes: [...summary.repeatSizes] } : {}),
      ...(summary.naturalPhase ? { naturalPhase: true as const } : {}),
    };
  }
  return {
    ...(schemaRef ? { $schema: schemaRef } : {}),
    schemaVersion: BASELINE_SCHEMA_VERSION,
    workload: measurement.workload,
    definitionHash: measurement.definitionHash,
    kind: measurement.kind,
    env: { ...measurement.env, nodeFlags: [...measurement.env.nodeFlags] },
    settings: { ...measurement.settings },
    recorded: { at: recorded.at, commit: recorded.commit, branch: recorded.branch },
    metrics,
  };
}

// The JSON Schema ships in the package's baselines/ folder; from harness/baseline
// (source) or dist/lib/baseline (built) it is two or three levels up.
function packagedSchemaFile(): string | undefined {
  for (const relative of ['../../baselines/', '../../../baselines/']) {
    const file = fileURLToPath(new URL(relative + BASELINE_JSON_SCHEMA_FILE, import.meta.url));
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** `$schema` for baselines in `dir`: a relative path to the JSON Schema, or undefined if it cannot be found. */
export function schemaRefFor(dir: string): string | undefined {
  const local = path.join(dir, BASELINE_JSON_SCHEMA_FILE);
  const file = existsSync(local) ? local : packagedSchemaFile();
  if (!file) return undefined;
  return path.relative(dir, file).split(path.sep).join('/');
}
