import { describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { deadline, linkedSignal, supervise, whenAborted } from '../../harness/runner/supervisor.js';
import { waitUntilGone } from '../../harness/runner/kill-tree.js';

describe('deadline', () => {
  it('aborts on its timer and says it timed out', async () => {
    const limit = deadline(20);
    await whenAborted(limit.signal);
    expect(limit.timedOut()).toBe(true);
    limit.dispose();
  });

  it('aborts on the interrupt without calling it a timeout, and dispose stops the timer', async () => {
    const interrupt = new AbortController();
    const limit = deadline(60_000, interrupt.signal);
    interrupt.abort();
    expect(limit.signal.aborted).toBe(true);
    expect(limit.timedOut()).toBe(false);
    limit.dispose();
    const quiet = deadline(30);
    quiet.dispose();
    await sleep(80);
    expect(quiet.signal.aborted).toBe(false);
  });

  it('still fires when nothing but the timer holds it (an AbortSignal.any could be collected)', async () => {
    let fired = false;
    void whenAborted(deadline(50).signal).then(() => (fired = true));
    // Allocate and collect between arming and firing: the deadline must survive it.
    for (let i = 0; i < 5; i++) {
      Array.from({ length: 50_000 }, (_, n) => ({ n }));
      (globalThis as { gc?: () => void }).gc?.();
      await sleep(20);
    }
    await sleep(100);
    expect(fired).toBe(true);
  });
});

describe('linkedSignal', () => {
  it('aborts when any source does, and at once when one already has', () => {
    const a = new AbortController();
    const b = new AbortController();
    const linked = linkedSignal([a.signal, b.signal]);
    expect(linked.aborted).toBe(false);
    b.abort();
    expect(linked.aborted).toBe(true);
    expect(linkedSignal([AbortSignal.abort()]).aborted).toBe(true);
  });
});

describe('supervise', () => {
  it('keeps the tail of both streams, records the exit, and kills the whole group', async () => {
    const script = [
      "console.log('out 1'); console.error('err 1');",
      "const { spawn } = require('node:child_process');",
      "const grandchild = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });",
      'console.log(`grandchild ${grandchild.pid}`);',
      'setInterval(() => {}, 1000);',
    ].join('\n');
    const child = await supervise({ command: process.execPath, args: ['-e', script], cwd: process.cwd(), where: 't' });
    const grandchild = await new Promise<number>((resolve) => {
      child.onLine((line) => {
        const match = /^grandchild (\d+)$/.exec(line);
        if (match) resolve(Number(match[1]));
      });
    });
    expect(child.tails.stdout.text()).toContain('out 1');
    // stderr is another pipe: its line can be read after stdout's later one (seen with 4 test files
    // at a time on 2 cores), so it gets a moment to arrive, not an order.
    for (let waited = 0; !child.tails.stderr.text().includes('err 1') && waited < 5000; waited += 20) await sleep(20);
    expect(child.tails.stderr.text()).toContain('err 1');
    expect(child.exit()).toBeUndefined();
    child.kill();
    const exit = await child.exited;
    expect(exit.signal).toBe('SIGKILL');
    expect(await waitUntilGone([child.pid, grandchild], 5000)).toBe(true);
  });

  it('fails with CHILD_FAILED naming the command when it cannot start', async () => {
    const error = await supervise({
      command: 'memgate-no-such-command',
      args: [],
      cwd: process.cwd(),
      where: 'workloads/x.workload.ts',
    }).then(
      () => undefined,
      (caught: unknown) => caught as { code?: string; message?: string },
    );
    expect(error?.code).toBe('CHILD_FAILED');
    expect(error?.message).toMatch(/^workloads\/x\.workload\.ts: could not start "memgate-no-such-command"/);
  });
});
