// kill -9 of memgate runs no exit hook: the watchdog must still take the
// service down with it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { waitUntilGone } from '../../harness/runner/kill-tree.js';
import { newRepeatTag, REPEAT_TAG_VAR } from '../../harness/runner/repeat-tag.js';
import { startWatchdog, type Watchdog } from '../../harness/runner/watchdog.js';
import { readStat } from '../../harness/sampler/proc-tree.js';

const PARENT = fileURLToPath(new URL('../fixtures/runner/watchdog-parent.ts', import.meta.url));

/** A node process that idles until killed, in a group of its own; with `tag`, carrying it as a repeat's processes do. */
function startIdle(tag?: string) {
  const env = tag === undefined ? process.env : { ...process.env, [REPEAT_TAG_VAR]: tag };
  return spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore', env });
}

describe.runIf(process.platform === 'linux')('startWatchdog', () => {
  // "unguarded": the parent dies before it hands the group over, the moment
  // between spawning the child and telling the watchdog; the tag finds the child.
  it.each(['guarded', 'unguarded'])(
    'kills the %s service once its parent is SIGKILLed, and not before',
    async (mode) => {
      const parent = spawn(process.execPath, ['--import', 'tsx', PARENT, mode], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
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
    },
  );

  // memgate stops a watchdog it no longer needs (no child started, or the
  // child is done): the watchdog must go without taking the tag's processes for orphans.
  it('kills nothing when stopped before it was told a group', async () => {
    const tag = newRepeatTag();
    const bystander = startIdle(tag);
    const watchdog = startWatchdog(tag);
    try {
      watchdog.stop();
      expect(await waitUntilGone([bystander.pid ?? 0], 1500), 'its owner (this test) is alive').toBe(false);
    } finally {
      bystander.kill('SIGKILL');
    }
  });

  // memgate's pid handed to a new process (pid_max 32768 wraps within minutes
  // on a busy machine): the watchdog must go by the start time, not the pid.
  it('takes a reused pid (same pid, other start time) for its owner gone, and a live owner for alive', async () => {
    const stranger = startIdle();
    const services = [0, 1].map(() => {
      const tag = newRepeatTag();
      return { tag, child: startIdle(tag) };
    });
    const [owned, orphaned] = services as [(typeof services)[0], (typeof services)[0]];
    const strangerPid = stranger.pid ?? 0;
    const truly = startWatchdog(owned.tag, { pid: strangerPid, startTicks: readStat(strangerPid)?.startTicks ?? null });
    truly.guard(owned.child.pid ?? 0);
    const reused = startWatchdog(orphaned.tag, { pid: strangerPid, startTicks: 1 });
    reused.guard(orphaned.child.pid ?? 0);
    try {
      expect(readStat(strangerPid)?.startTicks).toBeGreaterThan(1);
      expect(await waitUntilGone([orphaned.child.pid ?? 0], 10_000), 'the owner "alive" under a reused pid').toBe(true);
      expect(await waitUntilGone([owned.child.pid ?? 0], 1500), 'its owner is alive').toBe(false);
    } finally {
      truly.stop();
      reused.stop();
      for (const each of [stranger, owned.child, orphaned.child]) each.kill('SIGKILL');
    }
  });

  // kill -9 leaves memgate a zombie until its parent reaps it: same pid, same
  // start time, but dead. A `sleep 0.2` started by a shell that then execs
  // `sleep 30` ends as a zombie (sleep never waits for children) for the rest
  // of the 30 s; 0.2 s, not 0, so a shell that reaps children on SIGCHLD has
  // exec'd before it exits.
  it('takes a zombie owner (killed, not yet reaped) for gone', async () => {
    const reaper = spawn('/bin/sh', ['-c', 'sleep 0.2 & echo $!; exec sleep 30'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const zombie = await new Promise<number>((resolve) =>
      reaper.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
    );
    const tag = newRepeatTag();
    const service = startIdle(tag);
    let watchdog: Watchdog | undefined;
    try {
      for (let i = 0; i < 100 && readStat(zombie)?.state !== 'Z'; i++) await new Promise((r) => setTimeout(r, 20));
      expect(readStat(zombie)?.state).toBe('Z');
      watchdog = startWatchdog(tag, { pid: zombie, startTicks: readStat(zombie)?.startTicks ?? null });
      watchdog.guard(service.pid ?? 0);
      expect(await waitUntilGone([service.pid ?? 0], 10_000), 'the service of a zombie owner').toBe(true);
    } finally {
      watchdog?.stop();
      service.kill('SIGKILL');
      reaper.kill('SIGKILL');
    }
  });
});
