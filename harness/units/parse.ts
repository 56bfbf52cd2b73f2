// Human units in configs ("40MB", "5ms", "10%", "0.1MB/min", "2Hz") parsed to
// the catalogue's base units: bytes, milliseconds, ratios, per-minute rates.
// Pure: no I/O. Binary prefixes (KiB, MiB) are 1024-based; KB/MB/GB are
// 1000-based, as `ls -h --si`, Prometheus and most service docs write them.

export type UnitKind = 'bytes' | 'duration' | 'ratio' | 'count' | 'rate' | 'frequency';

const BYTE_FACTORS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

const DURATION_FACTORS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const NUMBER = String.raw`([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)`;

// Products like 1.005 * 1000 land one ulp off (1004.9999999999999); 15
// significant digits are more than any human-written limit has, so round there.
function scale(value: number, factor: number): number {
  return Number((value * factor).toPrecision(15));
}

function split(text: string): { value: number; unit: string } | undefined {
  const match = new RegExp(`^\\s*${NUMBER}\\s*([^\\s\\d].*?)?\\s*$`, 'i').exec(text);
  if (!match) return undefined;
  return { value: Number(match[1]), unit: (match[2] ?? '').toLowerCase() };
}

/** "40MB" -> 40_000_000; "1.5MiB" -> 1572864; a bare number is bytes. */
export function parseBytes(input: string | number): number {
  if (typeof input === 'number') return input;
  const parts = split(input);
  const factor = parts ? BYTE_FACTORS[parts.unit || 'b'] : undefined;
  if (!parts || factor === undefined)
    throw new TypeError(`expected a size such as "40MB", "512KiB" or 1024, got "${input}"`);
  return scale(parts.value, factor);
}

/** "5ms" -> 5; "2s" -> 2000; "6h" -> 21_600_000; a bare number is milliseconds. */
export function parseDuration(input: string | number): number {
  if (typeof input === 'number') return input;
  const parts = split(input);
  const factor = parts ? DURATION_FACTORS[parts.unit || 'ms'] : undefined;
  if (!parts || factor === undefined)
    throw new TypeError(`expected a duration such as "5ms", "30s" or "6h", got "${input}"`);
  return scale(parts.value, factor);
}

/** "10%" -> 0.1; a bare number is already a ratio (0.1). */
export function parsePercent(input: string | number): number {
  if (typeof input === 'number') return input;
  const parts = split(input);
  if (!parts || (parts.unit !== '%' && parts.unit !== ''))
    throw new TypeError(`expected a percentage such as "10%" or a ratio such as 0.1, got "${input}"`);
  return parts.unit === '%' ? scale(parts.value, 0.01) : parts.value;
}

/** "2Hz" -> 2 (per second); "120/min" -> 2; a bare number is per second. */
export function parseFrequency(input: string | number): number {
  if (typeof input === 'number') return input;
  const parts = split(input);
  if (parts) {
    if (parts.unit === 'hz' || parts.unit === '' || parts.unit === '/s') return parts.value;
    if (parts.unit === '/min') return scale(parts.value, 1 / 60);
  }
  throw new TypeError(`expected a rate such as "2Hz", "120/min" or 2, got "${input}"`);
}

/**
 * A value in a metric's own unit. Used for thresholds' absolute floors and
 * for budgets: the metric's unit decides how the text is read.
 *   bytes      "40MB"
 *   bytes/op   "64B" or "64B/op"
 *   bytes/min  "0.1MB/min", "6MB/h"
 *   count/min  "0.1/min", "6/h"
 *   ms         "5ms", "0.1s"
 *   ratio      "5%", 0.05
 *   others     a plain number
 */
export function parseMetricValue(input: string | number, unit: string): number {
  if (typeof input === 'number') return input;
  const value = parseMetricText(input.trim(), unit);
  if (!Number.isFinite(value)) throw new TypeError(`expected a finite ${unit} value, got "${input}"`);
  return value;
}

function parseMetricText(text: string, unit: string): number {
  switch (unit) {
    case 'bytes':
      return parseBytes(text);
    case 'bytes/op':
      return parseBytes(text.replace(/\/op$/i, ''));
    case 'ms':
      return parseDuration(text);
    case 'ratio':
      return parsePercent(text);
    case 'bytes/min':
    case 'count/min':
      return parsePerMinute(text, unit);
    default:
      return plainNumber(text.replace(/%$/, ''), text.endsWith('%') ? 0.01 : 1);
  }
}

// "0.1MB/min", "6MB/h", "1MB/2min", "0.1/min"; no slash means per minute already.
function parsePerMinute(text: string, unit: 'bytes/min' | 'count/min'): number {
  const amountOf = (part: string): number => (unit === 'bytes/min' ? parseBytes(part) : plainNumber(part));
  const slash = text.lastIndexOf('/');
  if (slash < 0) return amountOf(text);
  try {
    const per = text.slice(slash + 1).trim();
    const perMs = parseDuration(/^[\d.]/.test(per) ? per : `1${per}`);
    return scale(amountOf(text.slice(0, slash) || '1'), 60_000 / perMs);
  } catch {
    const example = unit === 'bytes/min' ? '"0.1MB/min" or "6MB/h"' : '"0.1/min" or "6/h"';
    throw new TypeError(`expected a rate such as ${example}, got "${text}"`);
  }
}

function plainNumber(text: string, factor = 1): number {
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) throw new TypeError(`expected a number, got "${text}"`);
  return scale(value, factor);
}
