import { describe, expect, it } from 'vitest';
import { judgeSoak, type SoakSample } from '../../harness/soak/monitor.js';

const MB = 1e6;
const minute = 60_000;
const policy = { limits: { rssRate: 0.1 * MB, fdRate: 0.1 }, targetMs: 60 * minute, warmupShare: 0.1, minSamples: 6 };
// One sample per minute for an hour.
const series = (rss: (i: number) => number, fds: (i: number) => number | null = () => 20): SoakSample[] =>
  Array.from({ length: 61 }, (_, i) => ({ tMs: i * minute, rss: rss(i), fds: fds(i) }));

describe('judgeSoak', () => {
  it('measures a steady 1 MB/min growth exactly and calls it a breach of 0.1 MB/min', () => {
    const judgement = judgeSoak(
      series((i) => 40 * MB + i * MB),
      policy,
    );
    expect(judgement.rss.perMin).toBe(MB);
    expect(judgement.rss.direction).toBe('rising');
    // Warmup is the first 6 minutes: 55 samples judged.
    expect(judgement.rss.samples).toBe(55);
    expect(judgement.breaches.map((b) => b.resource)).toEqual(['rss']);
    expect(judgement.breaches[0]?.message).toBe(
      'memory grow 1 MB/min (95% interval 1..1) over 55 samples, limit 0.1 MB/min',
    );
  });

  it('ignores a single wild sample and a warmup ramp on a flat service', () => {
    const judgement = judgeSoak(
      series((i) => (i < 5 ? 20 * MB + i * 5 * MB : i === 30 ? 90 * MB : 45 * MB)),
      policy,
    );
    expect(judgement.rss.perMin).toBe(0);
    expect(judgement.rss.direction).toBe('flat');
    expect(judgement.breaches).toEqual([]);
  });

  it('flags FD growth of 1 per minute against 0.1/min', () => {
    const judgement = judgeSoak(
      series(
        () => 30 * MB,
        (i) => 20 + i,
      ),
      policy,
    );
    expect(judgement.fd?.perMin).toBe(1);
    expect(judgement.breaches.map((b) => b.message)).toEqual([
      'open file descriptors grow 1 FD/min (95% interval 1..1) over 55 samples, limit 0.1 FD/min',
    ]);
  });

  it('does not judge before the minimum number of samples after warmup', () => {
    const early = series((i) => 40 * MB + i * MB).slice(0, 11); // minutes 0..10: 5 judged samples
    const judgement = judgeSoak(early, policy);
    expect(judgement.rss.samples).toBe(5);
    expect(judgement.breaches).toEqual([]);
  });

  it('holds growth under the 4 MiB floor to be noise, however steep over a short window', () => {
    const short = { ...policy, targetMs: 10_000 };
    const samples = Array.from({ length: 20 }, (_, i) => ({ tMs: i * 500, rss: 30 * MB + i * 100_000, fds: null }));
    const judgement = judgeSoak(samples, short);
    expect(judgement.rss.perMin).toBeCloseTo(12 * MB, 6);
    expect(judgement.fd).toBeNull();
    expect(judgement.breaches).toEqual([]);
  });
});
