// `compare --base <ref>` end to end on a fixture git repository made here:
// HEAD adds +10% allocation and +200% latency per op over HEAD~1. Real git
// worktrees, real child processes; 5 repeats per side (the rank test needs
// them), small ops.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { main } from '../../harness/cli/main.js';
import type { Report } from '../../harness/model/report.js';
import { git, makeFixtureRepo, type FixtureRepo } from '../fixtures/ab/make-repo.js';
import { runCli } from './run-cli.js';
import { startHog } from '../fixtures/hog.js';

let repo: FixtureRepo;
// A temp folder of this file's own: other test files (test/git/) make
// memgate-base-* worktrees in parallel, and must not count as leftovers here.
// os.tmpdir() reads TMPDIR on every call; test files run in processes of their own.
const sharedTmp = tmpdir();
const ownTmp = mkdtempSync(path.join(sharedTmp, 'memgate-ab-test-'));
process.env['TMPDIR'] = ownTmp;
beforeAll(async () => {
  repo = await makeFixtureRepo();
});
afterAll(async () => {
  await rm(repo.dir, { recursive: true, force: true });
  process.env['TMPDIR'] = sharedTmp;
  await rm(ownTmp, { recursive: true, force: true });
});

const metric = (report: Report, id: string) => report.workloads[0]?.metrics.find((m) => m.id === id);
const worktrees = () =>
  git(repo.dir, ['worktree', 'list', '--porcelain'])
    .split('\n')
    .filter((l) => l.startsWith('worktree '));
const baseDirs = async () => (await readdir(tmpdir())).filter((name) => name.startsWith('memgate-base-'));

async function abCompare(ref: string, extra: string[] = []) {
  const before = await baseDirs();
  const run = await runCli(main, repo.dir, ['compare', '--base', ref, '--seed', '7', '--reporter', 'json', ...extra]);
  // Cleaned up: only the main checkout is registered, and no new temp worktree is left.
  expect(worktrees()).toHaveLength(1);
  expect((await baseDirs()).filter((name) => !before.includes(name))).toEqual([]);
  return { ...run, report: JSON.parse(run.stdout || '{}') as Report };
}

