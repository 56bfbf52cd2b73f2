// The sticky pull-request comment: one per PR and gate `id`, found again by
// its hidden marker AND its author (the token's own identity, see
// identity.ts), updated in place, and left alone when nothing changed.
// Comments by anyone else are never touched, whatever they contain. Errors
// propagate as Octokit errors; run-action.ts turns them into one warning line.
import * as core from '@actions/core';
import { commentMarker } from './comment-policy.js';
import type { Octokit } from './client.js';
import { isOwnComment, resolveTokenIdentity, type TokenIdentity } from './identity.js';

export type { Octokit } from './client.js';

export interface CommentTarget {
  readonly owner: string;
  readonly repo: string;
  readonly issueNumber: number;
}

export interface IssueComment {
  readonly id: number;
  readonly body?: string | null;
  readonly user: { readonly login: string; readonly type?: string } | null;
}

export type CommentAction = 'created' | 'updated' | 'unchanged' | 'skipped';

export interface CommentOutcome {
  readonly action: CommentAction;
  readonly commentId: number | null;
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
      (comment) => carriesMarker(comment.body, id) && isOwnComment(comment.user?.login, identity),
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
  // Without a known identity no comment can be proven ours: post a new one rather than edit someone else's.
  const existing = identity.kind === 'login' ? await findStickyComment(octokit, target, id, identity) : null;
  if (!allowWrite(existing !== null)) return { action: 'skipped', commentId: existing?.id ?? null };
  if (existing && sameBody(existing.body, body)) return { action: 'unchanged', commentId: existing.id };
  if (existing) {
    await octokit.rest.issues.updateComment({
      owner: target.owner,
      repo: target.repo,
      comment_id: existing.id,
      body,
    });
    return { action: 'updated', commentId: existing.id };
  }
  if (identity.kind === 'unknown')
    core.warning(
      'memgate: GitHub did not say who the token belongs to (GraphQL viewer and GET /user both failed), so no existing comment can be proven ours; posting a new one instead of editing',
    );
  const { data } = await octokit.rest.issues.createComment({
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    body,
  });
  return { action: 'created', commentId: data.id };
}
