// Human formatting of metric values, shared by every reporter. Pure.
// Sizes are SI (1 KB = 1000 B), matching how harness/config/units.ts reads
// "40MB" in budgets, so a budget and the value it is held against print alike.
// Three significant digits: enough to see a 1% change, few enough to scan.

const MINUS = '\u2212';
const BYTE_SCALES = [
  { factor: 1e9, suffix: 'GB' },
  { factor: 1e6, suffix: 'MB' },
  { factor: 1e3, suffix: 'KB' },
  { factor: 1, suffix: 'B' },
] as const;

export interface Scale {
  readonly factor: number;
  readonly suffix: string;
}

/** 0 -> "0", 3.14159 -> "3.14", 31.4159 -> "31.4", 314.159 -> "314", 31415.9 -> "31,416", 0.0123 -> "0.012". */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value < 0) return `${MINUS}${formatNumber(-value)}`;
  if (value === 0) return '0';
  // Round first, so 9.996 becomes "10.0" rather than "10.00".
  const rounded = value >= 1000 ? Math.round(value) : Number(value.toPrecision(3));
  if (rounded >= 1000) return groupThousands(rounded);
  if (rounded >= 100) return rounded.toFixed(0);
  if (rounded >= 10) return rounded.toFixed(1);
  if (rounded >= 1) return rounded.toFixed(2);
  return value.toPrecision(2);
}

/**
 * Counts print whole, every digit kept ("1,234"). The median of an even
 * number of repeats can fall between two counts (351.5 FDs, −0.5 more at the
 * end); it rounds half away from zero (352, −1), so against a whole-number
 * limit the printed count is over exactly when the median is. Rates of counts
 * ("−0.5/min") are not counts: formatValue prints them with formatNumber.
 */
export function formatCount(value: number): string {
  const whole = Math.round(Math.abs(value));
  if (whole === 0) return '0';
  return `${value < 0 ? MINUS : ''}${groupThousands(whole)}`;
}

/** The SI scale a byte value reads best in: 950 -> B, 1020 -> KB, 4e7 -> MB. */
export function pickByteScale(bytes: number): Scale {
  const abs = Math.abs(bytes);
  return BYTE_SCALES.find((scale) => abs >= scale.factor) ?? { factor: 1, suffix: 'B' };
}

/** 612 -> "612 B", 1020 -> "1.02 KB", 40e6 -> "40.0 MB". */
export function formatBytes(bytes: number, scale: Scale = pickByteScale(bytes)): string {
  return `${formatNumber(bytes / scale.factor)} ${scale.suffix}`;
}

// Leak rates are budgeted in MB/min ("0.1MB/min"), so rates from 10 KB/min up
// read in MB: "0.31 MB/min" lines up with the budget it is compared with.
export function pickRateScale(bytesPerMin: number): Scale {
  const abs = Math.abs(bytesPerMin);
  if (abs >= 1e9) return { factor: 1e9, suffix: 'GB' };
  if (abs >= 1e4) return { factor: 1e6, suffix: 'MB' };
  if (abs >= 10) return { factor: 1e3, suffix: 'KB' };
  return { factor: 1, suffix: 'B' };
}

/** 4.2 -> "4.20 ms", 0.85 -> "850 µs", 1250 -> "1.25 s". */
export function formatMs(ms: number): string {
  const abs = Math.abs(ms);
  if (abs === 0) return '0 ms';
  if (abs < 1) return `${formatNumber(ms * 1000)} µs`;
  if (abs >= 1000) return `${formatNumber(ms / 1000)} s`;
  return `${formatNumber(ms)} ms`;
}

/** 0.0312 -> "3.12%". */
export function formatRatio(ratio: number): string {
  return `${formatNumber(ratio * 100)}%`;
}

/** A value in its catalogue unit, with the unit: "1.02 KB/op", "0.31 MB/min", "12/min". */
export function formatValue(value: number | null, unit: string): string {
  if (value === null) return '—';
  switch (unit) {
    case 'bytes':
      return formatBytes(value);
    case 'bytes/op':
      return `${formatBytes(value)}/op`;
    case 'bytes/min':
      return `${formatBytes(value, pickRateScale(value))}/min`;
    case 'bytes/h':
      return `${formatBytes(value, pickRateScale(value))}/h`;
    case 'count':
      return formatCount(value);
    case 'count/h':
      return `${formatNumber(value)}/h`;
    case 'count/op':
      return `${formatNumber(value)}/op`;
    case 'count/min':
      return `${formatNumber(value)}/min`;
    case 'ms':
      return formatMs(value);
    case 'ratio':
      return formatRatio(value);
    case 'ops/s':
      return `${formatNumber(value)} ops/s`;
    default:
      return formatNumber(value);
  }
}

/** Like formatValue, with an explicit sign: "+1.02 KB/op", "−3", "+0.60/min". */
export function formatSigned(value: number, unit: string): string {
  const text = formatValue(value, unit);
  return value > 0 ? `+${text}` : text;
}

/** Relative change: 0.124 -> "+12.4%", -0.031 -> "−3.1%", 2.5 -> "+250%", null -> "—". */
export function formatChange(change: number | null): string {
  if (change === null || !Number.isFinite(change)) return '—';
  const percent = Math.abs(change) * 100;
  const digits = percent >= 100 ? 0 : 1;
  const text = percent.toFixed(digits);
  if (Number(text) === 0) return `${(0).toFixed(digits)}%`;
  return `${change > 0 ? '+' : MINUS}${groupThousands(Number(text), digits)}%`;
}

/** "0.31 MB/min" with its interval in the same scale: "0.28–0.35". */
export function formatInterval(low: number, high: number, unit: string, reference: number): string {
  if (unit === 'bytes/min' || unit === 'bytes') {
    const scale = unit === 'bytes' ? pickByteScale(reference) : pickRateScale(reference);
    return `${formatNumber(low / scale.factor)}–${formatNumber(high / scale.factor)}`;
  }
  return `${formatNumber(low)}–${formatNumber(high)}`;
}

/** Signed integer for deltas in tables: 1200 -> "+1,200", -3 -> "−3". */
export function formatDelta(value: number): string {
  return value > 0 ? `+${formatCount(value)}` : formatCount(value);
}

// By hand: toLocaleString builds a formatter per call, far too slow for a
// report of thousands of rows.
function groupThousands(value: number, digits = 0): string {
  const [whole = '', fraction] = Math.abs(value).toFixed(digits).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value < 0 ? MINUS : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}
