// The release-branch baseline flow end to end, on a fixture repository: the
// default update.branches accept what baselines.yml triggers on, a second
// `memgate update` on unchanged code writes nothing, and the workflow's own
// shell step (extracted from .github/workflows/baselines.yml and run with
// bash, a local bare "origin" and a fake `gh`) opens one pull request per
// release branch and then updates it instead of opening another.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../harness/cli/main.js';
import { ConfigSchema } from '../../harness/config/schema.js';
import { matchesGlob, refusalReason } from '../../harness/baseline/update-policy.js';
import { runCli } from '../cli/run-cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const workflow = readFileSync(join(root, '.github', 'workflows', 'baselines.yml'), 'utf8');
const FIXTURE = join(root, 'test', 'fixtures', 'compare', 'project');
const FAKE_GH = join(root, 'test', 'fixtures', 'github', 'fake-gh.mjs');
const RELEASE = 'release/1.2/hotfix';
const PR_BRANCH = `memgate/baselines/${RELEASE}`;

const DEFAULT_BRANCHES = ConfigSchema.parse({}).update.branches;

// The push branch filters of baselines.yml: `branches: ['release/**']`.
function triggerBranches(): string[] {
  const list = /^ {2}push:\n {4}branches: \[([^\]]*)\]/m.exec(workflow)?.[1] ?? '';
  return [...list.matchAll(/'([^']+)'/g)].map((match) => match[1] ?? '');
}

// The `run: |` block of the named step, de-indented: exactly what the runner executes.
function stepScript(name: string): string {
  const lines = workflow.split('\n');
  const start = lines.findIndex((line) => line.trim() === `- name: ${name}`);
  const run = lines.findIndex((line, index) => index > start && /^ {8}run: \|$/.test(line));
  expect(start).toBeGreaterThan(-1);
  expect(run).toBeGreaterThan(start);
  const body: string[] = [];
  for (const line of lines.slice(run + 1)) {
    if (line.trim() !== '' && !line.startsWith(' '.repeat(10))) break;
    body.push(line.slice(10));
  }
  return body.join('\n');
}

describe('branch patterns', () => {
  it('update.branches accepts every branch the baselines workflow runs on', () => {
    const triggers = triggerBranches();
    expect(triggers).toEqual(['release/**']);
    for (const branch of ['release/1.2', RELEASE, 'release/2026/q4/rc1']) {
      expect(triggers.some((glob) => matchesGlob(branch, glob))).toBe(true);
      expect(refusalReason({ env: {}, branch, branches: DEFAULT_BRANCHES, force: false, explicit: true })).toBe(
        undefined,
      );
    }
    // And the pattern strings agree, so the docs can name one.
    for (const trigger of triggers) expect(DEFAULT_BRANCHES).toContain(trigger);
  });
});

