// The GitHub client the action talks through: @actions/github's Octokit with
// the official retry and throttling plugins, so transient failures (5xx,
// secondary rate limits, a primary limit that resets soon) are retried with
// GitHub's own back-off rules instead of a hand-written loop.
import * as core from '@actions/core';
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

export type Octokit = ReturnType<typeof getOctokit>;

/** Longest wait for a rate limit before giving up; an action should not sleep for an hour. */
const MAX_RATE_LIMIT_WAIT_S = 60;

export interface ClientOptions {
  readonly baseUrl: string;
  /** Retries of a 5xx or network error (plugin-retry); default 3. */
  readonly retries?: number;
  /** Base of the quadratic back-off in ms (1 s, 4 s, 9 s by default); tests make it small. */
  readonly retryAfterBaseMs?: number;
  /**
   * The throttling plugin spaces writes one second apart and waits out rate
   * limits; tests that are not about rate limits turn it off to stay fast.
   */
  readonly throttle?: boolean;
}

/** A client that retries transient errors and waits out short rate limits. */
export function createGitHubClient(token: string, options: ClientOptions): Octokit {
  const throttle = options.throttle === false ? { enabled: false as const } : throttleOptions();
  return getOctokit(
    token,
    {
      baseUrl: options.baseUrl,
      retry: {
        retries: options.retries ?? 3,
        ...(options.retryAfterBaseMs === undefined ? {} : { retryAfterBaseValue: options.retryAfterBaseMs }),
      },
      throttle,
    },
    retry,
    throttling,
  );
}

function throttleOptions() {
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      const again = retryCount < 2 && retryAfter <= MAX_RATE_LIMIT_WAIT_S;
      core.info(
        `memgate: GitHub ${kind} rate limit on ${request.method} ${request.url}; ${again ? `retrying in ${retryAfter} s` : 'giving up'}`,
      );
      return again;
    };
  return { onRateLimit: onLimit('primary'), onSecondaryRateLimit: onLimit('secondary') };
}
