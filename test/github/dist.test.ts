// The committed bundle: it must be what scripts/build-action.mjs builds from
// the current sources, and it must work as GitHub runs it — `node
// dist/index.js` in a fresh process with the runner's environment.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commentMarker } from '../../harness/github/comment-policy.js';
import { FakeGitHub } from './fake-github.js';
import { pullRequestEvent, REPO } from './sandbox.js';
import { regressedWorkload, report, workload, writeReport } from './reports.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const bundle = join(root, 'dist', 'index.js');
const dir = mkdtempSync(join(tmpdir(), 'memgate-dist-'));
const github = new FakeGitHub();

beforeAll(async () => void (await github.start()));
afterAll(async () => {
  await github.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('dist/index.js', () => {
  it('is what scripts/build-action.mjs builds from the current sources', async () => {
    const fresh = join(dir, 'index.js');
    await run(process.execPath, [join(root, 'scripts', 'build-action.mjs'), '--outfile', fresh], { cwd: root });
    const same = readFileSync(fresh).equals(readFileSync(bundle));
    expect(same, 'dist/index.js is stale: run "node scripts/build-action.mjs" and commit dist/index.js').toBe(true);
  });

  it('runs as the action: comments, writes outputs and summary, annotates, exits 1 on a regression', async () => {
    const eventPath = join(dir, 'event.json');
    const outputPath = join(dir, 'output.txt');
    const summaryPath = join(dir, 'summary.md');
    writeFileSync(eventPath, JSON.stringify(pullRequestEvent(3)));
    writeFileSync(outputPath, '');
    writeFileSync(summaryPath, '');
    const reportPath = writeReport(
      join(dir, 'artifact', 'report.json'),
      report([workload('fine'), regressedWorkload('lru-cache')]),
    );
    const env = {
      PATH: process.env['PATH'],
      GITHUB_REPOSITORY: REPO,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_API_URL: github.baseUrl,
      GITHUB_OUTPUT: outputPath,
      GITHUB_STEP_SUMMARY: summaryPath,
      GITHUB_WORKSPACE: dir,
      INPUT_MODE: 'report',
      INPUT_REPORT: reportPath,
      'INPUT_GITHUB-TOKEN': 'fake-token',
      INPUT_COMMENT: 'on-change',
      'INPUT_FAIL-ON-REGRESSION': 'true',
    };
    const result = await run(process.execPath, [bundle], { env, cwd: dir }).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^::error title=memgate%3A lru-cache regressed,file=workloads\/lru-cache.workload.ts::/m,
    );
    expect(result.stdout).toMatch(/^::error::memgate: 1 workload\(s\): lru-cache regressed \(see the job summary\)$/m);
    const outputs = readFileSync(outputPath, 'utf8');
    expect(outputs).toMatch(/^status<<ghadelimiter_[\w-]+\nregressed\n/m);
    expect(outputs).toMatch(/^regressed<<ghadelimiter_[\w-]+\ntrue\n/m);
    expect(outputs).toMatch(new RegExp(`^comment-id<<ghadelimiter_[\\w-]+\\n${github.comments[0]?.id}\\n`, 'm'));
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]?.body.startsWith(`${commentMarker('default')}\n###`)).toBe(true);
    expect(readFileSync(summaryPath, 'utf8')).toContain('lru-cache');
  });
});
