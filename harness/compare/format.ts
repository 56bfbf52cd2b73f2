// Numbers as people read them in a verdict's reason: "612 B/op", "1.23 MB",
// "0.8 ms", "+12.4%". Byte sizes use 1000-based units, as config values do.

function trim(value: number, digits = 3): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toString();
  return Number(value.toPrecision(digits)).toString();
}

function scaled(value: number, suffix: string): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${trim(value / 1e9)} G${suffix}`;
  if (abs >= 1e6) return `${trim(value / 1e6)} M${suffix}`;
  if (abs >= 1e3) return `${trim(value / 1e3)} k${suffix}`;
  return `${trim(value)} ${suffix}`;
}

/** A value in its metric unit. */
export function formatValue(value: number, unit: string): string {
  switch (unit) {
    case 'bytes':
      return scaled(value, 'B');
    case 'bytes/op':
      return `${scaled(value, 'B')}/op`;
    case 'bytes/min':
      return `${scaled(value, 'B')}/min`;
    case 'ms':
      return `${trim(value)} ms`;
    case 'ratio':
      return `${trim(value * 100)}%`;
    case 'count/min':
      return `${trim(value)}/min`;
    case 'ops/s':
      return `${trim(value)} ops/s`;
    default:
      return trim(value);
  }
}

/** A signed value in its unit: "+76 B/op", "-1.2 MB". */
export function formatDelta(value: number, unit: string): string {
  return `${value >= 0 ? '+' : '-'}${formatValue(Math.abs(value), unit)}`;
}

/** A signed relative change: "+12.4%", "-0.3%". */
export function formatChange(ratio: number): string {
  const percent = ratio * 100;
  const text = Math.abs(percent) >= 100 ? Math.round(percent).toString() : Number(percent.toPrecision(3)).toString();
  return `${ratio >= 0 ? '+' : ''}${text}%`;
}

/** A threshold ratio: "2%", "10%". */
export function formatPercent(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(3))}%`;
}

/** A p-value with two significant digits: "p=0.0079". */
export function formatP(p: number): string {
  return `p=${Number(p.toPrecision(2))}`;
}
