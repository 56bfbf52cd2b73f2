import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProcessRepeat } from '../../harness/runner/process-repeat.js';
import { loadedProcessWorkload, testConfig } from '../fixtures/process/loaded.js';

describe('log metrics from a log file', () => {
  it("follows the file from its end at start, so an old run's lines do not count", async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'memgate-log-')), 'service.log');
    writeFileSync(log, `${JSON.stringify({ msg: 'memory_sample', conns: 500 })}\n`);
    const workload = loadedProcessWorkload({
      name: 'log-file',
      command: 'node',
      args: ['log-to-file.mjs'],
      env: { LOG_FILE: log },
      nodeProbe: false,
      duration: '400ms',
      sampleInterval: '50ms',
      ready: { stdout: 'ready' },
      logMetrics: {
        source: { file: log },
        match: { msg: 'memory_sample' },
        map: { conns: { metric: 'custom.conns', aggregate: 'max' } },
      },
    });
    const run = await runProcessRepeat(workload, testConfig(), { repeatIndex: 0 });
    // 2 + i % 4 peaks at 5 within four lines (~120ms); the old line's 500 is before the start offset.
    expect(run.custom['conns']).toBe(5);
    expect(run.notes.filter((note) => note.startsWith('logMetrics'))).toEqual([]);
  });
});
