import { describe, expect, it } from 'vitest';
import {
  EXTENSION_FACTOR,
  MAX_EXTENSIONS,
  decidedLeak,
  extendedOps,
  undecidedLeaks,
} from '../../harness/metrics/leak-sequential.js';
import type { LeakFinding } from '../../harness/model/report.js';

const finding = (extra: Partial<LeakFinding>): LeakFinding => ({
  resource: 'heap',
  status: 'suspicious',
  shape: 'plateau',
  perOp: 12,
  perMin: 0,
  ci: [0, 0],
  limit: 0,
  basis: 'perOp',
  unit: 'bytes',
  repeatsGrowing: 5,
  repeats: 5,
  reason: 'heap grows 12 B/op',
  ...extra,
});

describe('sequential leak decisions', () => {
  it('extends only what more operations can decide: suspicious per-op and count gates', () => {
    const leaks = [
      finding({ resource: 'heap' }),
      finding({ resource: 'handles', basis: 'count', unit: 'count' }),
      finding({ resource: 'rss', basis: 'perMin' }),
      finding({ resource: 'fd', status: 'leaking' }),
      finding({ resource: 'external', status: 'stable' }),
    ];
    expect(undecidedLeaks(leaks).map((leak) => leak.resource)).toEqual(['heap', 'handles']);
  });

  it('multiplies the ops per round, to a bounded budget', () => {
    expect(extendedOps(2000, 1)).toBe(2000 * EXTENSION_FACTOR);
    expect(extendedOps(2000, MAX_EXTENSIONS)).toBe(2000 * EXTENSION_FACTOR ** MAX_EXTENSIONS);
    expect(EXTENSION_FACTOR ** MAX_EXTENSIONS).toBeLessThanOrEqual(16);
  });

  it('says how many ops the decision took, or that even they did not decide', () => {
    const decided = decidedLeak(finding({ status: 'leaking', shape: 'linear' }), 2000, 32000);
    expect(decided).toMatchObject({ status: 'leaking', decidedAtOps: 32000 });
    expect(decided.reason).toBe('heap grows 12 B/op — decided after 32,000 ops per repeat (2,000 were not enough)');
    const open = decidedLeak(finding({}), 2000, 32000);
    expect(open.status).toBe('suspicious');
    expect(open.reason).toMatch(/still undecided after 32,000 ops per repeat; a longer `time` or `ops` decides$/);
  });
});
