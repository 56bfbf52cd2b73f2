// The action end to end in process: report mode with hand-built report files,
// a simulated runner environment, and a fake GitHub API on 127.0.0.1.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAction } from '../../harness/github/run-action.js';
import { commentMarker } from '../../harness/github/comment-policy.js';
import { ACTIONS_BOT } from './fake-github.js';
import { FAST_CLIENT, pullRequestEvent, useActionTest, type Env } from './sandbox.js';
import { regressedWorkload, report, workload, writeReport } from './reports.js';

const { github, sandbox, stdout } = useActionTest();

const passing = () => report([workload('json-roundtrip'), workload('lru-cache')]);
const regressing = (change = 0.25) => report([workload('json-roundtrip'), regressedWorkload('lru-cache', change)]);

// Writes the report, sets up a pull_request event for PR 7 and runs the action.
async function runOnPullRequest(value: unknown, inputs: Record<string, string> = {}, prNumber = 7) {
  const reportPath = writeReport(join(sandbox.dir, 'artifact', 'report.json'), value);
  const env: Env = sandbox.prepare({
    eventName: 'pull_request',
    payload: pullRequestEvent(prNumber),
    apiUrl: github.baseUrl,
    inputs: { mode: 'report', report: reportPath, 'github-token': 'fake-token', comment: 'always', ...inputs },
  });
  return runAction({ env, client: FAST_CLIENT });
}

const commentsOn = (issue: number) => github.comments.filter((comment) => comment.issueNumber === issue);

describe('sticky comment', () => {
  it('creates the comment on the first run, then updates the same one when the report changes', async () => {
    const first = await runOnPullRequest(regressing(0.25));
    expect(first.commentAction).toBe('created');
    expect(commentsOn(7)).toHaveLength(1);
    const [created] = commentsOn(7);
    expect(created?.body.startsWith(`${commentMarker('default')}\n`)).toBe(true);
    expect(created?.body).toContain('lru-cache');

    const second = await runOnPullRequest(regressing(0.4));
    expect(second.commentAction).toBe('updated');
    expect(second.commentId).toBe(first.commentId);
    expect(commentsOn(7)).toHaveLength(1);
    expect(commentsOn(7)[0]?.body).toContain('40.0%');
    expect(github.writes().map((request) => request.method)).toEqual(['POST', 'PATCH']);
  });

  it('makes no write when the report renders the same body again', async () => {
    await runOnPullRequest(regressing());
    const writesAfterFirst = github.writes().length;
    const again = await runOnPullRequest(regressing());
    expect(again.commentAction).toBe('unchanged');
    expect(github.writes()).toHaveLength(writesAfterFirst);
  });

  it('gives another id its own comment and leaves the first alone', async () => {
    const gateA = await runOnPullRequest(regressing());
    const gateB = await runOnPullRequest(passing(), { id: 'server-gate' });
    expect(gateB.commentAction).toBe('created');
    expect(gateB.commentId).not.toBe(gateA.commentId);
    expect(commentsOn(7).map((comment) => comment.body.split('\n')[0])).toEqual([
      commentMarker('default'),
      commentMarker('server-gate'),
    ]);
  });

  it("never touches another user's comment that carries the marker", async () => {
    const forged = github.addComment(7, `${commentMarker('default')}\nlooks like memgate`, {
      login: 'mallory',
      type: 'User',
    });
    const quoted = github.addComment(7, `> ${commentMarker('default')}\nquoting the bot`, ACTIONS_BOT);
    const result = await runOnPullRequest(regressing());
    expect(result.commentAction).toBe('created');
    expect(result.commentId).not.toBe(forged.id);
    expect(forged.body).toBe(`${commentMarker('default')}\nlooks like memgate`);
    expect(quoted.body).toBe(`> ${commentMarker('default')}\nquoting the bot`);
    expect(github.writes().some((request) => request.method === 'PATCH')).toBe(false);
  });

  it('with a personal token, owns only the comments of the user GET /user names', async () => {
    github.reset({ tokenUser: { login: 'perf-bot', type: 'User' }, userForbidden: false });
    const botComment = github.addComment(7, `${commentMarker('default')}\nfrom the workflow token`, ACTIONS_BOT);
    const own = github.addComment(7, `${commentMarker('default')}\nold`, { login: 'perf-bot', type: 'User' });
    const result = await runOnPullRequest(regressing());
    expect(result.commentAction).toBe('updated');
    expect(result.commentId).toBe(own.id);
    expect(botComment.body).toContain('from the workflow token');
  });

  it('follows pagination to find its comment on page 2', async () => {
    for (let index = 0; index < 120; index += 1)
      github.addComment(7, `review comment ${index}`, { login: 'reviewer', type: 'User' });
    const own = github.addComment(7, `${commentMarker('default')}\nprevious run`, ACTIONS_BOT);
    const result = await runOnPullRequest(regressing());
    expect(result.commentAction).toBe('updated');
    expect(result.commentId).toBe(own.id);
    const listed = github.requests.filter(
      (request) => request.method === 'GET' && request.path.includes('/issues/7/comments'),
    );
    expect(listed.map((request) => new URL(request.path, github.baseUrl).searchParams.get('page') ?? '1')).toEqual([
      '1',
      '2',
    ]);
    expect(listed[0]?.path).toContain('per_page=100');
  });

  it('on-change posts nothing for a clean pass, but keeps an existing comment current', async () => {
    const quiet = await runOnPullRequest(passing(), { comment: 'on-change' });
    expect(quiet.commentAction).toBe('skipped');
    expect(github.writes()).toHaveLength(0);
    const own = github.addComment(7, `${commentMarker('default')}\nwas red`, ACTIONS_BOT);
    const fixed = await runOnPullRequest(passing(), { comment: 'on-change' });
    expect(fixed.commentAction).toBe('updated');
    expect(own.body).toContain('pass');
  });

  it('comment: never makes no request at all', async () => {
    const result = await runOnPullRequest(regressing(), { comment: 'never' });
    expect(result.commentAction).toBeNull();
    expect(github.requests).toHaveLength(0);
  });
});

