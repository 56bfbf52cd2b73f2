// The soak state file, `<outDir>/soak/<tag>.json`: what a cron job, a
// dashboard or `memgate soak status <tag>` reads while a soak runs and after.
// Rewritten atomically (temp file + rename) at every interval, so a reader
// never sees half a file.
import { writeFileAtomic } from '../fs/atomic-write.js';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import * as z from 'zod';
import { MemgateError, formatKeyPath } from '../errors.js';

export const SOAK_STATE_SCHEMA_VERSION = 1;
export const SOAK_TAG = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const Trend = z.object({
  direction: z.enum(['rising', 'flat', 'falling']),
  /** Growth per minute (bytes or FDs) over the samples after warmup; null before two samples. */
  perMin: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
  limit: z.number(),
  samples: z.number().int(),
  /** Last values, oldest first (bytes or FDs). */
  recent: z.array(z.number()),
});

export const SoakState = z.object({
  schemaVersion: z.literal(SOAK_STATE_SCHEMA_VERSION),
  tag: z.string(),
  workload: z.string(),
  /** inconclusive: ended without a breach while a rate was over its limit; the pending messages say how much longer to run. */
  status: z.enum(['running', 'passed', 'inconclusive', 'failed', 'error']),
  pid: z.number().int(),
  startedAt: z.string(),
  updatedAt: z.string(),
  targetMs: z.number(),
  intervalMs: z.number(),
  elapsedMs: z.number(),
  /** Time without a breach: the elapsed time at the last check that found none. */
  cleanMs: z.number(),
  checks: z.number().int(),
  lastCheck: z.string().nullable(),
  current: z.object({ rss: z.number(), fds: z.number().nullable(), processes: z.number().int() }).nullable(),
  trend: z.object({ rss: Trend, fd: Trend.nullable() }),
  breaches: z.array(
    z.object({
      resource: z.enum(['rss', 'fd']),
      atMs: z.number(),
      perMin: z.number(),
      limit: z.number(),
      message: z.string(),
      /** A budget's metric id ("rss.peak") for a budget breach; absent for a growth breach. */
      metric: z.string().optional(),
    }),
  ),
  /** Rates over their limit without enough evidence yet, each with the minutes more a verdict needs. */
  pending: z
    .array(
      z.object({
        resource: z.enum(['rss', 'fd']),
        perMin: z.number(),
        limit: z.number(),
        minutesMore: z.number(),
        message: z.string(),
      }),
    )
    .default([]),
  /** Report files of the finished soak: always <outDir>/soak/<tag>.report.json, and every reporter written to a file. */
  reports: z.array(z.string()).default([]),
  /** memgate's own RSS (bytes) at the first and the latest check: it stays flat over a long soak. */
  memgateRss: z.object({ first: z.number(), last: z.number(), peak: z.number() }),
  /** Why the soak could not finish (status "error"). */
  error: z.string().nullable(),
});
export type SoakState = z.infer<typeof SoakState>;

export function soakStatePath(config: { rootDir: string; outDir: string }, tag: string): string {
  return join(resolve(config.rootDir, config.outDir), 'soak', `${tag}.json`);
}

/** The JSON report every finished soak writes next to its state file. */
export function soakReportPath(config: { rootDir: string; outDir: string }, tag: string): string {
  return join(resolve(config.rootDir, config.outDir), 'soak', `${tag}.report.json`);
}

export async function writeSoakState(file: string, state: SoakState): Promise<void> {
  await writeFileAtomic(
    file,
    `${JSON.stringify(state, null, 2)}\n`,
    (reason, fix) => `${file}: cannot write the soak state (${reason}); ${fix}`,
  );
}

/** Reads a state file; undefined when there is none. */
export async function readSoakState(file: string, rootDir: string): Promise<SoakState | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new MemgateError(
      'IO',
      `${relative(rootDir, file)}: cannot read the soak state (${(error as Error).message})`,
      { cause: error },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new MemgateError(
      'IO',
      `${relative(rootDir, file)}: expected JSON, found unparseable text; delete the file and run the soak again`,
    );
  }
  const parsed = SoakState.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new MemgateError(
    'IO',
    `${relative(rootDir, file)}: ${formatKeyPath(issue?.path ?? [])} ${issue?.message ?? 'is invalid'}; it was written by another memgate version, or edited — run the soak again`,
  );
}
