// Every file memgate writes for others to read (baselines, reports, soak
// state, the bundle cache) goes through here: a temp file in the same
// directory, then a rename. Readers — CI uploads, the action, a second
// memgate run — see the old file or the whole new one, never half of it.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { MemgateError, messageOf } from '../errors.js';

/**
 * Writes `text` to `file` atomically, creating its directory. On failure the
 * temp file is removed and a one-line `IO` error is thrown whose message
 * `describeFailure(reason)` builds (it should name the file and the fix).
 */
export async function writeFileAtomic(
  file: string,
  text: string,
  describeFailure: (reason: string, fix: string) => string,
): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(temp, text, 'utf8');
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined); // nothing to clean when the directory itself failed
    throw new MemgateError('IO', describeFailure(messageOf(error), fixForWriteError(error)), {
      cause: error,
    });
  }
}

/**
 * What to do about a failed write, from its errno: a full disk is not a
 * permissions problem, and saying "check that the directory is writable"
 * about ENOSPC sends people the wrong way.
 */
export function fixForWriteError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return 'the disk is full (ENOSPC): free space on it or write somewhere else';
  if (code === 'EROFS') return 'the file system is read-only: write somewhere else';
  if (code === 'ENAMETOOLONG') return 'the file name is too long for the file system: use a shorter name';
  return 'check that the directory is writable';
}
