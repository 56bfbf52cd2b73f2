// Entry of the measured child process (`node --expose-gc child-main.js`, IPC
// on). It waits for one start message, records the harness's own resources,
// imports the workload bundle, measures it, answers with exactly one result or
// error message and exits. If the parent goes away, it exits at once.
// Bundled by esbuild before it runs: imports only harness/ and node: builtins.
import { pathToFileURL } from 'node:url';
import type { InProcessWorkload } from '../config/workload-schema.js';
import type { ChildMessage, ErrorMessage, StartMessage } from './protocol.js';
import { nextTurn } from './gc-observer.js';
import { measureInProcess } from './measure-in-process.js';
import type { PhaseTracker } from './measure-in-process.js';
import { recordResourceBaseline } from './resources.js';
import { readStartMessage } from './start-message.js';

const phase: PhaseTracker = { current: 'probe' };
let answered = false;

// Exactly one answer: the first one wins, and the process exits once it is written.
function answer(message: ChildMessage, exitCode: number): void {
  if (answered) return;
  answered = true;
  if (typeof process.send !== 'function') {
    process.stderr.write(`memgate child: no IPC channel to answer on (start it through memgate's runner)\n`);
    process.exit(2);
  }
  process.send(message, undefined, undefined, (error: Error | null) => process.exit(error ? 1 : exitCode));
}

function toErrorMessage(where: ErrorMessage['phase'], error: unknown): ErrorMessage {
  if (error instanceof Error)
    return { type: 'error', phase: where, message: error.message || error.name, stack: error.stack ?? null };
  return { type: 'error', phase: where, message: `non-error thrown: ${String(error)}`, stack: null };
}

function fail(where: ErrorMessage['phase'], error: unknown): void {
  answer(toErrorMessage(where, error), 1);
}

// The key of setup/op/teardown that is not a function (op is required), or null.
function findNonFunction(workload: unknown): string | null {
  if (workload === null || typeof workload !== 'object') return '(root)';
  const fields = workload as Record<string, unknown>;
  if (typeof fields['op'] !== 'function') return 'op';
  for (const key of ['setup', 'teardown']) {
    if (fields[key] !== undefined && typeof fields[key] !== 'function') return key;
  }
  return null;
}

async function importWorkload(start: StartMessage): Promise<InProcessWorkload> {
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(start.workloadModule).href)) as Record<string, unknown>;
  } catch (error) {
    throw new Error(
      `${start.workloadModule}: cannot import the workload module: ${(error as Error).message ?? String(error)}`,
      { cause: error },
    );
  }
  if (!(start.exportName in module)) {
    const found = Object.keys(module).join(', ') || 'none';
    throw new Error(
      `${start.workloadModule}: no export "${start.exportName}" (exports found: ${found}); export the workload with \`export default defineWorkload({...})\``,
    );
  }
  // The parent validated the whole definition with zod already; the child only
  // checks what it calls, so zod (~14 MB of RSS) stays out of the measured process.
  const workload = module[start.exportName];
  const wrong = findNonFunction(workload);
  if (wrong) {
    throw new Error(
      `${start.workloadModule}: export "${start.exportName}" is not an in-process workload: ${wrong}: expected ${wrong} to be a function; fix the defineWorkload({...}) call`,
    );
  }
  return workload as InProcessWorkload;
}

async function run(message: unknown): Promise<void> {
  phase.current = 'probe';
  const start = readStartMessage(message);
  // Let the start message's own I/O finish so it is not part of the baseline.
  await nextTurn();
  const baseline = recordResourceBaseline();
  phase.current = 'load';
  const workload = await importWorkload(start);
  const result = await measureInProcess(workload, start, baseline, phase);
  answer({ type: 'result', run: result }, 0);
}

function main(): void {
  process.on('disconnect', () => process.exit(answered ? 0 : 1));
  process.on('uncaughtException', (error) => fail(phase.current, error));
  process.on('unhandledRejection', (reason) => fail(phase.current, reason));
  process.once('message', (message: unknown) => {
    run(message).catch((error: unknown) => fail(phase.current, error));
  });
}

main();
