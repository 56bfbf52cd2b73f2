// The action's `history` and `history-append` inputs: chart the changed
// metrics over the history store in the comment and job summary, and (on the
// branches whose history you keep, e.g. pushes to main) append this report.
import { resolve } from 'node:path';
import * as core from '@actions/core';
import { commentTrend } from '../history/comment-trend.js';
import { appendHistory, readHistory } from '../history/store.js';
import type { Report } from '../model/report.js';
import type { ActionInputs } from './inputs.js';

export interface ActionHistory {
  readonly markdown: { appendix?: string };
  append(): Promise<void>;
}

export async function actionHistory(
  inputs: Pick<ActionInputs, 'history' | 'historyAppend'>,
  workingDirectory: string,
  report: Report,
): Promise<ActionHistory> {
  if (inputs.history === undefined) return { markdown: {}, append: async () => {} };
  const dir = resolve(workingDirectory, inputs.history);
  const appendix = commentTrend(report, await readHistory(dir));
  return {
    markdown: appendix === '' ? {} : { appendix },
    append: async () => {
      if (!inputs.historyAppend) return;
      const file = await appendHistory(dir, report);
      core.info(`memgate: appended this report to ${file}`);
    },
  };
}
