// Runs one repeat of an in-process workload in a fresh `node --expose-gc`
// child under the supervisor: sends the StartMessage over IPC, awaits
// exactly one answer, validates it, and makes sure nothing the workload
// started outlives the repeat.
import type { ResolvedConfig } from '../config/schema.js';
import { firstLineOf, formatKeyPath } from '../errors.js';
import { cacheDirOf, resolveProbeEntry } from '../fs/bundle.js';
import { RawRun } from '../model/raw-run.js';
import type { ChildDiagnose, ChildMessage, StartMessage } from '../probe/protocol.js';
import { toChildSettings } from '../workload/settings.js';
import type { ResolvedWorkload } from '../workload/types.js';
import { describeExit } from './describe-exit.js';
import { CHILD_NODE_FLAGS } from './fingerprint.js';
import type { OutputTail } from './output-tail.js';
import { describeLeftovers, reapLeftovers } from './leftovers.js';
import { ChildFailedError, deadline, supervise, whenAborted, type Supervised } from './supervisor.js';

export { ChildFailedError };

/** How long a child that has sent its result may take to exit before its group is killed. */
const EXIT_GRACE_MS = 1000;

export interface InProcessRepeatOptions {
  readonly repeatIndex: number;
  readonly diagnose?: ChildDiagnose | null;
  readonly signal?: AbortSignal | undefined;
  /** Internal: extra Node flags for the child (tests use a small --max-old-space-size). */
  readonly nodeFlags?: readonly string[];
}

type Outcome =
  | { readonly kind: 'message'; readonly message: unknown }
  | { readonly kind: 'exit' }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'abort' };

export async function runInProcessRepeat(
  workload: ResolvedWorkload,
  config: ResolvedConfig,
  options: InProcessRepeatOptions,
): Promise<RawRun> {
  const where = `${workload.relativeFile}: workload "${workload.name}" repeat ${options.repeatIndex + 1}`;
  if (workload.kind !== 'in-process')
    throw new ChildFailedError(`${where}: "${workload.name}" is a process workload; run it with runRepeat`, '');
  const entry = await resolveProbeEntry(cacheDirOf(config));
  if (options.signal?.aborted) throw new ChildFailedError(`${where} was interrupted before it started`, '');
  const child = await supervise({
    command: process.execPath,
    args: [...CHILD_NODE_FLAGS, ...(options.nodeFlags ?? []), entry],
    cwd: config.rootDir,
    ipc: true,
    stdout: 'ignore',
    tailLines: 20,
    where: workload.relativeFile,
  });
  try {
    const outcome = await awaitOutcome(child, startMessage(workload, options), workload.settings.timeoutMs, options);
    if (outcome.kind === 'message') {
      await Promise.race([child.exited, new Promise((done) => setTimeout(done, EXIT_GRACE_MS).unref())]);
      const run = readResult(where, outcome.message, child.tails.stderr);
      // Anything still carrying the repeat's tag now outlived the workload, in its group or setsid'd out of it.
      const leftovers = await reapLeftovers(child.tag, [child.pid]);
      if (leftovers.length === 0) return run;
      return { ...run, problems: [...(run.problems ?? []), describeLeftovers(leftovers, 'the workload finished')] };
    }
    throw describeFailure(where, outcome, child, workload.settings.timeoutMs);
  } finally {
    child.kill();
  }
}

function startMessage(workload: ResolvedWorkload, options: InProcessRepeatOptions): StartMessage {
  return {
    type: 'start',
    workloadModule: workload.bundle,
    exportName: workload.exportName,
    repeatIndex: options.repeatIndex,
    settings: toChildSettings(workload.settings),
    diagnose: options.diagnose ?? null,
  };
}

