// `memgate analyze <log>`: post-hoc analysis of an existing JSON-lines log
// (the Go team's MemoryDoctor job). The mapping is the one process workloads
// use (`logMetrics`): from a workload (`--workload <name>`, with --config) or
// from flags (`--match msg=memory_sample --map rss_bytes=rss.peak --time time`).
// Per metric: growth per hour with a 95% interval and a grade, normal /
// suspicious / abnormal (harness/metrics/log-grade.ts). Exit 0 when nothing is
// abnormal (suspicious too, unless --fail-on suspicious), 1 otherwise, 2 on bad input.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CAC } from 'cac';
import { EXIT, type CommandContext, type ExitCode } from './io.js';
import { loadConfig } from '../config/load.js';
import { isProcessWorkload } from '../config/workload-schema.js';
import { MemgateError, messageOf } from '../errors.js';
import { writeOutputFile } from '../fs/write-output.js';
import { GRADES, gradeMetric, worstGrade, type Grade } from '../metrics/log-grade.js';
import { renderAnalysisCsv, renderAnalysisJson, renderAnalysisTerminal, type LogAnalysis } from '../report/analysis.js';
import { renderAnalysisHtml } from '../report/analysis-html.js';
import { compileLogMetrics, type LogMetricsSpec } from '../runner/process/log-metrics.js';
import { readLogSeries } from '../runner/process/log-series.js';
import { loadWorkloads } from '../workload/load.js';

export interface AnalyzeFlags {
  readonly config?: string;
  readonly workload?: unknown;
  readonly match?: unknown;
  readonly map?: unknown;
  readonly time?: unknown;
  readonly json?: boolean;
  readonly csv?: unknown;
  readonly html?: unknown;
  readonly failOn?: unknown;
}

export function registerAnalyze(cli: CAC, context: CommandContext): void {
  cli
    .command(
      'analyze <log>',
      'Grade the growth of metrics in an existing JSON-lines log (normal, suspicious, abnormal)',
    )
    .option('--workload <name>', "Read the mapping from this process workload's logMetrics")
    .option('--config <file>', 'Config file for --workload (default: memgate.config.{ts,mts,js,mjs})')
    .option('--match <key=value>', 'Only lines whose JSON has key = value; repeat for several')
    .option('--map <key=metric>', 'JSON key to metric id (custom.<name>, rss.peak, heap.used.peak, ...); repeat')
    .option('--time <key>', 'JSON key of the timestamp, ISO 8601 or epoch seconds/milliseconds (default: time)')
    .option('--json', 'Print the analysis as JSON instead of the summary')
    .option('--csv <file>', 'Write one row per sample, one column per metric')
    .option('--html <file>', 'Write a trend page with one chart per metric')
    .option('--fail-on <grade>', 'Exit 1 from this grade up: abnormal (default) or suspicious')
    .example(
      'memgate analyze node-system.log --match msg=memory_sample --map rss_bytes=rss.peak --map goroutines=custom.goroutines --csv samples.csv --html trend.html',
    )
    .action(async (log: string, flags: AnalyzeFlags) => context.setExitCode(await analyzeCommand(log, flags, context)));
}

async function analyzeCommand(log: string, flags: AnalyzeFlags, context: CommandContext): Promise<ExitCode> {
  const { io } = context;
  const failOn = readFailOn(flags.failOn);
  const spec = await mappingOf(flags, io.cwd);
  const timeKey = flags.time === undefined ? 'time' : textOf(flags.time);
  let text: string;
  try {
    text = await readFile(path.resolve(io.cwd, log), 'utf8');
  } catch (error) {
    throw new MemgateError(
      'USAGE',
      `${log}: cannot read the log (${messageOf(error)}); give the path of a JSON-lines file`,
    );
  }
  const analysis = analyzeLog(log, text, spec, timeKey);
  if (flags.csv !== undefined) await writeFile(io.cwd, flags.csv, '--csv', renderAnalysisCsv(analysis));
  if (flags.html !== undefined) await writeFile(io.cwd, flags.html, '--html', renderAnalysisHtml(analysis));
  io.stdout.write(flags.json ? renderAnalysisJson(analysis) : renderAnalysisTerminal(analysis));
  return GRADES.indexOf(analysis.grade) >= GRADES.indexOf(failOn) ? EXIT.failed : EXIT.pass;
}

