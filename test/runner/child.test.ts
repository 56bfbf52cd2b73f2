// Failure handling with real children: each failure is a CHILD_FAILED error
// carrying the child's last stderr lines, arrives within its timeout, and
// leaves no process behind (the whole process group is killed).
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../harness/config/load.js';
import type { ResolvedConfig } from '../../harness/config/schema.js';
import { ChildFailedError, runInProcessRepeat } from '../../harness/runner/child.js';
import { waitUntilGone } from '../../harness/runner/kill-tree.js';
import type { ResolvedWorkload } from '../../harness/workload/types.js';
import { commandOf, readAllStats } from '../../harness/sampler/proc-tree.js';
import { loadWorkloads } from '../../harness/workload/load.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
let config: ResolvedConfig;
let byName: Map<string, ResolvedWorkload>;

beforeAll(async () => {
  config = validateConfig({ workloads: 'test/fixtures/runner/failing/*.workload.ts' }, undefined, REPO);
  byName = new Map((await loadWorkloads(config)).map((workload) => [workload.name, workload]));
});

async function failureOf(
  name: string,
  options: { nodeFlags?: string[]; signal?: AbortSignal } = {},
): Promise<{ error: ChildFailedError; ms: number }> {
  const workload = byName.get(name);
  if (!workload) throw new Error(`fixture ${name} not loaded`);
  const started = performance.now();
  const error = await runInProcessRepeat(workload, config, { repeatIndex: 0, ...options }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ChildFailedError);
  return { error: error as ChildFailedError, ms: performance.now() - started };
}

function grandchildPid(stderr: string): number {
  const match = /grandchild pid (\d+)/.exec(stderr);
  if (!match) throw new Error(`no grandchild pid in stderr: ${stderr}`);
  return Number(match[1]);
}

// The pid of the grandchild started by our child whose command line carries
// `marker` (other concurrent tests start the same fixture), once it exists.
async function waitForGrandchild(marker: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stats = readAllStats();
    const child = stats.find((stat) => stat.ppid === process.pid && commandOf(stat.pid, '').includes(marker));
    const grandchild = child && stats.find((stat) => stat.ppid === child.pid);
    if (grandchild) return grandchild.pid;
    if (Date.now() > deadline) throw new Error(`no grandchild of the child marked ${marker} within ${timeoutMs} ms`);
    await sleep(20);
  }
}

describe.concurrent('runInProcessRepeat failures', () => {
  it('reports an op that throws with its phase, message and stack', async () => {
    const { error } = await failureOf('fails-throws');
    expect(error.code).toBe('CHILD_FAILED');
    expect(error.message).toBe(
      'test/fixtures/runner/failing/throws.workload.ts: workload "fails-throws" repeat 1 threw during measure: parser exploded on record 7',
    );
    expect(error.stderr).toContain('Error: parser exploded on record 7');
  });

  it('reports a child that exits without a result, with its exit code and last stderr line', async () => {
    const { error } = await failureOf('fails-exits');
    expect(error.message).toContain('exited with code 3 before sending a result');
    expect(error.stderr).toContain('about to exit with code 3');
    expect(error.message).not.toContain('\n');
  });

  it('kills a hanging child and the grandchild it started once the timeout passes', async () => {
    const { error, ms } = await failureOf('fails-hangs');
    // The message says the timeout ended it (not an exit or the 60 s default); the gone-check proves the kill.
    expect(error.message).toContain('timed out after 1500 ms and its process tree was killed');
    expect(ms).toBeGreaterThanOrEqual(1500);
    expect(await waitUntilGone([grandchildPid(error.stderr)], 2000)).toBe(true);
  });

  it('says "ran out of memory" when the heap limit is hit', async () => {
    const { error } = await failureOf('fails-oom', { nodeFlags: ['--max-old-space-size=32'] });
    expect(error.message).toContain('ran out of memory');
    expect(error.stderr).toMatch(/Mark-Compact|heap out of memory|Allocation failed/);
  });

  it('stops at once on Ctrl-C (abort) and kills the tree', async () => {
    const controller = new AbortController();
    // --title marks our child in /proc so we abort only once its grandchild exists.
    const marker = 'memgate-abort-test';
    const failure = failureOf('fails-hangs', { nodeFlags: [`--title=${marker}`], signal: controller.signal });
    const grandchild = await waitForGrandchild(marker, 5000);
    controller.abort(new Error('test interrupt'));
    const { error } = await failure;
    // "interrupted", not "timed out": the abort, not the 1.5 s timeout, ended it.
    expect(error.message).toContain('was interrupted; its process tree was killed');
    expect(await waitUntilGone([grandchild], 2000)).toBe(true);
  });
});
