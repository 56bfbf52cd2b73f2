// Bundles the child entry and fixture workloads with esbuild, the way the
// runner does, and runs one real `node --expose-gc` child over IPC.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { execa } from 'execa';
import type { ChildMessage, ChildSettings, StartMessage } from '../../harness/probe/protocol.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
export const CHILD_ENTRY = join(ROOT, 'harness/probe/child-main.ts');
export const FIXTURES = join(ROOT, 'test/fixtures/probe');

export interface Bundles {
  readonly dir: string;
  readonly child: string;
  fixture(name: string): string;
  cleanup(): void;
}

async function bundleOne(entry: string, outfile: string): Promise<string> {
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'error',
  });
  return outfile;
}

// Bundles live under the repository (in the git-ignored .memgate/) so that
// their bare imports such as "zod" resolve from its node_modules.
export async function createBundles(fixtureNames: readonly string[]): Promise<Bundles> {
  const parent = join(ROOT, '.memgate');
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, 'test-probe-'));
  const fixtures = new Map<string, string>();
  let child: string;
  try {
    child = await bundleOne(CHILD_ENTRY, join(dir, 'child-main.js'));
    await Promise.all(
      fixtureNames.map(async (name) => {
        const out = join(dir, `${basename(name)}.js`);
        fixtures.set(name, await bundleOne(join(FIXTURES, `${name}.workload.ts`), out));
      }),
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    dir,
    child,
    fixture(name: string): string {
      const path = fixtures.get(name);
      if (path === undefined) throw new Error(`fixture ${name} was not bundled`);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const DEFAULT_SETTINGS: ChildSettings = {
  warmupOps: 20,
  ops: 200,
  durationMs: null,
  timeMs: null,
  naturalOps: 0,
  batchSize: 50,
  checkpoints: 4,
  sampleIntervalMs: 10,
};

export function startMessage(
  workloadModule: string,
  overrides: Partial<Omit<StartMessage, 'type' | 'settings'>> & { settings?: Partial<ChildSettings> } = {},
): StartMessage {
  return {
    type: 'start',
    workloadModule,
    exportName: overrides.exportName ?? 'default',
    repeatIndex: overrides.repeatIndex ?? 0,
    settings: { ...DEFAULT_SETTINGS, ...overrides.settings },
    diagnose: overrides.diagnose ?? null,
  };
}

export interface ChildOutcome {
  readonly message: ChildMessage | undefined;
  readonly exitCode: number | undefined;
  readonly signal: string | undefined;
  readonly durationMs: number;
  readonly stderr: string;
}

export interface RunChildOptions {
  readonly timeoutMs?: number;
  /** Disconnect the IPC channel, as a parent that died would, once this file exists (the workload writes it). */
  readonly disconnectWhenExists?: string;
  readonly env?: Record<string, string>;
}

async function waitForFile(path: string): Promise<void> {
  while (!existsSync(path)) await sleep(20);
}

/** Spawns the bundled child, sends `start` and waits for its answer and its exit. */
export async function runChild(
  child: string,
  start: StartMessage,
  options: RunChildOptions = {},
): Promise<ChildOutcome> {
  const subprocess = execa(process.execPath, ['--expose-gc', child], {
    ipc: true,
    serialization: 'json',
    reject: false,
    stdin: 'ignore',
    stdout: 'ignore',
    stderr: 'pipe',
    timeout: options.timeoutMs ?? 20_000,
    env: options.env ?? {},
  });
  const answer = subprocess.getOneMessage().then(
    (value) => value as unknown as ChildMessage,
    () => undefined,
  );
  await subprocess.sendMessage(start as never);
  if (options.disconnectWhenExists !== undefined) {
    await Promise.race([waitForFile(options.disconnectWhenExists), subprocess]);
    subprocess.disconnect();
  }
  const message = await answer;
  const result = await subprocess;
  return {
    message,
    exitCode: result.exitCode,
    signal: result.signal,
    durationMs: result.durationMs,
    stderr: String(result.stderr ?? ''),
  };
}
