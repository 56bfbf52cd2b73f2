// The commit and branch being measured: from GitHub Actions' environment when
// present (a PR checkout is a detached merge commit, so git alone would say
// "HEAD"), else from git itself; null outside a repository.
import { execFileSync } from 'node:child_process';

export interface GitInfo {
  readonly commit: string | null;
  readonly branch: string | null;
}

export function readGitInfo(cwd: string, env: Readonly<Record<string, string | undefined>>): GitInfo {
  const commit = nonEmpty(env['GITHUB_SHA']) ?? git(cwd, ['rev-parse', 'HEAD']);
  const branch =
    nonEmpty(env['GITHUB_HEAD_REF']) ??
    nonEmpty(env['GITHUB_REF_NAME']) ??
    git(cwd, ['rev-parse', '--abbrev-ref', 'HEAD']);
  return { commit, branch: branch === 'HEAD' ? null : branch };
}

function git(cwd: string, args: string[]): string | null {
  try {
    const out = execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    });
    return nonEmpty(out.trim());
  } catch {
    return null;
  }
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value.trim();
}