// Generous: each test runs 10-20 children on a shared 2-core machine.
describe('memgate compare --base', { timeout: 240_000 }, () => {
  it('passes the same ref against itself (A/A)', async () => {
    const { code, report, stderr } = await abCompare('HEAD', ['--reporter', 'markdown:ab.md']);
    expect(code, stderr).toBe(0);
    expect(report.status).toBe('pass');
    expect(metric(report, 'alloc.perOp')?.status).not.toBe('regressed');
  });

  // One compare against HEAD~1, with a CPU hog running alongside: the regression must be caught and
  // explained on a busy runner, so the quiet case adds nothing but ~25 s (the A/A test above runs quiet).
  // The hog runs at nice 10: at nice 0 it competed as an equal with the other test files of a
  // full run for the test's ~50 s; niced, it still busies every idle cycle and takes its share
  // whenever more processes want a core than there are cores.
  it('catches +10% allocation and +200% latency against HEAD~1 beside a CPU hog, and reports mode "ab" with both refs', async () => {
    const hog = startHog(10);
    try {
      // 7 repeats a side, not 5: beside the hog and another test file, 3 processes share 2 cores,
      // and a confirmation re-run of 5 once read +30% at p = 0.075 (a 5-vs-5 rank test with a few
      // overlapping repeats); 7 vs 7 keeps the change far below 0.05.
      // +200%, not +30%: in a CI run of the whole suite, +30% read +47% at p = 0.0017, but the
      // head's repeats scattered by 29 µs (MAD, 11.5% of 251 µs), so the +80 µs change stayed under
      // the 3× spread guard and read "noise", as designed on a busy runner (docs/shared-runners.md:
      // under other jobs' load A/B caught +100% 5/5, +30% 0/5). A k-fold change clears the guard
      // while the relative MAD stays under (k - 1) / 3k: 7.7% at +30%, 16.7% at +100%, 22% at
      // +200%. Here, beside the hog and three bursty loops, +100% scattered 0.8-1.7% and +200% 0.4-3.3%.
      const { code, report, stderr } = await abCompare('HEAD~1', ['--repeats', '7']);
      expect(code, stderr).toBe(1);
      expect(report.mode).toBe('ab');
      expect(report.ab).toMatchObject({
        base: { ref: 'HEAD~1', commit: repo.first },
        head: { commit: repo.second },
        seed: 7,
      });
      expect(report.workloads[0]?.baseline?.commit).toBe(repo.first);
      const latency = metric(report, 'latency.p50');
      expect(latency?.status, JSON.stringify(report.workloads[0]?.metrics)).toBe('regressed');
      // Both sides ran beside the same hog, interleaved: the comparison is fair, so it gates.
      expect(latency?.informational).not.toBe(true);
      expect(metric(report, 'alloc.perOp')?.status).toBe('regressed');
      expect(metric(report, 'alloc.perOp')?.change).toBeGreaterThan(0.05);
    } finally {
      hog.kill('SIGKILL');
    }
  });

  it('refuses an unknown ref with exit 2 and leaves nothing behind', async () => {
    const { code, stderr } = await abCompare('no-such-branch');
    expect(code).toBe(2);
    expect(stderr).toContain('--base no-such-branch: resolving the ref');
  });

  // Seed 7 runs the base first, so the first bundles are made from the base's worktree.
  it('runs a process workload on both sides, twice in one process (the caches must not point into a removed worktree)', async () => {
    const withService = await makeFixtureRepo({ service: true });
    try {
      for (const round of [1, 2]) {
        const run = await runCli(main, withService.dir, [
          'compare',
          'svc',
          '--base',
          'HEAD',
          '--seed',
          '7',
          '--repeats',
          '2',
          '--reporter',
          'json',
        ]);
        expect(run.code, `round ${round}: ${run.stderr}`).not.toBe(2);
        expect((JSON.parse(run.stdout) as Report).workloads.map((w) => [w.name, w.error])).toEqual([['svc', null]]);
      }
    } finally {
      await rm(withService.dir, { recursive: true, force: true });
    }
  });

  it('removes the worktree and kills every child on Ctrl-C', async () => {
    const bin = new URL('../../bin/memgate.js', import.meta.url).pathname;
    const child: ChildProcess = spawn(process.execPath, [bin, 'compare', '--base', 'HEAD~1'], {
      cwd: repo.dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const worktreeDir = await new Promise<string>((resolve, reject) => {
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const found = /checked out in (\S+)/.exec(stderr);
        if (found?.[1]) resolve(found[1]);
      });
      child.once('exit', () => reject(new Error(`exited before checking out: ${stderr}`)));
    });
    // Let it start measuring: a measured child running from the worktree.
    await waitFor(() => childrenIn(worktreeDir).length > 0 || childrenIn(repo.dir).length > 0, 30_000);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(existsSync(worktreeDir)).toBe(false);
    expect(worktrees()).toHaveLength(1);
    // SIGKILLed children can take a moment to finish dying on a loaded machine
    // (seen with a CPU hog running); none may still be there after 5 s.
    await waitFor(() => childrenIn(worktreeDir).length === 0 && childrenIn(repo.dir).length === 0, 5_000).catch(
      () => undefined,
    );
    expect(childrenIn(worktreeDir)).toEqual([]);
    expect(childrenIn(repo.dir)).toEqual([]);
  });
});

// Processes whose working directory is inside `dir` (the measured children run there).
function childrenIn(dir: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSyncSafe('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cwd = readlinkSync(`/proc/${entry}/cwd`);
      if ((cwd === dir || cwd.startsWith(`${dir}/`)) && Number(entry) !== process.pid) found.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

function readdirSyncSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
