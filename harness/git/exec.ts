// Runs git and the package manager for `compare --base` under the one
// supervisor: own process group, so Ctrl-C (the AbortSignal) kills npm and
// every script it started, not only npm itself.
import { MemgateError } from '../errors.js';
import { supervise, whenAborted } from '../runner/supervisor.js';

export interface ToolOptions {
  readonly cwd: string;
  readonly signal?: AbortSignal | undefined;
  /** What the command is for, for error messages ("installing the base's dependencies"). */
  readonly purpose: string;
  /** What to do when it fails. */
  readonly fix: string;
}

/** Runs a command to completion and returns its stdout; a non-zero exit is a one-line error with its last stderr. */
export async function runTool(command: string, args: readonly string[], options: ToolOptions): Promise<string> {
  options.signal?.throwIfAborted();
  const child = await supervise({
    command,
    args,
    cwd: options.cwd,
    where: options.purpose,
    tailLines: 2000,
    // npm/git must not prompt or colour their output.
    env: { GIT_TERMINAL_PROMPT: '0', NO_COLOR: '1', npm_config_color: 'false' },
  });
  const stop = () => child.kill();
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    const exit = await Promise.race([child.exited, whenAborted(options.signal).then(() => undefined)]);
    if (options.signal?.aborted) {
      child.kill();
      await child.exited;
      throw new MemgateError('CHILD_FAILED', `interrupted while ${options.purpose}; the command was killed`);
    }
    await child.settled(1000);
    if (exit?.code !== 0) {
      const said = child.tails.stderr.text().trim().split('\n').slice(-3).join(' | ') || '(no output)';
      throw new MemgateError(
        'CHILD_FAILED',
        `${options.purpose}: "${command} ${args.join(' ')}" exited with ${exit?.signal ?? exit?.code ?? 'unknown'} (${said}) — ${options.fix}`,
      );
    }
    return child.tails.stdout.text();
  } finally {
    options.signal?.removeEventListener('abort', stop);
    child.kill();
  }
}
