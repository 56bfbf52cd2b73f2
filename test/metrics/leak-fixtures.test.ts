// The leak fixtures measured for real (fresh children through the runner),
// then classified: each leak is `leaking` on the right resource, each
// look-alike `stable`. The look-alikes' 10-runs-of-5-repeats check replays
// runs recorded by bench/leak-sensitivity.ts --record, so it is exact and fast;
// one live run of 5 repeats each shows the recording still matches today's probe.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { diagnoseResources } from '../../harness/diagnose/index.js';
import { analyzeLeaks } from '../../harness/metrics/leak.js';
import type { RawRun } from '../../harness/model/raw-run.js';
import type { LeakFinding } from '../../harness/model/report.js';
import { resolveLeakLimits } from '../../harness/config/leak-limits.js';
import { leakFixtureConfig, loadLeakFixture, runRepeats } from '../diagnose/helpers.js';
import { expandRecorded } from './leak-runs.js';

const config = leakFixtureConfig();
const limits = resolveLeakLimits(config, undefined);

function statusOf(findings: readonly LeakFinding[]): Record<string, string> {
  return Object.fromEntries(findings.map((finding) => [finding.resource, finding.status]));
}

describe('leak fixtures, measured', () => {
  const measured = new Map<string, RawRun[]>();
  beforeAll(async () => {
    for (const name of ['leak-map', 'leak-listener', 'leak-closure', 'leak-interval', 'leak-fd']) {
      measured.set(name, await runRepeats(await loadLeakFixture(config, name), config, 3));
    }
  }, 120_000);

  it.each([
    ['leak-map', 'heap'],
    ['leak-listener', 'heap'],
    ['leak-closure', 'heap'],
    ['leak-interval', 'handles'],
    ['leak-fd', 'fd'],
  ])('%s is leaking on %s, in every repeat', (name, resource) => {
    const findings = analyzeLeaks(measured.get(name) ?? [], limits);
    const found = findings.find((finding) => finding.resource === resource);
    expect(found?.status, `${name}: ${found?.reason}`).toBe('leaking');
    expect(found?.repeatsGrowing).toBe(3);
  });

  it('diagnoses the interval leak as Timeout handles, one per measured op', () => {
    const run = measured.get('leak-interval')?.[0] as RawRun;
    expect(diagnoseResources(run).handles[0]).toEqual({ type: 'Timeout', delta: run.ops });
  });

  it("diagnoses the descriptor leak as the fixture's file, one per measured op", () => {
    const run = measured.get('leak-fd')?.[0] as RawRun;
    const [top] = diagnoseResources(run).fds;
    expect(top?.target).toMatch(/memgate-leak-fd-\d+\.txt$/);
    expect(top?.delta).toBe(run.ops);
  });
});

const LOOKALIKES = ['lookalike-lru', 'lookalike-lazy-init', 'lookalike-warm-cache', 'lookalike-buffer-pool'];

describe('look-alikes', () => {
  it.each(LOOKALIKES)('%s is stable in each of 10 recorded runs of 5 repeats', (name) => {
    const file = new URL(`../fixtures/leak/recorded/${name}.json`, import.meta.url);
    const recorded = JSON.parse(readFileSync(file, 'utf8')) as Array<
      Array<{ ops: number; wallMs: number; checkpoints: number[][] }>
    >;
    expect(recorded).toHaveLength(10);
    for (const [index, set] of recorded.entries()) {
      expect(set).toHaveLength(5);
      const findings = analyzeLeaks(
        set.map((run) => expandRecorded(run, name)),
        limits,
      );
      expect(findings.length).toBeGreaterThanOrEqual(4);
      for (const finding of findings)
        expect(finding.status, `run ${index + 1} ${finding.resource}: ${finding.reason}`).toBe('stable');
    }
  });

  it.each(LOOKALIKES)('%s is stable when measured now (one run of 5 repeats)', async (name) => {
    const runs = await runRepeats(await loadLeakFixture(config, name), config, 5);
    const findings = analyzeLeaks(runs, limits);
    expect(findings.length).toBeGreaterThanOrEqual(4);
    expect(
      Object.values(statusOf(findings)).every((status) => status === 'stable'),
      JSON.stringify(findings.map((f) => f.reason)),
    ).toBe(true);
  });
});
