// `memgate trend [filter...] [--history DIR] [--reporter markdown|csv|html[:file]]`:
// draws each metric of the history store over commits and marks the entries
// where it regressed. Reads only the history (JSON lines that `memgate
// compare --history DIR` appends); measures nothing. Exit 0, or 2 on bad input.
import type { CAC } from 'cac';
import { resolve } from 'node:path';
import type { CommandContext } from './io.js';
import { EXIT, type ExitCode } from './io.js';
import { MemgateError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { readHistory, historyFile } from '../history/store.js';
import { buildTrends, changedTrends } from '../history/trend.js';
import {
  TREND_FORMATS,
  renderTrendCsv,
  renderTrendHtml,
  renderTrendMarkdown,
  type TrendFormat,
} from '../history/render.js';

export const DEFAULT_HISTORY_DIR = '.memgate/history';

interface TrendFlags {
  readonly history?: string;
  readonly reporter?: string | string[];
  readonly metric?: string | string[];
  readonly last?: unknown;
  readonly all?: boolean;
}

export function registerTrend(cli: CAC, context: CommandContext): void {
  cli
    .command('trend [...filters]', 'Draw each metric over the commits of a history store, marking regressions')
    .option('--history <dir>', `History store written by "compare --history" (default: ${DEFAULT_HISTORY_DIR})`)
    .option('--reporter <name>', 'markdown (default), csv or html; name:file writes to a file; repeatable')
    .option('--metric <id>', 'Only this metric (repeatable), e.g. --metric alloc.perOp')
    .option('--last <n>', 'Only the last n entries')
    .option('--all', 'Every metric, not only those that moved or failed')
    .example('memgate trend --history perf-history --reporter html:trend.html')
    .action(async (filters: string[], flags: TrendFlags) =>
      context.setExitCode(await runTrend(context, filters, flags)),
    );
}

async function runTrend(context: CommandContext, filters: readonly string[], flags: TrendFlags): Promise<ExitCode> {
  const { io } = context;
  const outputs = parseOutputs(flags.reporter);
  const dir = resolve(io.cwd, flags.history ?? DEFAULT_HISTORY_DIR);
  const history = await readHistory(dir);
  if (history.length === 0)
    throw new MemgateError(
      'USAGE',
      `${historyFile(dir)}: no history yet — record some with "memgate compare --history ${flags.history ?? DEFAULT_HISTORY_DIR}"`,
    );
  const last = parseLast(flags.last);
  const metrics = flags.metric === undefined ? [] : [flags.metric].flat().map(String);
  const all = buildTrends(history, { workloads: filters, metrics, ...(last === undefined ? {} : { last }) });
  const trends = flags.all === true || metrics.length > 0 ? all : changedTrends(all);
  const entries = last === undefined ? history.length : Math.min(last, history.length);
  const render: Record<TrendFormat, () => string> = {
    markdown: () => renderTrendMarkdown(trends, entries),
    csv: () => renderTrendCsv(trends),
    html: () => renderTrendHtml(trends, entries),
  };
  const rendered = outputs.map((output) => ({ ...output, text: render[output.format]() }));
  for (const output of rendered) {
    if (output.file === undefined) io.stdout.write(output.text);
    else {
      const file = resolve(io.cwd, output.file);
      await writeFileAtomic(file, output.text, (reason) => `${file}: cannot write the trend (${reason})`);
    }
  }
  return EXIT.pass;
}

function parseOutputs(reporter: string | string[] | undefined): Array<{ format: TrendFormat; file?: string }> {
  const values = reporter === undefined ? ['markdown'] : [reporter].flat().map(String);
  const outputs = values.map((value) => {
    const colon = value.indexOf(':');
    const name = colon < 0 ? value : value.slice(0, colon);
    const file = colon < 0 ? undefined : value.slice(colon + 1);
    if (!(TREND_FORMATS as readonly string[]).includes(name))
      throw new MemgateError(
        'USAGE',
        `trend --reporter: unknown "${name}" — expected one of ${TREND_FORMATS.join(', ')}`,
      );
    if (file === '') throw new MemgateError('USAGE', `trend --reporter ${value}: expected a file after the colon`);
    return file === undefined ? { format: name as TrendFormat } : { format: name as TrendFormat, file };
  });
  if (outputs.filter((output) => output.file === undefined).length > 1)
    throw new MemgateError(
      'USAGE',
      'trend --reporter: only one output may go to stdout — give the others a file (name:file)',
    );
  return outputs;
}

function parseLast(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const last = Number(value);
  if (Number.isInteger(last) && last >= 1) return last;
  throw new MemgateError('USAGE', `--last: expected a whole number of at least 1, got ${JSON.stringify(value)}`);
}
