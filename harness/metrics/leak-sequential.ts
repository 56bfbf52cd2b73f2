// Sequential leak decisions, the pure half: which findings more operations
// can decide, how many operations the next round runs, and the finding that
// the longer run's evidence gives. pipeline/extend-leaks.ts runs the rounds.
//
// A resource is `suspicious` when it grows but the run is too short to hold
// the growth against its limit: the interval straddles it, the growth is
// near the noise floor, or it looks like it is slowing down (a warm-up, or
// a leak behind a warm-up). Growth per operation is evidence that more
// operations sharpen: the floor is fixed per checkpoint and the slope's
// interval narrows as the run lengthens, so a longer run decides.
import type { LeakFinding } from '../model/report.js';

/** Each round runs this many times the operations of the one before. */
export const EXTENSION_FACTOR = 4;
/** At most this many rounds: 16 times the operations of the first run. */
export const MAX_EXTENSIONS = 2;

/**
 * Findings that more operations can decide: suspicious growth gated per
 * operation or by a count left behind. Per-minute gates need time, not
 * operations, and are left to soaks.
 */
export function undecidedLeaks(leaks: readonly LeakFinding[]): LeakFinding[] {
  return leaks.filter((leak) => leak.status === 'suspicious' && (leak.basis === 'perOp' || leak.basis === 'count'));
}

/** Ops per repeat in extension round `round` (1-based), from the first run's ops. */
export function extendedOps(ops: number, round: number): number {
  return ops * EXTENSION_FACTOR ** round;
}

const formatOps = (ops: number): string => Math.round(ops).toLocaleString('en-US');

/**
 * The finding after a longer run: its verdict and figures, with a reason that
 * says how many operations the decision took, or that even they did not.
 */
export function decidedLeak(later: LeakFinding, firstOps: number, laterOps: number): LeakFinding {
  const how =
    later.status === 'suspicious'
      ? `still undecided after ${formatOps(laterOps)} ops per repeat; a longer \`time\` or \`ops\` decides`
      : `decided after ${formatOps(laterOps)} ops per repeat (${formatOps(firstOps)} were not enough)`;
  return { ...later, decidedAtOps: laterOps, reason: `${later.reason} — ${how}` };
}
