// Hand-made SVG charts for the HTML report: lines over an axis (with a fit,
// its interval and marks), grouped bars (a histogram), and paired bars
// (baseline against current). Static SVG needs no script, so the page opens
// offline, under a strict Content-Security-Policy, in any browser or mail
// client, and a report is diffable text. Pure: data in, markup out; every
// label goes through escapeHtml.
import { escapeHtml } from './html-escape.js';

export const PALETTE = ['#2563eb', '#db2777', '#059669', '#d97706', '#7c3aed', '#0891b2', '#dc2626', '#4b5563'];

const WIDTH = 680;
const HEIGHT = 260;
const MARGIN = { top: 16, right: 30, bottom: 40, left: 78 };

export interface Line {
  readonly label: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
}

export interface Fit {
  readonly slope: number;
  readonly intercept: number;
  readonly low: number;
  readonly high: number;
}

export interface LineChartSpec {
  readonly title: string;
  readonly lines: readonly Line[];
  readonly fit?: Fit | null;
  readonly marks?: readonly { x: number; label: string }[];
  readonly formatX: (value: number) => string;
  readonly formatY: (value: number) => string;
  readonly xLabel: string;
}

/** "Nice" tick values (1, 2, 2.5, 5 × 10^k) covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max === min) return [min];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

function extent(values: readonly number[]): [number, number] {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value < low) low = value;
    if (value > high) high = value;
  }
  return [low, high];
}

// Pads a flat or empty range so a constant line sits mid-chart instead of on an edge.
function padded([low, high]: [number, number]): [number, number] {
  if (!Number.isFinite(low)) return [0, 1];
  if (high === low) return low === 0 ? [0, 1] : [low - Math.abs(low) * 0.05, high + Math.abs(high) * 0.05];
  const pad = (high - low) * 0.06;
  return [low - pad, high + pad];
}

const round = (value: number) => Math.round(value * 10) / 10;

/** Lines of every repeat, the fitted slope, its interval as a band, and vertical marks. */
export function lineChart(spec: LineChartSpec): string {
  const xs = spec.lines.flatMap((line) => line.x);
  const ys = spec.lines.flatMap((line) => line.y);
  const [x0, x1] = extent(xs).every(Number.isFinite) ? extent(xs) : [0, 1];
  const [y0, y1] = padded(extent(ys));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const sx = (x: number) => round(MARGIN.left + (x1 === x0 ? plotW / 2 : ((x - x0) / (x1 - x0)) * plotW));
  const sy = (y: number) => round(MARGIN.top + plotH - ((y - y0) / (y1 - y0)) * plotH);
  const clip = `clip-${hashLabel(spec.title)}`;
  const parts: string[] = [axes(x0, x1, y0, y1, sx, sy, spec)];
  parts.push(
    `<clipPath id="${clip}"><rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}"/></clipPath>`,
  );
  const body: string[] = [];
  if (spec.fit && x1 > x0) body.push(fitMarkup(spec.fit, x0, x1, sx, sy));
  spec.lines.forEach((line, index) => {
    const color = PALETTE[index % PALETTE.length] ?? '#000';
    const points = line.x.map((x, i) => `${sx(x)},${sy(line.y[i] ?? 0)}`).join(' ');
    const shape =
      line.x.length === 1
        ? `<circle cx="${sx(line.x[0] ?? 0)}" cy="${sy(line.y[0] ?? 0)}" r="3" fill="${color}"/>`
        : `<polyline class="series" points="${points}" fill="none" stroke="${color}" stroke-width="1.6" stroke-opacity="0.85"/>`;
    body.push(`<g><title>${escapeHtml(line.label)}</title>${shape}</g>`);
  });
  for (const mark of spec.marks ?? []) {
    const x = sx(Math.min(Math.max(mark.x, x0), x1));
    // Labels in the right half read leftwards, so a breach at the end of a soak stays inside the chart.
    const rightHalf = x > MARGIN.left + (WIDTH - MARGIN.left - MARGIN.right) / 2;
    const textAt = rightHalf ? `x="${x - 4}" text-anchor="end"` : `x="${x + 4}"`;
    body.push(
      `<g class="mark"><line x1="${x}" x2="${x}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#dc2626" stroke-width="1.5" stroke-dasharray="5 3"/>` +
        `<text ${textAt} y="${MARGIN.top + 12}" fill="#dc2626" font-size="11">${escapeHtml(mark.label)} at ${escapeHtml(spec.formatX(mark.x))}</text></g>`,
    );
  }
  parts.push(`<g clip-path="url(#${clip})">${body.join('')}</g>`);
  return svg(spec.title, HEIGHT, parts.join(''));
}

