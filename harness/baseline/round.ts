// Rounding for baseline files: enough digits to compare against, few enough
// that a re-recorded baseline shows a reviewable diff instead of noise in
// the 15th digit. Counts and bytes are whole; deterministic per-op values keep
// 6 significant digits (their run-to-run CV is ~0.05%); noisy values keep 4
// (their CV is 0.2% and up).
import type { NoiseClass } from '../model/catalogue.js';

/** Rounds to `digits` significant digits; 0 and non-finite values pass through. */
export function roundSignificant(value: number, digits: number): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = digits - 1 - magnitude;
  if (decimals <= 0) {
    const factor = 10 ** -decimals;
    return Math.round(value / factor) * factor;
  }
  return Number(value.toFixed(Math.min(decimals, 100)));
}

/** The rounding a baseline value of this unit and noise class gets. */
export function roundMetricValue(value: number, unit: string, noise: NoiseClass): number {
  if (unit === 'bytes') return Math.round(value);
  // Counts are integers per repeat; one decimal keeps the median of an even number of repeats.
  if (unit === 'count') return Math.round(value * 10) / 10;
  return roundSignificant(value, noise === 'deterministic' ? 6 : 4);
}
