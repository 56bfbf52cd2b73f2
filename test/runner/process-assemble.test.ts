import { describe, expect, it } from 'vitest';
import { assembleProcessRun, type ProcessRunParts } from '../../harness/runner/process/assemble.js';
import { isMemgateError } from '../../harness/errors.js';

const shutdown = {
  signal: 'SIGINT',
  ms: 12,
  exitCode: 0,
  exitSignal: null,
  timedOut: false,
  orphans: [],
  problems: [],
};

function parts(extra: Partial<ProcessRunParts>): ProcessRunParts {
  return {
    workload: 'svc',
    measuredFrom: 1000,
    measuredTo: 2000,
    tree: [],
    rssPeak: 0,
    drive: null,
    log: null,
    probe: null,
    fdTargets: null,
    shutdown,
    notes: [],
    ...extra,
  };
}

describe('assembleProcessRun', () => {
  it('takes rss.final from the last tree sample', () => {
    const tree = [
      { tMs: 0, rss: 10e6, fds: 5, threads: 1, cpuMs: 0, processes: 1 },
      { tMs: 500, rss: 12e6, fds: 5, threads: 1, cpuMs: 3, processes: 1 },
    ];
    const run = assembleProcessRun(parts({ tree, rssPeak: 12e6 }));
    expect([run.memory.rssPeak, run.memory.rssFinal, run.wallMs]).toEqual([12e6, 12e6, 1000]);
  });

  it('falls back to the RSS the process logged about itself', () => {
    const log = { custom: {}, memory: { rssFinal: 9e6, rssPeak: 9.5e6 }, matchedLines: 3 };
    expect(assembleProcessRun(parts({ log })).memory).toMatchObject({ rssFinal: 9e6, rssPeak: 9.5e6 });
  });

  it('refuses to invent rss.final = 0 when nothing was sampled', () => {
    let error: unknown;
    try {
      assembleProcessRun(parts({}));
    } catch (caught) {
      error = caught;
    }
    expect(isMemgateError(error) && error.code).toBe('CHILD_FAILED');
    expect((error as Error).message).toMatch(
      /no sample of the process tree was taken during the measured phase \(1000ms\)/,
    );
  });
});
