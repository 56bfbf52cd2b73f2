// `--hog N`: N busy-looping Node processes for the whole bench, the noisy
// neighbour of a shared CI runner (each keeps one core busy).
import { spawn } from 'node:child_process';

// Exits when its parent is gone (checked every ~16M iterations): a killed bench leaves no hog behind.
const HOG_SCRIPT =
  'const parent = process.ppid; for (let i = 0; ; i++) { if ((i & 0xffffff) === 0) { try { process.kill(parent, 0); } catch { process.exit(0); } } }';

export function startHogs(count: number): () => void {
  const hogs = Array.from({ length: count }, () => spawn(process.execPath, ['-e', HOG_SCRIPT], { stdio: 'ignore' }));
  const stop = () => {
    for (const hog of hogs) hog.kill('SIGKILL');
  };
  process.once('exit', stop);
  return stop;
}

/** `--name value` as a string, or undefined. */
export function stringFlag(argv: readonly string[], name: string): string | undefined {
  const index = argv.indexOf(`--${name}`);
  return index >= 0 ? argv[index + 1] : undefined;
}

/** argv without the given `--name value` pairs. */
export function withoutFlags(argv: readonly string[], names: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (names.includes((argv[i] ?? '').replace(/^--/, '')) && (argv[i] ?? '').startsWith('--')) i++;
    else out.push(argv[i] as string);
  }
  return out;
}
