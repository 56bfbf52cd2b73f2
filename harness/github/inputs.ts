// The action's inputs (action.yml), read from the INPUT_* environment the
// runner sets and validated with zod, so a typo in a workflow fails with one
// line naming the input instead of silently falling back to a default.
import * as z from 'zod';
import { MemgateError } from '../errors.js';
import { parseBytes } from '../units/parse.js';

export const COMMENT_MODES = ['always', 'on-change', 'on-regression', 'never'] as const;
export type CommentMode = (typeof COMMENT_MODES)[number];

/** Default cap on an artifact report's size ("5MB"), checked before it is parsed. */
export const DEFAULT_MAX_REPORT_BYTES = 5_000_000;

const booleanInput = z
  .enum(['true', 'false', 'True', 'False', 'TRUE', 'FALSE'])
  .transform((value) => value.toLowerCase() === 'true');

export const ActionInputs = z.object({
  workingDirectory: z.string().min(1).default('.'),
  config: z.string().optional(),
  mode: z.enum(['run', 'report']).default('run'),
  comment: z.enum(COMMENT_MODES).default('on-change'),
  failOnRegression: booleanInput.default(true),
  githubToken: z.string().optional(),
  // The id ends up inside an HTML comment (the sticky marker): no "-->" or spaces.
  id: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected 1-64 letters, digits, ".", "_" or "-"')
    .default('default'),
  report: z.string().optional(),
  /** A/B: the git ref to measure as the base; empty: the PR's base commit; none: committed baselines. */
  base: z.string().optional(),
  prNumber: z
    .string()
    .regex(/^[1-9]\d{0,9}$/, 'expected a pull request number such as 42')
    .transform(Number)
    .optional(),
  // The Node that runs memgate in run mode: a command on PATH or a path; default node from PATH.
  node: z.string().optional(),
  maxReportBytes: z
    .string()
    .transform((text, ctx) => {
      try {
        return parseBytes(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'expected a size such as 5MB or 5242880' });
        return z.NEVER;
      }
    })
    .refine((bytes) => bytes > 0, 'expected a size above zero')
    .default(DEFAULT_MAX_REPORT_BYTES),
  history: z.string().optional(),
  historyAppend: booleanInput.default(false),
});
export type ActionInputs = z.infer<typeof ActionInputs>;

// action.yml input name -> field of ActionInputs.
const INPUT_NAMES: Readonly<Record<string, keyof ActionInputs>> = {
  'working-directory': 'workingDirectory',
  config: 'config',
  mode: 'mode',
  comment: 'comment',
  'fail-on-regression': 'failOnRegression',
  'github-token': 'githubToken',
  id: 'id',
  report: 'report',
  base: 'base',
  'pr-number': 'prNumber',
  'max-report-bytes': 'maxReportBytes',
  node: 'node',
  history: 'history',
  'history-append': 'historyAppend',
};

// Same lookup as @actions/core getInput: INPUT_<NAME> with spaces as "_", upper case, trimmed.
function readInput(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const value = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`]?.trim();
  return value ? value : undefined;
}

/** Reads and validates every input; an empty input means "use the default". */
export function readActionInputs(env: Readonly<Record<string, string | undefined>>): ActionInputs {
  const raw: Record<string, string> = {};
  for (const [name, field] of Object.entries(INPUT_NAMES)) {
    const value = readInput(env, name);
    if (value !== undefined) raw[field] = value;
  }
  const parsed = ActionInputs.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path[0];
  const name = Object.keys(INPUT_NAMES).find((key) => INPUT_NAMES[key] === field) ?? String(field);
  const found = raw[String(field)];
  throw new MemgateError(
    'USAGE',
    `action input "${name}": ${issue?.message ?? 'invalid'}, found ${JSON.stringify(found ?? '')}; fix the "with:" block of the memgate step`,
  );
}
