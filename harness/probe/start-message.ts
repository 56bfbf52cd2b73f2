// Validation of the parent's start message: the child trusts nothing it is sent.
import { z } from 'zod';
import { formatKeyPath } from '../errors.js';
import type { StartMessage } from './protocol.js';

const count = z.number().int().nonnegative();

export const StartMessageSchema = z.object({
  type: z.literal('start'),
  workloadModule: z.string().min(1),
  exportName: z.string().min(1),
  repeatIndex: count,
  settings: z.object({
    warmupOps: count,
    ops: count,
    durationMs: z.number().positive().nullable(),
    batchSize: z.number().int().positive(),
    sampleIntervalMs: z.number().positive(),
  }),
  diagnose: z
    .object({
      dir: z.string().min(1),
      atCheckpoints: z.array(count),
      heapLimitBytes: z.number().nonnegative(),
    })
    .nullable(),
}) satisfies z.ZodType<StartMessage>;

/** Parses the start message or throws an Error naming the key that is wrong. */
export function readStartMessage(message: unknown): StartMessage {
  const parsed = StartMessageSchema.safeParse(message);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue ? formatKeyPath(issue.path) : '(root)';
  throw new Error(`memgate child: the start message is invalid at ${where}: ${issue?.message ?? 'unknown'}; the runner and the probe are out of step (rebuild memgate)`);
}
