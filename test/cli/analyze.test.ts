import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../harness/cli/main.js';
import { analyzeLog } from '../../harness/cli/analyze.js';
import { compileLogMetrics } from '../../harness/runner/process/log-metrics.js';
import { FAST, FLAT, SLOW, nodeLog, type NodeLogShape } from '../fixtures/analyze/go-node-log.js';
import { runCli } from './run-cli.js';

const GO_MAPPING = [
  '--match',
  'msg=memory_sample',
  '--map',
  'rss_bytes=rss.peak',
  '--map',
  'heap_inuse_bytes=custom.heap_inuse_bytes',
  '--map',
  'goroutines',
];

function logDir(shapes: Record<string, NodeLogShape>): string {
  const dir = mkdtempSync(join(tmpdir(), 'memgate-analyze-'));
  for (const [name, shape] of Object.entries(shapes)) writeFileSync(join(dir, `${name}.log`), nodeLog(shape));
  return dir;
}

interface JsonAnalysis {
  grade: string;
  samples: number;
  metrics: Array<{ metric: string; grade: string; perHour: { slope: number }; reason: string }>;
}

describe('memgate analyze on the Go team node-system.log format', () => {
  const dir = logDir({ flat: FLAT, slow: SLOW, fast: FAST });

  it.each([
    ['flat', 'normal', 0],
    ['slow', 'suspicious', 0],
    ['fast', 'abnormal', 1],
  ] as const)('grades the %s log %s (exit %d)', async (name, grade, code) => {
    const run = await runCli(main, dir, ['analyze', `${name}.log`, ...GO_MAPPING, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(code);
    const analysis = JSON.parse(run.stdout) as JsonAnalysis;
    expect(analysis.grade).toBe(grade);
    // 2 hours every 10 s, the block lines skipped.
    expect(analysis.samples).toBe(721);
    const rss = analysis.metrics.find((metric) => metric.metric === 'rss.peak');
    expect(rss?.grade).toBe(grade);
    // The heap saws and does not grow in any of them.
    expect(analysis.metrics.find((metric) => metric.metric === 'custom.heap_inuse_bytes')?.grade).toBe('normal');
  });

  it('reads the growth per hour within 5% of the generated rate', async () => {
    const run = await runCli(main, dir, ['analyze', 'slow.log', ...GO_MAPPING, '--json']);
    const rss = (JSON.parse(run.stdout) as JsonAnalysis).metrics.find((metric) => metric.metric === 'rss.peak');
    expect(rss?.perHour.slope).toBeGreaterThan(SLOW.rssPerHour * 0.95);
    expect(rss?.perHour.slope).toBeLessThan(SLOW.rssPerHour * 1.05);
  });

  it('fails a suspicious log with --fail-on suspicious, and prints one line per metric grade', async () => {
    const run = await runCli(main, dir, ['analyze', 'slow.log', ...GO_MAPPING, '--fail-on', 'suspicious']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^memgate analyze slow\.log: suspicious · 721 samples over 2h 00m/);
    expect(run.stdout).toMatch(/▲ suspicious +rss\.peak +\+2\d\.\d MB\/h \(95% CI [\d.]+–[\d.]+\), \+4\.\d%\/h/);
    expect(run.stdout).toMatch(/✔ normal +custom\.goroutines/);
  });

  it('writes a CSV that reads back to the logged values, and an HTML trend page', async () => {
    const run = await runCli(main, dir, [
      'analyze',
      'fast.log',
      ...GO_MAPPING,
      '--csv',
      'fast.csv',
      '--html',
      'fast.html',
    ]);
    expect(run.code).toBe(1);
    const rows = readFileSync(join(dir, 'fast.csv'), 'utf8').trimEnd().split('\r\n');
    expect(rows[0]).toBe('time,rss.peak,custom.heap_inuse_bytes,custom.goroutines');
    const logged = readFileSync(join(dir, 'fast.log'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((record) => record['msg'] === 'memory_sample');
    expect(rows.length - 1).toBe(logged.length);
    logged.forEach((record, index) => {
      expect(rows[index + 1]).toBe(
        [record['time'], record['rss_bytes'], record['heap_inuse_bytes'], record['goroutines']].join(','),
      );
    });
    const html = readFileSync(join(dir, 'fast.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).toContain('abnormal');
    expect(html).not.toMatch(/<script/i);
  });

  it('reads the mapping from a process workload logMetrics', async () => {
    const project = logDir({ fast: FAST });
    writeFileSync(join(project, 'memgate.config.mjs'), 'export default {};\n');
    mkdirSync(join(project, 'workloads'));
    writeFileSync(
      join(project, 'workloads', 'node.workload.ts'),
      `export default { name: 'node', command: 'true', logMetrics: { match: { msg: 'memory_sample' }, map: { rss_bytes: 'rss.peak', goroutines: 'custom.goroutines' } } };\n`,
    );
    const run = await runCli(main, project, ['analyze', 'fast.log', '--workload', 'node', '--json']);
    expect(run.stderr).toBe('');
    const analysis = JSON.parse(run.stdout) as JsonAnalysis;
    expect(analysis.metrics.map((metric) => [metric.metric, metric.grade])).toEqual([
      ['rss.peak', 'abnormal'],
      ['custom.goroutines', 'abnormal'],
    ]);
  });
});

describe('analyzeLog on a long log', () => {
  it('reads a day of 1-second samples (more than a call stack of arguments) without a RangeError', () => {
    const spec = compileLogMetrics({ match: { msg: 'memory_sample' }, map: { rss_bytes: 'rss.peak' } }, 'test');
    const analysis = analyzeLog('day.log', nodeLog({ ...FLAT, hours: 36, stepSeconds: 1 }), spec, 'time');
    expect(analysis.samples).toBe(36 * 3600 + 1);
    expect(analysis.grade).toBe('normal');
    expect(analysis.to).toBe('2026-12-01T12:00:00.000Z');
  });
});

describe('memgate analyze on bad input', () => {
  it('names the file, the line and the fix for a matching line without a timestamp (exit 2)', async () => {
    const dir = logDir({});
    const good = (s: number) => JSON.stringify({ msg: 'memory_sample', time: s, rss_bytes: 1e8 });
    writeFileSync(
      join(dir, 'broken.log'),
      [good(1), good(2), '{"msg":"memory_sample","rss_bytes":3}', good(4)].join('\n'),
    );
    const run = await runCli(main, dir, [
      'analyze',
      'broken.log',
      '--match',
      'msg=memory_sample',
      '--map',
      'rss_bytes=rss.peak',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'memgate: broken.log:3: expected a timestamp at "time" (an ISO 8601 string or epoch seconds/milliseconds), found no such key; name the time key with --time\n',
    );
  });

  it('exits 2 when nothing matches, when the file is missing, and without a mapping', async () => {
    const dir = logDir({ flat: FLAT });
    const noMatch = await runCli(main, dir, [
      'analyze',
      'flat.log',
      '--match',
      'msg=gc_sample',
      '--map',
      'rss_bytes=rss.peak',
    ]);
    expect(noMatch.code).toBe(2);
    expect(noMatch.stderr).toMatch(
      /^memgate: flat\.log: no line matched \{"msg":"gc_sample"\} \(\d+ non-empty lines read\); check --match/,
    );
    const missing = await runCli(main, dir, ['analyze', 'nope.log', '--map', 'rss_bytes=rss.peak']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^memgate: nope\.log: cannot read the log \(.*ENOENT.*\); give the path/);
    const unmapped = await runCli(main, dir, ['analyze', 'flat.log']);
    expect(unmapped.code).toBe(2);
    expect(unmapped.stderr).toMatch(/give --map <key=metric>/);
    const badTarget = await runCli(main, dir, ['analyze', 'flat.log', '--map', 'rss_bytes=rss']);
    expect(badTarget.code).toBe(2);
    expect(badTarget.stderr).toMatch(/logMetrics\.map\["rss_bytes"\] expected "custom\.<name>"/);
  });
});
