// The Markdown reporter: the sticky PR comment and the job summary. A
// reviewer reads the headline and the changed metrics; the rest is folded.
// GitHub rejects comments over 65,536 characters, so the output stays under
// maxLength by dropping detail in order: the folded unchanged metrics, then
// the heap diagnosis, then rows from the end, and says what it left out.
import type { Report } from '../model/report.js';
import { isComparison } from '../model/report.js';
import { escapeMarkdown } from './escape.js';
import { describeAb } from './ab-line.js';
import { describeBaselines, describeCounts, describeEnv, isQuiet, shortCommit } from './select.js';
import {
  envMismatchPieces,
  foldedPiece,
  quietPiece,
  workloadPieces,
  type DetailLevel,
  type Piece,
} from './markdown-sections.js';

export interface MarkdownOptions {
  /** Upper bound on the output length in UTF-16 code units (default 60,000, under GitHub's 65,536). */
  readonly maxLength?: number;
  /** Markdown placed before the footer and kept whole (the trend charts of `compare --history`). */
  readonly appendix?: string;
}

export const DEFAULT_MARKDOWN_MAX_LENGTH = 60_000;
const HEADLINE_EMOJI = { pass: '✅', regressed: '❌', error: '⚠️' } as const;
const REDUCED_LEVELS: readonly DetailLevel[] = [1, 2];

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const maxLength = options.maxLength ?? DEFAULT_MARKDOWN_MAX_LENGTH;
  const head = headline(report);
  const foot = `${options.appendix ?? ''}${footer(report)}`;
  const full = bodyPieces(report, 0);
  const complete = `${head}${joinPieces(full)}${foot}`;
  if (complete.length <= maxLength) return complete;
  const totalRows = countRows(full);
  let body = full;
  for (const level of REDUCED_LEVELS) {
    body = bodyPieces(report, level);
    const text = `${head}${joinPieces(body)}${truncationNote(totalRows - countRows(body))}${foot}`;
    if (text.length <= maxLength) return text;
  }
  return fitRows(head, body, foot, totalRows, maxLength);
}

// Keeps whole pieces in order while they fit; a table cut short simply ends
// at the note, so the Markdown stays well-formed.
function fitRows(head: string, body: readonly Piece[], foot: string, totalRows: number, maxLength: number): string {
  const budget = maxLength - head.length - foot.length - truncationNote(totalRows).length;
  let used = 0;
  let shownRows = 0;
  const kept: string[] = [];
  for (const piece of body) {
    if (used + piece.text.length > budget) break;
    kept.push(piece.text);
    used += piece.text.length;
    shownRows += piece.rows;
  }
  const text = `${head}${kept.join('')}${truncationNote(totalRows - shownRows)}${foot}`;
  // Only a maxLength smaller than headline and footer gets here: cut hard.
  return text.length <= maxLength ? text : `${text.slice(0, Math.max(0, maxLength - 1))}…`;
}

function bodyPieces(report: Report, level: DetailLevel): Piece[] {
  const pieces = [...envMismatchPieces(report)];
  for (const workload of report.workloads) {
    if (isComparison(report.mode) && isQuiet(workload)) continue;
    pieces.push(...workloadPieces(workload, report.mode, level));
  }
  pieces.push(...quietPiece(report));
  if (level === 0 && isComparison(report.mode)) pieces.push(...foldedPiece(report));
  return pieces;
}

function headline(report: Report): string {
  const ab = describeAb(report);
  const abLine = ab === null ? '' : `\n${escapeMarkdown(ab, 400)}\n`;
  return `### ${HEADLINE_EMOJI[report.status]} memgate ${report.mode}: ${report.status} · ${describeCounts(report)}\n${abLine}`;
}

function footer(report: Report): string {
  const parts: string[] = [];
  if (report.commit !== null) {
    const branch = report.branch === null ? '' : ` on ${escapeMarkdown(report.branch, 100)}`;
    parts.push(`commit ${escapeMarkdown(shortCommit(report.commit), 60)}${branch}`);
  }
  const baselines = describeBaselines(report);
  if (baselines.length > 0)
    parts.push(
      `baseline ${baselines
        .slice(0, 3)
        .map((text) => escapeMarkdown(text, 200))
        .join('; ')}${baselines.length > 3 ? ` and ${baselines.length - 3} more` : ''}`,
    );
  parts.push(escapeMarkdown(describeEnv(report.env), 1000));
  parts.push(`report ${escapeMarkdown(report.createdAt, 40)}`);
  return `\n---\n<sub>${parts.join(' · ')}</sub>\n`;
}

function truncationNote(rows: number): string {
  return `\n_… truncated: ${rows} more ${rows === 1 ? 'row' : 'rows'}; see the JSON report / job artifacts._\n`;
}

function joinPieces(pieces: readonly Piece[]): string {
  return pieces.map((piece) => piece.text).join('');
}

function countRows(pieces: readonly Piece[]): number {
  return pieces.reduce((sum, piece) => sum + piece.rows, 0);
}
