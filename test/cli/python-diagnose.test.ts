// `memgate run --diagnose` on a Python process workload, through the CLI:
// the report gets GC figures by generation and names the leaking line.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../harness/cli/main.js';
import type { Report } from '../../harness/model/report.js';
import { fixture } from '../fixtures/process/loaded.js';
import { runCli } from './run-cli.js';

const linux = process.platform === 'linux';

describe.runIf(linux)('memgate run --diagnose on a Python service', () => {
  it('reports gc.count.gen* and names the leaking file:line in the terminal and JSON reports', async () => {
    const root = mkdtempSync(join(tmpdir(), 'memgate-py-diagnose-'));
    mkdirSync(join(root, 'w'));
    writeFileSync(join(root, 'memgate.config.ts'), `export default { workloads: 'w/*.workload.ts', repeats: 1 };\n`);
    writeFileSync(
      join(root, 'w', 'leaky.workload.ts'),
      `export default { name: 'py-leaky', command: 'python3', args: [${JSON.stringify(fixture('py-leak.py'))}], ready: { stdout: 'leaky ready' }, duration: '1s' };\n`,
    );
    const json = join(root, 'report.json');
    const run = await runCli(main, root, ['run', '--diagnose', '--reporter', 'terminal', '--reporter', `json:${json}`]);
    const leakLine =
      readFileSync(fixture('py-leak.py'), 'utf8')
        .split('\n')
        .findIndex((line) => line.includes('# LEAK')) + 1;
    expect(run.stdout).toContain('what grew (tracemalloc: lines whose live allocations grew)');
    expect(run.stdout).toContain(`py-leak.py:${leakLine}`);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    const workload = report.workloads[0];
    expect(workload?.diagnosis?.heap?.source).toBe('tracemalloc');
    expect(workload?.diagnosis?.heap?.growers[0]?.name).toBe(`${fixture('py-leak.py')}:${leakLine}`);
    const ids = workload?.metrics.map((metric) => metric.id) ?? [];
    expect(ids).toEqual(expect.arrayContaining(['gc.count', 'gc.count.gen0', 'gc.count.gen1', 'gc.count.gen2']));
  }, 90_000);
});
