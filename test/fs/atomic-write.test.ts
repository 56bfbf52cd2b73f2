import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../harness/fs/atomic-write.js';
import { isMemgateError } from '../../harness/errors.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'memgate-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('creates the directory, replaces the file whole and leaves no temp file', async () => {
    const file = join(dir, 'nested', 'out.json');
    await writeFileAtomic(file, 'first\n', () => 'unused');
    await writeFileAtomic(file, 'second\n', () => 'unused');
    expect(await readFile(file, 'utf8')).toBe('second\n');
    expect(await readdir(join(dir, 'nested'))).toEqual(['out.json']);
  });

  it('throws a one-line IO error built by the caller, keeps the old file and removes the temp file', async () => {
    const blocker = join(dir, 'not-a-dir');
    await writeFile(blocker, 'a file where a directory should be');
    let error: unknown;
    try {
      await writeFileAtomic(
        join(blocker, 'out.json'),
        'x',
        (reason) => `out.json: cannot write (${reason.split(':')[0]})`,
      );
    } catch (caught) {
      error = caught;
    }
    expect(isMemgateError(error) && error.code).toBe('IO');
    expect((error as Error).message).toMatch(/^out.json: cannot write \((EEXIST|ENOTDIR)\)$/);
    expect(await readdir(dir)).toEqual(['not-a-dir']);
  });
});
