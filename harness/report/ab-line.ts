// The one line that says what an `ab` report compared: both sides, measured
// on this machine in the same job. Pure.
import type { Report } from '../model/report.js';

const short = (commit: string | null) => (commit === null ? 'working tree' : commit.slice(0, 7));

/** "A/B: head 1a2b3c4 (feature) vs base main (5d6e7f8), interleaved on this machine, seed 42"; null outside ab mode. */
export function describeAb(report: Pick<Report, 'ab'>): string | null {
  const ab = report.ab;
  if (!ab) return null;
  const head = `head ${short(ab.head.commit)}${ab.head.ref === null ? '' : ` (${ab.head.ref})`}`;
  return `A/B: ${head} vs base ${ab.base.ref} (${short(ab.base.commit)}), interleaved on this machine, seed ${ab.seed}`;
}
