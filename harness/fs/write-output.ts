// Writing a report where the user pointed it. A regular file (or a new one)
// is replaced atomically; anything else — /dev/null, /dev/stdout, a FIFO, a
// process substitution — is written straight into, because renaming a temp
// file over a device would replace the device with a plain file (as root, in
// a CI container, it can). A symlink is followed and its target treated the
// same way, so the link itself survives.
import { lstat, open, readlink, realpath, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { MemgateError, messageOf } from '../errors.js';
import { fixForWriteError, writeFileAtomic } from './atomic-write.js';

/** Writes `text` to `file`: atomically when it is (or will be) a regular file, directly otherwise. */
export async function writeOutputFile(
  file: string,
  text: string,
  describeFailure: (reason: string, fix: string) => string,
): Promise<void> {
  const target = await resolveTarget(file, describeFailure);
  if (target.kind === 'regular') return writeFileAtomic(target.path, text, describeFailure);
  if (target.kind === 'directory')
    throw new MemgateError('IO', describeFailure('it is a directory', 'name a file inside it'));
  let handle;
  try {
    // 'w' on a device or a pipe just writes (O_TRUNC does nothing there); on a dangling link it creates the target.
    handle = await open(target.path, 'w');
    await handle.writeFile(text, 'utf8');
  } catch (error) {
    throw new MemgateError('IO', describeFailure(messageOf(error), fixForWriteError(error)), { cause: error });
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

// What /dev/stdout and friends lead to. Opening them again fails when stdout is a socket (ENXIO), and
// writes through a second descriptor could interleave with the process's own: they go to the stdout stream.
const STDOUT_PATHS = new Set(['/dev/stdout', '/dev/fd/1', '/proc/self/fd/1', `/proc/${process.pid}/fd/1`]);

/** True when `file` is, or is a chain of symlinks to, this process's stdout. */
export async function isStdoutPath(file: string): Promise<boolean> {
  let current = file;
  for (let hops = 0; hops < 10; hops++) {
    if (STDOUT_PATHS.has(current)) return true;
    try {
      if (!(await lstat(current)).isSymbolicLink()) return false;
      current = resolve(dirname(current), await readlink(current));
    } catch {
      return false;
    }
  }
  return false;
}

type Target = { kind: 'regular' | 'special' | 'directory'; path: string };

async function resolveTarget(file: string, describeFailure: (reason: string, fix: string) => string): Promise<Target> {
  let link;
  try {
    link = await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'regular', path: file };
    throw new MemgateError('IO', describeFailure(messageOf(error), fixForWriteError(error)), { cause: error });
  }
  if (!link.isSymbolicLink()) return { kind: kindOf(link), path: file };
  try {
    const real = await realpath(file);
    return { kind: kindOf(await stat(real)), path: real };
  } catch {
    // A dangling link: write a new regular file where it points, like `>` in a shell would.
    return { kind: 'special', path: file };
  }
}

function kindOf(info: { isFile(): boolean; isDirectory(): boolean }): Target['kind'] {
  if (info.isFile()) return 'regular';
  return info.isDirectory() ? 'directory' : 'special';
}
