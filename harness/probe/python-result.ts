// What the Python probe (probe/python/sitecustomize.py) writes to its result
// file at exit, and the env vars that hand it its files. The parent
// validates the file with this schema; nothing here runs inside the program.
import * as z from 'zod';

/** The result file the probe writes at exit; removed from the program's environment at load. */
export const PY_RESULT_ENV = 'MEMGATE_PY_RESULT';
/** "1": trace allocations with tracemalloc and report the top growing source lines. */
export const PY_TRACEMALLOC_ENV = 'MEMGATE_PY_TRACEMALLOC';
/** A file memgate creates when the measured phase starts: the probe's first tracemalloc snapshot. */
export const PY_MARK_ENV = 'MEMGATE_PY_MARK';

export const PythonProbeResult = z.object({
  pid: z.number().int(),
  python: z.string(),
  startedAt: z.number(),
  endedAt: z.number(),
  /** One entry per collection, in order: its generation and its pause in ms. */
  gc: z.object({
    generations: z.array(z.number().int().min(0).max(2)),
    ms: z.array(z.number().nonnegative()),
  }),
  /** Top growing source lines between the start of the measured phase and exit; null when not asked. */
  tracemalloc: z
    .array(
      z.object({
        file: z.string(),
        line: z.number().int(),
        sizeDiff: z.number(),
        countDiff: z.number(),
      }),
    )
    .nullable(),
  notes: z.array(z.string()),
});

export type PythonProbeResult = z.infer<typeof PythonProbeResult>;