// The fitted line, and its 95% interval drawn as the two extreme slopes through
// the fit's midpoint: the band is narrow where the data pins the line down.
function fitMarkup(fit: Fit, x0: number, x1: number, sx: (x: number) => number, sy: (y: number) => number): string {
  const xc = (x0 + x1) / 2;
  const yc = fit.intercept + fit.slope * xc;
  const at = (slope: number, x: number) => yc + slope * (x - xc);
  const band = [
    [x0, at(fit.low, x0)],
    [x1, at(fit.low, x1)],
    [x1, at(fit.high, x1)],
    [x0, at(fit.high, x0)],
  ]
    .map(([x, y]) => `${sx(x ?? 0)},${sy(y ?? 0)}`)
    .join(' ');
  return (
    `<g class="fit"><title>fitted slope and its 95% interval</title>` +
    `<polygon class="band" points="${band}" fill="#111827" fill-opacity="0.08"/>` +
    `<line x1="${sx(x0)}" y1="${sy(at(fit.slope, x0))}" x2="${sx(x1)}" y2="${sy(at(fit.slope, x1))}" stroke="#111827" stroke-width="2" stroke-dasharray="6 4"/></g>`
  );
}

function axes(
  x0: number,
  x1: number,
  y0: number,
  y1: number,
  sx: (x: number) => number,
  sy: (y: number) => number,
  spec: LineChartSpec,
): string {
  const bottom = HEIGHT - MARGIN.bottom;
  const out: string[] = [
    `<line x1="${MARGIN.left}" y1="${bottom}" x2="${WIDTH - MARGIN.right}" y2="${bottom}" stroke="#9ca3af"/>`,
    `<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${bottom}" stroke="#9ca3af"/>`,
  ];
  for (const tick of niceTicks(y0, y1, 4)) {
    const y = sy(tick);
    out.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y}" y2="${y}" stroke="#e5e7eb"/>`,
      `<text x="${MARGIN.left - 6}" y="${y + 4}" text-anchor="end" font-size="11" fill="#4b5563">${escapeHtml(spec.formatY(tick))}</text>`,
    );
  }
  for (const tick of x1 > x0 ? niceTicks(x0, x1, 6) : [x0]) {
    out.push(
      `<text x="${sx(tick)}" y="${bottom + 16}" text-anchor="middle" font-size="11" fill="#4b5563">${escapeHtml(spec.formatX(tick))}</text>`,
    );
  }
  out.push(
    `<text x="${MARGIN.left + (WIDTH - MARGIN.left - MARGIN.right) / 2}" y="${HEIGHT - 6}" text-anchor="middle" font-size="12" fill="#374151">${escapeHtml(spec.xLabel)}</text>`,
  );
  return out.join('');
}

export interface BarGroup {
  readonly label: string;
  readonly values: readonly number[];
}

