// Load-time producibility check (workload/producible-check.ts): which settings
// are checked, from which file, and what the one-line error says.
import { describe, expect, it } from 'vitest';
import { checkProducible } from '../../harness/workload/producible-check.js';
import { isMemgateError } from '../../harness/errors.js';
import type { Workload } from '../../harness/config/workload-schema.js';

const files = { configFile: 'memgate.config.ts', workloadFile: 'workloads/bin.workload.ts' };
const binary = (extra: Partial<Workload> = {}) => ({ name: 'bin', command: './server', ...extra }) as Workload;
const noConfig = { budgets: {}, growth: {} };

function errorOf(run: () => void): string {
  try {
    run();
  } catch (error) {
    expect(isMemgateError(error) && error.code).toBe('CONFIG_INVALID');
    return (error as Error).message;
  }
  return 'no error';
}

describe('checkProducible', () => {
  it("names the config file for the config's budgets and growth limits, the workload file for its own", () => {
    expect(errorOf(() => checkProducible(binary(), { budgets: { 'gc.pause.p95': '5ms' }, growth: {} }, files))).toMatch(
      /^memgate\.config\.ts: budgets\["gc\.pause\.p95"\]: workload "bin" \(process\) cannot produce gc\.pause\.p95: /,
    );
    expect(errorOf(() => checkProducible(binary(), { budgets: {}, growth: { heap: '1MB/h' } }, files))).toMatch(
      /^memgate\.config\.ts: growth\.heap: workload "bin" \(process\) cannot produce heap\.used\.peak: .*not a node command/,
    );
    expect(errorOf(() => checkProducible(binary({ leak: { heapRate: '1MB/min' } }), noConfig, files))).toMatch(
      /^workloads\/bin\.workload\.ts: leak\.heapRate: workload "bin" \(process\) cannot produce leak\.heap\.rate/,
    );
  });

  it('checks workload thresholds, except `false` (gating off)', () => {
    expect(
      errorOf(() => checkProducible(binary({ thresholds: { 'latency.p95': { relative: 0.2 } } }), noConfig, files)),
    ).toMatch(/thresholds\["latency\.p95"\]/);
    expect(() => checkProducible(binary({ thresholds: { 'gc.count': false } }), noConfig, files)).not.toThrow();
  });

  it('accepts what the workload produces, and rss/fd growth everywhere', () => {
    const logging = binary({
      logMetrics: { map: { conns: 'custom.conns' } },
      growth: { 'custom.conns': 'stable', rss: '10%', fd: '1/h' },
    });
    expect(() => checkProducible(logging, { budgets: { 'rss.peak': '40MB' }, growth: {} }, files)).not.toThrow();
  });

  it('rejects growth of an in-process custom metric: reportMetric keeps only the last value', () => {
    const op = { name: 'op', op: () => undefined, growth: { 'custom.items': '5/h' } } as Workload;
    expect(errorOf(() => checkProducible(op, noConfig, files))).toMatch(
      /growth\["custom\.items"\]: workload "op" \(in-process\) cannot produce custom\.items: growth needs its values over time/,
    );
  });
});
