// `run` mode spawns the project's own memgate CLI. A fixture stands in for
// the installed CLI so these tests prove the contract (bin resolution,
// arguments, exit codes, report hand-over) in well under a second each.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../../harness/github/run-action.js';
import { resolveMemgateBin } from '../../harness/github/run-cli.js';
import { findProjectNode } from '../../harness/github/project-node.js';
import { FAST_CLIENT, pullRequestEvent, useActionTest } from './sandbox.js';
import { regressedWorkload, report, writeReport } from './reports.js';

const FAKE_CLI = fileURLToPath(new URL('../fixtures/github/fake-memgate.mjs', import.meta.url));
const { github, sandbox } = useActionTest();
const project = join(sandbox.dir, 'project');

beforeAll(() => {
  mkdirSync(join(project, 'node_modules', 'memgate', 'bin'), { recursive: true });
  copyFileSync(FAKE_CLI, join(project, 'node_modules', 'memgate', 'bin', 'memgate.js'));
});

function prepareRun(fakeMode: string, inputs: Record<string, string> = {}) {
  const source = writeReport(join(sandbox.dir, 'source-report.json'), report([regressedWorkload('lru-cache')]));
  const env = sandbox.prepare({
    eventName: 'pull_request',
    payload: pullRequestEvent(9),
    apiUrl: github.baseUrl,
    inputs: { 'working-directory': 'project', 'github-token': 'fake-token', ...inputs },
  });
  return {
    ...env,
    CI: 'true',
    ACTIONS_RUNTIME_TOKEN: 'runtime-secret',
    FAKE_MEMGATE_MODE: fakeMode,
    FAKE_MEMGATE_REPORT: source,
  };
}

describe('run mode', () => {
  it('runs the installed CLI in the working directory and reports its regression', async () => {
    const result = await runAction({ env: prepareRun('regressed', { config: 'ci.config.ts' }), client: FAST_CLIENT });
    const called = JSON.parse(readFileSync(join(project, 'called-with.json'), 'utf8')) as {
      args: string[];
      cwd: string;
      privateEnv: string[];
      ci: string;
    };
    expect(called.cwd).toBe(project);
    // The token input and runtime tokens stay with the action; the rest of the environment passes.
    expect(called.privateEnv).toEqual([]);
    expect(called.ci).toBe('true');
    expect(called.args).toEqual([
      'compare',
      '--reporter',
      `json:${result.reportPath}`,
      '--reporter',
      'terminal',
      '--config',
      'ci.config.ts',
    ]);
    expect(result.reportPath).toBe(join(sandbox.dir, 'runner-temp', 'memgate', 'default', 'report.json'));
    expect(readFileSync(join(sandbox.dir, 'runner-temp', 'memgate', 'default', 'pr-number'), 'utf8')).toBe('9\n');
    expect(result.status).toBe('regressed');
    expect(result.failure).toMatch(/1 workload\(s\): lru-cache regressed/);
    expect(result.commentAction).toBe('created');
    expect(sandbox.outputs()).toMatchObject({ status: 'regressed', regressed: 'true' });
  });

  it('fails with the CLI error line on exit 2 without a report, and comments nothing', async () => {
    await expect(runAction({ env: prepareRun('error'), client: FAST_CLIENT })).rejects.toThrow(
      /^memgate compare exited with 2: memgate: memgate.config.ts: thresholds\["alloc.perOp"\]: expected a percentage/,
    );
    expect(github.requests).toHaveLength(0);
  });

  it('tells a crash (exit 1, no report) from a regression, with the first line of the stack', async () => {
    await expect(runAction({ env: prepareRun('throw'), client: FAST_CLIENT })).rejects.toThrow(
      /^memgate compare exited with 1 but wrote no report: TypeError: Cannot read properties of undefined/,
    );
    expect(github.requests).toHaveLength(0);
  });

  it('on exit 2 with a report, still comments, then fails with the CLI error line', async () => {
    const result = await runAction({ env: prepareRun('crashed', { comment: 'always' }), client: FAST_CLIENT });
    expect(result.commentAction).toBe('created');
    expect(result.failure).toBe('memgate compare exited with 2: memgate: workload "boot" crashed: exit code 134');
  });

  it('never reads a stale report left by an earlier run', async () => {
    const stale = join(sandbox.dir, 'runner-temp', 'memgate', 'default', 'report.json');
    writeReport(stale, report([regressedWorkload('old')]));
    await expect(runAction({ env: prepareRun('error'), client: FAST_CLIENT })).rejects.toThrow(/exited with 2/);
    expect(existsSync(stale)).toBe(false);
  });
});

