// The memgate/vitest matchers, used the way a unit test would use them: on
// clean functions they pass, on a leaking, an over-allocating and a
// GC-heavy function they fail with a readable message. Every verdict comes
// from counters with wide margins (bytes per op 10× away from the limit, a
// leak of ~600 B/op against a floor of ~50 B/op), so the file must never
// flake; README records how many of 20 repeated runs did.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import '../../harness/vitest.js';

// A project folder without a memgate.config: default settings, its own .memgate/ cache. A copy in a
// temp dir, so the heap snapshots of the leak diagnoses (~30 MB) are not written into the source tree.
const cwd = mkdtempSync(join(tmpdir(), 'memgate-matchers-'));
copyFileSync(fileURLToPath(new URL('../fixtures/matchers/ops.ts', import.meta.url)), join(cwd, 'ops.ts'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

async function failureOf(assertion: Promise<void>): Promise<string> {
  const error = await assertion.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof Error)) throw new Error('expected the assertion to fail');
  // vitest's matcher messages are coloured on a terminal; compare the text.
  // eslint-disable-next-line no-control-regex
  return error.message.replace(/\u001b\[[0-9;]*m/g, '');
}

describe('toLeak', () => {
  it('passes .not on a function that keeps nothing', async () => {
    await expect(() => [1, 2, 3].map((x) => x * 2).length).not.toLeak({ cwd });
  });

  it('fails .not on a function that keeps what it allocates, with the diagnosis', async () => {
    const keep = () => {
      const store = ((globalThis as { kept?: number[][] }).kept ??= []);
      store.push(new Array<number>(64).fill(store.length));
    };
    await expect(keep).toLeak({ cwd });
    const message = await failureOf(expect(keep).not.toLeak({ cwd }));
    expect(message).toContain('expect(fn).not.toLeak(options)');
    expect(message).toContain('Expected: "no leak"');
    expect(message).toMatch(/Received: "heap[a-z, ]* leaking" \(2000 ops × 3 fresh processes\)/);
    expect(message).toMatch(/heap leaking \+\d/);
    expect(message).toContain('what grew (heap snapshots after warmup):');
    expect(message).toContain('retained by:');
  });

  it('measures an export of a TypeScript module ("file#export"), which may use imports and module state', async () => {
    await expect('ops.ts#openAndClose').not.toLeak({ cwd });
    const message = await failureOf(expect('ops.ts#openSession').not.toLeak({ cwd }));
    expect(message).toMatch(/heap leaking \+\d/);
  });

  it('measures an exported workload object with its setup state', async () => {
    await expect('ops.ts#cacheWithoutEviction').toLeak({ cwd });
  });
});

describe('toAllocateAtMost', () => {
  it('passes on a function that allocates a few bytes per call', async () => {
    await expect(() => 'a-b-c'.split('-').length).toAllocateAtMost('2KB', { cwd });
  });

  it('fails on one that allocates 32 KB per call, printing both sides in bytes per op', async () => {
    const message = await failureOf(
      expect(() => new Array<number>(4096).fill(0).length).toAllocateAtMost('2KB', { cwd, ops: 500 }),
    );
    expect(message).toContain('expect(fn).toAllocateAtMost(perOp)');
    expect(message).toContain('Expected: at most "2.00 KB/op"');
    expect(message).toMatch(/Received: "3\d\.\d KB\/op" \(median; per process: /);
    expect(message).toContain('500 ops × 3 fresh processes');
  });
});

describe('toTriggerAtMostGcs', () => {
  it('passes on a function that allocates too little to fill the young generation', async () => {
    await expect(() => [1, 2, 3].join(',')).toTriggerAtMostGcs(0, { cwd });
  });

  it('fails on one that allocates a megabyte per call', async () => {
    const message = await failureOf(
      expect(() => new Array<number>(131_072).fill(1).length).toTriggerAtMostGcs(2, { cwd, ops: 50, warmupOps: 10 }),
    );
    expect(message).toContain('expect(fn).toTriggerAtMostGcs(count)');
    expect(message).toContain('Expected: at most 2 garbage collections');
    expect(message).toMatch(/Received: \d+ \(median; per process: /);
  });
});

describe('what the function form cannot do', () => {
  it('says so when the function closes over a variable of the test file', async () => {
    const size = 16;
    const message = await failureOf(expect(() => new Array<number>(size)).toAllocateAtMost('1KB', { cwd, repeats: 1 }));
    expect(message).toContain(
      'toAllocateAtMost: the function uses "size", which does not exist in the child process: the function runs in a fresh process from its source text',
    );
  });

  it('rejects something that is neither a function nor a "file#export" string', async () => {
    const message = await failureOf(expect(42).toAllocateAtMost('1KB', { cwd }));
    expect(message).toContain(
      'toAllocateAtMost: expected a function or a "path/to/file.ts#export" string, received number',
    );
  });
});
