import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  fromMeasurement,
  readBaseline,
  schemaRefFor,
  serializeBaseline,
  writeBaseline,
} from '../../harness/baseline/store.js';
import { renderBaselineJsonSchema } from '../../harness/baseline/json-schema.js';
import { MemgateError } from '../../harness/errors.js';
import { measurement } from '../fixtures/compare/make.js';

const recorded = { at: '2026-11-21T00:00:00.000Z', commit: 'abc123', branch: 'main' };
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'memgate-baseline-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sample = () =>
  measurement({
    'rss.peak': [40_123_456.7, 40_234_567.8, 40_345_678.9],
    'alloc.perOp': [612.123456789, 612.2, 612.3],
    'gc.pause.p95': [1.234567, 1.5, 2],
    'gc.count': [10, 11, 12, 13],
  });

describe('fromMeasurement rounding', () => {
  it('bytes whole, counts to a tenth, deterministic per-op 6 significant digits, noisy 4', () => {
    const b = fromMeasurement(sample(), recorded);
    expect(b.metrics['rss.peak']).toEqual({
      unit: 'bytes',
      median: 40_234_568,
      spread: 111_111,
      samples: [40_123_457, 40_234_568, 40_345_679],
    });
    expect(b.metrics['alloc.perOp']?.samples).toEqual([612.123, 612.2, 612.3]);
    expect(b.metrics['gc.pause.p95']?.samples).toEqual([1.235, 1.5, 2]);
    expect(b.metrics['gc.count']?.median).toBe(11.5);
  });
});

describe('writeBaseline / readBaseline', () => {
  it('writes sorted keys, 2-space indent and a trailing newline, byte-for-byte stable, leaving no temp file', async () => {
    const baseline = fromMeasurement(sample(), recorded, 'memgate-baseline.schema.json');
    const file = await writeBaseline({ dir }, baseline);
    const text = await readFile(file, 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "$schema": "memgate-baseline.schema.json",');
    const keys = Object.keys(JSON.parse(text));
    expect(keys).toEqual([...keys].sort());
    expect(Object.keys(JSON.parse(text).metrics)).toEqual(['alloc.perOp', 'gc.count', 'gc.pause.p95', 'rss.peak']);
    await writeBaseline({ dir }, fromMeasurement(sample(), recorded, 'memgate-baseline.schema.json'));
    expect(await readFile(file, 'utf8')).toBe(text);
    expect(await readdir(dir)).toEqual(['demo.json']);
    expect(await readBaseline({ dir }, 'demo')).toEqual(JSON.parse(text));
    expect(serializeBaseline(baseline)).toBe(text);
  });

  it('a missing baseline is undefined', async () => {
    expect(await readBaseline({ dir }, 'nothing')).toBeUndefined();
  });

  it('wrong schemaVersion: BASELINE_INVALID with the file, key, expected, found and fix; the file untouched', async () => {
    const file = path.join(dir, 'x.json');
    const text = `${JSON.stringify({ schemaVersion: 7 })}\n`;
    await writeFile(file, text);
    const error = await readBaseline({ dir, root: path.dirname(dir) }, 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MemgateError);
    expect((error as MemgateError).code).toBe('BASELINE_INVALID');
    expect((error as MemgateError).message).toBe(
      `${path.basename(dir)}/x.json: schemaVersion: expected 1, found 7 — re-record it with \`memgate update x --force\``,
    );
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('corrupt JSON and a bad field are BASELINE_INVALID too', async () => {
    await writeFile(path.join(dir, 'bad.json'), '{"schemaVersion": 1,');
    await expect(readBaseline({ dir }, 'bad')).rejects.toThrow(
      /bad\.json: expected JSON, found a parse error .* — fix the file or re-record it/,
    );
    const valid = JSON.parse(serializeBaseline(fromMeasurement(sample(), recorded)));
    valid.metrics['rss.peak'].median = 'big';
    await writeFile(path.join(dir, 'field.json'), JSON.stringify(valid));
    await expect(readBaseline({ dir }, 'field')).rejects.toThrow(
      /field\.json: metrics\["rss\.peak"\]\.median: .*expected number/i,
    );
  });
});

describe('the committed JSON Schema', () => {
  it('matches the zod schema (regenerate: npx tsx scripts/gen-baseline-schema.ts)', async () => {
    const committed = await readFile(new URL('../../baselines/memgate-baseline.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(renderBaselineJsonSchema());
  });

  it('$schema points from the baseline dir to it, relatively', () => {
    expect(schemaRefFor(path.resolve('baselines'))).toBe('memgate-baseline.schema.json');
    expect(schemaRefFor(path.join(dir, 'baselines'))).toMatch(/^(\.\.\/)+.*baselines\/memgate-baseline\.schema\.json$/);
  });
});
