// The sticky pull-request comment: one per PR and gate `id`, found again by
// its hidden marker AND its author (the token's own identity), updated in
// place, and left alone when nothing changed. Comments by anyone else are
// never touched, whatever they contain.
import type { getOctokit } from '@actions/github';
import { MemgateError } from '../errors.js';
import { commentMarker } from './comment-policy.js';

export type Octokit = ReturnType<typeof getOctokit>;

export interface CommentTarget {
  readonly owner: string;
  readonly repo: string;
  readonly issueNumber: number;
}

/**
 * Who the token is. A personal token can ask `GET /user`; the workflow's
 * GITHUB_TOKEN (an installation token) is refused there, and then its
 * comments are the ones authored by `github-actions[bot]` or by the bot of
 * the GitHub App they were performed via.
 */
export type TokenIdentity = { readonly kind: 'user'; readonly login: string } | { readonly kind: 'installation' };

/** The author of GITHUB_TOKEN comments. */
export const ACTIONS_BOT_LOGIN = 'github-actions[bot]';

export interface IssueComment {
  readonly id: number;
  readonly body?: string | null;
  readonly user: { readonly login: string; readonly type?: string } | null;
  readonly performed_via_github_app?: { readonly slug?: string } | null;
}

export type CommentAction = 'created' | 'updated' | 'unchanged' | 'skipped';

export interface CommentOutcome {
  readonly action: CommentAction;
  readonly commentId: number | null;
}

/** Asks GitHub who the token belongs to; installation tokens cannot, see TokenIdentity. */
export async function resolveTokenIdentity(octokit: Octokit): Promise<TokenIdentity> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    return { kind: 'user', login: data.login };
  } catch (error) {
    const status = statusOf(error);
    if (status === 401 || status === 403 || status === 404) return { kind: 'installation' };
    throw error;
  }
}

export function isOwnComment(comment: IssueComment, identity: TokenIdentity): boolean {
  const login = comment.user?.login;
  if (!login) return false;
  if (identity.kind === 'user') return login === identity.login;
  if (login === ACTIONS_BOT_LOGIN) return true;
  const app = comment.performed_via_github_app?.slug;
  return comment.user?.type === 'Bot' && app !== undefined && login === `${app}[bot]`;
}

// The marker must be the whole first line: a reply quoting our comment does not count.
function carriesMarker(body: string | null | undefined, id: string): boolean {
  const marker = commentMarker(id);
  return body === marker || (body?.startsWith(`${marker}\n`) ?? false) || (body?.startsWith(`${marker}\r\n`) ?? false);
}

/** Walks every page of the PR's comments (100 a page) for our own marked comment. */
export async function findStickyComment(
  octokit: Octokit,
  target: CommentTarget,
  id: string,
  identity: TokenIdentity,
): Promise<IssueComment | null> {
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100,
  });
  for await (const page of pages) {
    const found = (page.data as IssueComment[]).find(
      (comment) => carriesMarker(comment.body, id) && isOwnComment(comment, identity),
    );
    if (found) return found;
  }
  return null;
}

// GitHub stores bodies with CRLF line ends as sent; compare what a reader sees.
function sameBody(a: string | null | undefined, b: string): boolean {
  return (a ?? '').replace(/\r\n/g, '\n').trimEnd() === b.replace(/\r\n/g, '\n').trimEnd();
}

/**
 * Creates, updates or leaves the sticky comment. `allowWrite(hasExisting)`
 * applies the `comment` input; an identical body is never written again.
 */
export async function upsertStickyComment(
  octokit: Octokit,
  target: CommentTarget,
  id: string,
  body: string,
  allowWrite: (hasExisting: boolean) => boolean,
): Promise<CommentOutcome> {
  const identity = await resolveTokenIdentity(octokit);
  const existing = await findStickyComment(octokit, target, id, identity);
  if (!allowWrite(existing !== null)) return { action: 'skipped', commentId: existing?.id ?? null };
  if (existing && sameBody(existing.body, body)) return { action: 'unchanged', commentId: existing.id };
  try {
    if (existing) {
      await octokit.rest.issues.updateComment({
        owner: target.owner,
        repo: target.repo,
        comment_id: existing.id,
        body,
      });
      return { action: 'updated', commentId: existing.id };
    }
    const { data } = await octokit.rest.issues.createComment({
      owner: target.owner,
      repo: target.repo,
      issue_number: target.issueNumber,
      body,
    });
    return { action: 'created', commentId: data.id };
  } catch (error) {
    throw describeWriteError(error, target);
  }
}

function describeWriteError(error: unknown, target: CommentTarget): unknown {
  const status = statusOf(error);
  if (status !== 403 && status !== 404) return error;
  return new MemgateError(
    'IO',
    `comment on ${target.owner}/${target.repo}#${target.issueNumber}: GitHub answered ${status}, the token cannot write pull request comments; give the job "permissions: pull-requests: write", or for pull requests from forks use the two-workflow setup in docs/github.md`,
    { cause: error },
  );
}

/** HTTP status of an Octokit RequestError, if it is one. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}