/** Grouped vertical bars: one group per category, one bar per series (a histogram by kind). */
export function groupedBars(
  title: string,
  seriesNames: readonly string[],
  groups: readonly BarGroup[],
  yLabel: string,
): string {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const max = Math.max(1, ...groups.flatMap((group) => group.values));
  const groupW = plotW / Math.max(1, groups.length);
  const barW = Math.max(2, (groupW * 0.8) / Math.max(1, seriesNames.length));
  const bottom = MARGIN.top + plotH;
  const parts: string[] = [
    `<line x1="${MARGIN.left}" y1="${bottom}" x2="${WIDTH - MARGIN.right}" y2="${bottom}" stroke="#9ca3af"/>`,
  ];
  for (const tick of niceTicks(0, max, 4)) {
    const y = round(bottom - (tick / max) * plotH);
    parts.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y}" y2="${y}" stroke="#e5e7eb"/>`,
      `<text x="${MARGIN.left - 6}" y="${y + 4}" text-anchor="end" font-size="11" fill="#4b5563">${escapeHtml(String(tick))}</text>`,
    );
  }
  groups.forEach((group, g) => {
    const left = MARGIN.left + g * groupW + groupW * 0.1;
    group.values.forEach((value, s) => {
      if (value <= 0) return;
      const h = round((value / max) * plotH);
      parts.push(
        `<rect class="bar" x="${round(left + s * barW)}" y="${round(bottom - h)}" width="${round(barW - 1)}" height="${h}" fill="${PALETTE[s % PALETTE.length] ?? '#000'}"><title>${escapeHtml(`${seriesNames[s] ?? ''} ${group.label}: ${value}`)}</title></rect>`,
      );
    });
    parts.push(
      `<text x="${round(MARGIN.left + g * groupW + groupW / 2)}" y="${bottom + 16}" text-anchor="middle" font-size="10" fill="#4b5563">${escapeHtml(group.label)}</text>`,
    );
  });
  parts.push(
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 6}" text-anchor="middle" font-size="12" fill="#374151">${escapeHtml(yLabel)}</text>`,
  );
  return svg(title, HEIGHT, parts.join(''));
}

export interface PairedBar {
  readonly label: string;
  readonly baseline: number;
  readonly current: number;
  readonly baselineText: string;
  readonly currentText: string;
  readonly color: string;
}

/** Baseline (grey) over current (coloured by verdict) per metric, each row scaled to its larger value. */
export function pairedBars(title: string, rows: readonly PairedBar[]): string {
  const rowH = 34;
  const labelW = 170;
  const barMax = WIDTH - labelW - 130;
  const height = rows.length * rowH + 10;
  const parts = rows.map((row, i) => {
    const top = 6 + i * rowH;
    const scale = Math.max(Math.abs(row.baseline), Math.abs(row.current)) || 1;
    const wb = round((Math.abs(row.baseline) / scale) * barMax);
    const wc = round((Math.abs(row.current) / scale) * barMax);
    return (
      `<g class="pair"><text x="${labelW - 8}" y="${top + 18}" text-anchor="end" font-size="12" fill="#111827">${escapeHtml(row.label)}</text>` +
      `<rect class="bar" x="${labelW}" y="${top}" width="${Math.max(wb, 1)}" height="12" fill="#9ca3af"><title>baseline ${escapeHtml(row.baselineText)}</title></rect>` +
      `<text x="${labelW + wb + 6}" y="${top + 10}" font-size="10" fill="#4b5563">${escapeHtml(row.baselineText)}</text>` +
      `<rect class="bar" x="${labelW}" y="${top + 14}" width="${Math.max(wc, 1)}" height="12" fill="${row.color}"><title>current ${escapeHtml(row.currentText)}</title></rect>` +
      `<text x="${labelW + wc + 6}" y="${top + 24}" font-size="10" fill="#111827">${escapeHtml(row.currentText)}</text></g>`
    );
  });
  return svg(title, height, parts.join(''));
}

function svg(title: string, height: number, body: string): string {
  return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>${body}</svg>`;
}

// Element ids must be unique in the page and free of user characters: a short hash of the title.
function hashLabel(text: string): string {
  let hash = 5381;
  for (let i = 0; i < text.length; i++) hash = ((hash * 33) ^ text.charCodeAt(i)) >>> 0;
  return hash.toString(36);
}