/** Reads, grades and summarises one log. */
export function analyzeLog(file: string, text: string, spec: LogMetricsSpec, timeKey: string): LogAnalysis {
  const series = readLogSeries(text, spec, timeKey, file);
  // Reduce, not Math.min(...times): a day of 1-second samples outgrows the call stack.
  const start = series.times.reduce((low, time) => Math.min(low, time), Number.POSITIVE_INFINITY);
  const metrics = series.columns.map((column) => {
    const kept = column.values.flatMap((value, i) => (value === null ? [] : [[series.times[i] ?? 0, value]]));
    return gradeMetric({
      metric: column.metric,
      unit: column.unit,
      tMs: kept.map(([time]) => (time ?? 0) - start),
      values: kept.map(([, value]) => value ?? 0),
    });
  });
  const tooFew = metrics.find((metric) => metric.samples < 3);
  if (tooFew)
    throw new MemgateError(
      'USAGE',
      `${file}: ${tooFew.metric} has ${tooFew.samples} sample(s); a growth needs at least 3 (6 for a verdict) — analyze a longer log`,
    );
  return {
    file,
    grade: worstGrade(metrics.map((metric) => metric.grade)),
    samples: series.times.length,
    skippedLines: series.skipped,
    from: new Date(start).toISOString(),
    to: new Date(series.times.reduce((high, time) => Math.max(high, time), start)).toISOString(),
    metrics,
    times: series.times,
    columns: series.columns,
  };
}

async function mappingOf(flags: AnalyzeFlags, cwd: string): Promise<LogMetricsSpec> {
  const fromFlags = flags.match !== undefined || flags.map !== undefined;
  if (flags.workload !== undefined) {
    if (fromFlags) throw new MemgateError('USAGE', 'analyze: give either --workload or --match/--map, not both');
    return workloadMapping(textOf(flags.workload), flags.config, cwd);
  }
  if (flags.map === undefined)
    throw new MemgateError(
      'USAGE',
      'analyze: nothing to read; give --map <key=metric> (e.g. --map rss_bytes=rss.peak) or --workload <name> with logMetrics',
    );
  const map = Object.fromEntries(
    listOf(flags.map).map((entry) => {
      const [key, metric] = splitPair(entry, '--map', 'rss_bytes=rss.peak');
      return [key, metric === '' ? `custom.${key}` : metric];
    }),
  );
  const match = Object.fromEntries(
    listOf(flags.match).map((entry) => {
      const [key, value] = splitPair(entry, '--match', 'msg=memory_sample');
      return [key, matchValue(value)];
    }),
  );
  return compileLogMetrics({ match, map }, 'analyze --map');
}

async function workloadMapping(name: string, configFile: string | undefined, cwd: string): Promise<LogMetricsSpec> {
  const config = await loadConfig({ cwd, configFile });
  const workloads = (await loadWorkloads(config, [name])).filter((workload) => workload.name === name);
  const workload = workloads[0];
  if (!workload)
    throw new MemgateError('USAGE', `analyze --workload: no workload named "${name}"; give its exact name`);
  const logMetrics = isProcessWorkload(workload.definition) ? workload.definition.logMetrics : undefined;
  if (!logMetrics)
    throw new MemgateError(
      'USAGE',
      `${workload.relativeFile}: workload "${name}" has no logMetrics; add logMetrics.match/map, or use --match/--map`,
    );
  return compileLogMetrics(logMetrics, workload.relativeFile);
}

// cac turns "--time 5" into a number and a repeated flag into an array.
function textOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function listOf(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? (value as unknown[]) : [value]).map(textOf);
}

// "key=value"; a --map without "=" reads the key as custom.<key>.
function splitPair(entry: string, flag: string, example: string): [string, string] {
  const at = entry.indexOf('=');
  const key = at === -1 ? entry : entry.slice(0, at);
  if (key === '' || (at === -1 && flag === '--match'))
    throw new MemgateError('USAGE', `${flag}: expected key=value, got "${entry}" — e.g. ${flag} ${example}`);
  return [key, at === -1 ? '' : entry.slice(at + 1)];
}

// JSON literals match as such (42, true), everything else as a string.
function matchValue(text: string): string | number | boolean {
  if (text === 'true' || text === 'false') return text === 'true';
  const number = Number(text);
  return text.trim() !== '' && Number.isFinite(number) ? number : text;
}

function readFailOn(value: unknown): Grade {
  if (value === undefined) return 'abnormal';
  if (value === 'abnormal' || value === 'suspicious') return value;
  throw new MemgateError('USAGE', `--fail-on: expected "abnormal" or "suspicious", got ${JSON.stringify(value)}`);
}

async function writeFile(cwd: string, file: unknown, flag: string, text: string): Promise<void> {
  if (typeof file !== 'string' || file.trim() === '')
    throw new MemgateError('USAGE', `${flag}: expected a file name, e.g. ${flag} analysis.${flag.slice(2)}`);
  const target = path.resolve(cwd, file);
  await writeOutputFile(target, text, (reason, fix) => `${flag} ${file}: cannot write (${reason}); ${fix}`);
}
