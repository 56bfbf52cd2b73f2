// Reporters by name (the vitest pattern), the `--reporter`/`--outfile` flags,
// and the one place reports touch the file system: rendering is pure, then
// every output is written, each to its own file (atomically) or to stdout.
import { isStdoutPath, writeOutputFile } from '../fs/write-output.js';
import { refuseBaselineTarget } from './targets.js';
import { resolve } from 'node:path';
import type { ReportTarget } from './output.js';
import { MemgateError } from '../errors.js';
import type { Report } from '../model/report.js';
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderOpenMetrics } from './openmetrics.js';
import { renderTerminal } from './terminal.js';

export interface ReporterSpec {
  /** Registered reporter name: terminal, json, markdown, junit, html, csv, openmetrics. */
  readonly name: string;
  /** File to write; undefined writes to stdout. */
  readonly outfile: string | undefined;
}

export interface ReporterOptions {
  /** ANSI colours (terminal reporter only). */
  readonly color: boolean;
  /** List unchanged metrics and stable leak findings too (terminal reporter). */
  readonly verbose: boolean;
  /** Markdown length cap; default 60,000 characters. */
  readonly maxLength?: number;
  /** Markdown appended before the markdown reporter's footer (trend charts). */
  readonly markdownAppendix?: string;
}

export interface Reporter {
  /** Pure: the whole output as one string. */
  render(report: Report, options: ReporterOptions): string;
}

export const REPORTERS = {
  terminal: { render: (report, options) => renderTerminal(report, options) },
  json: { render: (report) => renderJson(report) },
  markdown: {
    render: (report, options) =>
      renderMarkdown(report, {
        ...(options.maxLength === undefined ? {} : { maxLength: options.maxLength }),
        ...(options.markdownAppendix === undefined ? {} : { appendix: options.markdownAppendix }),
      }),
  },
  junit: { render: (report) => renderJunit(report) },
  html: { render: (report) => renderHtml(report) },
  csv: { render: (report) => renderCsv(report) },
  openmetrics: { render: (report) => renderOpenMetrics(report) },
} as const satisfies Record<string, Reporter>;

export type ReporterName = keyof typeof REPORTERS;

export const DEFAULT_REPORTER: ReporterName = 'terminal';

export function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(REPORTERS, name);
}

/**
 * Reads `--reporter R`... and `--outfile F`. `R` is a name or `name:file`;
 * `--outfile` goes to the one reporter that is not `terminal` and has no file
 * of its own. At most one reporter may write to stdout, so output can be piped.
 */
export function parseReporterSpecs(
  reporter: string | readonly string[] | undefined,
  outfile: string | undefined,
): ReporterSpec[] {
  const values =
    reporter === undefined ? [DEFAULT_REPORTER] : typeof reporter === 'string' ? [reporter] : [...reporter];
  let specs = values.map((value) => parseOne(String(value)));
  if (specs.length === 0) specs = [{ name: DEFAULT_REPORTER, outfile: undefined }];
  if (outfile !== undefined) specs = applyOutfile(specs, String(outfile));
  checkTargets(specs);
  return specs;
}

function parseOne(value: string): ReporterSpec {
  const colon = value.indexOf(':');
  const name = (colon < 0 ? value : value.slice(0, colon)).trim();
  const file = colon < 0 ? undefined : value.slice(colon + 1).trim();
  if (!isReporterName(name))
    throw new MemgateError(
      'USAGE',
      `unknown reporter "${name}" — expected one of ${Object.keys(REPORTERS).join(', ')}`,
    );
  if (file === '')
    throw new MemgateError(
      'USAGE',
      `--reporter ${value}: expected a file after the colon, e.g. --reporter ${name}:report.${extensionOf(name)}`,
    );
  return { name, outfile: stdoutOr(file) };
}

/** `-` names stdout, as in most Unix tools: `--reporter json:-` or `--outfile -`. */
function stdoutOr(file: string | undefined): string | undefined {
  return file === '-' ? undefined : file;
}

