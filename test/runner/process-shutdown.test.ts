// Real shutdowns: bash start scripts with and without `exec`, Python programs
// that die of the signal, ignore it or stop slowly, and a Node service with a
// handler that does nothing. Timeouts are generous; nothing here asserts a time.
import { describe, expect, it } from 'vitest';
import { runProcessRepeat } from '../../harness/runner/process-repeat.js';
import type { ProcessWorkloadInput } from '../../harness/config/workload-schema.js';
import { loadedProcessWorkload, testConfig } from '../fixtures/process/loaded.js';
import { processesWith } from '../fixtures/process/live.js';

const linux = process.platform === 'linux';
const config = testConfig();

function stopRun(name: string, input: Omit<ProcessWorkloadInput, 'name'>) {
  const workload = loadedProcessWorkload({ name, duration: '100ms', ready: { stdout: 'ready' }, ...input });
  return runProcessRepeat(workload, config, { repeatIndex: 0 });
}

describe.runIf(linux)('graceful shutdown', () => {
  it('counts death by the very SIGINT it sent as a clean stop (Python and Node without a handler)', async () => {
    const python = await stopRun('py-default', { command: 'python3', args: ['stop-behaviour.py', 'default'] });
    expect(python.shutdown).toMatchObject({ exitCode: null, exitSignal: 'SIGINT', timedOut: false, problems: [] });
    const node = await stopRun('node-default', { command: 'node', args: ['no-handler.mjs'], nodeProbe: false });
    expect(node.shutdown).toMatchObject({ exitSignal: 'SIGINT', problems: [] });
  });

  it('still fails death by the signal when expectExitCode is set', async () => {
    const run = await stopRun('py-strict', {
      command: 'python3',
      args: ['stop-behaviour.py', 'default'],
      shutdown: { expectExitCode: 0 },
    });
    expect(run.shutdown?.problems).toEqual([
      'died of SIGINT (no handler for it?), expected exit code 0; handle SIGINT and exit cleanly, or set shutdown.expectExitCode',
    ]);
  });

  it('names the shell and suggests exec when a bash wrapper keeps its child running after SIGINT', async () => {
    const token = `memgate-wrapper-${process.pid}-${Date.now()}`;
    const run = await stopRun('wrapper-int', {
      command: './wrapper-no-exec.sh',
      args: ['default', token],
      shutdown: { timeout: '1500ms' },
    });
    expect(run.shutdown?.timedOut).toBe(true);
    const problem = run.shutdown?.problems?.[0] ?? '';
    // python3 may be a shim: the child's command line names the real interpreter's path.
    expect(problem).toMatch(
      /the main process is a shell \(bash\) and its child \d+ "\S*python3 stop-behaviour.py default/,
    );
    expect(problem).toMatch(/exec \S*python3 stop-behaviour.py default/);
    expect(problem).toContain("shutdown.target: 'group'");
    expect(processesWith(token)).toEqual([]);
  });

  it('gives the exec hint when the wrapper dies of SIGTERM and leaves its child behind', async () => {
    const token = `memgate-wrapper-term-${process.pid}-${Date.now()}`;
    const run = await stopRun('wrapper-term', {
      command: './wrapper-no-exec.sh',
      args: ['default', token],
      shutdown: { signal: 'SIGTERM', timeout: '5s' },
    });
    expect(run.shutdown).toMatchObject({ exitSignal: 'SIGTERM', timedOut: false });
    expect(run.shutdown?.orphans).toHaveLength(1);
    expect(run.shutdown?.problems).toHaveLength(1);
    expect(run.shutdown?.problems?.[0]).toMatch(
      /shell \(bash\) and its child \d+ "\S*python3 stop-behaviour.py.*exec \S*python3/,
    );
    expect(processesWith(token)).toEqual([]);
  });

  it("stops the same wrapper cleanly with shutdown.target: 'group', and with exec", async () => {
    const group = await stopRun('wrapper-group', {
      command: './wrapper-no-exec.sh',
      args: ['default'],
      shutdown: { target: 'group', timeout: '10s' },
    });
    expect(group.shutdown).toMatchObject({ timedOut: false, orphans: [], problems: [] });
    const exec = await stopRun('wrapper-exec', {
      command: './wrapper-exec.sh',
      args: ['default'],
      shutdown: { timeout: '10s' },
    });
    expect(exec.shutdown).toMatchObject({ exitSignal: 'SIGINT', timedOut: false, orphans: [], problems: [] });
  });

  it('tells an ignored signal (SIG_IGN) from a slow stop (it reacted, then ran out of time)', async () => {
    const ignored = await stopRun('py-ignore', {
      command: 'python3',
      args: ['stop-behaviour.py', 'ignore'],
      shutdown: { timeout: '1500ms' },
    });
    expect(ignored.shutdown?.timedOut).toBe(true);
    expect(ignored.shutdown?.problems?.[0]).toMatch(/^ignores SIGINT \(SIG_IGN in \/proc\/<pid>\/status\)/);
    const slow = await stopRun('py-slow', {
      command: 'python3',
      args: ['stop-behaviour.py', 'slow'],
      shutdown: { timeout: '1500ms' },
    });
    expect(slow.shutdown?.timedOut).toBe(true);
    expect(slow.shutdown?.problems?.[0]).toMatch(
      /^reacted to SIGINT \(printed 1 line\(s\)\) but was still stopping at shutdown.timeout 1500ms/,
    );
  });

  it('reads a handler that does nothing visible as an ignored signal', async () => {
    const run = await stopRun('node-ignore', {
      command: 'node',
      args: ['ignore-sigint.mjs'],
      nodeProbe: false,
      shutdown: { timeout: '1500ms' },
    });
    expect(run.shutdown?.problems?.[0]).toMatch(/^showed no reaction to SIGINT \(no output, no change in open FDs/);
  });
});
