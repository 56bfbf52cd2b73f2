// The baseline schema rejects numbers no measurement can produce, naming the
// key, and accepts every baseline memgate itself recorded.
import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseBaseline } from '../../harness/baseline/store.js';

const DIR = fileURLToPath(new URL('../../baselines/', import.meta.url));

async function recorded(): Promise<{
  text: string;
  data: Record<string, unknown> & { metrics: Record<string, Record<string, unknown>> };
}> {
  const text = await readFile(`${DIR}json-roundtrip.json`, 'utf8');
  return { text, data: JSON.parse(text) as never };
}

function parseWith(
  change: (metrics: Record<string, Record<string, unknown>>) => void,
  data: Awaited<ReturnType<typeof recorded>>['data'],
) {
  const copy = structuredClone(data);
  change(copy.metrics);
  return () => parseBaseline(JSON.stringify(copy), 'baselines/json-roundtrip.json', 'json-roundtrip');
}

describe('plausible baseline values', () => {
  it('accepts every committed baseline', async () => {
    for (const name of await readdir(DIR)) {
      if (!name.endsWith('.json') || name.endsWith('.schema.json')) continue;
      const text = await readFile(`${DIR}${name}`, 'utf8');
      expect(() => parseBaseline(text, name, name.replace(/\.json$/, '')), name).not.toThrow();
    }
  });

  it('rejects a negative peak RSS, naming the key', async () => {
    const { data } = await recorded();
    expect(parseWith((metrics) => (metrics['rss.peak']!['median'] = -5), data)).toThrow(
      'baselines/json-roundtrip.json: metrics["rss.peak"].median: expected a bytes value from 0 to 1 PiB, found -5 (no measurement can produce it)',
    );
  });

  it('rejects an allocation of 1e308 bytes per operation', async () => {
    const { data } = await recorded();
    expect(parseWith((metrics) => (metrics['alloc.perOp']!['median'] = 1e308), data)).toThrow(
      /metrics\["alloc\.perOp"\]\.median: expected a bytes\/op value from 0 to 1 TiB per operation, found 1e\+308/,
    );
  });

  it('allows shrinking growth and slopes, but not a negative spread', async () => {
    const { data } = await recorded();
    expect(parseWith((metrics) => (metrics['leak.heap.perOp']!['median'] = -12), data)).not.toThrow();
    expect(parseWith((metrics) => (metrics['leak.heap.perOp']!['spread'] = -1), data)).toThrow(/spread/);
  });

  it('rejects a unit that does not belong to the metric, or no unit memgate knows', async () => {
    const { data } = await recorded();
    expect(parseWith((metrics) => (metrics['rss.peak']!['unit'] = 'ms'), data)).toThrow(
      /metrics\["rss\.peak"\]\.unit: expected "bytes" for rss\.peak, found "ms"/,
    );
    expect(
      parseWith((metrics) => (metrics['custom.x'] = { unit: 'parsecs', median: 1, spread: 0, samples: [1] }), data),
    ).toThrow(/metrics\["custom\.x"\]\.unit: expected one of bytes,/);
  });

  it("rejects a pooled percentile's repeat sizes that do not add up to its pauses", async () => {
    const { data } = await recorded();
    const pooled = { unit: 'ms', median: 4, spread: 0.5, samples: [1, 2, 3, 4, 5], pooled: true };
    expect(parseWith((metrics) => (metrics['gc.pause.p95'] = { ...pooled, repeatSizes: [2, 3] }), data)).not.toThrow();
    expect(parseWith((metrics) => (metrics['gc.pause.p95'] = { ...pooled, repeatSizes: [2, 2] }), data)).toThrow(
      /metrics\["gc\.pause\.p95"\]\.repeatSizes: expected repeat sizes that add up to the 5 samples, found 4 \(re-record the baseline with memgate update\)/,
    );
  });
});
