// The base checkout for `compare --base`: a real git worktree of a fixture
// repository, the install command detected from lockfiles, a user's install
// command run in the base, and removal that leaves nothing registered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  addBaseWorktree,
  detectInstall,
  installBase,
  parseInstallChoice,
  removeBaseWorktree,
} from '../../harness/git/worktree.js';
import { git, makeFixtureRepo, type FixtureRepo } from '../fixtures/ab/make-repo.js';

let repo: FixtureRepo;
beforeAll(async () => {
  repo = await makeFixtureRepo();
});
afterAll(async () => {
  await rm(repo.dir, { recursive: true, force: true });
});

describe('base worktree', () => {
  it('checks out the ref, maps the project root into it, installs as told, and removes it', async () => {
    const checkout = await addBaseWorktree('HEAD~1', repo.dir);
    try {
      expect(checkout.commit).toBe(repo.first);
      expect(checkout.rootDir).toBe(checkout.worktreeDir);
      // The base's code, not HEAD's: commit 1 allocates 2000-element arrays.
      expect(await readFile(path.join(checkout.rootDir, 'src', 'work.ts'), 'utf8')).toContain('Array<number>(2000)');
      expect(detectInstall(checkout)).toBeNull();

      await writeFile(path.join(checkout.rootDir, 'package.json'), '{}');
      expect(detectInstall(checkout)).toMatchObject({ command: 'npm', args: ['install', '--no-audit', '--no-fund'] });
      await writeFile(path.join(checkout.rootDir, 'pnpm-lock.yaml'), '');
      expect(detectInstall(checkout)).toMatchObject({ command: 'pnpm', args: ['install', '--frozen-lockfile'] });
      await writeFile(path.join(checkout.rootDir, 'package-lock.json'), '{}');
      expect(detectInstall(checkout)).toMatchObject({ command: 'npm', args: ['ci', '--no-audit', '--no-fund'] });

      expect(await installBase(checkout, { kind: 'command', command: 'echo built > marker.txt' })).toBe(
        'echo built > marker.txt',
      );
      expect(await readFile(path.join(checkout.rootDir, 'marker.txt'), 'utf8')).toBe('built\n');
      expect(await installBase(checkout, { kind: 'none' })).toBeNull();
      await expect(installBase(checkout, { kind: 'command', command: 'echo nope >&2; exit 3' })).rejects.toThrow(
        /installing the base's dependencies .* exited with 3 \(nope\)/,
      );
    } finally {
      await removeBaseWorktree(checkout, repo.dir);
    }
    expect(existsSync(checkout.worktreeDir)).toBe(false);
    expect(git(repo.dir, ['worktree', 'list', '--porcelain']).match(/^worktree /gm)).toHaveLength(1);
  });

  it('maps a project in a subdirectory of the repository to the same subdirectory', async () => {
    const sub = path.join(repo.dir, 'packages', 'app');
    await mkdir(sub, { recursive: true });
    const checkout = await addBaseWorktree('HEAD', sub);
    try {
      expect(checkout.rootDir).toBe(path.join(checkout.worktreeDir, 'packages', 'app'));
    } finally {
      await removeBaseWorktree(checkout, sub);
    }
  });

  it('refuses an unknown ref and a bad --base-install in one line', async () => {
    await expect(addBaseWorktree('nope', repo.dir)).rejects.toThrow(
      /--base nope: resolving the ref: .* fetch-depth: 0/,
    );
    expect(parseInstallChoice(undefined)).toEqual({ kind: 'auto' });
    expect(parseInstallChoice('none')).toEqual({ kind: 'none' });
    expect(() => parseInstallChoice('')).toThrow(/--base-install: expected auto, none or a shell command/);
  });
});