describe('baselines.yml on a release branch', () => {
  let dir: string;
  let work: string;
  let origin: string;
  let ghState: string;
  let fakeBin: string;

  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  const gh = () =>
    JSON.parse(readFileSync(ghState, 'utf8')) as {
      calls: string[][];
      pulls: { number: number; state: string; head: string; base: string; title: string; body: string }[];
    };
  const update = async (...flags: string[]) => {
    const run = await runCli(main, work, ['update', ...flags], { GITHUB_REF_NAME: RELEASE, CI: 'true' });
    expect(run.code, run.stderr).toBe(0);
    writeFileSync(join(dir, 'runner-temp', 'memgate-update.txt'), run.stdout);
    return run.stdout;
  };
  const openOrUpdatePullRequest = () =>
    execFileSync('bash', ['-euo', 'pipefail', '-c', stepScript('Open or update the baseline pull request')], {
      cwd: work,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: [fakeBin, process.env['PATH']].join(delimiter),
        HOME: dir,
        GIT_CONFIG_NOSYSTEM: '1',
        GH_TOKEN: 'fake',
        BASE_BRANCH: RELEASE,
        FAKE_GH_STATE: ghState,
        RUNNER_TEMP: join(dir, 'runner-temp'),
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: 'acme/widgets',
        GITHUB_RUN_ID: '4242',
      },
    });
  // A new workflow run: a fresh checkout of the release branch as origin has it.
  const freshCheckout = () => {
    git('fetch', 'origin');
    git('switch', '--force', RELEASE);
    git('reset', '--hard', `origin/${RELEASE}`);
    git('clean', '-fdx', '--exclude=.memgate');
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'memgate-baselines-flow-'));
    work = join(dir, 'work');
    origin = join(dir, 'origin.git');
    fakeBin = join(dir, 'bin');
    ghState = join(dir, 'gh-state.json');
    mkdirSync(join(dir, 'runner-temp'), { recursive: true });
    mkdirSync(fakeBin);
    writeFileSync(join(fakeBin, 'gh'), `#!/bin/sh\nexec "${process.execPath}" "${FAKE_GH}" "$@"\n`);
    chmodSync(join(fakeBin, 'gh'), 0o755);
    writeFileSync(ghState, JSON.stringify({ calls: [], pulls: [] }));
    cpSync(FIXTURE, work, { recursive: true });
    // The fixture's config pins update.branches; this project uses the default.
    writeFileSync(join(work, 'memgate.config.ts'), 'export default { repeats: 3 };\n');
    writeFileSync(join(work, '.gitignore'), '.memgate/\nscale.txt\n');
    execFileSync('git', ['init', '--quiet', '--bare', origin]);
    git('init', '--quiet', `--initial-branch=${RELEASE}`);
    git('config', 'user.name', 'test');
    git('config', 'user.email', 'test@example.com');
    git('add', '.');
    git('commit', '--quiet', '-m', 'release');
    git('remote', 'add', 'origin', origin);
    git('push', '--quiet', 'origin', RELEASE);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens one pull request, keeps unchanged baselines, and updates the open pull request on the next change', async () => {
    // 1. First recording on release/1.2/hotfix (default update.branches): one pull request.
    expect(await update()).toContain('baselines/tiny.json added');
    openOrUpdatePullRequest();
    expect(gh().pulls).toHaveLength(1);
    expect(gh().pulls[0]).toMatchObject({ number: 1, head: PR_BRANCH, base: RELEASE, state: 'open' });
    expect(gh().pulls[0]?.body).toContain('baselines/tiny.json added');

    // The pull request is merged; the next push runs the workflow on a fresh checkout.
    git('fetch', 'origin');
    git('switch', '--force', RELEASE);
    git('merge', '--quiet', '--ff-only', `origin/${PR_BRANCH}`);
    git('push', '--quiet', 'origin', RELEASE);
    const merged = gh();
    merged.pulls[0] = { ...merged.pulls[0]!, state: 'merged' };
    writeFileSync(ghState, JSON.stringify(merged));
    freshCheckout();
    const recorded = readFileSync(join(work, 'baselines', 'tiny.json'), 'utf8');

    // 2. Unchanged code: the baseline is kept byte for byte, and no pull request is touched.
    const again = await update();
    expect(again).toMatch(/^tiny: baseline kept, \d+ gated metrics unchanged or within noise/m);
    expect(again.trimEnd().split('\n').at(-1)).toBe('memgate: updated 0 baselines, added 0, unchanged 1');
    expect(readFileSync(join(work, 'baselines', 'tiny.json'), 'utf8')).toBe(recorded);
    expect(git('status', '--porcelain', '--', 'baselines')).toBe('');
    const callsBefore = gh().calls.length;
    expect(openOrUpdatePullRequest()).toContain('memgate: no baseline changed');
    expect(gh().calls).toHaveLength(callsBefore);

    // 3. The workload allocates twice as much: re-recorded, a new pull request (the first was merged).
    writeFileSync(join(work, 'scale.txt'), '2\n');
    // Rewritten once a re-run of the workload moved it the same way (pipeline/confirm-rerecord.ts).
    expect(await update()).toMatch(
      /^baselines\/tiny\.json updated \(alloc\.perOp regressed \+[\d.]+%.*, confirmed by its re-run\)$/m,
    );
    openOrUpdatePullRequest();
    expect(gh().pulls.map((pull) => [pull.number, pull.state])).toEqual([
      [1, 'merged'],
      [2, 'open'],
    ]);

    // 4. Another push before that pull request is merged: the same pull request is updated, none is opened.
    freshCheckout();
    writeFileSync(join(work, 'scale.txt'), '3\n');
    await update();
    expect(openOrUpdatePullRequest()).toContain('memgate: updated pull request #2');
    expect(gh().pulls).toHaveLength(2);
    expect(gh().pulls[1]?.body).toMatch(/alloc\.perOp/);
    const pushed = JSON.parse(
      execFileSync('git', ['show', `${PR_BRANCH}:baselines/tiny.json`], { cwd: origin, encoding: 'utf8' }),
    ) as { metrics: Record<string, { median: number }> };
    const onBase = JSON.parse(recorded) as { metrics: Record<string, { median: number }> };
    // The branch holds the latest recording (3× the allocation), force-pushed over the 2× one.
    expect(pushed.metrics['alloc.perOp']!.median / onBase.metrics['alloc.perOp']!.median).toBeGreaterThan(2.5);

    // --force re-records a baseline even when it is unchanged within noise.
    expect(await update('--force')).toContain('baselines/tiny.json updated');
  }, 240_000);
});
