// Validation of the parent's start message: the child trusts nothing it is
// sent. Checked by hand rather than with zod on purpose: zod would add ~14 MB
// of RSS to every measured process (measured: bare node 39 MB -> 53 MB).
import type { StartMessage } from './protocol.js';

type Check = (value: unknown) => boolean;

const isCount: Check = (v) => Number.isInteger(v) && (v as number) >= 0;
const isPositiveInt: Check = (v) => Number.isInteger(v) && (v as number) > 0;
const isPositive: Check = (v) => typeof v === 'number' && Number.isFinite(v) && v > 0;
const isNonNegative: Check = (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isText: Check = (v) => typeof v === 'string' && v.length > 0;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const SETTINGS: Record<string, Check> = {
  warmupOps: isCount,
  ops: isCount,
  durationMs: (v) => v === null || isPositive(v),
  // 0 only when the run is sized by time: the child picks it after calibrating.
  batchSize: isCount,
  timeMs: (v) => v === null || isPositive(v),
  checkpoints: isPositiveInt,
  sampleIntervalMs: isPositive,
  repeats: (v) => v === undefined || isPositiveInt(v),
};

const DIAGNOSE: Record<string, Check> = {
  dir: isText,
  atCheckpoints: (v) => Array.isArray(v) && v.every(isCount),
  heapLimitBytes: isNonNegative,
};

// Returns the key path of the first field that is wrong, or null.
function findInvalidKey(message: unknown): string | null {
  if (!isObject(message)) return '(root)';
  if (message['type'] !== 'start') return 'type';
  for (const key of ['workloadModule', 'exportName'] as const) if (!isText(message[key])) return key;
  if (!isCount(message['repeatIndex'])) return 'repeatIndex';
  const settings = message['settings'];
  if (!isObject(settings)) return 'settings';
  for (const [key, check] of Object.entries(SETTINGS)) if (!check(settings[key])) return `settings.${key}`;
  const diagnose = message['diagnose'];
  if (diagnose === null) return null;
  if (!isObject(diagnose)) return 'diagnose';
  for (const [key, check] of Object.entries(DIAGNOSE)) if (!check(diagnose[key])) return `diagnose.${key}`;
  return null;
}

/** Parses the start message or throws an Error naming the key that is wrong. */
export function readStartMessage(message: unknown): StartMessage {
  const invalid = findInvalidKey(message);
  if (invalid === null) return message as StartMessage;
  throw new Error(
    `memgate child: the start message is invalid at ${invalid}; the runner and the probe are out of step (rebuild memgate)`,
  );
}
