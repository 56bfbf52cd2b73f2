// The workflow event as the action needs it: which repository, which pull
// request (pull_request / pull_request_target), or which run triggered us
// (workflow_run, for the fork-safe comment job). Read from GITHUB_EVENT_PATH
// and validated, keeping only the few fields memgate uses.
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { MemgateError, formatKeyPath } from '../errors.js';

const PullRequestPayload = z.object({
  number: z.number().int().positive(),
  head: z
    .object({
      sha: z.string(),
      repo: z.object({ full_name: z.string() }).nullable().optional(),
    })
    .optional(),
  base: z.object({ sha: z.string().optional(), repo: z.object({ full_name: z.string() }) }).optional(),
});

const WorkflowRunPayload = z.object({
  id: z.number().int(),
  head_sha: z.string(),
  pull_requests: z.array(z.object({ number: z.number().int().positive() })).default([]),
});

const EventPayload = z.object({
  pull_request: PullRequestPayload.optional(),
  workflow_run: WorkflowRunPayload.optional(),
});

export interface PullRequestInfo {
  readonly number: number;
  readonly headSha: string | null;
  /** The base branch's commit when the pull request was last updated (A/B's default base). */
  readonly baseSha: string | null;
  /** The head branch lives in another repository (or in a deleted one): the token is read-only. */
  readonly fromFork: boolean;
  /** GitHub sends `head.repo: null` when the fork was deleted after the pull request was opened. */
  readonly deletedFork: boolean;
}

export interface WorkflowRunInfo {
  readonly id: number;
  readonly headSha: string;
  /** Pull requests GitHub links to the run; empty for runs from forks. */
  readonly pullRequests: readonly number[];
}

export interface ActionEvent {
  readonly name: string;
  readonly owner: string;
  readonly repo: string;
  readonly pullRequest: PullRequestInfo | null;
  readonly workflowRun: WorkflowRunInfo | null;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads GITHUB_REPOSITORY, GITHUB_EVENT_NAME and the GITHUB_EVENT_PATH payload. */
export function readActionEvent(env: Env): ActionEvent {
  const [owner, repo, ...rest] = (env['GITHUB_REPOSITORY'] ?? '').split('/');
  if (!owner || !repo || rest.length > 0) {
    throw new MemgateError(
      'USAGE',
      `GITHUB_REPOSITORY: expected "owner/repo", found ${JSON.stringify(env['GITHUB_REPOSITORY'] ?? '')}; run the action inside GitHub Actions or set it`,
    );
  }
  const payload = readPayload(env['GITHUB_EVENT_PATH']);
  return {
    name: env['GITHUB_EVENT_NAME'] ?? '',
    owner,
    repo,
    pullRequest: payload.pull_request ? toPullRequest(payload.pull_request) : null,
    workflowRun: payload.workflow_run
      ? {
          id: payload.workflow_run.id,
          headSha: payload.workflow_run.head_sha,
          pullRequests: payload.workflow_run.pull_requests.map((pr) => pr.number),
        }
      : null,
  };
}

function toPullRequest(pr: z.infer<typeof PullRequestPayload>): PullRequestInfo {
  const head = pr.head?.repo?.full_name;
  const base = pr.base?.repo.full_name;
  const deletedFork = pr.head?.repo === null;
  return {
    number: pr.number,
    headSha: pr.head?.sha ?? null,
    baseSha: pr.base?.sha ?? null,
    fromFork: deletedFork || (head !== undefined && base !== undefined && head !== base),
    deletedFork,
  };
}

// No event file (a local run) is an empty event; a corrupt one is an error.
function readPayload(path: string | undefined): z.infer<typeof EventPayload> {
  if (!path) return {};
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new MemgateError(
      'IO',
      `GITHUB_EVENT_PATH ${path}: expected a readable JSON event payload, ${(error as Error).message}; this file is written by the runner`,
      { cause: error },
    );
  }
  const parsed = EventPayload.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MemgateError(
      'USAGE',
      `GITHUB_EVENT_PATH ${path}: unexpected payload at ${formatKeyPath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'}; this file is written by the runner`,
    );
  }
  return parsed.data;
}
