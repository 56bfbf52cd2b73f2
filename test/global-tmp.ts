// One temp folder per test run, removed when the run ends. Many tests make
// scratch folders (configs, baselines, reports, logs) and start CLIs and
// services that make their own; without this, each full run left ~40 of them
// in /tmp (1 268 after two days of runs). Workers, CLIs and the services they
// start inherit TMPDIR, and os.tmpdir() reads it on every call.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const previous = process.env['TMPDIR'];
  const root = mkdtempSync(join(tmpdir(), 'memgate-tests-'));
  process.env['TMPDIR'] = root;
  return () => {
    if (previous === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = previous;
    // Retries: a service stopped at the very end may still be closing a file in it.
    rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  };
}
