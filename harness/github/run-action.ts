// The action's logic, with the environment injected so tests run it in
// process against a fake GitHub API: get a report (measure in `run` mode,
// read the artifact in `report` mode), then job summary, annotations, sticky
// comment and outputs. The decision to fail is returned, not taken here.
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import * as core from '@actions/core';
import { isMemgateError, MemgateError } from '../errors.js';
import { renderMarkdown } from '../report/markdown.js';
import type { Report, WorkloadReport } from '../model/report.js';
import { readPrNumberFile, readReportFile, writePrNumberFile } from './artifact.js';
import { describeApiError, statusOf } from './api-error.js';
import { createGitHubClient, type ClientOptions } from './client.js';
import { upsertStickyComment, type CommentAction, type Octokit } from './comment.js';
import { buildCommentBody, markdownBudget, shouldWriteComment } from './comment-policy.js';
import { readActionEvent, type ActionEvent } from './event.js';
import { chooseBase, commitExists } from './base-ref.js';
import { readActionInputs, type ActionInputs } from './inputs.js';
import { findProjectNode, readNodeVersion } from './project-node.js';
import { lastErrorLine, resolveMemgateBin, runMemgateCompare } from './run-cli.js';
import { buildAnnotations, emitAnnotations, writeJobSummary } from './summary.js';
import { actionHistory } from './history.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface RunActionOptions {
  /** process.env in the action: INPUT_*, GITHUB_* and RUNNER_* variables. */
  readonly env: Env;
  /** Parsed inputs; read from env's INPUT_* variables when omitted. */
  readonly inputs?: ActionInputs;
  /** GitHub client; built from the token and GITHUB_API_URL when omitted. */
  readonly octokit?: Octokit;
  /** Retry and throttling settings of the built client (tests shorten the back-off). */
  readonly client?: Omit<ClientOptions, 'baseUrl'>;
}

export interface ActionResult {
  readonly status: Report['status'];
  readonly regressed: boolean;
  readonly reportPath: string;
  readonly commentId: number | null;
  readonly commentAction: CommentAction | null;
  /** Why the step must fail (regression with fail-on-regression, or an error); null to pass. */
  readonly failure: string | null;
  readonly markdown: string;
}

interface LoadedReport {
  readonly report: Report;
  readonly reportPath: string;
  /** The CLI exited with an error but still wrote a report. */
  readonly cliError: string | null;
}

export async function runAction(options: RunActionOptions): Promise<ActionResult> {
  const { env } = options;
  const inputs = options.inputs ?? readActionInputs(env);
  const event = readActionEvent(env);
  const workspace = env['GITHUB_WORKSPACE'] || process.cwd();
  const workingDirectory = resolve(workspace, inputs.workingDirectory);
  const loaded =
    inputs.mode === 'run'
      ? await measure(inputs, event, workingDirectory, env)
      : await readArtifact(inputs, workingDirectory);
  const { report, reportPath } = loaded;

  // The gate's verdict is out before anything talks to GitHub: a failed comment never hides it.
  const regressed = report.status === 'regressed';
  core.setOutput('status', report.status);
  core.setOutput('regressed', String(regressed));
  core.setOutput('report-path', reportPath);
  const history = await actionHistory(inputs, workingDirectory, report);
  const markdown = renderMarkdown(report, { maxLength: markdownBudget(inputs.id), ...history.markdown });
  await writeJobSummary(markdown, env);
  emitAnnotations(buildAnnotations(report, workingDirectory, workspace));
  const comment = await postComment(inputs, event, report, markdown, reportPath, options);
  await history.append();
  core.setOutput('comment-id', comment.commentId === null ? '' : String(comment.commentId));
  return {
    status: report.status,
    regressed,
    reportPath,
    commentId: comment.commentId,
    commentAction: comment.action,
    failure: decideFailure(report, inputs, loaded.cliError),
    markdown,
  };
}

function decideFailure(report: Report, inputs: ActionInputs, cliError: string | null): string | null {
  if (cliError) return cliError;
  if (report.status === 'error')
    return `memgate: ${listWorkloads(report, 'error')} failed to run (see the job summary)`;
  if (report.status === 'regressed' && inputs.failOnRegression)
    return `memgate: ${listWorkloads(report, 'regressed')} regressed (see the job summary)`;
  return null;
}

// "2 workload(s): a, b" — at most ten names, the failure line stays one readable line.
function listWorkloads(report: Report, status: WorkloadReport['status']): string {
  const names = report.workloads.filter((workload) => workload.status === status).map((workload) => workload.name);
  const shown = names.slice(0, 10).join(', ') + (names.length > 10 ? ` and ${names.length - 10} more` : '');
  return `${names.length} workload(s)${names.length > 0 ? `: ${shown}` : ''}`;
}

