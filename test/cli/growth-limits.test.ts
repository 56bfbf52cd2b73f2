// A relative RSS growth limit through `memgate run`, on real python3
// services (test/fixtures/teams/rss-growth.py): `leak: { rssGrowth: '10%' }`
// fails a service growing 15% over the run and passes one growing 3%. The
// fitted growth's whole 95% interval must lie above 10% to fail, so the
// verdicts hold on a busy machine: the two services are 5 points either side.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEAMS, teamProject, type TeamProject, type TeamRun } from './team-project.js';

const WORKLOADS = `
const grower = (name: string, percent: number) =>
  defineWorkload({
    name,
    command: 'python3',
    args: [${JSON.stringify(join(TEAMS, 'rss-growth.py'))}, String(percent), '2'],
    ready: { stdout: /ready/ },
    duration: '2s',
    shutdown: { signal: 'SIGINT' },
    leak: { rssGrowth: '10%' },
  });
export const grows15 = grower('grows-15', 15);
export const grows3 = grower('grows-3', 3);
`;

let project: TeamProject;
let result: TeamRun;
beforeAll(async () => {
  project = await teamProject(WORKLOADS);
  result = await project.run('run');
}, 90_000);
afterAll(() => project.remove());

describe("leak: { rssGrowth: '10%' } on real processes", () => {
  it('fails a service growing 15% over the run', () => {
    const fast = result.verdict('grows-15', 'growth.rss');
    expect(fast?.status, fast?.reason).toBe('over-budget');
    // Measured from the first sample after ready, so a little under 15%; far from 10% either way.
    expect(fast?.current).toBeGreaterThan(0.1);
    expect(fast?.current).toBeLessThan(0.25);
    expect(fast?.unit).toBe('ratio');
    expect(fast?.reason).toMatch(/^rss grows \+1\d\.\d+% over the run \(95% CI .*limit 10% — over the limit$/);
    expect(result.workloads.get('grows-15')?.status).toBe('regressed');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('growth.rss');
  });

  it('passes a service growing 3%', () => {
    const slow = result.verdict('grows-3', 'growth.rss');
    expect(slow?.status, slow?.reason).toBe('measured');
    expect(slow?.current).toBeGreaterThanOrEqual(0);
    expect(slow?.current).toBeLessThan(0.1);
    expect(slow?.reason).toMatch(/limit 10% — within$/);
    expect(result.workloads.get('grows-3')?.status).toBe('pass');
  });
});
