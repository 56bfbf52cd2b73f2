// The "Failure behaviour" table of docs/running.md, rendered from the corpus
// so the two cannot drift: `npx tsx scripts/gen-failure-table.ts` rewrites
// it, and failure-table.test.ts fails when the doc and the corpus disagree.
import type { Case } from './case.js';

export const TABLE_START =
  '<!-- failure-table:start (generated from test/reliability by scripts/gen-failure-table.ts) -->';
export const TABLE_END = '<!-- failure-table:end -->';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderFailureTable(cases: readonly Case[]): string {
  const rows = cases.map((testCase) => {
    const exit = testCase.code === 'SIGKILL' ? 'killed' : String(testCase.code);
    return `| ${cell(testCase.category)} | ${cell(testCase.name)} | ${exit} | ${cell(testCase.behaviour)} |`;
  });
  return [
    TABLE_START,
    '| Area | What goes wrong | Exit | What memgate does |',
    '| --- | --- | --- | --- |',
    ...rows,
    TABLE_END,
  ].join('\n');
}

/** The doc with its table replaced by `table`; throws when the markers are missing. */
export function replaceFailureTable(doc: string, table: string): string {
  const start = doc.indexOf(TABLE_START);
  const end = doc.indexOf(TABLE_END);
  if (start < 0 || end < start)
    throw new Error(`docs/running.md: the markers ${TABLE_START} ... ${TABLE_END} are missing`);
  return doc.slice(0, start) + table + doc.slice(end + TABLE_END.length);
}
