// Findings of the review against real GitHub behaviour (issue 11), each as a
// test that failed on the code before the fix: whose comments the action may
// edit, what a failing API call looks like, deleted forks and annotation
// paths. In process, against the fake API on 127.0.0.1.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAction } from '../../harness/github/run-action.js';
import { commentMarker } from '../../harness/github/comment-policy.js';
import { buildAnnotations, toWorkspacePath } from '../../harness/github/summary.js';
import { ACTIONS_BOT } from './fake-github.js';
import { FAST_CLIENT, pullRequestEvent, useActionTest } from './sandbox.js';
import { regressedWorkload, report, workload, writeReport } from './reports.js';

const { github, sandbox, stdout } = useActionTest();

const MARKER = commentMarker('default');
const COMMENTS_ROUTE = /^POST \/repos\/acme\/widgets\/issues\/7\/comments$/;
const passing = () => report([workload('json-roundtrip')]);
const regressing = () => report([workload('json-roundtrip'), regressedWorkload('lru-cache')]);

interface RunOptions {
  readonly inputs?: Record<string, string>;
  readonly event?: object;
  readonly client?: { retryAfterBaseMs?: number; throttle?: boolean };
}

async function runOnPullRequest(value: unknown, options: RunOptions = {}) {
  const reportPath = writeReport(join(sandbox.dir, 'artifact', 'report.json'), value);
  const env = sandbox.prepare({
    eventName: 'pull_request',
    payload: options.event ?? pullRequestEvent(7),
    apiUrl: github.baseUrl,
    inputs: { mode: 'report', report: reportPath, 'github-token': 'fake-token', comment: 'always', ...options.inputs },
  });
  return runAction({ env, client: options.client ?? FAST_CLIENT });
}

const warnings = () =>
  stdout()
    .split('\n')
    .filter((line) => line.startsWith('::warning::'));
const posts = () => github.requests.filter((request) => COMMENTS_ROUTE.test(`${request.method} ${request.path}`));

describe('whose comment the action edits', () => {
  it("with GITHUB_TOKEN, never edits another app's bot comment that carries the marker", async () => {
    const otherApp = github.addComment(
      7,
      `${MARKER}\nother app`,
      { login: 'other-app[bot]', type: 'Bot' },
      'other-app',
    );
    const result = await runOnPullRequest(regressing());
    expect(result.commentAction).toBe('created');
    expect(otherApp.body).toBe(`${MARKER}\nother app`);
    expect(github.writes().map((request) => request.method)).toEqual(['POST']);
    expect(github.comments.find((comment) => comment.id === result.commentId)?.user.login).toBe(ACTIONS_BOT.login);
  });

  it('with an app installation token, edits the comment of the app GraphQL viewer names, not github-actions[bot]', async () => {
    const app = { login: 'memgate-perf[bot]', type: 'Bot' } as const;
    github.reset({ tokenUser: app });
    const workflowToken = github.addComment(7, `${MARKER}\nfrom GITHUB_TOKEN`, ACTIONS_BOT);
    const own = github.addComment(7, `${MARKER}\nold`, app, 'memgate-perf');
    const result = await runOnPullRequest(regressing());
    expect(result.commentAction).toBe('updated');
    expect(result.commentId).toBe(own.id);
    expect(workflowToken.body).toBe(`${MARKER}\nfrom GITHUB_TOKEN`);
  });

  it('when GitHub will not say who the token is, posts a new comment and edits none', async () => {
    github.reset({ viewer: 403 });
    const botComment = github.addComment(7, `${MARKER}\nearlier`, ACTIONS_BOT);
    const result = await runOnPullRequest(regressing());
    expect(result.commentAction).toBe('created');
    expect(botComment.body).toBe(`${MARKER}\nearlier`);
    expect(github.writes().map((request) => request.method)).toEqual(['POST']);
    expect(warnings().join('\n')).toMatch(/did not say who the token belongs to/);
  });

  it('asks GraphQL viewer first and falls back to GET /user for a personal token', async () => {
    github.reset({ tokenUser: { login: 'perf-bot', type: 'User' }, userForbidden: false, viewer: 502 });
    const own = github.addComment(7, `${MARKER}\nold`, { login: 'perf-bot', type: 'User' });
    const result = await runOnPullRequest(regressing(), { client: { ...FAST_CLIENT } });
    expect(result.commentId).toBe(own.id);
    const asked = github.requests.map((request) => `${request.method} ${request.path}`);
    expect(asked.indexOf('POST /graphql')).toBeLessThan(asked.indexOf('GET /user'));
  });
});

