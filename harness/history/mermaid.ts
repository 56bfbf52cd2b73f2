// Mermaid `xychart-beta` line charts, which GitHub renders in comments and job
// summaries. Labels are reduced to a safe character set (no quotes, brackets
// or backticks), so no text can end the chart or the fenced block. Pure.
import { pickByteScale, type Scale } from '../units/format.js';

export interface XyChart {
  readonly title: string;
  readonly labels: readonly string[];
  readonly values: readonly number[];
  readonly unit: string;
}

/** Keeps letters, digits, spaces and . _ : / # + - % ( ) ✖ ; cuts at 60 characters. */
export function mermaidText(text: string): string {
  return text
    .replace(/[^\p{L}\p{N} ._:/#+\-%()✖]/gu, '')
    .slice(0, 60)
    .trim();
}

// Bytes read better in KB or MB: the axis is scaled once for the whole line.
function scaleFor(unit: string, values: readonly number[]): { scale: Scale; unit: string } {
  const peak = values.reduce((max, v) => Math.max(max, Math.abs(v)), 0);
  if (unit === 'bytes' || unit === 'bytes/op' || unit === 'bytes/min') {
    const scale = pickByteScale(peak);
    return { scale, unit: unit.replace('bytes', scale.suffix) };
  }
  return { scale: { factor: 1, suffix: '' }, unit };
}

export function mermaidXyChart(chart: XyChart): string {
  const { scale, unit } = scaleFor(chart.unit, chart.values);
  const values = chart.values.map((v) => Number((v / scale.factor).toPrecision(4)));
  const labels = chart.labels.map((label) => `"${mermaidText(label) || '?'}"`).join(', ');
  return [
    '```mermaid',
    'xychart-beta',
    `    title "${mermaidText(chart.title)}"`,
    `    x-axis [${labels}]`,
    `    y-axis "${mermaidText(unit)}"`,
    `    line [${values.join(', ')}]`,
    '```',
    '',
  ].join('\n');
}
