// Runs one repeat of an in-process workload in a fresh `node --expose-gc`
// child: sends the StartMessage over IPC, awaits exactly one answer, validates
// it, and makes sure nothing the workload started outlives the repeat.
import { execa } from 'execa';
import type { ResolvedConfig } from '../config/schema.js';
import { MemgateError, formatKeyPath } from '../errors.js';
import type { RunSettings } from '../model/measurement.js';
import type { ChildDiagnose, ChildMessage, StartMessage } from '../probe/protocol.js';
import { RawRun } from '../model/raw-run.js';
import { cacheDirOf, resolveProbeEntry } from '../fs/bundle.js';
import { describeExit } from './describe-exit.js';
import { CHILD_NODE_FLAGS } from './fingerprint.js';
import { killProcessGroup, trackProcessGroup } from './kill-tree.js';
import { resolveRunSettings, toChildSettings } from '../workload/settings.js';
import { OutputTail } from './output-tail.js';
import type { LoadedWorkload } from '../workload/types.js';

/** How long a child that has sent its result may take to exit before its group is killed. */
const EXIT_GRACE_MS = 1000;

export interface InProcessRepeatOptions {
  readonly repeatIndex: number;
  readonly diagnose?: ChildDiagnose | null;
  readonly signal?: AbortSignal | undefined;
  /** Settings resolved by the caller; default: resolved from the workload and config. */
  readonly settings?: RunSettings;
  /** Internal: extra Node flags for the child (tests use a small --max-old-space-size). */
  readonly nodeFlags?: readonly string[];
}

/** A repeat that failed: CHILD_FAILED with the child's last stderr lines attached. */
export class ChildFailedError extends MemgateError {
  readonly stderr: string;

  constructor(message: string, stderr: string, options?: { cause?: unknown }) {
    super('CHILD_FAILED', message, options);
    this.stderr = stderr;
  }
}

type Outcome =
  | { readonly kind: 'message'; readonly message: unknown }
  | { readonly kind: 'exit'; readonly exitCode: number | undefined; readonly signal: string | undefined }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'abort' };

export async function runInProcessRepeat(
  workload: LoadedWorkload,
  config: ResolvedConfig,
  options: InProcessRepeatOptions,
): Promise<RawRun> {
  if (workload.kind !== 'in-process')
    throw new MemgateError(
      'CHILD_FAILED',
      `${workload.relativeFile}: "${workload.name}" is a process workload; run it with runProcessRepeat`,
    );
  const settings = options.settings ?? resolveRunSettings(workload.definition, config);
  const entry = await resolveProbeEntry(cacheDirOf(config));
  throwIfAborted(workload, options.signal);
  const tail = new OutputTail(20);
  const subprocess = spawnChild(entry, options.nodeFlags ?? [], config.rootDir);
  const pid = subprocess.pid;
  if (pid !== undefined) trackProcessGroup(pid);
  subprocess.stderr.on('data', (chunk: Buffer) => tail.push(chunk));
  try {
    const start = startMessage(workload, settings, options);
    const outcome = await awaitOutcome(subprocess, start, settings.timeoutMs, options.signal);
    if (outcome.kind === 'message') {
      await waitForExit(subprocess, EXIT_GRACE_MS);
      return readResult(workload, options.repeatIndex, outcome.message, tail);
    }
    if (outcome.kind === 'exit') await settleStream(subprocess);
    throw describeFailure(workload, options.repeatIndex, outcome, settings, tail);
  } finally {
    if (pid !== undefined) killProcessGroup(pid);
  }
}

function spawnChild(entry: string, nodeFlags: readonly string[], cwd: string) {
  return execa(process.execPath, [...CHILD_NODE_FLAGS, ...nodeFlags, entry], {
    ipc: true,
    serialization: 'json',
    // Own process group: one kill(-pid) reaches every grandchild.
    detached: true,
    cleanup: true,
    buffer: false,
    reject: false,
    stdin: 'ignore',
    stdout: 'ignore',
    stderr: 'pipe',
    cwd,
  });
}

type Child = ReturnType<typeof spawnChild>;

function startMessage(workload: LoadedWorkload, settings: RunSettings, options: InProcessRepeatOptions): StartMessage {
  return {
    type: 'start',
    workloadModule: workload.bundle,
    exportName: workload.exportName,
    repeatIndex: options.repeatIndex,
    settings: toChildSettings(settings),
    diagnose: options.diagnose ?? null,
  };
}

