// gctrace through a real process: a stand-in "Go" program (Go is not
// installed) prints documented gctrace lines on stderr when GODEBUG asks.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isGoProgram, withGcTrace } from '../../../harness/runner/process/go-probe.js';
import { runProcessRepeat } from '../../../harness/runner/process-repeat.js';
import { deriveRepeatMetrics } from '../../../harness/metrics/derive.js';
import { fixture, FIXTURES, loadedProcessWorkload, testConfig } from '../../fixtures/process/loaded.js';

const linux = process.platform === 'linux';
const config = testConfig();
const MIB = 1024 * 1024;

describe.runIf(linux)('the Go probe (gctrace)', () => {
  it("parses the program's gctrace lines into GC metrics, measured phase only", async () => {
    const workload = loadedProcessWorkload({
      name: 'fake-go',
      command: 'node',
      args: ['fake-go.mjs'],
      language: 'go',
      env: { GODEBUG: 'madvdontneed=1' },
      ready: { stdout: /fake go ready GODEBUG=madvdontneed=1,gctrace=1$/ },
      duration: '600ms',
    });
    const run = await runProcessRepeat(workload, config, { repeatIndex: 0 });
    const pauses = run.gc?.pauses ?? [];
    // One line every 20 ms over 600 ms: dozens, whatever the load; every 4th was forced and left out.
    expect(pauses.length).toBeGreaterThan(5);
    expect(run.gc?.forced).toBeGreaterThan(0);
    for (const pause of pauses) expect(pause.ms).toBeCloseTo(0.75, 9);
    const metrics = deriveRepeatMetrics(run);
    expect(metrics['gc.count']).toBe(pauses.length);
    expect(metrics['gc.pause.max']).toBeCloseTo(0.75, 9);
    // Heap at GC start cycles through 4, 5, 6 MB; the goal is 8 MB. No Node probe ran (language: go).
    expect(metrics['heap.used.peak']).toBe(6 * MIB);
    expect(metrics['heap.total.peak']).toBe(8 * MIB);
    expect(run.notes).toEqual([]);
  }, 60_000);

  it('hides gctrace lines from the stderr memgate quotes, not the lines the program wrote', async () => {
    const workload = loadedProcessWorkload({
      name: 'fake-go-dies',
      command: 'fake-go-binary',
      args: [],
      cwd: '.',
      ready: { stdout: 'fake go ready' },
      duration: '5s',
    });
    // Found as Go from the executable itself (no `language`); killed mid-phase so the error quotes stderr.
    // Mid-phase, not at a fixed time: a loaded machine can take longer than any fixed time to start node.
    const found = isGoProgram(fixture('fake-go-binary'), [], FIXTURES, undefined);
    expect(found).toBe(true);
    const abort = new AbortController();
    const error = await runProcessRepeat(
      { ...workload, definition: { ...workload.definition, command: fixture('fake-go-binary') } },
      config,
      { repeatIndex: 0, signal: abort.signal, onMeasureStart: () => setTimeout(() => abort.abort(), 300) },
    ).then(
      () => null,
      (e: unknown) => e as { stderr?: string },
    );
    expect(error?.stderr).toContain('user: starting workers');
    expect(error?.stderr).not.toMatch(/^gc \d+ @/m);
  }, 60_000);

  it('is off for a program that is not Go, even one that prints gctrace-like lines', async () => {
    const workload = loadedProcessWorkload({
      name: 'not-go',
      command: 'node',
      args: ['fake-go.mjs'],
      nodeProbe: false,
      ready: { stdout: /fake go ready GODEBUG=$/ },
      duration: '200ms',
    });
    const run = await runProcessRepeat(workload, config, { repeatIndex: 0 });
    expect(run.gc).toBeNull();
  }, 60_000);
});

describe('deciding that a command is Go', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memgate-go-detect-'));

  it('follows `language` first, then `go run`, then the executable found on PATH', () => {
    expect(isGoProgram('node', [], dir, 'go')).toBe(true);
    expect(isGoProgram('fake-go-binary', [], dir, 'python', FIXTURES)).toBe(false);
    expect(isGoProgram('go', ['run', './cmd/node'], dir, undefined, '')).toBe(true);
    expect(isGoProgram('fake-go-binary', [], dir, undefined, FIXTURES)).toBe(true);
    expect(isGoProgram('sh', ['-c', 'true'], dir, undefined)).toBe(false);
  });

  it('appends gctrace=1 to the GODEBUG the program already had', () => {
    expect(withGcTrace(undefined)).toBe('gctrace=1');
    expect(withGcTrace('madvdontneed=1,http2client=0')).toBe('madvdontneed=1,http2client=0,gctrace=1');
    expect(withGcTrace('gctrace=2')).toBe('gctrace=1');
  });
});