function applyOutfile(specs: readonly ReporterSpec[], outfile: string): ReporterSpec[] {
  if (outfile.trim() === '') throw new MemgateError('USAGE', '--outfile: expected a file name, got an empty string');
  const candidates = specs.filter((spec) => spec.name !== 'terminal' && spec.outfile === undefined);
  if (candidates.length === 0) {
    throw new MemgateError(
      'USAGE',
      `--outfile ${outfile}: no reporter to write it — add one, e.g. --reporter json --outfile ${outfile} (the terminal reporter always prints)`,
    );
  }
  if (candidates.length > 1) {
    const names = candidates.map((spec) => spec.name).join(', ');
    throw new MemgateError(
      'USAGE',
      `--outfile ${outfile} is ambiguous: ${candidates.length} reporters (${names}) have no file — give each its own, e.g. --reporter ${candidates[0]?.name}:${outfile}`,
    );
  }
  return specs.map((spec) => (spec === candidates[0] ? { name: spec.name, outfile: stdoutOr(outfile) } : spec));
}

// Two outputs on stdout would make neither parseable; two on one file would lose one.
function checkTargets(specs: readonly ReporterSpec[]): void {
  const onStdout = specs.filter((spec) => spec.outfile === undefined);
  if (onStdout.length > 1) {
    const names = onStdout.map((spec) => spec.name).join(', ');
    const other = onStdout.find((spec) => spec.name !== 'terminal') ?? onStdout[1];
    throw new MemgateError(
      'USAGE',
      `--reporter: ${onStdout.length} reporters (${names}) would all print to stdout — give all but one a file, e.g. --reporter ${other?.name}:report.${extensionOf(other?.name ?? 'json')}`,
    );
  }
  const seen = new Map<string, string>();
  for (const spec of specs) {
    if (spec.outfile === undefined) continue;
    const previous = seen.get(spec.outfile);
    if (previous !== undefined)
      throw new MemgateError(
        'USAGE',
        `--reporter: ${previous} and ${spec.name} both write ${spec.outfile} — give each its own file`,
      );
    seen.set(spec.outfile, spec.name);
  }
}

const EXTENSIONS: Readonly<Record<string, string>> = {
  markdown: 'md',
  junit: 'xml',
  terminal: 'txt',
  html: 'html',
  csv: 'csv',
  openmetrics: 'prom',
};

function extensionOf(name: string): string {
  return EXTENSIONS[name] ?? 'json';
}

/**
 * Renders the report with every reporter, each to its own file or stdout.
 * Everything is rendered before anything is written, so a rendering bug
 * leaves no half-written set of reports.
 */
export async function writeReports(
  report: Report,
  specs: readonly ReporterSpec[],
  io: ReportTarget,
  options: { verbose?: boolean; maxLength?: number; markdownAppendix?: string } = {},
): Promise<void> {
  const outputs = specs.map((spec) => {
    if (!isReporterName(spec.name))
      throw new MemgateError(
        'USAGE',
        `unknown reporter "${spec.name}" — expected one of ${Object.keys(REPORTERS).join(', ')}`,
      );
    const color = spec.outfile === undefined && shouldColor(io);
    const rendered = REPORTERS[spec.name].render(report, {
      color,
      verbose: options.verbose ?? false,
      ...(options.maxLength === undefined ? {} : { maxLength: options.maxLength }),
      ...(options.markdownAppendix === undefined ? {} : { markdownAppendix: options.markdownAppendix }),
    });
    return { spec, rendered };
  });
  for (const { spec, rendered } of outputs) {
    const file = spec.outfile === undefined ? undefined : resolve(io.cwd, spec.outfile);
    if (file === undefined || (await isStdoutPath(file))) io.stdout.write(rendered);
    else await writeReportFile(file, rendered, spec);
  }
}

/** Colour on a TTY, unless NO_COLOR is set (no-color.org); FORCE_COLOR forces it. */
export function shouldColor(io: Pick<ReportTarget, 'env' | 'stdout'>): boolean {
  const noColor = io.env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  const force = io.env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return io.stdout.isTTY === true;
}

async function writeReportFile(file: string, text: string, spec: ReporterSpec): Promise<void> {
  await refuseBaselineTarget(file, spec.name);
  await writeOutputFile(
    file,
    text,
    (reason, fix) =>
      `${file}: cannot write the ${spec.name} report (${reason}) — ${fix}, or choose another file with --reporter ${spec.name}:FILE`,
  );
}
