import { describe, expect, test } from 'vitest';
import { readStartMessage } from '../../harness/probe/start-message.js';

const settings = {
  warmupOps: 10,
  ops: 100,
  durationMs: null,
  batchSize: 10,
  timeMs: null,
  naturalOps: 0,
  checkpoints: 10,
  sampleIntervalMs: 10,
};
const message = (extra: Record<string, unknown> = {}) => ({
  type: 'start',
  workloadModule: '/tmp/w.mjs',
  exportName: 'default',
  repeatIndex: 0,
  settings: { ...settings, ...extra },
  diagnose: null,
});

describe('readStartMessage', () => {
  test('takes the repeat count when given, and a message from a runner that sends none', () => {
    expect(readStartMessage(message({ repeats: 5 })).settings.repeats).toBe(5);
    expect(readStartMessage(message()).settings.repeats).toBeUndefined();
  });

  test('names the key of a repeat count that is not a positive whole number', () => {
    for (const repeats of [0, 2.5, '5', null])
      expect(() => readStartMessage(message({ repeats })), String(repeats)).toThrow(
        /start message is invalid at settings\.repeats/,
      );
  });
});