describe('status, outputs, summary and annotations', () => {
  it('a regression fails the step and sets the outputs', async () => {
    const result = await runOnPullRequest(regressing());
    expect(result.failure).toBe('memgate: 1 workload(s): lru-cache regressed (see the job summary)');
    expect(sandbox.outputs()).toEqual({
      status: 'regressed',
      regressed: 'true',
      'report-path': result.reportPath,
      'comment-id': String(result.commentId),
    });
  });

  it('fail-on-regression: false reports the regression without failing', async () => {
    const result = await runOnPullRequest(regressing(), { 'fail-on-regression': 'false' });
    expect(result.failure).toBeNull();
    expect(sandbox.outputs()['regressed']).toBe('true');
  });

  it('a pass neither fails nor annotates', async () => {
    const result = await runOnPullRequest(passing());
    expect(result.failure).toBeNull();
    expect(sandbox.outputs()).toMatchObject({ status: 'pass', regressed: 'false' });
    expect(stdout()).not.toContain('::error');
  });

  it('writes the same markdown to the job summary', async () => {
    const result = await runOnPullRequest(regressing());
    expect(sandbox.summary().trim()).toBe(result.markdown.trim());
    expect(commentsOn(7)[0]?.body).toBe(`${commentMarker('default')}\n${result.markdown}`);
  });

  it('skips the job summary with a log line when GITHUB_STEP_SUMMARY is unset', async () => {
    const reportPath = writeReport(join(sandbox.dir, 'artifact', 'report.json'), regressing());
    const env = sandbox.prepare({
      eventName: 'push',
      payload: {},
      apiUrl: github.baseUrl,
      inputs: { mode: 'report', report: reportPath, 'github-token': 'fake-token' },
    });
    delete process.env['GITHUB_STEP_SUMMARY'];
    const result = await runAction({ env: { ...env, GITHUB_STEP_SUMMARY: undefined }, client: FAST_CLIENT });
    expect(result.status).toBe('regressed');
    expect(stdout()).toContain('GITHUB_STEP_SUMMARY is not set, skipping the job summary');
    expect(sandbox.summary()).toBe('');
    // A push has no pull request: nothing to comment on, and nothing asked.
    expect(stdout()).toContain('no pull request for event "push", skipping the comment');
    expect(github.requests).toHaveLength(0);
  });

  it('annotates each regressed or failed workload at its workload file', async () => {
    const failing = workload('boot', { status: 'error', error: { message: 'timed out after 30s', stderr: '' } });
    await runOnPullRequest(report([regressedWorkload('lru-cache'), failing, workload('fine')]));
    const commands = stdout()
      .split('\n')
      .filter((line) => line.startsWith('::error '));
    expect(commands).toHaveLength(2);
    expect(commands[0]).toMatch(
      /^::error title=memgate%3A lru-cache regressed,file=workloads\/lru-cache.workload.ts::alloc.perOp regressed/,
    );
    expect(commands[1]).toMatch(
      /^::error title=memgate%3A boot failed,file=workloads\/boot.workload.ts::timed out after 30s$/,
    );
  });

  it('an error report fails even with fail-on-regression: false', async () => {
    const failing = workload('boot', { status: 'error', error: { message: 'crashed', stderr: '' } });
    const result = await runOnPullRequest(report([failing]), { 'fail-on-regression': 'false' });
    expect(result.status).toBe('error');
    expect(result.failure).toBe('memgate: 1 workload(s): boot failed to run (see the job summary)');
  });
});
