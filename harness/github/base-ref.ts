// The action's `base` input: which ref `memgate compare --base` measures in
// the same job. Empty (the default) means the pull request's base commit in
// pull_request events — when the checkout has it (actions/checkout needs
// fetch-depth: 0, or 2 for the merge commit's parents); otherwise the
// committed baselines, with a warning saying how to get A/B. `none` always
// uses the baselines.
import { execFileSync } from 'node:child_process';
import type { ActionEvent } from './event.js';

export interface BaseChoice {
  /** The ref for --base, or null for baseline mode. */
  readonly ref: string | null;
  /** Why A/B was not used although it would have been the default, for a warning. */
  readonly warning: string | null;
}

export function chooseBase(
  input: string | undefined,
  event: Pick<ActionEvent, 'pullRequest'>,
  hasCommit: (sha: string) => boolean,
): BaseChoice {
  if (input === 'none') return { ref: null, warning: null };
  if (input !== undefined) return { ref: input, warning: null };
  const sha = event.pullRequest?.baseSha ?? null;
  if (sha === null) return { ref: null, warning: null };
  if (hasCommit(sha)) return { ref: sha, warning: null };
  return {
    ref: null,
    warning: `the pull request's base commit ${sha.slice(0, 12)} is not in the checkout, so memgate compares with the committed baselines instead of A/B; set "fetch-depth: 0" on actions/checkout to measure the base in the same job, or base: none to silence this`,
  };
}

/** True when `sha` names a commit present in the repository at `cwd`. */
export function commitExists(cwd: string, sha: string): boolean {
  try {
    execFileSync('git', ['cat-file', '-e', `${sha}^{commit}`], { cwd, stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}
