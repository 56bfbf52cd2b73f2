// What the probe injected into a Node process workload (probe/attach.ts)
// writes to its result file at exit. The parent validates it with this
// schema; attach.ts only imports the type, so zod never loads inside the
// measured service.
import * as z from 'zod';
import { GcPause } from '../model/raw-run.js';

export { ATTACH_IMPORT_ENV, ATTACH_RESULT_ENV } from './attach-env.js';

export const AttachCheckpoint = z.object({
  /** Date.now() when taken (right after a natural major GC). */
  at: z.number(),
  heapUsed: z.number().nonnegative(),
  external: z.number().nonnegative(),
  handles: z.number().int().nonnegative(),
  handlesByType: z.record(z.string(), z.number().int().nonnegative()),
});

export const AttachResult = z.object({
  pid: z.number().int(),
  startedAt: z.number(),
  endedAt: z.number(),
  gc: z.object({ pauses: z.array(GcPause), forced: z.number().int().nonnegative() }),
  allocatedBytes: z.number().nonnegative().nullable(),
  heap: z.object({
    usedPeak: z.number().nonnegative(),
    totalPeak: z.number().nonnegative(),
    externalPeak: z.number().nonnegative(),
  }),
  checkpoints: z.array(AttachCheckpoint),
  /** process.versions.node of the service (absent from an older probe). */
  node: z.string().optional(),
  notes: z.array(z.string()),
});

export type AttachCheckpoint = z.infer<typeof AttachCheckpoint>;
export type AttachResult = z.infer<typeof AttachResult>;
