import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EnvFingerprint } from '../../harness/model/report.js';
import { parseCgroupLimit, readEnvFingerprint, splitNodeOptions } from '../../harness/runner/fingerprint.js';
import { readGitInfo } from '../../harness/runner/git-info.js';

describe('readEnvFingerprint', () => {
  it('describes this machine and the flags of the measured child', () => {
    const env = EnvFingerprint.parse(readEnvFingerprint({ NODE_OPTIONS: '--max-old-space-size=512 --no-warnings' }));
    expect(env.node).toBe(process.versions.node);
    expect(env.cpuCount).toBeGreaterThan(0);
    expect(env.nodeFlags).toEqual(['--expose-gc', '--max-old-space-size=512', '--no-warnings']);
  });

  it('reads cgroup limits: bytes, "max" and v1 "unlimited" sentinels', () => {
    expect(parseCgroupLimit('536870912\n')).toBe(536_870_912);
    expect(parseCgroupLimit('max\n')).toBeNull();
    expect(parseCgroupLimit('9223372036854771712\n')).toBeNull();
    expect(parseCgroupLimit(undefined)).toBeUndefined();
    expect(parseCgroupLimit('garbage')).toBeUndefined();
  });

  it('splits NODE_OPTIONS like Node, keeping quoted values whole', () => {
    expect(splitNodeOptions('  --a  --b="x y"  "--c=d e" --e="q\\"r"')).toEqual([
      '--a',
      '--b=x y',
      '--c=d e',
      '--e=q"r',
    ]);
    expect(splitNodeOptions(undefined)).toEqual([]);
  });
});

describe('readGitInfo', () => {
  it('prefers GitHub Actions variables (a PR checkout is a detached merge commit)', () => {
    expect(
      readGitInfo('/', { GITHUB_SHA: 'abc123', GITHUB_HEAD_REF: 'feature/x', GITHUB_REF_NAME: '12/merge' }),
    ).toEqual({ commit: 'abc123', branch: 'feature/x' });
    expect(readGitInfo('/', { GITHUB_SHA: 'abc123', GITHUB_HEAD_REF: '', GITHUB_REF_NAME: 'main' })).toEqual({
      commit: 'abc123',
      branch: 'main',
    });
  });

  it('asks git in a repository and gives nulls outside one', async () => {
    const repo = fileURLToPath(new URL('../../', import.meta.url));
    expect(readGitInfo(repo, {}).commit).toMatch(/^[0-9a-f]{40}$/);
    const outside = await mkdtemp(join(tmpdir(), 'memgate-nogit-'));
    try {
      expect(readGitInfo(outside, {})).toEqual({ commit: null, branch: null });
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('reads commit and branch from one git call: none before the first commit, no branch when detached', async () => {
    const repo = await mkdtemp(join(tmpdir(), 'memgate-git-'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], {
        cwd: repo,
        encoding: 'utf8',
      }).trim();
    try {
      git('init', '-q', '-b', 'feature/y');
      expect(readGitInfo(repo, {})).toEqual({ commit: null, branch: null });
      git('commit', '-q', '--allow-empty', '-m', 'first');
      const sha = git('rev-parse', 'HEAD');
      expect(readGitInfo(repo, {})).toEqual({ commit: sha, branch: 'feature/y' });
      // Only the commit from the environment: the branch still comes from git.
      expect(readGitInfo(repo, { GITHUB_SHA: 'abc123' })).toEqual({ commit: 'abc123', branch: 'feature/y' });
      git('checkout', '-q', '--detach');
      expect(readGitInfo(repo, {})).toEqual({ commit: sha, branch: null });
    } finally {
      await rm(repo, { recursive: true, force: true });
    }
  });
});
