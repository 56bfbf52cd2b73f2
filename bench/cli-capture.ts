// Runs memgate's CLI in-process with captured output, for the benches.
import { main } from '../harness/cli/main.js';
import type { ExitCode } from '../harness/cli/io.js';
import type { Report } from '../harness/model/report.js';

export interface CapturedRun {
  readonly code: ExitCode;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runMemgate(
  cwd: string,
  argv: readonly string[],
  env: Record<string, string | undefined> = process.env,
): Promise<CapturedRun> {
  let stdout = '';
  let stderr = '';
  const code = await main({
    argv,
    cwd,
    env: { ...env, NO_COLOR: '1' },
    stdout: { write: (chunk: string) => (stdout += chunk), isTTY: false },
    stderr: { write: (chunk: string) => (stderr += chunk), isTTY: false },
  });
  return { code, stdout, stderr };
}

/** What made a compare report fail: "workload: metric (status)" and leaking resources. */
export function failingItems(report: Report): string[] {
  const items: string[] = [];
  for (const workload of report.workloads) {
    if (workload.status === 'error') items.push(`${workload.name}: error (${workload.error?.message ?? 'unknown'})`);
    for (const m of workload.metrics) {
      if ((m.status === 'regressed' && m.informational !== true) || m.status === 'over-budget')
        items.push(`${workload.name}: ${m.id} ${m.status} (${m.reason})`);
    }
    for (const leak of workload.leaks)
      if (leak.status === 'leaking') items.push(`${workload.name}: ${leak.resource} leaking (${leak.reason})`);
  }
  return items;
}

/** `--name value` from argv, or the fallback. */
export function numberFlag(argv: readonly string[], name: string, fallback: number): number {
  const index = argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(argv[index + 1]) : fallback;
  if (!Number.isFinite(value) || value < 1)
    throw new Error(`--${name}: expected a positive number, got "${argv[index + 1]}"`);
  return value;
}
