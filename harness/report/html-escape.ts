// HTML (and SVG) text and attribute escaping for the HTML reporter. Workload
// names, reasons, stderr and branch names are user-controlled, and the page
// may be opened from an untrusted artifact: every one of them passes here.
import { stripControl, truncate } from './escape.js';

const HTML_SPECIAL = /[&<>"'`]/g;
const HTML_REPLACEMENTS: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Text safe in element content and in quoted attributes: controls removed, cut at maxChars. */
export function escapeHtml(text: string, maxChars = 2000): string {
  return truncate(stripControl(text), maxChars).replace(HTML_SPECIAL, (char) => HTML_REPLACEMENTS[char] ?? char);
}
