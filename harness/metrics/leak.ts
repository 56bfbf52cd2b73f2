// PLACEHOLDER signature, replaced by the leak-detection engineer.
import type { RawRun } from '../probe/raw-run.js';
import type { LeakFinding } from '../report/schema.js';

/** Limits in base units: bytes/min, count/min, count. Growth at or below is stable. */
export interface LeakLimits {
  readonly enabled: boolean;
  readonly heapRate: number;
  readonly heapPerOp: number | null;
  readonly rssRate: number;
  readonly externalRate: number;
  readonly fdRate: number;
  readonly handlesGrowth: number;
}

export function analyzeLeaks(_runs: readonly RawRun[], _limits: LeakLimits): LeakFinding[] {
  return [];
}
