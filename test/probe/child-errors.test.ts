// Failures inside the child come back as one ErrorMessage naming the phase,
// and the child exits with code 1; a parent that goes away ends the child.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ErrorMessage } from '../../harness/probe/protocol.js';
import { createBundles, runChild, startMessage } from './helpers.js';
import type { Bundles, ChildOutcome } from './helpers.js';

let bundles: Bundles;

beforeAll(async () => {
  bundles = await createBundles(['failing']);
});

afterAll(() => bundles?.cleanup());

function errorOf(outcome: ChildOutcome): ErrorMessage {
  if (outcome.message?.type !== 'error')
    throw new Error(`expected an error message, got ${JSON.stringify(outcome.message)}; stderr: ${outcome.stderr}`);
  return outcome.message;
}

const quick = { warmupOps: 0, ops: 10, batchSize: 5 };

describe('errors are reported with their phase', () => {
  test('an op that throws, setup that rejects, a throw from a timer, a bad export, a missing export', async () => {
    const failing = bundles.fixture('failing');
    const outcomes = await Promise.all(
      ['throwsInOp', 'throwsInSetup', 'throwsLater', 'notAWorkload', 'missing'].map((exportName) =>
        runChild(bundles.child, startMessage(failing, { exportName, settings: quick })),
      ),
    );
    const [inOp, inSetup, later, notWorkload, missing] = outcomes.map(errorOf) as [
      ErrorMessage,
      ErrorMessage,
      ErrorMessage,
      ErrorMessage,
      ErrorMessage,
    ];
    expect(outcomes.map((outcome) => outcome.exitCode)).toEqual([1, 1, 1, 1, 1]);

    expect(inOp).toMatchObject({ type: 'error', phase: 'measure', message: 'op 3 failed' });
    expect(inOp.stack).toContain('op 3 failed');
    expect(inSetup).toMatchObject({ phase: 'setup', message: 'no database' });
    // uncaught: thrown from a timer the op started, outside any call memgate made
    expect(later).toMatchObject({ phase: 'measure', message: 'thrown from a timer' });
    expect(notWorkload.phase).toBe('load');
    expect(notWorkload.message).toContain(
      'export "notAWorkload" is not an in-process workload: op: expected op to be a function',
    );
    expect(missing.phase).toBe('load');
    expect(missing.message).toContain(
      'no export "missing" (exports found: notAWorkload, throwsInOp, throwsInSetup, throwsLater)',
    );
  });

  test('a module that cannot be imported, and a malformed start message', async () => {
    const [unimportable, malformed] = await Promise.all([
      runChild(bundles.child, startMessage(`${bundles.dir}/does-not-exist.js`, { settings: quick })),
      runChild(bundles.child, { type: 'start', workloadModule: bundles.fixture('failing') } as never),
    ]);
    expect(errorOf(unimportable).phase).toBe('load');
    expect(errorOf(unimportable).message).toContain('cannot import the workload module');
    expect(errorOf(malformed).phase).toBe('probe');
    expect(errorOf(malformed).message).toMatch(/start message is invalid at exportName/);
    expect([unimportable.exitCode, malformed.exitCode]).toEqual([1, 1]);
  });
});

test('the child exits as soon as the parent disconnects, even mid-measurement', async () => {
  const bundles2 = await createBundles(['async-op']);
  try {
    // 60 s of measuring planned; the parent goes away once the first op ran
    const started = join(bundles2.dir, 'started');
    const start = startMessage(bundles2.fixture('async-op'), {
      settings: { warmupOps: 0, ops: 1, durationMs: 60_000, batchSize: 100 },
    });
    const outcome = await runChild(bundles2.child, start, {
      timeoutMs: 20_000,
      disconnectWhenExists: started,
      env: { MEMGATE_TEST_STARTED_FILE: started },
    });
    expect(outcome.message).toBeUndefined();
    // exit code 1 from the disconnect handler; a child that kept measuring
    // would be killed by the 20 s timeout instead (exitCode undefined, SIGTERM)
    expect(outcome.signal).toBeUndefined();
    expect(outcome.exitCode).toBe(1);
  } finally {
    bundles2.cleanup();
  }
});