describe('API failures', () => {
  it('retries a transient 500 and then writes the comment', async () => {
    github.fail(COMMENTS_ROUTE, 500, 'Server Error', 2);
    const result = await runOnPullRequest(regressing());
    expect(result.commentAction).toBe('created');
    expect(posts()).toHaveLength(3);
    expect(github.comments).toHaveLength(1);
  });

  it('a 500 that persists is one warning naming the call, and the passing verdict and outputs stand', async () => {
    github.fail(COMMENTS_ROUTE, 500, 'Server Error', 100);
    const result = await runOnPullRequest(passing());
    expect(result.failure).toBeNull();
    expect(result.commentAction).toBeNull();
    // The first try and plugin-retry's three retries.
    expect(posts()).toHaveLength(4);
    expect(sandbox.outputs()).toEqual({
      status: 'pass',
      regressed: 'false',
      'report-path': result.reportPath,
      'comment-id': '',
    });
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatch(
      /POST \/repos\/acme\/widgets\/issues\/7\/comments answered 500 \(Server Error\); GitHub had a server error.*githubstatus/,
    );
  });

  it('a 422 says what GitHub rejected, is not retried, and a regression still fails the step', async () => {
    github.fail(COMMENTS_ROUTE, 422, 'Validation Failed', 100);
    const result = await runOnPullRequest(regressing());
    expect(posts()).toHaveLength(1);
    expect(result.failure).toBe('memgate: 1 workload(s): lru-cache regressed (see the job summary)');
    expect(sandbox.outputs()).toMatchObject({
      status: 'regressed',
      regressed: 'true',
      'report-path': result.reportPath,
    });
    expect(warnings()[0]).toMatch(/answered 422 \(Validation Failed\); GitHub rejected the content/);
  });

  it('waits out a secondary rate limit (throttling plugin) and retries', async () => {
    github.fail(COMMENTS_ROUTE, 403, 'You have exceeded a secondary rate limit', 1, { 'retry-after': '1' });
    const result = await runOnPullRequest(regressing(), { client: { retryAfterBaseMs: 5 } });
    expect(result.commentAction).toBe('created');
    expect(posts()).toHaveLength(2);
    expect(warnings()).toEqual([]);
  });

  it('a 401 points at the github-token input', async () => {
    github.fail(/^POST \/graphql$/, 401, 'Bad credentials', 1);
    const result = await runOnPullRequest(regressing());
    expect(result.status).toBe('regressed');
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatch(/POST \/graphql answered 401 \(Bad credentials\); the token is invalid or expired/);
    expect(github.writes()).toHaveLength(0);
  });
});

describe('deleted fork', () => {
  it('head.repo null with a read-only token warns like a fork instead of failing', async () => {
    github.reset({ readOnly: true });
    const result = await runOnPullRequest(passing(), { event: pullRequestEvent(7, { deletedFork: true }) });
    expect(result.failure).toBeNull();
    expect(result.commentAction).toBeNull();
    expect(sandbox.outputs()).toMatchObject({ status: 'pass', 'report-path': result.reportPath });
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatch(/pull request #7: it comes from a fork that was deleted and the token is read-only/);
  });
});

describe('annotation paths', () => {
  it('annotate no file for a report path that climbs out of the workspace', async () => {
    const escaping = regressedWorkload('escape');
    await runOnPullRequest(report([{ ...escaping, file: 'workloads/../../../etc/passwd' }]));
    const commands = stdout()
      .split('\n')
      .filter((line) => line.startsWith('::error '));
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatch(/^::error title=memgate%3A escape regressed::alloc.perOp regressed/);
    expect(stdout()).not.toMatch(/file=/);
  });

  it('keep paths inside the workspace and drop the rest', () => {
    const workspace = '/home/runner/work/app';
    expect(toWorkspacePath('workloads/a.workload.ts', 'packages/api', workspace)).toBe(
      'packages/api/workloads/a.workload.ts',
    );
    expect(toWorkspacePath('../shared/a.workload.ts', 'packages/api', workspace)).toBe('packages/shared/a.workload.ts');
    expect(toWorkspacePath('../../../etc/passwd', 'packages/api', workspace)).toBeUndefined();
    expect(toWorkspacePath('/etc/passwd', '.', workspace)).toBeUndefined();
    expect(toWorkspacePath('/home/runner/work/app-evil/x.ts', '.', workspace)).toBeUndefined();
    expect(toWorkspacePath(`${workspace}/w/x.ts`, '.', workspace)).toBe('w/x.ts');
    const annotations = buildAnnotations(
      report([{ ...regressedWorkload('out'), file: '/etc/passwd' }, regressedWorkload('in')]),
      workspace,
      workspace,
    );
    expect(annotations.map((annotation) => annotation.file)).toEqual([undefined, 'workloads/in.workload.ts']);
  });
});
