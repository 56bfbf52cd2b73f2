import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

// The files that take 10 s or more in a full run (measured on 2 cores, longest
// first). Without a results cache, as on a fresh CI clone, vitest starts files
// largest first, and the two longest (50 s each) started last and ran alone
// at the end. Starting these first lets the short files fill in beside them.
// A stale name only costs ordering, never a test.
const SLOWEST_FIRST = [
  'test/reliability/corpus.test.ts',
  'test/cli/ab.test.ts',
  'test/cli/default-run.test.ts',
  'test/matchers/vitest.test.ts',
  'test/cli/bench-compare.test.ts',
  'test/docs/readme-benchmarks.test.ts',
  'test/cli/shard.test.ts',
  'test/e2e/pack.test.ts',
  'test/report/html-browser.test.ts',
  'test/github/baselines-workflow.test.ts',
  'test/soak/run.test.ts',
  'test/soak/breach-diagnosis.test.ts',
  'test/metrics/leak-fixtures.test.ts',
  'test/cli/team-baseline-soak.test.ts',
  'test/runner/process-repeat.test.ts',
  'test/cli/compare.test.ts',
];

class SlowestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification): number => {
      const index = SLOWEST_FIRST.findIndex((path) => spec.moduleId.endsWith(path));
      return index === -1 ? SLOWEST_FIRST.length : index;
    };
    // Array.prototype.sort is stable: the rest keep vitest's own order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

// Many tests start real child processes; on 2 cores two test files at a time
// keeps them honest without starving the children they measure. Three were
// faster (286-291 s against ~320 s at rest) but, with the machine slower,
// test/diagnose/snapshot-memory.test.ts read 4.05x and 4.57x its bound's 2.4x
// peak RSS in two runs in a row (V8's GC falls behind when starved).
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    sequence: { sequencer: SlowestFirstSequencer },
    // Test files share their workers: a fresh worker per file cost ~50 s of a
    // 330 s suite on 2 cores (148 files, most of them pure logic that runs in
    // ms). No file keeps process-wide state for the next; the Action's tests
    // write the job summary at one path per worker, because @actions/core
    // keeps the path of the first summary it writes (test/github/sandbox.ts).
    isolate: false,
  },
});
