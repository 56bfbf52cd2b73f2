// The action's history inputs: the comment (and summary) chart each changed
// metric over the history store; `history-append` adds the report to it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAction } from '../../harness/github/run-action.js';
import { historyEntryOf } from '../../harness/history/store.js';
import { pullRequestEvent, useActionTest } from './sandbox.js';
import { regressedWorkload, report, workload, writeReport } from './reports.js';

const { github, sandbox } = useActionTest();

// Three past commits of "parse" with alloc.perOp at 610 B/op.
function writeHistory(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const lines = ['1', '2', '3'].map((n) =>
    JSON.stringify(historyEntryOf(report([workload('parse')], { commit: `${n}`.repeat(40), branch: 'main' }))),
  );
  writeFileSync(join(dir, 'history.jsonl'), `${lines.join('\n')}\n`);
}

async function commentJob(inputs: Record<string, string>) {
  const reportPath = writeReport(join(sandbox.dir, 'artifact', 'report.json'), report([regressedWorkload('parse')]));
  const env = sandbox.prepare({
    eventName: 'pull_request',
    payload: pullRequestEvent(7),
    apiUrl: github.baseUrl,
    inputs: { mode: 'report', report: reportPath, 'github-token': 'fake-token', comment: 'always', ...inputs },
  });
  return runAction({ env });
}

describe('action history inputs', () => {
  it('charts the regressed metric over the past commits in the comment and the job summary', async () => {
    const dir = join(sandbox.dir, 'perf-history');
    writeHistory(dir);
    const result = await commentJob({ history: dir, 'fail-on-regression': 'false' });
    expect(result.markdown).toContain('#### Trend of the changed metrics');
    expect(result.markdown).toContain('x-axis ["1111111", "2222222", "3333333", "f00dfee ✖"]');
    expect(github.comments[0]?.body).toContain('```mermaid\nxychart-beta');
    // Read only: without history-append the store is untouched.
    expect(readFileSync(join(dir, 'history.jsonl'), 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('appends the report with history-append, and leaves the comment as before without history', async () => {
    const dir = join(sandbox.dir, 'appended');
    writeHistory(dir);
    await commentJob({ history: dir, 'history-append': 'true', 'fail-on-regression': 'false' });
    const lines = readFileSync(join(dir, 'history.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[3] ?? '{}')).toMatchObject({ commit: 'f00dfeed'.repeat(5), status: 'regressed' });
    const plain = await commentJob({ 'fail-on-regression': 'false' });
    expect(plain.markdown).not.toContain('Trend of the changed metrics');
  });
});
