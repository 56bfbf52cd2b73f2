// PLACEHOLDER signature, replaced by the reporters engineer.
import type { CliIO } from '../cli/io.js';
import type { Report } from './schema.js';

export interface ReporterSpec {
  /** Registered reporter name: terminal, json, markdown, junit. */
  readonly name: string;
  /** File to write; undefined writes to stdout. */
  readonly outfile: string | undefined;
}

/** Reads `--reporter R`... and `--outfile F` (see docs/reporters.md). */
export function parseReporterSpecs(_reporter: string | readonly string[] | undefined, _outfile: string | undefined): ReporterSpec[] {
  return [{ name: 'terminal', outfile: undefined }];
}

/** Renders the report with every reporter, each to its own file or stdout. */
export async function writeReports(_report: Report, _specs: readonly ReporterSpec[], _io: CliIO): Promise<void> {}
