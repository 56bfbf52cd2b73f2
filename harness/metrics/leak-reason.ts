// Pure: the one-line `reason` of a leak finding, for terminal, markdown and
// JSON alike: "heap grows 1.02 KB/op in 5/5 repeats (95% CI 0.98–1.05 KB/op), linear; limit 0 B/op".
import { formatBytes, formatCount, formatNumber, pickByteScale, pickRateScale } from '../units/format.js';
import type { Gate } from './leak-rules.js';
import { MIN_RATE_SPAN_MIN } from './leak-rules.js';

export interface ReasonFacts {
  readonly gate: Gate;
  readonly status: 'stable' | 'suspicious' | 'leaking';
  readonly shape: string;
  /** Median reading in the gate's basis, and the median interval (count gates: smallest and largest count). */
  readonly value: number;
  readonly low: number;
  readonly high: number;
  /** Statistics basis of floor, early and late: per op when the runs have operations. */
  readonly statsPerOp: boolean;
  readonly floor: number;
  readonly early: number;
  readonly late: number;
  readonly delta: number;
  readonly growing: number;
  readonly repeats: number;
  readonly tooShort: boolean;
  /** Most repeats grow more slowly in the late half than in the early one. */
  readonly decelerating: boolean;
  readonly spanMin: number;
}

/** "1.02 KB/op", "0.31 MB/min", "20 MB/h", "12/min", "3/op", or a bare count. `value` is per minute for 'h'. */
export function formatRate(value: number, unit: 'bytes' | 'count', per: 'op' | 'min' | 'h' | null): string {
  if (per === null) return formatCount(value);
  if (per === 'h') return formatRate(value * 60, unit, 'min').replace(/\/min$/, '/h');
  if (unit === 'count') return `${formatNumber(value)}/${per}`;
  return per === 'op' ? `${formatBytes(value)}/op` : `${formatBytes(value, pickRateScale(value))}/min`;
}

function gatePer(gate: Gate): 'op' | 'min' | 'h' | null {
  return gate.basis === 'count' ? null : gate.basis === 'perOp' ? 'op' : (gate.shownPer ?? 'min');
}

function formatInterval(facts: ReasonFacts): string {
  const { gate } = facts;
  const per = gatePer(gate);
  if (gate.unit === 'count' || per === null)
    return `${formatRate(facts.low, gate.unit, per)}–${formatRate(facts.high, gate.unit, per)}`;
  const hourly = per === 'h' ? 60 : 1;
  const reference = Math.max(Math.abs(facts.low), Math.abs(facts.high), Math.abs(facts.value)) * hourly;
  const scale = per === 'op' ? pickByteScale(reference) : pickRateScale(reference);
  return `${formatNumber((facts.low * hourly) / scale.factor)}–${formatNumber((facts.high * hourly) / scale.factor)} ${scale.suffix}/${per}`;
}

function growthPhrase(facts: ReasonFacts): string {
  const { gate } = facts;
  const inRepeats = `in ${facts.growing}/${facts.repeats} repeats`;
  if (gate.basis === 'count')
    return `${gate.resource}: ${formatCount(facts.value)} more at the end than at the start (median), growing ${inRepeats}`;
  if (facts.tooShort) {
    const delta = gate.unit === 'bytes' ? formatBytes(facts.delta) : formatCount(facts.delta);
    return `${gate.resource} changed ${facts.delta > 0 ? '+' : ''}${delta} over the run (median), growing ${inRepeats}`;
  }
  return `${gate.resource} grows ${formatRate(facts.value, gate.unit, gatePer(gate))} ${inRepeats} (95% CI ${formatInterval(facts)})`;
}

/** What a run too short for per-minute limits is told; a soak's report says "run the soak longer" instead. */
export const TOO_SHORT_HINT = 'use a duration or memgate soak';

function qualifier(facts: ReasonFacts): string {
  if (facts.status === 'leaking') return '';
  const stats = (value: number): string => formatRate(value, facts.gate.unit, facts.statsPerOp ? 'op' : 'min');
  if (facts.decelerating && facts.growing > 0) {
    return ` — growth slows (late half ${stats(facts.late)}, early half ${stats(facts.early)}): a cache still filling, or a leak behind a warm-up; run more ops to tell`;
  }
  if (facts.shape === 'plateau')
    return ` — it levelled off (late half ${stats(facts.late)}, early half ${stats(facts.early)}): a cache or pool filling up, not a leak`;
  if (facts.tooShort)
    return ` — per-minute limits are judged on at least ${MIN_RATE_SPAN_MIN} min of measurement (this run: ${formatNumber(facts.spanMin)} min; ${TOO_SHORT_HINT})`;
  if (facts.growing === 0) return ` — within the noise floor of ${stats(facts.floor)}`;
  if (facts.growing < facts.repeats) return ' — not in every repeat';
  return ' — the interval reaches below the limit';
}

/** The finding's reason line. */
export function formatLeakReason(facts: ReasonFacts): string {
  const limit = `limit ${formatRate(facts.gate.limit, facts.gate.unit, gatePer(facts.gate))}`;
  return `${growthPhrase(facts)}, ${facts.shape}; ${limit}${qualifier(facts)}`;
}