// The first of: the child's answer, its exit, the timeout, or Ctrl-C.
async function awaitOutcome(
  child: Supervised,
  start: StartMessage,
  timeoutMs: number,
  options: InProcessRepeatOptions,
): Promise<Outcome> {
  const limit = deadline(timeoutMs, options.signal);
  // execa settles after the IPC channel and streams close, so an answer sent just
  // before exiting is read first; the bare 'exit' event can beat it.
  const exited = child.settled().then((): Outcome => ({ kind: 'exit' }));
  // supervise({ ipc: true }) opened the channel, so the IPC methods exist.
  const answered = child.subprocess.getOneMessage!({ reference: false }).then(
    (message): Outcome => ({ kind: 'message', message }),
    () => exited,
  );
  const stopped = whenAborted(limit.signal).then((): Outcome => ({ kind: limit.timedOut() ? 'timeout' : 'abort' }));
  // A child that dies during startup cannot receive the message; its exit is the outcome.
  child.subprocess.sendMessage!(start as never).catch(() => undefined);
  try {
    return await Promise.race([answered, exited, stopped]);
  } finally {
    limit.dispose();
  }
}

function readResult(where: string, message: unknown, stderr: OutputTail): RawRun {
  const answer = message as Partial<ChildMessage> | null;
  if (answer?.type === 'error') {
    const phase = typeof answer.phase === 'string' ? answer.phase : 'unknown phase';
    throw new ChildFailedError(
      `${where} threw during ${phase}: ${firstLineOf(String(answer.message))}`,
      joinStack(answer.stack, stderr.text()),
    );
  }
  // memgate's probe sends exactly one message; anything else came from the workload's own process.send().
  if (answer?.type !== 'result')
    throw new ChildFailedError(
      `${where}: received an IPC message that is not memgate's (${previewMessage(message)}) — the workload calls process.send(); memgate's probe owns the IPC channel, so remove the call (or guard it with a check of your own)`,
      stderr.text(),
    );
  const parsed = RawRun.safeParse(answer.run);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const detail = issue ? `${formatKeyPath(issue.path)}: ${issue.message}` : 'invalid';
    throw new ChildFailedError(
      `${where}: received an invalid result (${detail}) — if the workload calls process.send() with type "result", remove the call; otherwise this is a memgate probe bug`,
      stderr.text(),
    );
  }
  return parsed.data;
}

function describeFailure(where: string, outcome: Outcome, child: Supervised, timeoutMs: number): ChildFailedError {
  const tail = child.tails.stderr;
  const stderr = tail.text();
  if (outcome.kind === 'timeout') {
    return new ChildFailedError(
      `${where} timed out after ${timeoutMs} ms and its process tree was killed — raise "timeout" for this workload or in memgate.config, or lower its ops`,
      stderr,
    );
  }
  if (outcome.kind === 'abort')
    return new ChildFailedError(`${where} was interrupted; its process tree was killed`, stderr);
  const exit = child.exit();
  if (tail.sawOutOfMemory || exit?.signal === 'SIGABRT') {
    return new ChildFailedError(
      `${where} ran out of memory (JavaScript heap out of memory) — reduce what it retains or its ops, or raise the heap limit with NODE_OPTIONS=--max-old-space-size=<MB>`,
      stderr,
    );
  }
  return new ChildFailedError(`${where} ${describeExit(exit?.code, exit?.signal)} ${exitHint(exit)}`, stderr);
}

// A signal is a crash (native code, the OOM killer, a kill from outside); an
// exit code is the workload ending its own process or closing memgate's channel.
function exitHint(exit: { code: number | null; signal: string | null } | undefined): string {
  if (exit?.signal === 'SIGKILL')
    return 'before sending a result — something killed it (the kernel OOM killer, or a kill from outside); see its last stderr lines';
  if (exit?.signal)
    return `before sending a result — it crashed (${exit.signal}: native code, an addon or a runtime bug); see its last stderr lines`;
  return 'before sending a result — see its last stderr lines; a workload must not call process.exit() or process.disconnect()';
}

function previewMessage(message: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(message) ?? String(message);
  } catch {
    text = String(message);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function joinStack(stack: unknown, stderr: string): string {
  const trace = typeof stack === 'string' ? stack.split('\n').slice(0, 12).join('\n') : '';
  return [trace, stderr].filter(Boolean).join('\n');
}
