// History and trends end to end: a fixture git repository with three commits
// (a baseline, an unchanged change, then a regression), `memgate compare
// --history` at each, then `memgate trend` must mark the third commit.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../harness/cli/main.js';
import { readHistory } from '../../harness/history/store.js';
import { runCli, type CliRun } from './run-cli.js';

const HARNESS = resolve('harness/index.js');

function workloadSource(arraySize: number, note: string): string {
  return `// ${note}
import { defineWorkload } from ${JSON.stringify(HARNESS)};
export default defineWorkload({
  name: 'parse',
  ops: 2000,
  // Allocates an array of ${arraySize} numbers per operation: alloc.perOp is deterministic.
  op: () => new Array(${arraySize}).fill(1).length,
});
`;
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

describe('memgate compare --history and memgate trend', () => {
  const root = mkdtempSync(join(tmpdir(), 'memgate-trend-'));
  const commits: string[] = [];
  const runs: CliRun[] = [];

  // Each step commits, then compares at that commit, appending to the history.
  async function commitAndCompare(arraySize: number, note: string): Promise<void> {
    writeFileSync(join(root, 'w', 'parse.workload.ts'), workloadSource(arraySize, note));
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', note);
    commits.push(git(root, 'rev-parse', 'HEAD'));
    runs.push(
      await runCli(main, root, [
        'compare',
        '--repeats',
        '2',
        '--history',
        'perf-history',
        '--reporter',
        'markdown:comment.md',
      ]),
    );
  }

  beforeAll(async () => {
    mkdirSync(join(root, 'w'));
    writeFileSync(join(root, 'memgate.config.ts'), `export default { workloads: 'w/*.workload.ts' };\n`);
    writeFileSync(join(root, '.gitignore'), '.memgate\nperf-history\ncomment.md\n');
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'config', 'user.email', 'test@example.invalid');
    git(root, 'config', 'user.name', 'memgate test');
    await commitAndCompare(64, 'first: baseline recorded');
    await commitAndCompare(64, 'second: a comment changed');
    await commitAndCompare(512, 'third: eight times the allocation');
  }, 120_000);

  it('appends one history line per compare with commit, branch, time and medians', async () => {
    expect(runs.map((run) => run.code)).toEqual([0, 0, 1]);
    const history = await readHistory(join(root, 'perf-history'));
    expect(history.map((entry) => entry.commit)).toEqual(commits);
    expect(history.map((entry) => entry.branch)).toEqual(['main', 'main', 'main']);
    expect(history.map((entry) => entry.status)).toEqual(['pass', 'pass', 'regressed']);
    const alloc = history.map((entry) => entry.workloads[0]?.metrics.find((m) => m.id === 'alloc.perOp'));
    // The unchanged commit passes: `unchanged`, or `noise` when two repeats'
    // allocation moves past the 1% spread-following threshold but not past
    // the 16 B floor (CI read that once with --repeats 2). Never regressed.
    expect(alloc.map((m) => m?.status)).toEqual(['new', expect.stringMatching(/^(unchanged|noise)$/), 'regressed']);
    // 512 numbers against 64: the allocation per op grows several-fold, not by noise.
    expect((alloc[2]?.value ?? 0) / (alloc[1]?.value ?? 1)).toBeGreaterThan(3);
  });

  it('charts the changed metrics over past commits in the markdown comment', () => {
    const comment = readFileSync(join(root, 'comment.md'), 'utf8');
    expect(comment).toContain('#### Trend of the changed metrics');
    expect(comment).toContain('```mermaid\nxychart-beta');
    expect(comment).toMatch(
      new RegExp(
        `x-axis \\["${commits[0]?.slice(0, 7)}", "${commits[1]?.slice(0, 7)}", "${commits[2]?.slice(0, 7)} ✖"\\]`,
      ),
    );
  });

  it('trend marks the regression in markdown, csv and html', async () => {
    const out = await runCli(main, root, [
      'trend',
      '--history',
      'perf-history',
      '--reporter',
      'markdown',
      '--reporter',
      'csv:trend.csv',
      '--reporter',
      'html:trend.html',
    ]);
    expect(out.code, out.stderr).toBe(0);
    const short = commits.map((commit) => commit.slice(0, 7));
    expect(out.stdout).toMatch(new RegExp(`\\| parse \\| alloc\\.perOp \\| .* \\| 🔴 ${short[2]} \\|`));
    expect(out.stdout).toContain(`x-axis ["${short[0]}", "${short[1]}", "${short[2]} ✖"]`);
    const rows = parse<Record<string, string>>(readFileSync(join(root, 'trend.csv'), 'utf8'), { columns: true });
    const alloc = rows.filter((row) => row['metric'] === 'alloc.perOp');
    expect(alloc.map((row) => [row['commit'], row['regressed']])).toEqual([
      [commits[0], 'false'],
      [commits[1], 'false'],
      [commits[2], 'true'],
    ]);
    const html = readFileSync(join(root, 'trend.html'), 'utf8');
    expect(html).toContain('parse: alloc.perOp');
    expect(html).toContain(`regressed at ${short[2]}`);
    expect(html).toMatch(/<g class="mark">.*regressed at /);
  });

  it('filters by workload and metric, and exits 2 on a missing or corrupt history', async () => {
    const only = await runCli(main, root, [
      'trend',
      '--history',
      'perf-history',
      '--metric',
      'alloc.perOp',
      '--reporter',
      'csv',
    ]);
    expect(new Set(parse<Record<string, string>>(only.stdout, { columns: true }).map((row) => row['metric']))).toEqual(
      new Set(['alloc.perOp']),
    );
    const missing = await runCli(main, root, ['trend', '--history', 'nowhere']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nowhere\/history\.jsonl: no history yet/);
    mkdirSync(join(root, 'broken'));
    writeFileSync(join(root, 'broken', 'history.jsonl'), '{"schemaVersion":1}\n');
    const broken = await runCli(main, root, ['trend', '--history', 'broken']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\/history\.jsonl:1: .* — remove the line or fix it/);
  });
});
