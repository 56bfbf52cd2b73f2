// A writer for the Prometheus text exposition format, in the subset that is
// also valid OpenMetrics 1.0 text: gauges only, `# HELP` and `# TYPE` before
// each family, escaped label values, and a closing `# EOF`. Shared by the
// `openmetrics` reporter and the live soak endpoint. Pure.
import { stripControl } from './escape.js';

export interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Family {
  /** [a-zA-Z_:][a-zA-Z0-9_:]*, fixed by memgate (user strings go in labels). */
  readonly name: string;
  readonly help: string;
  readonly samples: readonly Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A label value: backslash, double quote and line feed escaped as the format requires; controls dropped. */
export function escapeLabelValue(value: string): string {
  return stripControl(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(text: string): string {
  return stripControl(text).replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** Go's float syntax as Prometheus reads it: NaN, +Inf, -Inf, or a decimal/exponent number. */
export function formatSampleValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

/** The exposition text of these families (families without samples are left out), ending in `# EOF`. */
export function renderExposition(families: readonly Family[]): string {
  const lines: string[] = [];
  for (const family of families) {
    if (!METRIC_NAME.test(family.name)) throw new RangeError(`exposition: invalid metric name "${family.name}"`);
    if (family.samples.length === 0) continue;
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} gauge`);
    for (const sample of family.samples) {
      const labels = Object.entries(sample.labels).map(([name, value]) => {
        if (!LABEL_NAME.test(name) || name.startsWith('__'))
          throw new RangeError(`exposition: invalid label name "${name}"`);
        return `${name}="${escapeLabelValue(value)}"`;
      });
      const labelText = labels.length > 0 ? `{${labels.join(',')}}` : '';
      lines.push(`${family.name}${labelText} ${formatSampleValue(sample.value)}`);
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

/** Content type for a scrape: OpenMetrics text, which Prometheus negotiates and reads. */
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';
