// kill -9 of memgate runs no exit hook: the watchdog must still take the
// service down with it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { waitUntilGone } from '../../harness/runner/kill-tree.js';

const PARENT = fileURLToPath(new URL('../fixtures/runner/watchdog-parent.ts', import.meta.url));

describe.runIf(process.platform === 'linux')('startWatchdog', () => {
  it('kills the service group once its parent is SIGKILLed, and not before', async () => {
    const parent = spawn(process.execPath, ['--import', 'tsx', PARENT], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = await new Promise<number>((resolve) =>
      parent.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
    );
    try {
      // Alive while its parent lives: the watchdog polls every 0.5 s, so 1.5 s is three polls.
      expect(await waitUntilGone([pid], 1500)).toBe(false);
      const closed = new Promise((resolve) => parent.on('close', resolve));
      parent.kill('SIGKILL');
      await closed;
      expect(await waitUntilGone([pid], 10_000)).toBe(true);
    } finally {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone, as it should be
      }
    }
  });
});
