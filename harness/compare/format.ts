// Pieces of a verdict's reason that the reporters' formatter (report/format.ts,
// shared so reasons and tables print values alike) does not cover.

/** A threshold ratio: "2%", "10%". */
export function formatPercent(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(3))}%`;
}

/** A p-value with two significant digits: "p=0.0079". */
export function formatP(p: number): string {
  return `p=${Number(p.toPrecision(2))}`;
}
