import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

// The order files start in. Without a results cache, as on a fresh CI clone,
// vitest starts files largest first: the two longest (50 s each) then started
// last and ran alone at the end. Measured in full runs (wall seconds; CPU
// seconds of a file run alone):
// 1. the failure corpus (80 s, 1.7 cores of its own: four CLI runs at a time);
// 2. beside it, files that mostly wait (soaks, shutdown timeouts, durations:
//    11-16 s of wall for 6-9 s of CPU), about as long as the corpus in all, so
//    their waiting overlaps its CPU instead of leaving a core idle at the end;
// 3. the CPU-heavy files, longest first, with the shorter waiting files in
//    between, so a worker that picks one finds the others busy; then the 3-5 s
//    files, so the many tiny ones fill in last.
// A stale name only costs ordering, never a test.
const BESIDE_THE_CORPUS = [
  'test/soak/breach-diagnosis.test.ts',
  'test/soak/run.test.ts',
  'test/runner/process-shutdown.test.ts',
  'test/runner/process-repeat.test.ts',
  'test/cli/team-baseline-soak.test.ts',
];
const THEN = [
  'test/cli/ab.test.ts',
  'test/cli/default-run.test.ts',
  'test/runner/process/python-probe.test.ts',
  'test/matchers/vitest.test.ts',
  'test/cli/bench-compare.test.ts',
  'test/cli/soak.test.ts',
  'test/docs/readme-benchmarks.test.ts',
  'test/e2e/pack.test.ts',
  'test/cli/soak-live.test.ts',
  'test/report/html-browser.test.ts',
  'test/cli/shard.test.ts',
  'test/github/history.test.ts',
  'test/github/baselines-workflow.test.ts',
  'test/metrics/leak-fixtures.test.ts',
  'test/runner/watchdog.test.ts',
  'test/diagnose/diagnose.test.ts',
  'test/pipeline/contention.test.ts',
  'test/runner/process-resources.test.ts',
  'test/cli/compare.test.ts',
  'test/runner/process-several.test.ts',
  'test/probe/child-measure.test.ts',
  'test/github/api-review.test.ts',
  'test/sampler/tree-sampler.test.ts',
  'test/cli/python-diagnose.test.ts',
  'test/runner/process/node-heap-snapshots.test.ts',
  'test/pipeline/measure.test.ts',
  'test/diagnose/snapshot-memory.test.ts',
  'test/cli/update.test.ts',
  'test/github/dist.test.ts',
  'test/cli/analyze.test.ts',
  'test/cli/run.test.ts',
];
const STARTING_ORDER = ['test/reliability/corpus.test.ts', ...BESIDE_THE_CORPUS, ...THEN];

class StartingOrderSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification): number => {
      const index = STARTING_ORDER.findIndex((path) => spec.moduleId.endsWith(path));
      return index === -1 ? STARTING_ORDER.length : index;
    };
    // Array.prototype.sort is stable: the rest keep vitest's own order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

// Many tests start real child processes and many wait on them; on 2 cores
// three test files at a time keep both cores busy (96% against 84-91% with
// two: 301 s against 329 s for the same 907 tests, back to back). Three had
// made test/diagnose/snapshot-memory.test.ts fail before: that was the probe
// reading its parent's maxRSS as its own peak (harness/probe/own-max-rss.ts).
export default defineConfig({
  test: {
    pool: 'forks',
    // Every temp folder of the run lives in one, removed at its end (test/global-tmp.ts).
    globalSetup: ['test/global-tmp.ts'],
    // Records each file's CPU when MEMGATE_TEST_CPU names a file (test/suite-cpu.ts); otherwise does nothing.
    setupFiles: ['test/suite-cpu.ts'],
    maxWorkers: 3,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    sequence: { sequencer: StartingOrderSequencer },
    // Test files share their workers: a fresh worker per file cost ~50 s of a
    // 330 s suite on 2 cores (148 files, most of them pure logic that runs in
    // ms). No file keeps process-wide state for the next; the Action's tests
    // write the job summary at one path per worker, because @actions/core
    // keeps the path of the first summary it writes (test/github/sandbox.ts).
    isolate: false,
  },
});
