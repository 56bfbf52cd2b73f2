// The JSON Schema of baseline files, generated from the zod schema (the one
// source of truth) for editor completion. Committed as
// baselines/memgate-baseline.schema.json; a test fails when it is stale.
import * as z from 'zod';
import { Baseline } from './schema.js';

/** The committed file's exact text. */
export function renderBaselineJsonSchema(): string {
  const schema = z.toJSONSchema(Baseline, { target: 'draft-2020-12' });
  const titled = {
    ...schema,
    title: 'memgate baseline',
    description: "One workload's recorded metrics (baselines/<workload>.json), written by `memgate update`.",
  };
  return `${JSON.stringify(titled, null, 2)}\n`;
}
