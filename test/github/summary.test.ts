import { describe, expect, it } from 'vitest';
import { buildAnnotations } from '../../harness/github/summary.js';
import { regressedWorkload, report, workload } from './reports.js';

describe('annotations', () => {
  it('name the failed shutdown of a workload whose metrics all held', () => {
    const problem = 'did not exit within shutdown.timeout 5000ms after SIGTERM; memgate killed it with SIGKILL';
    const [annotation, ...rest] = buildAnnotations(
      report([workload('server', { status: 'regressed', problems: [problem] })]),
      '.',
      '/repo',
    );
    expect(rest).toEqual([]);
    expect(annotation).toEqual({
      file: 'workloads/server.workload.ts',
      title: 'memgate: server regressed',
      message: `problem: ${problem}`,
    });
  });

  it('list regressed metrics and problems together, one per line, and skip passing workloads', () => {
    const both = { ...regressedWorkload('pool'), problems: ['left 1 process(es) running after it exited: 4242 node'] };
    const annotations = buildAnnotations(report([workload('ok'), both]), 'app', '/repo');
    expect(annotations.map((a) => a.file)).toEqual(['app/workloads/pool.workload.ts']);
    expect(annotations[0]?.message.split('\n')).toEqual([
      'alloc.perOp regressed: +25.0% > 5% and > 64B floor',
      'problem: left 1 process(es) running after it exited: 4242 node',
    ]);
  });
});
