// The environment a GitHub runner gives the action, built from real temp
// files: the event payload (GITHUB_EVENT_PATH), GITHUB_OUTPUT,
// GITHUB_STEP_SUMMARY and INPUT_* variables. @actions/core reads process.env,
// so the sandbox sets it and restores it afterwards.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { FakeGitHub } from './fake-github.js';

export type Env = Record<string, string | undefined>;

/**
 * Client settings for in-process action tests: retries back off in
 * milliseconds, and the throttling plugin (which spaces writes a second apart)
 * is off. Tests about retries and rate limits set their own.
 */
export const FAST_CLIENT = { retryAfterBaseMs: 5, throttle: false } as const;

export const REPO = 'acme/widgets';

export function pullRequestEvent(
  number: number,
  options: { headSha?: string; fork?: boolean; deletedFork?: boolean } = {},
): object {
  return {
    action: 'synchronize',
    number,
    pull_request: {
      number,
      head: {
        sha: options.headSha ?? 'feedface'.repeat(5),
        // GitHub sends `repo: null` once the fork behind a pull request is deleted.
        repo: options.deletedFork ? null : { full_name: options.fork ? 'mallory/widgets' : REPO },
      },
      base: { repo: { full_name: REPO } },
    },
  };
}

export function workflowRunEvent(headSha: string, pullRequests: number[] = []): object {
  return {
    action: 'completed',
    workflow_run: { id: 77, head_sha: headSha, pull_requests: pullRequests.map((number) => ({ number })) },
  };
}

export class ActionSandbox {
  readonly dir = mkdtempSync(join(tmpdir(), 'memgate-action-'));
  // One summary file per test worker: @actions/core caches the path of the first summary it
  // writes, and the Action's test files share their workers (vitest.config.ts).
  readonly summaryPath = join(tmpdir(), `memgate-action-summary-${process.pid}.md`);
  readonly outputPath = join(this.dir, 'github-output.txt');
  private readonly saved = new Map<string, string | undefined>();

  /** Writes the event file, empties outputs and summary, sets process.env. */
  prepare(options: { eventName: string; payload: object; apiUrl: string; inputs: Record<string, string> }): Env {
    const eventPath = join(this.dir, 'event.json');
    writeFileSync(eventPath, JSON.stringify(options.payload));
    writeFileSync(this.outputPath, '');
    writeFileSync(this.summaryPath, '');
    const vars: Env = {
      GITHUB_REPOSITORY: REPO,
      GITHUB_EVENT_NAME: options.eventName,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_API_URL: options.apiUrl,
      GITHUB_STEP_SUMMARY: this.summaryPath,
      GITHUB_OUTPUT: this.outputPath,
      GITHUB_WORKSPACE: this.dir,
      RUNNER_TEMP: join(this.dir, 'runner-temp'),
    };
    for (const [name, value] of Object.entries(options.inputs)) vars[`INPUT_${name.toUpperCase()}`] = value;
    this.clearInputs();
    for (const [name, value] of Object.entries(vars)) this.set(name, value);
    return { ...process.env };
  }

  /** Outputs written through GITHUB_OUTPUT (`name<<delimiter` blocks). */
  outputs(): Record<string, string> {
    const text = readFileSync(this.outputPath, 'utf8');
    const outputs: Record<string, string> = {};
    for (const match of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[match[1] ?? ''] = match[3] ?? '';
    return outputs;
  }

  summary(): string {
    return readFileSync(this.summaryPath, 'utf8');
  }

  restore(): void {
    for (const [name, value] of this.saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    this.saved.clear();
  }

  remove(): void {
    this.restore();
    rmSync(this.dir, { recursive: true, force: true });
    // The next file in this worker writes it again (prepare), at the path @actions/core keeps.
    rmSync(this.summaryPath, { force: true });
  }

  private set(name: string, value: string | undefined): void {
    if (!this.saved.has(name)) this.saved.set(name, process.env[name]);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }

  // Inputs of a previous test must not leak into the next.
  private clearInputs(): void {
    for (const name of Object.keys(process.env)) if (name.startsWith('INPUT_')) this.set(name, undefined);
  }
}

export interface ActionTestContext {
  readonly github: FakeGitHub;
  readonly sandbox: ActionSandbox;
  /** Everything the action printed to stdout in this test (workflow commands included). */
  readonly stdout: () => string;
}

/** Registers the hooks every in-process action test needs: fake API, sandbox, captured output. */
export function useActionTest(): ActionTestContext {
  const github = new FakeGitHub();
  const sandbox = new ActionSandbox();
  let captured: string[] = [];
  beforeAll(async () => void (await github.start()));
  afterAll(async () => {
    await github.stop();
    sandbox.remove();
  });
  beforeEach(() => {
    github.reset();
    captured = [];
    // Workflow commands (::error ...) go to stdout; capture instead of printing. The CLI's stderr is noise here.
    vi.spyOn(process.stdout, 'write').mockImplementation(
      (chunk: string | Uint8Array) => (captured.push(String(chunk)), true),
    );
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    sandbox.restore();
  });
  return { github, sandbox, stdout: () => captured.join('') };
}
