// The README rows that need a baseline or a soak, on a real python3 service
// (test/fixtures/teams/go-node-log.py, flat): the toolkit's CI gate against a
// recorded baseline at 15%, and the trading bot's leak sentinel as a short
// `memgate soak` with the row's limits.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEAMS, teamProject, type TeamProject } from './team-project.js';

const WORKLOADS = `
export default defineWorkload({
  name: 'bot',
  command: 'python3',
  args: [${JSON.stringify(join(TEAMS, 'go-node-log.py'))}, '18', '18', '1'],
  ready: { stdout: /node started/ },
  duration: '1500ms',
  shutdown: { signal: 'SIGINT' },
  thresholds: { 'rss.peak': { relative: '15%' } },
  leak: { rssRate: '0.1MB/min', fdRate: '0.1/min' },
});
`;

let project: TeamProject;
beforeAll(async () => {
  project = await teamProject(WORKLOADS);
});
afterAll(() => project.remove());

describe('the README rows with a baseline and a soak', () => {
  it("toolkit in CI: `thresholds: { 'rss.peak': { relative: '15%' } }` against a recorded baseline", async () => {
    const update = await project.run('update');
    expect(update.code, update.stderr).toBe(0);
    const compare = await project.run('compare');
    expect(compare.code, compare.stdout).toBe(0);
    const rss = compare.verdict('bot', 'rss.peak');
    expect(rss?.baseline).toBeGreaterThan(0);
    expect(['unchanged', 'noise']).toContain(rss?.status);
  }, 60_000);

  it("trading bot, leak sentinel: `memgate soak bot … --tag Nightly` with the row's leak limits", async () => {
    const soak = await project.run('soak', 'bot', '--duration', '1500ms', '--interval', '200ms', '--tag', 'Nightly');
    expect(soak.stderr).toMatch(/soak Nightly: passed/);
    expect(soak.code).toBe(0);
    const leaks = soak.workloads.get('bot')?.leaks ?? [];
    expect(leaks.find((leak) => leak.resource === 'rss')?.reason).toContain('limit 0.10 MB/min');
    expect(leaks.find((leak) => leak.resource === 'fd')?.reason).toMatch(/limit 0\.10*\/min/);
  }, 60_000);
});