// The first of: the child's answer, its exit, the timeout, or Ctrl-C.
async function awaitOutcome(
  subprocess: Child,
  start: StartMessage,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<Outcome> {
  const cleanups: Array<() => void> = [];
  const exited = subprocess.then((result): Outcome => ({
    kind: 'exit',
    exitCode: result.exitCode,
    signal: result.signal,
  }));
  const answered = subprocess.getOneMessage({ reference: false }).then(
    (message): Outcome => ({ kind: 'message', message }),
    () => exited,
  );
  const timedOut = new Promise<Outcome>((done) => {
    const timer = setTimeout(() => done({ kind: 'timeout' }), timeoutMs);
    cleanups.push(() => clearTimeout(timer));
  });
  const aborted = new Promise<Outcome>((done) => {
    if (!signal) return;
    const onAbort = () => done({ kind: 'abort' });
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    cleanups.push(() => signal.removeEventListener('abort', onAbort));
  });
  // A child that dies during startup cannot receive the message; its exit is the outcome.
  subprocess.sendMessage(start as never).catch(() => undefined);
  try {
    return await Promise.race([answered, exited, timedOut, aborted]);
  } finally {
    for (const cleanup of cleanups) cleanup();
  }
}

async function waitForExit(subprocess: Child, graceMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    subprocess.then(() => undefined),
    new Promise<void>((done) => (timer = setTimeout(done, graceMs))),
  ]);
  clearTimeout(timer);
}

// Lets the last stderr chunks (an OOM report, a stack) arrive after exit.
async function settleStream(subprocess: Child): Promise<void> {
  const stream = subprocess.stderr;
  if (!stream || stream.readableEnded || stream.destroyed) return;
  await Promise.race([new Promise((done) => stream.once('close', done)), new Promise((done) => setTimeout(done, 200))]);
}

function readResult(workload: LoadedWorkload, repeatIndex: number, message: unknown, tail: OutputTail): RawRun {
  const where = `${workload.relativeFile}: workload "${workload.name}" repeat ${repeatIndex + 1}`;
  const answer = message as Partial<ChildMessage> | null;
  if (answer?.type === 'error') {
    const phase = typeof answer.phase === 'string' ? answer.phase : 'unknown phase';
    throw new ChildFailedError(
      `${where} threw during ${phase}: ${firstLine(String(answer.message))}`,
      joinStack(answer.stack, tail.text()),
    );
  }
  if (answer?.type !== 'result')
    throw new ChildFailedError(
      `${where}: the child sent an unexpected message (type ${JSON.stringify(answer?.type)}) — this is a memgate bug`,
      tail.text(),
    );
  const parsed = RawRun.safeParse(answer.run);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const detail = issue ? `${formatKeyPath(issue.path)}: ${issue.message}` : 'invalid';
    throw new ChildFailedError(
      `${where}: the child sent an invalid result (${detail}) — this is a memgate probe bug`,
      tail.text(),
    );
  }
  return parsed.data;
}

function describeFailure(
  workload: LoadedWorkload,
  repeatIndex: number,
  outcome: Outcome,
  settings: RunSettings,
  tail: OutputTail,
): ChildFailedError {
  const where = `${workload.relativeFile}: workload "${workload.name}" repeat ${repeatIndex + 1}`;
  const stderr = tail.text();
  if (outcome.kind === 'timeout') {
    return new ChildFailedError(
      `${where} timed out after ${settings.timeoutMs} ms and its process tree was killed — raise "timeout" for this workload or in memgate.config, or lower its ops`,
      stderr,
    );
  }
  if (outcome.kind === 'abort')
    return new ChildFailedError(`${where} was interrupted; its process tree was killed`, stderr);
  if (outcome.kind !== 'exit') return new ChildFailedError(`${where} failed`, stderr);
  if (tail.sawOutOfMemory || outcome.signal === 'SIGABRT') {
    return new ChildFailedError(
      `${where} ran out of memory (JavaScript heap out of memory) — reduce what it retains or its ops, or raise the heap limit with NODE_OPTIONS=--max-old-space-size=<MB>`,
      stderr,
    );
  }
  return new ChildFailedError(
    `${where} ${describeExit(outcome.exitCode, outcome.signal)} before sending a result — see its last stderr lines; a workload must not call process.exit()`,
    stderr,
  );
}

function throwIfAborted(workload: LoadedWorkload, signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new ChildFailedError(
      `${workload.relativeFile}: workload "${workload.name}" was interrupted before it started`,
      '',
    );
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

function joinStack(stack: unknown, stderr: string): string {
  const trace = typeof stack === 'string' ? stack.split('\n').slice(0, 12).join('\n') : '';
  return [trace, stderr].filter(Boolean).join('\n');
}
