// Who may write baselines, and which ones. Pure: decisions from the
// environment, the branch and the flags, no I/O. Conventions follow snapshot
// testing: locally `compare` records baselines for new workloads only, CI
// records nothing unless asked, and `update` re-records everything — but never
// on a pull request or on a branch outside `update.branches`, unless forced.
import { MemgateError } from '../errors.js';

export type UpdateMode = 'all' | 'new' | 'none';

export interface UpdateDecision {
  readonly mode: UpdateMode;
  /** True when the user asked for it (`-u`, `--update=…`, `memgate update`); implicit modes never fail the run. */
  readonly explicit: boolean;
}

const MODES: readonly UpdateMode[] = ['all', 'new', 'none'];

/** `--update` as cac parses it: absent, `true` (bare `-u`), or a string. */
export function resolveUpdateMode(flag: unknown, env: Readonly<Record<string, string | undefined>>): UpdateDecision {
  if (flag === undefined || flag === false) return { mode: env['CI'] ? 'none' : 'new', explicit: false };
  if (flag === true || flag === '') return { mode: 'all', explicit: true };
  const value = typeof flag === 'string' ? flag : JSON.stringify(flag);
  if (!(MODES as readonly string[]).includes(value)) {
    throw new MemgateError(
      'USAGE',
      `--update: expected one of all, new or none, found "${value}" — write --update=new, or -u for all`,
    );
  }
  return { mode: value as UpdateMode, explicit: true };
}

export interface GateInput {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly branch: string | null;
  /** Globs from `update.branches`. */
  readonly branches: readonly string[];
  readonly force: boolean;
  /** Implicit `new` mode skips the branch rule: recording a new workload's first baseline is part of writing it. */
  readonly explicit: boolean;
}

/** Why writing baselines is refused here, or undefined when it is allowed. */
export function refusalReason(input: GateInput): string | undefined {
  if (input.force) return undefined;
  const event = input.env['GITHUB_EVENT_NAME'];
  if (event?.startsWith('pull_request')) {
    return `baselines are not updated on a ${event} event (GITHUB_EVENT_NAME=${event}): record them on ${input.branches.join(', ') || 'a release branch'} and review the diff, or pass --force`;
  }
  if (!input.explicit) return undefined;
  if (input.branch === null) {
    return `the git branch is unknown (detached HEAD or not a git checkout), so update.branches (${input.branches.join(', ')}) cannot be checked — check out a branch or pass --force`;
  }
  if (!input.branches.some((glob) => matchesGlob(input.branch ?? '', glob))) {
    return `branch "${input.branch}" does not match update.branches (${input.branches.join(', ') || 'none'}) — update on one of those, add the branch to update.branches in the config, or pass --force`;
  }
  return undefined;
}

/** Whether a baseline is written for this workload under `mode`. */
export function shouldWrite(mode: UpdateMode, hasBaseline: boolean): boolean {
  return mode === 'all' || (mode === 'new' && !hasBaseline);
}

// Branch globs: `*` stays inside one path segment, `**` crosses them, `?` is one character.
export function matchesGlob(text: string, glob: string): boolean {
  let pattern = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] ?? '';
    if (char === '*' && glob[i + 1] === '*') {
      pattern += '.*';
      i++;
    } else if (char === '*') pattern += '[^/]*';
    else if (char === '?') pattern += '[^/]';
    else pattern += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${pattern}$`).test(text);
}
