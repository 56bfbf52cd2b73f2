// Runs one corpus case as a real `memgate` child process (bin/memgate.js) in
// its own temp project, and checks what every case must hold: the exit code,
// a one-line message, no stack trace, baselines byte-identical, no process
// left behind (found by a tag in the environment) and no temp file left.
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import type { Case, CaseResult, RunningCase } from './case.js';
import { BIN, copyBaselines, makeProject } from './project.js';
import { parseProcStat } from '../../harness/sampler/proc-parse.js';

const TEST_TAG_VAR = 'MEMGATE_TEST_TAG';
/** Generous: a case measures for about a second; a stuck one must still end the test. */
const CASE_TIMEOUT_MS = 90_000;
/** Watchdogs poll every 0.5 s; leftovers get this long to be reaped before they count. */
const LEFTOVER_WAIT_MS = 5000;

const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

export interface CaseOutcome extends CaseResult {
  readonly skipped?: string;
}

export async function runCase(testCase: Case, seed: string): Promise<CaseOutcome> {
  const dir = await makeProject(testCase.files);
  const tag = randomUUID();
  try {
    if (testCase.baseline) await copyBaselines(seed, dir);
    const skipped = await testCase.skip?.(dir);
    if (skipped) return { code: null, signal: null, stdout: '', stderr: '', skipped };
    await testCase.prepare?.(dir);
    const before = hashTree(join(dir, 'baselines'));
    const result = await runMemgate(testCase, dir, tag);
    // What carried the tag the moment memgate was gone (its watchdog among them): the first clue when something is left.
    const atExit = await tagged(tag);
    if (testCase.code === 'SIGKILL') expect(result.signal, describe(result)).toBe('SIGKILL');
    else expect(result.code, describe(result)).toBe(testCase.code);
    const stream = testCase.stream === undefined ? `${result.stderr}\n${result.stdout}` : result[testCase.stream];
    const { message } = testCase;
    if (message) {
      const lines = stream.split('\n');
      expect(
        lines.some((line) => message.test(line)),
        `no line matches ${message}\n${describe(result)}`,
      ).toBe(true);
    }
    expect(STACK_LINE.test(result.stderr) || /unexpected error/.test(result.stderr), describe(result)).toBe(false);
    if (!testCase.baselinesMayChange) expect(hashTree(join(dir, 'baselines'))).toEqual(before);
    expect(
      await leftoverProcesses(tag),
      `processes left behind; right after memgate exited: ${atExit.join(', ')}`,
    ).toEqual([]);
    expect(await tempFiles(dir), 'temp files left behind').toEqual([]);
    await testCase.check?.(dir, result);
    return result;
  } finally {
    // A case that failed an earlier assertion must not leave its processes running either.
    await leftoverProcesses(tag, 0);
    await testCase.cleanup?.(dir).catch(() => undefined);
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

function describe(result: CaseResult): string {
  return `exit ${result.code} (${result.signal ?? 'no signal'})\n--- stderr\n${result.stderr.slice(-3000)}\n--- stdout\n${result.stdout.slice(-3000)}`;
}

function runMemgate(testCase: Case, dir: string, tag: string): Promise<CaseResult> {
  const start = (argv: readonly string[]) =>
    spawn(process.execPath, [BIN, ...argv], {
      cwd: dir,
      // Not process.env: CI variables would change the update gate, colours would change the text.
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: process.env['HOME'] ?? dir,
        NO_COLOR: '1',
        // As in CI: compare records nothing implicitly.
        CI: 'true',
        [TEST_TAG_VAR]: tag,
        ...testCase.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const collect = (child: ReturnType<typeof start>): Promise<CaseResult> & { text: () => string } => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const done = new Promise<CaseResult>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), CASE_TIMEOUT_MS);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stdout, stderr });
      });
    });
    return Object.assign(done, { text: () => stdout + stderr });
  };
  const child = start(testCase.argv);
  const result = collect(child);
  const running: RunningCase = {
    child,
    dir,
    async output(pattern, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      while (!pattern.test(result.text())) {
        if (Date.now() > until || child.exitCode !== null)
          throw new Error(`never printed ${pattern}: ${result.text()}`);
        await sleep(25);
      }
    },
    runAgain: (argv) => collect(start(argv)),
  };
  return (async () => {
    await testCase.during?.(running);
    return result;
  })();
}

/** sha256 of every file under `dir` (none when it does not exist). */
export function hashTree(dir: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  } catch {
    return hashes;
  }
  for (const entry of entries) {
    // Temp files are checked on their own (none may be left); the baselines are what must not change.
    if (!entry.isFile() || entry.name.endsWith('.tmp')) continue;
    const file = join(entry.parentPath, entry.name);
    hashes[file] = createHash('sha256').update(readFileSync(file)).digest('hex');
  }
  return hashes;
}

/** Processes whose environment carries the case's tag, after giving watchdogs time to act; any found are killed. */
export async function leftoverProcesses(tag: string, waitMs = LEFTOVER_WAIT_MS): Promise<string[]> {
  const until = Date.now() + waitMs;
  let found = await tagged(tag);
  while (found.length > 0 && Date.now() < until) {
    await sleep(100);
    found = await tagged(tag);
  }
  for (const entry of found) {
    try {
      process.kill(Number(entry.split(' ')[0]), 'SIGKILL');
    } catch {
      // gone
    }
  }
  return found;
}

async function tagged(tag: string): Promise<string[]> {
  const needle = `${TEST_TAG_VAR}=${tag}`;
  const found: string[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const environ = await readFile(`/proc/${entry}/environ`, 'utf8');
      if (!environ.split('\0').includes(needle)) continue;
      const stat = parseProcStat(await readFile(`/proc/${entry}/stat`, 'utf8'));
      if (stat === undefined || stat.state === 'Z') continue;
      found.push(`${entry} ${stat.comm} (${stat.state}, ppid ${stat.ppid}, group ${stat.pgid})`);
    } catch {
      // gone, or not readable
    }
  }
  return found;
}

/** Files named *.tmp anywhere in the project. */
export async function tempFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.tmp')).map((entry) => entry.name);
}
