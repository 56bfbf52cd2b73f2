// Failure handling with real children: each failure is a CHILD_FAILED error
// carrying the child's last stderr lines, arrives within its timeout, and
// leaves no process behind (the whole process group is killed).
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../harness/config/load.js';
import type { ResolvedConfig } from '../../harness/config/schema.js';
import { ChildFailedError, runInProcessRepeat } from '../../harness/runner/child.js';
import { waitUntilGone } from '../../harness/runner/kill-tree.js';
import type { LoadedWorkload } from '../../harness/runner/types.js';
import { loadWorkloads } from '../../harness/workload/load.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
let config: ResolvedConfig;
let byName: Map<string, LoadedWorkload>;

beforeAll(async () => {
  config = validateConfig({ workloads: 'test/fixtures/runner/failing/*.workload.ts' }, undefined, REPO);
  byName = new Map((await loadWorkloads(config)).map((workload) => [workload.name, workload]));
});

async function failureOf(name: string, options: { nodeFlags?: string[]; signal?: AbortSignal } = {}): Promise<{ error: ChildFailedError; ms: number }> {
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

describe.concurrent('runInProcessRepeat failures', () => {
  it('reports an op that throws with its phase, message and stack', async () => {
    const { error } = await failureOf('fails-throws');
    expect(error.code).toBe('CHILD_FAILED');
    expect(error.message).toBe('test/fixtures/runner/failing/throws.workload.ts: workload "fails-throws" repeat 1 threw during measure: parser exploded on record 7');
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
    expect(error.message).toContain('timed out after 1500 ms and its process tree was killed');
    // Not before the 1.5 s timeout; the upper bound only guards against a missing kill (default timeout is 60 s).
    expect(ms).toBeGreaterThanOrEqual(1500);
    expect(ms).toBeLessThan(15_000);
    expect(await waitUntilGone(grandchildPid(error.stderr), 2000)).toBe(true);
  });

  it('says "ran out of memory" when the heap limit is hit', async () => {
    const { error } = await failureOf('fails-oom', { nodeFlags: ['--max-old-space-size=32'] });
    expect(error.message).toContain('ran out of memory');
    expect(error.stderr).toMatch(/Mark-Compact|heap out of memory|Allocation failed/);
  });

  it('stops at once on Ctrl-C (abort) and kills the tree', async () => {
    const controller = new AbortController();
    // Abort once the grandchild exists; the timeout (1.5 s) must not be what ends it.
    setTimeout(() => controller.abort(new Error('test interrupt')), 700);
    const { error, ms } = await failureOf('fails-hangs', { signal: controller.signal });
    expect(error.message).toContain('was interrupted; its process tree was killed');
    expect(ms).toBeLessThan(1500);
    if (/grandchild pid/.test(error.stderr)) expect(await waitUntilGone(grandchildPid(error.stderr), 2000)).toBe(true);
  });
});
