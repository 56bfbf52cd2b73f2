// Who owns the token, so the action edits only its own comments. GraphQL's
// `viewer` answers for every kind of token: the user of a personal token,
// `github-actions[bot]` for the workflow's GITHUB_TOKEN, `<app-slug>[bot]` for
// a GitHub App installation token. REST `GET /user` is a fallback for user
// tokens (installation tokens get 403 there, and `GET /app` needs the app's
// JWT, which an action never has). When neither answers, the identity is
// unknown and the caller must not edit any comment.
import * as core from '@actions/core';
import type { Octokit } from './client.js';
import { describeApiError, statusOf } from './api-error.js';

export type TokenIdentity = { readonly kind: 'login'; readonly login: string } | { readonly kind: 'unknown' };

/** The author of GITHUB_TOKEN comments, as `viewer` names it. */
export const ACTIONS_BOT_LOGIN = 'github-actions[bot]';

export async function resolveTokenIdentity(octokit: Octokit): Promise<TokenIdentity> {
  try {
    const data = await octokit.graphql<{ viewer?: { login?: unknown } }>('query { viewer { login } }');
    const login = data.viewer?.login;
    if (typeof login === 'string' && login) return { kind: 'login', login };
  } catch (error) {
    // Bad credentials fail every later call too: say so once, for what it is.
    if (statusOf(error) === 401) throw error;
    core.info(`memgate: ${describeApiError('asking GitHub who the token belongs to (GraphQL viewer)', error)}`);
  }
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    if (data.login) return { kind: 'login', login: data.login };
  } catch (error) {
    core.info(`memgate: ${describeApiError('asking GitHub who the token belongs to (GET /user)', error)}`);
  }
  return { kind: 'unknown' };
}

/** Ours only when GitHub named the token's login and the comment's author is exactly it. */
export function isOwnComment(author: string | undefined, identity: TokenIdentity): boolean {
  return identity.kind === 'login' && author !== undefined && author === identity.login;
}