// `run` mode: spawn the project's memgate; exit 2 without a report is the CLI's error.
async function measure(
  inputs: ActionInputs,
  event: ActionEvent,
  workingDirectory: string,
  env: Env,
): Promise<LoadedReport> {
  const reportPath = inputs.report
    ? resolve(workingDirectory, inputs.report)
    : join(env['RUNNER_TEMP'] || tmpdir(), 'memgate', inputs.id, 'report.json');
  await mkdir(dirname(reportPath), { recursive: true });
  await rm(reportPath, { force: true });
  if (event.pullRequest) await writePrNumberFile(dirname(reportPath), event.pullRequest.number);
  const bin = resolveMemgateBin(workingDirectory);
  const node = await readNodeVersion(findProjectNode(inputs.node, env, workingDirectory), env);
  core.setOutput('node-version', node.version);
  const base = chooseBase(inputs.base, event, (sha) => commitExists(workingDirectory, sha));
  if (base.warning) core.warning(`memgate: ${base.warning}`);
  core.info(
    `memgate: running ${bin} compare${base.ref ? ` --base ${base.ref}` : ''} in ${workingDirectory} on node ${node.version} (${node.path})`,
  );
  const run = await runMemgateCompare({
    node: node.path,
    bin,
    workingDirectory,
    reportPath,
    config: inputs.config,
    base: base.ref,
    env,
  });
  const ok = run.exitCode === 0 || run.exitCode === 1;
  const cliError = ok
    ? null
    : `memgate compare exited with ${run.exitCode ?? run.signal}: ${lastErrorLine(run.stderrTail)}`;
  // A crash (uncaught exception) also exits 1: no report means it was not a verdict.
  if (!existsSync(reportPath))
    throw new MemgateError(
      'CHILD_FAILED',
      cliError ?? `memgate compare exited with ${run.exitCode} but wrote no report: ${lastErrorLine(run.stderrTail)}`,
    );
  return { report: await readReportFile(reportPath, inputs.maxReportBytes), reportPath, cliError };
}

async function readArtifact(inputs: ActionInputs, workingDirectory: string): Promise<LoadedReport> {
  if (!inputs.report)
    throw new MemgateError(
      'USAGE',
      'action input "report": expected the path of a JSON report in mode "report", found none; set "report:" to the downloaded artifact file',
    );
  const reportPath = resolve(workingDirectory, inputs.report);
  return { report: await readReportFile(reportPath, inputs.maxReportBytes), reportPath, cliError: null };
}

interface PostedComment {
  readonly action: CommentAction | null;
  readonly commentId: number | null;
}

async function postComment(
  inputs: ActionInputs,
  event: ActionEvent,
  report: Report,
  markdown: string,
  reportPath: string,
  options: RunActionOptions,
): Promise<PostedComment> {
  const none: PostedComment = { action: null, commentId: null };
  if (inputs.comment === 'never') return none;
  if (!inputs.githubToken && !options.octokit) {
    core.warning('memgate: no github-token, skipping the pull request comment');
    return none;
  }
  const octokit =
    options.octokit ??
    createGitHubClient(inputs.githubToken ?? '', {
      ...options.client,
      baseUrl: options.env['GITHUB_API_URL'] || 'https://api.github.com',
    });
  try {
    const prNumber = await resolvePrNumber(inputs, event, reportPath, octokit);
    if (prNumber === null) return none;
    const target = { owner: event.owner, repo: event.repo, issueNumber: prNumber };
    const outcome = await upsertStickyComment(
      octokit,
      target,
      inputs.id,
      buildCommentBody(markdown, inputs.id),
      (hasExisting) => shouldWriteComment(inputs.comment, report, hasExisting),
    );
    core.info(
      `memgate: pull request comment ${outcome.action}${outcome.commentId ? ` (id ${outcome.commentId})` : ''}`,
    );
    return outcome;
  } catch (error) {
    // A forged or broken pr-number file is bad input to reject, not a comment failure.
    if (isMemgateError(error) && error.code === 'REPORT_INVALID') throw error;
    core.warning(commentFailure(error, event));
    return none;
  }
}

// The step's outcome is the gate's verdict; a comment that could not be written is a warning beside it.
function commentFailure(error: unknown, event: ActionEvent): string {
  const status = statusOf(error);
  const pr = event.pullRequest;
  // A fork's pull_request token is read-only by design (a deleted fork's too): the comment job does that part.
  if (pr?.fromFork && (status === 403 || status === 404))
    return `memgate: not commenting on pull request #${pr.number}: it comes from a ${pr.deletedFork ? 'fork that was deleted' : 'fork'} and the token is read-only (GitHub answered ${status}); the gate's verdict stands. Comment from a workflow_run job: see the two-workflow setup in docs/github.md`;
  if (isMemgateError(error)) return `memgate: the pull request comment failed: ${error.message}`;
  return `memgate: the pull request comment failed, the gate's verdict stands: ${describeApiError('pull request comment', error)}`;
}

/**
 * Which pull request to comment on, most trusted source first: the input, the
 * event itself, then the artifact's pr-number file, which a fork controls and
 * so must name a pull request whose head is the commit that was measured.
 */
async function resolvePrNumber(
  inputs: ActionInputs,
  event: ActionEvent,
  reportPath: string,
  octokit: Octokit,
): Promise<number | null> {
  if (inputs.prNumber !== undefined) return inputs.prNumber;
  if (event.pullRequest) return event.pullRequest.number;
  const linked = event.workflowRun?.pullRequests[0];
  if (linked !== undefined) return linked;
  const fromArtifact = inputs.mode === 'report' ? await readPrNumberFile(dirname(reportPath)) : null;
  if (fromArtifact === null) {
    core.info(`memgate: no pull request for event "${event.name}", skipping the comment`);
    return null;
  }
  if (!event.workflowRun) return fromArtifact;
  const headSha = await fetchPullHead(octokit, event, fromArtifact);
  if (headSha === event.workflowRun.headSha) return fromArtifact;
  core.warning(
    `memgate: the artifact names pull request #${fromArtifact}, whose head ${headSha?.slice(0, 12) ?? '(not found)'} is not the measured commit ${event.workflowRun.headSha.slice(0, 12)}; not commenting (a newer push will)`,
  );
  return null;
}

async function fetchPullHead(octokit: Octokit, event: ActionEvent, pullNumber: number): Promise<string | null> {
  try {
    const { data } = await octokit.rest.pulls.get({ owner: event.owner, repo: event.repo, pull_number: pullNumber });
    return data.head.sha;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}
