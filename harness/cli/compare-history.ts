// `memgate compare --history DIR`: the history read before the report is
// written (so the markdown reporter can chart the changed metrics over past
// commits), and the report appended to it afterwards. Kept out of compare.ts
// so that command changes by three lines.
import { resolve } from 'node:path';
import { commentTrend } from '../history/comment-trend.js';
import { appendHistory, readHistory } from '../history/store.js';
import type { Report } from '../model/report.js';

export interface HistoryHooks {
  readonly reportOptions: { markdownAppendix?: string };
  append(): Promise<void>;
}

export async function historyOptions(cwd: string, dir: string | undefined, report: Report): Promise<HistoryHooks> {
  if (dir === undefined || String(dir).trim() === '') return { reportOptions: {}, append: async () => {} };
  const path = resolve(cwd, String(dir));
  const appendix = commentTrend(report, await readHistory(path));
  return {
    reportOptions: appendix === '' ? {} : { markdownAppendix: appendix },
    append: async () => {
      await appendHistory(path, report);
    },
  };
}
