// Growth limits on log-derived metrics through `memgate run`: the Go team's
// `memory_sample` JSON lines, printed by a python3 stand-in
// (test/fixtures/teams/go-node-log.py). Goroutines going 18 → 56 fail '5/h':
// over a 2-second run that is tens of thousands per hour and the fitted
// slope's interval leaves no doubt; flat goroutines pass it, and steady DB
// connections pass 'stable'. An RSS rate written per hour prints per hour.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEAMS, teamProject, type TeamProject, type TeamRun } from './team-project.js';

const WORKLOADS = `
const goNode = (name: string, to: number) =>
  defineWorkload({
    name,
    command: 'python3',
    args: [${JSON.stringify(join(TEAMS, 'go-node-log.py'))}, '18', String(to), '2'],
    ready: { stdout: /node started/ },
    duration: '2s',
    shutdown: { signal: 'SIGINT' },
    logMetrics: {
      match: { msg: 'memory_sample' },
      map: { rss_bytes: 'rss.peak', goroutines: 'custom.goroutines', db_conns: 'custom.dbConns' },
    },
    leak: { rssRate: '20MB/h' },
    growth: { 'custom.goroutines': '5/h', 'custom.dbConns': 'stable' },
  });
export const goroutineLeak = goNode('go-goroutines-18-56', 56);
export const goroutinesFlat = goNode('go-goroutines-flat', 18);
`;

let project: TeamProject;
let result: TeamRun;
beforeAll(async () => {
  project = await teamProject(WORKLOADS);
  result = await project.run('run');
}, 90_000);
afterAll(() => project.remove());

describe('growth limits on log-derived metrics', () => {
  it("fails goroutines going 18 → 56 against '5/h', shown per hour", () => {
    const goroutines = result.verdict('go-goroutines-18-56', 'growth.custom.goroutines');
    expect(goroutines?.status, goroutines?.reason).toBe('over-budget');
    expect(goroutines?.unit).toBe('count/h');
    // 38 more in about 2 s; the limit is 5 per hour.
    expect(goroutines?.current).toBeGreaterThan(1000);
    expect(goroutines?.reason).toMatch(
      /^custom\.goroutines grows \+[\d,.]+\/h \(95% CI .*limit 5\/h — over the limit$/,
    );
    expect(result.workloads.get('go-goroutines-18-56')?.status).toBe('regressed');
    expect(result.code).toBe(1);
  });

  it("passes flat goroutines against '5/h' and steady DB connections against 'stable'", () => {
    expect(result.verdict('go-goroutines-flat', 'growth.custom.goroutines')?.status).toBe('measured');
    const db = result.verdict('go-goroutines-flat', 'growth.custom.dbConns');
    expect(db?.status, db?.reason).toBe('measured');
    expect(db?.reason).toContain('limit stable');
    expect(result.workloads.get('go-goroutines-flat')?.status).toBe('pass');
  });

  it('prints an RSS rate limit written per hour in MB/h, not MB/min', () => {
    const rss = result.workloads.get('go-goroutines-flat')?.leaks.find((leak) => leak.resource === 'rss');
    expect(rss?.shownPer).toBe('h');
    expect(rss?.reason).toContain('limit 20.0 MB/h');
    expect(rss?.reason).not.toContain('/min;');
  });
});
