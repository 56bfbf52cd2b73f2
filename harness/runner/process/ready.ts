// Waits until a started process is ready: every configured condition (an
// output line matching a pattern, a TCP port on 127.0.0.1 accepting
// connections, a delay) must hold. Fails clearly when the process exits
// first (CHILD_FAILED) or the time runs out (PROCESS_NOT_READY).
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { MemgateError } from '../../errors.js';
import { describeExit } from '../describe-exit.js';
import type { ProcessWorkload } from '../../config/workload-schema.js';
import { deadline, outputSummary, whenAborted, type Supervised, type StreamName } from '../supervisor.js';

type ReadyConfig = NonNullable<ProcessWorkload['ready']>;

/** Ready within 30s unless the workload says otherwise. */
export const DEFAULT_READY_TIMEOUT_MS = 30_000;
const PORT_POLL_MS = 50;

export interface ReadyState {
  /** `ready.port`, or a `(?<port>\d+)` group captured by a ready pattern. */
  readonly port: number | undefined;
  /** Milliseconds from start to ready. */
  readonly ms: number;
}

export async function waitForReady(
  started: Supervised,
  ready: ReadyConfig | undefined,
  where: string,
  signal: AbortSignal,
): Promise<ReadyState> {
  const begin = performance.now();
  const timeoutMs = ready?.timeout ?? DEFAULT_READY_TIMEOUT_MS;
  // A timer-held deadline, not AbortSignal.any (see runner/supervisor.ts deadline()).
  const limit = deadline(timeoutMs, signal);
  const stop = limit.signal;
  let port = ready?.port;
  const conditions: Promise<unknown>[] = [];
  const waiting: string[] = [];
  for (const stream of ['stdout', 'stderr'] as const) {
    const pattern = ready?.[stream];
    if (pattern === undefined) continue;
    waiting.push(`a ${stream} line matching ${String(toRegExp(pattern))}`);
    conditions.push(waitForLine(started, stream, toRegExp(pattern)).then((captured) => (port ??= captured)));
  }
  if (ready?.port !== undefined) {
    waiting.push(`port ${ready.port} accepting connections`);
    conditions.push(waitForPort(ready.host ?? '127.0.0.1', ready.port, stop));
  }
  if (ready?.delay !== undefined) {
    waiting.push(`${ready.delay}ms`);
    conditions.push(sleep(ready.delay, undefined, { signal: stop }));
  }
  const outcome = await Promise.race([
    Promise.all(conditions).then(() => 'ready' as const),
    started.exited.then(() => 'exited' as const),
    whenAborted(stop).then(() => 'stopped' as const),
  ])
    .catch(() => 'stopped' as const)
    .finally(() => limit.dispose());
  if (outcome === 'ready') return { port, ms: performance.now() - begin };
  const expected = waiting.join(' and ') || 'start';
  if (outcome === 'exited' || started.exit()) {
    const exit = started.exit();
    throw new MemgateError(
      'CHILD_FAILED',
      `${where}: "${started.command}" ${describeExit(exit?.code, exit?.signal)} before it was ready (waiting for ${expected}); output: ${outputSummary(started)}; fix the command or run it by hand to see why`,
    );
  }
  if (signal.aborted)
    throw new MemgateError('CHILD_FAILED', `${where}: interrupted while waiting for "${started.command}" to be ready`);
  throw new MemgateError(
    'PROCESS_NOT_READY',
    `${where}: ready expected ${expected} within ${timeoutMs}ms, but "${started.command}" was not ready; last output: ${outputSummary(started)}; fix ready.* or raise ready.timeout`,
  );
}

function toRegExp(pattern: string | RegExp): RegExp {
  return typeof pattern === 'string' ? new RegExp(pattern) : pattern;
}

// Resolves with the captured `port` group when the matching line has one.
function waitForLine(started: Supervised, stream: StreamName, pattern: RegExp): Promise<number | undefined> {
  return new Promise((resolve) => {
    const off = started.onLine((line, from) => {
      if (from !== stream) return;
      const match = pattern.exec(line);
      if (!match) return;
      off();
      const port = Number(match.groups?.['port']);
      resolve(Number.isInteger(port) && port > 0 ? port : undefined);
    });
  });
}

async function waitForPort(host: string, port: number, stop: AbortSignal): Promise<void> {
  while (!stop.aborted) {
    if (await canConnect(host, port)) return;
    await sleep(PORT_POLL_MS, undefined, { signal: stop }).catch(() => undefined);
  }
  throw new Error('stopped');
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(1000, () => done(false));
  });
}
