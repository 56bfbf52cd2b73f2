// Report targets: regular files are replaced atomically, devices, FIFOs and
// symlinks are written through (and stay what they are), a directory is a
// one-line error, and write errors name their cause.
import { execFileSync, spawn } from 'node:child_process';
import { lstatSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixForWriteError } from '../../harness/fs/atomic-write.js';
import { writeOutputFile } from '../../harness/fs/write-output.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'memgate-output-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const describeFailure = (reason: string, fix: string) => `cannot write (${reason}) — ${fix}`;

describe('writeOutputFile', () => {
  it('creates and replaces a regular file', async () => {
    const file = join(dir, 'sub', 'r.json');
    await writeOutputFile(file, 'one', describeFailure);
    await writeOutputFile(file, 'two', describeFailure);
    expect(await readFile(file, 'utf8')).toBe('two');
  });

  it('writes through a symlink and keeps the link', async () => {
    await writeFile(join(dir, 'real.json'), 'old');
    await symlink('real.json', join(dir, 'link.json'));
    await writeOutputFile(join(dir, 'link.json'), 'new', describeFailure);
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.json'), 'utf8')).toBe('new');
  });

  it('writes into a FIFO without replacing it', async () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo]);
    let read = '';
    reader.stdout.on('data', (chunk: Buffer) => (read += chunk.toString()));
    const closed = new Promise((resolve) => reader.on('close', resolve));
    await writeOutputFile(fifo, 'through the pipe', describeFailure);
    await closed;
    expect(read).toBe('through the pipe');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it.runIf(process.getuid?.() === 0)('writes into a character device without replacing it (root)', async () => {
    const device = join(dir, 'null');
    execFileSync('mknod', [device, 'c', '1', '3']);
    await writeOutputFile(device, 'gone', describeFailure);
    expect(statSync(device).isCharacterDevice()).toBe(true);
  });

  it('refuses a directory with a one-line IO error', async () => {
    await mkdir(join(dir, 'reports'));
    await expect(writeOutputFile(join(dir, 'reports'), 'x', describeFailure)).rejects.toMatchObject({
      code: 'IO',
      message: 'cannot write (it is a directory) — name a file inside it',
    });
  });
});

describe('fixForWriteError', () => {
  it('says the disk is full for ENOSPC, not that the directory is not writable', () => {
    const full = Object.assign(new Error('no space'), { code: 'ENOSPC' });
    expect(fixForWriteError(full)).toBe('the disk is full (ENOSPC): free space on it or write somewhere else');
    expect(fixForWriteError(Object.assign(new Error('x'), { code: 'EACCES' }))).toBe(
      'check that the directory is writable',
    );
  });
});
