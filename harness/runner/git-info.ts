// The commit and branch being measured: from GitHub Actions' environment when
// present (a PR checkout is a detached merge commit, so git alone would say
// "HEAD"), else from git itself; null outside a repository.
import { execFileSync } from 'node:child_process';

export interface GitInfo {
  readonly commit: string | null;
  readonly branch: string | null;
}

export function readGitInfo(cwd: string, env: Readonly<Record<string, string | undefined>>): GitInfo {
  const envCommit = nonEmpty(env['GITHUB_SHA']);
  const envBranch = nonEmpty(env['GITHUB_HEAD_REF']) ?? nonEmpty(env['GITHUB_REF_NAME']);
  // Locally both come from one git process (~20 ms each, and every CLI start reads them). It
  // fails as a whole where either would alone: outside a repository, or before its first commit.
  const [gitCommit, gitBranch] =
    envCommit === null || envBranch === null
      ? (git(cwd, ['rev-parse', 'HEAD', '--abbrev-ref', 'HEAD'])?.split('\n') ?? [])
      : [];
  const commit = envCommit ?? nonEmpty(gitCommit);
  const branch = envBranch ?? nonEmpty(gitBranch);
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
