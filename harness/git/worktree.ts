// `compare --base <ref>`: the base side's code, checked out into a temporary
// `git worktree` (the repository's objects are shared, nothing is cloned) and
// given its own dependencies, then removed again on success, failure and
// Ctrl-C. A worktree left by a memgate that was SIGKILLed is pruned by git
// the next time (its directory lives in the OS temp dir).
import { existsSync } from 'node:fs';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MemgateError } from '../errors.js';
import { runTool } from './exec.js';

export interface BaseCheckout {
  /** The ref as the user gave it ("origin/main", "HEAD~1", a SHA). */
  readonly ref: string;
  /** The full commit SHA it resolved to. */
  readonly commit: string;
  /** The temporary worktree (the repository's top level at `commit`). */
  readonly worktreeDir: string;
  /** The project root (the config's rootDir) inside the worktree. */
  readonly rootDir: string;
}

/** Resolves `ref` in the repository holding `projectRoot` and checks it out into a temporary worktree. */
export async function addBaseWorktree(ref: string, projectRoot: string, signal?: AbortSignal): Promise<BaseCheckout> {
  const git = (args: string[], purpose: string, fix: string) =>
    runTool('git', args, { cwd: projectRoot, signal, purpose, fix });
  const toplevel = (
    await git(
      ['rev-parse', '--show-toplevel'],
      `--base ${ref}: finding the git repository of ${projectRoot}`,
      'run memgate inside a git checkout, or drop --base',
    )
  ).trim();
  const commit = (
    await git(
      ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`],
      `--base ${ref}: resolving the ref`,
      'expected a commit in this repository (a branch, tag or SHA); in CI fetch it first (actions/checkout with fetch-depth: 0)',
    )
  ).trim();
  const worktreeDir = await mkdtemp(path.join(tmpdir(), 'memgate-base-'));
  try {
    await git(
      ['worktree', 'add', '--detach', '--force', worktreeDir, commit],
      `--base ${ref}: checking out ${commit.slice(0, 12)} into a worktree`,
      'check that the temp directory is writable and git is 2.17 or newer',
    );
  } catch (error) {
    await rm(worktreeDir, { recursive: true, force: true });
    throw error;
  }
  const inside = path.relative(await realpath(toplevel), await realpath(projectRoot));
  return { ref, commit, worktreeDir, rootDir: path.join(worktreeDir, inside) };
}

/** Removes the worktree and its registration; never throws (cleanup runs on every way out). */
export async function removeBaseWorktree(checkout: BaseCheckout, projectRoot: string): Promise<void> {
  const quiet = { cwd: projectRoot, purpose: 'removing the base worktree', fix: 'run "git worktree prune"' };
  await runTool('git', ['worktree', 'remove', '--force', '--force', checkout.worktreeDir], quiet).catch(
    () => undefined,
  );
  await rm(checkout.worktreeDir, { recursive: true, force: true }).catch(() => undefined);
  await runTool('git', ['worktree', 'prune'], quiet).catch(() => undefined);
}

/** How the base side gets its dependencies: detected from its lockfile, a command of the user's, or none. */
export type InstallChoice =
  { readonly kind: 'auto' } | { readonly kind: 'none' } | { readonly kind: 'command'; readonly command: string };

export function parseInstallChoice(value: unknown): InstallChoice {
  if (value === undefined || value === true || value === 'auto') return { kind: 'auto' };
  if (value === false || value === 'none') return { kind: 'none' };
  if (typeof value === 'string' && value.trim() !== '') return { kind: 'command', command: value };
  throw new MemgateError(
    'USAGE',
    `--base-install: expected auto, none or a shell command, found ${JSON.stringify(value)} — e.g. --base-install "pnpm install --frozen-lockfile"`,
  );
}

const LOCKFILES: ReadonlyArray<readonly [file: string, command: string, args: readonly string[]]> = [
  ['package-lock.json', 'npm', ['ci', '--no-audit', '--no-fund']],
  ['npm-shrinkwrap.json', 'npm', ['ci', '--no-audit', '--no-fund']],
  ['pnpm-lock.yaml', 'pnpm', ['install', '--frozen-lockfile']],
  ['yarn.lock', 'yarn', ['install', '--frozen-lockfile']],
];

/**
 * The install command for the base's checkout: the package manager whose
 * lockfile is nearest the project root (up to the worktree's top), `npm
 * install` for a package.json without a lockfile, nothing without either.
 */
export function detectInstall(
  checkout: BaseCheckout,
): { cwd: string; command: string; args: readonly string[] } | null {
  for (let dir = checkout.rootDir; ; dir = path.dirname(dir)) {
    for (const [file, command, args] of LOCKFILES) {
      if (existsSync(path.join(dir, file))) return { cwd: dir, command, args };
    }
    if (path.relative(checkout.worktreeDir, dir) === '' || dir === path.dirname(dir)) break;
  }
  if (!existsSync(path.join(checkout.rootDir, 'package.json'))) return null;
  return { cwd: checkout.rootDir, command: 'npm', args: ['install', '--no-audit', '--no-fund'] };
}

/** Installs the base's dependencies as `choice` says; returns what ran (for the report's notes), or null. */
export async function installBase(
  checkout: BaseCheckout,
  choice: InstallChoice,
  signal?: AbortSignal,
): Promise<string | null> {
  if (choice.kind === 'none') return null;
  const plan =
    choice.kind === 'command'
      ? { cwd: checkout.rootDir, command: 'sh', args: ['-c', choice.command] }
      : detectInstall(checkout);
  if (!plan) return null;
  const shown = choice.kind === 'command' ? choice.command : `${plan.command} ${plan.args.join(' ')}`;
  await runTool(plan.command, plan.args, {
    cwd: plan.cwd,
    signal,
    purpose: `--base ${checkout.ref}: installing the base's dependencies (${shown})`,
    fix: 'fix the base commit\'s lockfile, or pass --base-install "<command>" (or none)',
  });
  return shown;
}
