import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleTree, sampleTreeWithPs } from '../../harness/sampler/proc-tree.js';
import { TreeSampler } from '../../harness/sampler/tree-sampler.js';
import { killProcessGroup } from '../../harness/runner/kill-tree.js';
import { fixture } from '../fixtures/process/loaded.js';

const linux = process.platform === 'linux';
const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) killProcessGroup(pid);
});

// `briefMs`: how long the fixture's second child lives (its CHILD_MS); the group kill in afterEach ends it otherwise.
async function startTree(briefMs: number): Promise<{ pid: number; children: number[] }> {
  const env = { ...process.env, CHILD_MS: String(briefMs) };
  const parent = spawn(process.execPath, [fixture('tree-parent.mjs')], {
    detached: true,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  started.push(parent.pid as number);
  const [chunk] = (await once(parent.stdout, 'data')) as [Buffer];
  const children = /children (\d+) (\d+)/.exec(chunk.toString())?.slice(1).map(Number) ?? [];
  return { pid: parent.pid as number, children };
}

describe.runIf(linux)('sampling a process tree from /proc', () => {
  it('finds the root and its children, with RSS, FDs, threads and CPU of each', async () => {
    // Both children must outlive the /proc and ps samples compared below.
    const tree = await startTree(60_000);
    // The parent prints its children's pids right after spawning them; until each has exec'd
    // node, /proc shows no resident memory for it. Sample again (up to 10 s) until they have.
    let snapshot = await sampleTree(tree.pid);
    for (let waited = 0; snapshot.processes.some((p) => p.rss <= 1_000_000) && waited < 10_000; waited += 100) {
      await sleep(100);
      snapshot = await sampleTree(tree.pid);
    }
    const pids = snapshot.processes.map((p) => p.pid).sort();
    expect(pids).toEqual([tree.pid, ...tree.children].sort());
    for (const process of snapshot.processes) {
      expect(process.rss, 'a Node process holds megabytes').toBeGreaterThan(1_000_000);
      expect(process.fds, 'stdin/out/err at least').toBeGreaterThanOrEqual(3);
      // A Node process just starting may not have its worker threads yet.
      expect(process.threads).toBeGreaterThanOrEqual(1);
    }
    expect(await sampleTree(999_999_999)).toMatchObject({ processes: [] });
    // The ps fallback sees the same tree (RSS in KiB from ps, so within a page of /proc's), without FDs.
    const viaPs = await sampleTreeWithPs(tree.pid);
    expect(viaPs.processes.map((p) => p.pid).sort()).toEqual(pids);
    expect(viaPs.processes.every((p) => p.fds === null && p.rss > 1_000_000)).toBe(true);
  });

  it('follows a child that exits, keeping tree CPU time from going backwards', async () => {
    // 3 s: long enough for the first sample (counts[0]) to see it even on a loaded machine.
    const tree = await startTree(3000);
    const counts: number[] = [];
    const cpu: number[] = [];
    const sampler = new TreeSampler(tree.pid, {
      intervalMs: 50,
      groupId: tree.pid,
      onSample: (s) => (counts.push(s.processes), cpu.push(s.cpuMs)),
    });
    sampler.start();
    // Node start-up time varies on a loaded machine: wait (up to 10s) for the brief child to be gone.
    for (let waited = 0; counts.at(-1) !== 2 && waited < 10_000; waited += 50) await sleep(50);
    await sleep(150);
    await sampler.stop();
    expect(counts[0]).toBe(3);
    expect(counts.at(-1), 'the brief child exited').toBe(2);
    for (let i = 1; i < cpu.length; i++) expect(cpu[i]).toBeGreaterThanOrEqual(cpu[i - 1] as number);
    expect(sampler.processesSeen).toBe(3);
    expect(sampler.peakRss).toBeGreaterThanOrEqual(Math.max(...sampler.samples().map((s) => s.rss)));
  });
});