describe('resolveMemgateBin', () => {
  it("prefers node_modules, uses memgate's own bin only in memgate's checkout", () => {
    expect(resolveMemgateBin(project)).toBe(join(project, 'node_modules', 'memgate', 'bin', 'memgate.js'));
    const self = join(sandbox.dir, 'self');
    mkdirSync(join(self, 'bin'), { recursive: true });
    writeFileSync(join(self, 'bin', 'memgate.js'), '');
    writeFileSync(join(self, 'package.json'), JSON.stringify({ name: 'not-memgate' }));
    expect(() => resolveMemgateBin(self)).toThrow(
      /expected memgate installed at node_modules\/memgate\/bin\/memgate.js, found none; add memgate to devDependencies and run "npm ci" before the memgate step. memgate is not on the npm registry yet: install it from git \("npm install --save-dev github:<owner>\/memgate#<full-commit-sha>"\) or from a tarball made with "npm pack"/,
    );
    writeFileSync(join(self, 'package.json'), JSON.stringify({ name: 'memgate' }));
    expect(resolveMemgateBin(self)).toBe(join(self, 'bin', 'memgate.js'));
  });
});

// A `node` that stands for the one actions/setup-node installs: it claims a
// version of its own and marks the processes it runs, then runs the real Node.
function writeWrapperNode(directory: string, version: string): string {
  mkdirSync(directory, { recursive: true });
  const path = join(directory, 'node');
  writeFileSync(
    path,
    [
      '#!/bin/sh',
      `if [ "$1" = "--version" ]; then echo ${version}; exit 0; fi`,
      `MEMGATE_TEST_NODE=${version} exec "${process.execPath}" "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(path, 0o755);
  return path;
}

const calledWith = () => JSON.parse(readFileSync(join(project, 'called-with.json'), 'utf8')) as { node: string | null };

describe("the project's Node", () => {
  it("runs memgate on the node first on PATH (setup-node's), not the runner's, and outputs its version", async () => {
    const toolcache = join(sandbox.dir, 'toolcache', 'node', '20.99.0', 'bin');
    writeWrapperNode(toolcache, 'v20.99.0');
    const env = prepareRun('pass');
    const result = await runAction({
      env: { ...env, PATH: [toolcache, process.env['PATH']].join(delimiter) },
      client: FAST_CLIENT,
    });
    expect(result.status).toBe('regressed');
    expect(calledWith().node).toBe('v20.99.0');
    expect(sandbox.outputs()['node-version']).toBe('v20.99.0');
  });

  it('the node input names another Node, relative to the working directory', async () => {
    writeWrapperNode(join(project, 'tools'), 'v22.1.0');
    const result = await runAction({ env: prepareRun('pass', { node: './tools/node' }), client: FAST_CLIENT });
    expect(result.reportPath).toMatch(/report\.json$/);
    expect(calledWith().node).toBe('v22.1.0');
    expect(sandbox.outputs()['node-version']).toBe('v22.1.0');
  });

  it('without a node on PATH, fails naming setup-node before running anything', async () => {
    const empty = join(sandbox.dir, 'empty-path');
    mkdirSync(empty, { recursive: true });
    await expect(runAction({ env: { ...prepareRun('pass'), PATH: empty }, client: FAST_CLIENT })).rejects.toThrow(
      /action input "node": expected "node" on PATH, found none; add actions\/setup-node/,
    );
    expect(github.requests).toHaveLength(0);
  });

  it('finds node on PATH like a shell: first executable match wins, directories and plain files are skipped', () => {
    const first = join(sandbox.dir, 'lookup', 'a');
    const second = join(sandbox.dir, 'lookup', 'b');
    mkdirSync(join(first, 'node'), { recursive: true }); // a directory named node
    const notExecutable = join(sandbox.dir, 'lookup', 'c');
    mkdirSync(notExecutable, { recursive: true });
    writeFileSync(join(notExecutable, 'node'), '');
    const wrapper = writeWrapperNode(second, 'v20.1.0');
    expect(findProjectNode(undefined, { PATH: [first, notExecutable, second].join(delimiter) }, project)).toBe(wrapper);
  });
});
