// `memgate merge <report.json...>`: the shard jobs of a CI matrix each write
// a JSON report; one job merges them into one report, renders it with any
// reporter (so the sticky comment sees one report) and exits with the one
// exit code of the whole suite.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CAC } from 'cac';
import { MemgateError, formatKeyPath } from '../errors.js';
import { Report } from '../model/report.js';
import { mergeReports, type NamedReport } from '../pipeline/merge.js';
import { parseReporterSpecs, writeReports } from '../report/registry.js';
import { exitCodeOf, type CommandContext, type ExitCode } from './io.js';

interface MergeFlags {
  readonly reporter?: string | string[];
  readonly outfile?: string;
  readonly verbose?: boolean;
}

export function registerMerge(cli: CAC, context: CommandContext): void {
  cli
    .command('merge [...reports]', 'Merge the JSON reports of shard jobs (--shard i/n) into one report and exit code')
    .option('--reporter <name>', 'terminal, json, markdown or junit; name:file writes to a file; repeatable')
    .option('--outfile <file>', 'File for the one non-terminal reporter')
    .option('--verbose', 'List unchanged metrics too')
    .example('memgate merge shards/*.json --reporter terminal --reporter json:.memgate/report.json')
    .action(async (files: string[], flags: MergeFlags) => context.setExitCode(await runMerge(context, files, flags)));
}

async function runMerge(context: CommandContext, files: readonly string[], flags: MergeFlags): Promise<ExitCode> {
  const specs = parseReporterSpecs(flags.reporter, flags.outfile);
  if (files.length === 0) {
    throw new MemgateError('USAGE', 'merge: expected report files — e.g. memgate merge shard-1.json shard-2.json');
  }
  const inputs: NamedReport[] = [];
  for (const file of files) inputs.push(await readReport(context.io.cwd, file));
  const report = mergeReports(inputs);
  await writeReports(report, specs, context.io, { verbose: flags.verbose === true });
  return exitCodeOf(report);
}

async function readReport(cwd: string, file: string): Promise<NamedReport> {
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new MemgateError('IO', `${file}: cannot read the report (${code}) — check the path of the shard's report`, {
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new MemgateError(
      'REPORT_INVALID',
      `${file}: expected JSON written by --reporter json:<file>, found malformed JSON — re-run the shard job`,
    );
  }
  const parsed = Report.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MemgateError(
      'REPORT_INVALID',
      `${file}: ${formatKeyPath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'} — expected a memgate JSON report from the same memgate version`,
    );
  }
  return { source: file, report: parsed.data };
}
