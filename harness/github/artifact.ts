// Reading a JSON report that may come from an untrusted pull request (the
// fork-safe workflow_run job downloads it as an artifact). The size cap is
// checked before anything is parsed, the content is validated with the
// report's zod schema, and error messages never echo the file's content.
import { open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MemgateError, formatKeyPath } from '../errors.js';
import { Report } from '../model/report.js';

/** Name of the file beside the report that carries the pull request number. */
export const PR_NUMBER_FILE = 'pr-number';

/** Reads and validates a report file; rejects it before parsing when over maxBytes. */
export async function readReportFile(path: string, maxBytes: number): Promise<Report> {
  const text = await readCapped(path, maxBytes);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // The SyntaxError message quotes the content; keep the position only.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new MemgateError(
      'REPORT_INVALID',
      `report ${path}: expected JSON written by "memgate compare --reporter json:<file>", found malformed JSON${position ? ` at position ${position}` : ''}; check the step that produced the artifact`,
    );
  }
  const parsed = Report.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : '';
    throw new MemgateError(
      'REPORT_INVALID',
      `report ${path}: ${formatKeyPath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'}${more}; expected a memgate JSON report (schemaVersion 1) — produce it with the same memgate version as this action`,
    );
  }
  return parsed.data;
}

// fstat on the open handle, so the size checked is the size of what is read.
async function readCapped(path: string, maxBytes: number): Promise<string> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new MemgateError(
      'IO',
      `report ${path}: expected a readable file, ${(error as NodeJS.ErrnoException).code ?? 'error'}; check the "report" input and that the artifact was downloaded`,
      { cause: error },
    );
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile())
      throw new MemgateError(
        'REPORT_INVALID',
        `report ${path}: expected a regular file, found something else; point the "report" input at the JSON file`,
      );
    if (stats.size > maxBytes) {
      throw new MemgateError(
        'REPORT_INVALID',
        `report ${path}: ${stats.size} bytes is over the max-report-bytes cap of ${maxBytes}; raise "max-report-bytes" if the report is genuine`,
      );
    }
    const buffer = Buffer.alloc(stats.size);
    const { bytesRead } = await handle.read(buffer, 0, stats.size, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** The pull request number stored beside the report, or null when there is none. */
export async function readPrNumberFile(directory: string): Promise<number | null> {
  const path = join(directory, PR_NUMBER_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new MemgateError(
      'IO',
      `${path}: expected a readable file, ${(error as NodeJS.ErrnoException).code ?? 'error'}; check the downloaded artifact`,
      { cause: error },
    );
  }
  const match = /^\s*([1-9]\d{0,9})\s*$/.exec(text.length <= 32 ? text : '');
  if (!match?.[1])
    throw new MemgateError(
      'REPORT_INVALID',
      `${path}: expected a pull request number such as 42, found ${text.length} characters of something else; check the step that wrote it`,
    );
  return Number(match[1]);
}

/** Stores the pull request number beside the report, for the fork-safe comment job. */
export async function writePrNumberFile(directory: string, prNumber: number): Promise<void> {
  await writeFile(join(directory, PR_NUMBER_FILE), `${prNumber}\n`);
}
