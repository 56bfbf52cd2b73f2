// Pure decisions about the sticky comment: its marker, its body and whether
// the `comment` input allows writing it. No I/O, so every rule is tested
// with plain reports.
import type { Report } from '../model/report.js';
import type { CommentMode } from './inputs.js';

/** GitHub rejects comment bodies over 65,536 characters; stay well under. */
export const MAX_COMMENT_LENGTH = 60_000;

const TRUNCATION_NOTE =
  "\n\n> [!NOTE]\n> This comment was cut to fit GitHub's size limit. The job summary and the JSON report have everything.\n";

/** The hidden first line that finds the comment again on the next push. */
export function commentMarker(id: string): string {
  return `<!-- memgate:${id} -->`;
}

/** Marker line plus markdown, always shorter than MAX_COMMENT_LENGTH. */
export function buildCommentBody(markdown: string, id: string): string {
  const marker = commentMarker(id);
  return `${marker}\n${capMarkdown(markdown, MAX_COMMENT_LENGTH - marker.length - 2)}`;
}

/** Room left for the rendered markdown once the marker line is in. */
export function markdownBudget(id: string): number {
  return MAX_COMMENT_LENGTH - commentMarker(id).length - 2;
}

// The markdown reporter truncates cleanly itself; this is the guard that keeps
// the promise "never rejected by GitHub" if it ever overshoots. Cuts at a line
// end and closes an open code fence so the rest of the page still renders.
export function capMarkdown(markdown: string, maxLength: number): string {
  if (markdown.length < maxLength) return markdown;
  let cut = markdown.slice(0, Math.max(0, maxLength - TRUNCATION_NOTE.length - 8));
  const lineEnd = cut.lastIndexOf('\n');
  if (lineEnd > 0) cut = cut.slice(0, lineEnd);
  const fence = openFence(cut);
  return `${cut}${fence ? `\n${fence}` : ''}${TRUNCATION_NOTE}`;
}

// The fence still open at the end of the text, if any (fences may be longer than ```).
function openFence(text: string): string | null {
  let open: string | null = null;
  for (const line of text.split('\n')) {
    const run = /^(`{3,})/.exec(line)?.[1];
    if (!run) continue;
    if (open === null) open = run;
    else if (line.trim() === open || (/^`+$/.test(line.trim()) && run.length >= open.length)) open = null;
  }
  return open;
}

/** True when the report says something a reviewer should see. */
export function reportHasChanges(report: Report): boolean {
  if (report.status !== 'pass') return true;
  const { regressed, improved, errors, leaks, overBudget } = report.summary;
  if (regressed + improved + report.summary.new + errors + leaks + overBudget > 0) return true;
  return report.workloads.some(
    (workload) => workload.status !== 'pass' || workload.metrics.some((metric) => isNotable(metric.status)),
  );
}

function isNotable(status: string): boolean {
  return (
    status === 'regressed' ||
    status === 'improved' ||
    status === 'over-budget' ||
    status === 'unmeasured' ||
    status === 'missing' ||
    status === 'new'
  );
}

/**
 * Whether to write the comment. An existing comment is always kept current
 * (except with `never`), so a fixed regression never leaves a stale red
 * comment behind; the mode only decides when a NEW comment is worth posting.
 */
export function shouldWriteComment(mode: CommentMode, report: Report, hasExisting: boolean): boolean {
  if (mode === 'never') return false;
  if (hasExisting || mode === 'always') return true;
  if (mode === 'on-regression') return report.status !== 'pass';
  return reportHasChanges(report);
}
