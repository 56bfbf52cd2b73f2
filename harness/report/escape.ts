// Escaping of user-controlled strings (workload names, metric ids, reasons,
// error messages, stderr, paths, constructor names) for each output. A PR
// comment is rendered by GitHub for everyone who opens the pull request, and
// the report may come from a fork's artifact: nothing in it may become HTML,
// markup, a link or a notification. Pure.

const ANSI_CSI = /\u001b\[[0-?]*[ -/]*[@-~]/g;
const ANSI_OSC = /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g;
// C0/C1 controls except tab and newline, and bidi overrides that reorder text on screen.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// XML 1.0 forbids most C0 controls outright, even as character references.
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const ZERO_WIDTH_SPACE = '\u200b';

const MARKDOWN_REPLACEMENTS: Record<string, string> = {
  '\\': '\\\\',
  '`': '\\`',
  '*': '\\*',
  _: '\\_',
  '[': '\\[',
  ']': '\\]',
  '|': '\\|',
  '~': '\\~',
  $: '\\$',
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  // "@\u200boctocat" reads the same but is no mention: GitHub links mentions
  // in text nodes after rendering, so an entity (&#64;) would not stop it.
  '@': `@${ZERO_WIDTH_SPACE}`,
};
const MARKDOWN_SPECIAL = /[\\`*_[\]|~$<>&@]/g;

const XML_REPLACEMENTS: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Removes terminal escape sequences, control characters and bidi overrides; keeps tabs and newlines. */
export function stripControl(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(ANSI_OSC, '').replace(ANSI_CSI, '').replace(CONTROL, '');
}

/** One line of plain text: controls removed, line breaks folded into spaces, cut at maxChars. */
export function toSingleLine(text: string, maxChars = 500): string {
  return truncate(
    stripControl(text)
      .replace(/\s*\n\s*/g, ' ')
      .trim(),
    maxChars,
  );
}

/** Cuts text at maxChars, marking the cut with "…". */
export function truncate(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, Math.max(0, maxChars - 1))}…`;
}

/**
 * Inline Markdown (GitHub flavoured) text that renders as the literal string:
 * safe in a paragraph, a heading or a table cell. Markdown punctuation is
 * backslash-escaped, HTML is entity-encoded, @mentions are neutralised.
 */
export function escapeMarkdown(text: string, maxChars = 500): string {
  return toSingleLine(text, maxChars).replace(MARKDOWN_SPECIAL, (char) => MARKDOWN_REPLACEMENTS[char] ?? char);
}

/**
 * A fenced code block holding text verbatim. The fence is longer than any run
 * of backticks inside, so no line of the text can close it early.
 */
export function codeFence(text: string): string {
  const body = stripControl(text).replace(/\n+$/, '');
  const longestRun = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}text\n${body}\n${fence}`;
}

/** Text for XML attributes and element content. */
export function escapeXml(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(ANSI_OSC, '')
    .replace(ANSI_CSI, '')
    .replace(XML_INVALID, '')
    .replace(/[&<>"']/g, (char) => XML_REPLACEMENTS[char] ?? char);
}

/** The last `lines` lines of a process's stderr, at most maxChars, controls removed. */
export function tailLines(text: string, lines: number, maxChars: number): string {
  const all = stripControl(text).replace(/\n+$/, '').split('\n');
  const tail = all.slice(-lines).join('\n');
  return tail.length <= maxChars ? tail : `…${tail.slice(tail.length - maxChars + 1)}`;
}
