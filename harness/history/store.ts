// Reading and appending the history store. An append is one `appendFile` of
// one line (O_APPEND), so two jobs appending at once never interleave within
// a line; a line that fails the schema stops `trend` with its file and line.
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MemgateError, formatKeyPath } from '../errors.js';
import type { Report } from '../model/report.js';
import { HISTORY_FILE, HISTORY_SCHEMA_VERSION, HistoryEntry } from './schema.js';

export function historyFile(dir: string): string {
  return join(dir, HISTORY_FILE);
}

/** The history line of a report: medians and verdicts only (no samples, no series). */
export function historyEntryOf(report: Report): HistoryEntry {
  return {
    schemaVersion: HISTORY_SCHEMA_VERSION,
    commit: report.commit,
    branch: report.branch,
    createdAt: report.createdAt,
    status: report.status,
    workloads: report.workloads.map((w) => ({
      name: w.name,
      status: w.status,
      metrics: w.metrics.map((m) => ({
        id: m.id,
        unit: m.unit,
        direction: m.direction,
        value: m.current,
        baseline: m.baseline,
        status: m.status,
      })),
    })),
  };
}

export async function appendHistory(dir: string, report: Report): Promise<string> {
  const file = historyFile(dir);
  try {
    await mkdir(dir, { recursive: true });
    await appendFile(file, `${JSON.stringify(historyEntryOf(report))}\n`, 'utf8');
  } catch (error) {
    throw new MemgateError(
      'IO',
      `${file}: cannot append to the history (${(error as Error).message}) — check that --history names a writable directory`,
      { cause: error },
    );
  }
  return file;
}

/** Every entry, oldest first; an empty list when the store does not exist yet. */
export async function readHistory(dir: string): Promise<HistoryEntry[]> {
  const file = historyFile(dir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new MemgateError('IO', `${file}: cannot read the history (${(error as Error).message})`, { cause: error });
  }
  const entries: HistoryEntry[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new MemgateError(
        'IO',
        `${file}:${index + 1}: expected one JSON object per line, found unparseable text — remove the line`,
      );
    }
    const parsed = HistoryEntry.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new MemgateError(
        'IO',
        `${file}:${index + 1}: ${formatKeyPath(issue?.path ?? [])} ${issue?.message ?? 'is invalid'} — remove the line or fix it`,
      );
    }
    entries.push(parsed.data);
  }
  return entries;
}
