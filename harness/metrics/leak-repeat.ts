// Pure: how one resource grew in ONE repeat. The whole run gives the slope
// and its Sen interval; the early and late halves give the shape, so a cache
// that fills and then stops (late half flat) is told from a leak (late half
// still growing) and a one-off step (interval reaching down to zero).
import type { RawRun } from '../model/raw-run.js';
import type { SlopeEstimate } from '../stats/index.js';
import { growthOf, type ResourceGrowth, type RunGrowth } from './growth.js';
import { DECELERATION_RATIO, noiseFloorTotal, type Gate } from './leak-rules.js';

export type RepeatShape = 'flat' | 'linear' | 'accelerating' | 'plateau' | 'decelerating';

export interface RepeatGrowth {
  /**
   * Slope and Sen interval in the statistics basis: per operation when the run
   * has operations (operation counts are exact, operation time jitters), else per minute.
   */
  readonly slope: number;
  readonly low: number;
  readonly high: number;
  /** The same in the gate's basis: per op, per minute, or (count gates) the count left. */
  readonly gateValue: number;
  readonly gateLow: number;
  readonly gateHigh: number;
  readonly perOp: SlopeEstimate | null;
  readonly perMin: SlopeEstimate;
  /** Last minus first reading. */
  readonly delta: number;
  /** Slope at or below which growth is noise, in the statistics basis. */
  readonly floor: number;
  readonly early: number;
  readonly late: number;
  readonly shape: RepeatShape;
  /** Grows beyond noise, with an interval clear of the floor, and still grows in the late half. */
  readonly grows: boolean;
  /** Minutes of measured time (operation time for in-process runs). */
  readonly spanMin: number;
}

/** A run's growth over all its checkpoints and over each half, computed once for every resource. */
export interface RunViews {
  readonly run: RawRun;
  readonly full: RunGrowth;
  readonly early: RunGrowth;
  readonly late: RunGrowth;
}

// The run with only the first or the second half of its checkpoints (and tree samples); the halves share the middle one.
function sliceRun(run: RawRun, part: 'early' | 'late'): RawRun {
  const cut = <T>(items: readonly T[]): T[] => {
    const mid = Math.floor((items.length - 1) / 2);
    return part === 'early' ? items.slice(0, mid + 1) : items.slice(mid);
  };
  return { ...run, checkpoints: cut(run.checkpoints), ...(run.tree ? { tree: cut(run.tree) } : {}) };
}

/** True when every checkpoint says how much of its heapUsed is compiled code (a probe that reads the whole heap). */
export function hasCodeSpace(run: RawRun): boolean {
  return run.checkpoints.length > 0 && run.checkpoints.every((checkpoint) => checkpoint.codeSpace !== undefined);
}

// Leaks are data: the JIT compiles and flushes code in ~200 KB steps. memgate's probe reads the object
// heap already; a probe that reports codeSpace gets it subtracted here (only heapUsed changes).
export function withoutCode(run: RawRun): RawRun {
  if (!hasCodeSpace(run)) return run;
  return {
    ...run,
    checkpoints: run.checkpoints.map((checkpoint) => ({
      ...checkpoint,
      heapUsed: checkpoint.heapUsed - (checkpoint.codeSpace ?? 0),
    })),
  };
}

export function viewsOf(raw: RawRun): RunViews {
  const run = withoutCode(raw);
  return { run, full: growthOf(run), early: growthOf(sliceRun(run, 'early')), late: growthOf(sliceRun(run, 'late')) };
}

function statsEstimate(growth: ResourceGrowth, perOp: boolean): SlopeEstimate {
  return (perOp ? growth.perOp : null) ?? growth.perMin;
}

function halfSlope(growth: ResourceGrowth | null, perOp: boolean): number {
  return growth !== null && growth.points >= 2 ? statsEstimate(growth, perOp).slope : 0;
}

// The gate's reading: the per-op or per-minute slope with its interval, or for count gates the count left behind.
function gateReading(growth: ResourceGrowth, gate: Gate): { gateValue: number; gateLow: number; gateHigh: number } {
  if (gate.basis === 'count') {
    const delta = growth.last - growth.first;
    return { gateValue: delta, gateLow: delta, gateHigh: delta };
  }
  const estimate = gate.basis === 'perOp' && growth.perOp !== null ? growth.perOp : growth.perMin;
  return { gateValue: estimate.slope, gateLow: estimate.low, gateHigh: estimate.high };
}

// A shape from the two half-window slopes, each held against the noise floor.
function shapeOf(slope: number, early: number, late: number, floor: number): RepeatShape {
  const earlyGrows = early > floor;
  const lateGrows = late > floor;
  if (!earlyGrows && !lateGrows) return slope > floor ? 'linear' : 'flat';
  if (!lateGrows) return 'plateau';
  if (late > 2 * Math.max(early, floor)) return 'accelerating';
  if (earlyGrows && late < early * DECELERATION_RATIO) return 'decelerating';
  return 'linear';
}

/**
 * Growth of `gate.resource` in one run, or null when the run has fewer than 3
 * readings of it. `hasOps`: fit per operation (in-process runs with operations).
 */
export function assessRepeat(views: RunViews, gate: Gate, hasOps: boolean): RepeatGrowth | null {
  const { run } = views;
  const growth = views.full[gate.resource];
  if (growth === null || growth.points < 3) return null;
  const perOp = hasOps && growth.perOp !== null;
  const full = statsEstimate(growth, perOp);
  const spanMin = run.wallMs / 60_000;
  const span = perOp ? run.ops : spanMin;
  const floor = span > 0 ? noiseFloorTotal(gate.resource, growth.points - 1) / span : Infinity;
  const early = halfSlope(views.early[gate.resource], perOp);
  const late = halfSlope(views.late[gate.resource], perOp);
  const shape = shapeOf(full.slope, early, late, floor);
  const steady = shape === 'linear' || shape === 'accelerating' || shape === 'decelerating';
  const reading = gateReading(growth, gate);
  const beyondCount = gate.basis !== 'count' || reading.gateValue > gate.limit;
  const grows = steady && beyondCount && full.low > floor && full.slope > floor && late > floor;
  return {
    slope: full.slope,
    low: full.low,
    high: full.high,
    ...reading,
    perOp: perOp ? growth.perOp : null,
    perMin: growth.perMin,
    delta: growth.last - growth.first,
    floor,
    early,
    late,
    shape,
    grows,
    spanMin,
  };
}
