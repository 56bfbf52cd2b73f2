// Loads the leak fixtures (test/fixtures/leak) through the real loader and
// runs them in real children through the runner, as `memgate run` would.
import { validateConfig } from '../../harness/config/load.js';
import type { ResolvedConfig } from '../../harness/config/schema.js';
import type { RawRun } from '../../harness/model/raw-run.js';
import { runInProcessRepeat } from '../../harness/runner/child.js';
import type { ResolvedWorkload } from '../../harness/workload/types.js';
import { loadWorkloads } from '../../harness/workload/load.js';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A config whose workloads are the leak fixtures; scratch space under .memgate/test-leak. */
export function leakFixtureConfig(outDir = '.memgate/test-leak'): ResolvedConfig {
  // A fixed op count: these tests read the diagnosis of a 2000-op run, not how runs are sized.
  return validateConfig(
    { workloads: 'test/fixtures/leak/*.workload.ts', outDir, defaults: { ops: 2000 } },
    undefined,
    ROOT,
  );
}

export async function loadLeakFixture(config: ResolvedConfig, name: string): Promise<ResolvedWorkload> {
  const [workload] = await loadWorkloads(config, [name]);
  if (!workload || workload.name !== name) throw new Error(`no leak fixture named ${name}`);
  return workload;
}

/** Runs `repeats` fresh children one after another, as the runner does. */
export async function runRepeats(
  workload: ResolvedWorkload,
  config: ResolvedConfig,
  repeats: number,
): Promise<RawRun[]> {
  const runs: RawRun[] = [];
  for (let repeatIndex = 0; repeatIndex < repeats; repeatIndex++)
    runs.push(await runInProcessRepeat(workload, config, { repeatIndex }));
  return runs;
}
