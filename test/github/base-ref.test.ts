// The action's `base` input: A/B against the PR's base commit by default
// when the checkout has it, the baselines otherwise (with a warning), an
// explicit ref as given, `none` never.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chooseBase, commitExists } from '../../harness/github/base-ref.js';
import { buildCompareArgs } from '../../harness/github/run-cli.js';

const pr = (baseSha: string | null) => ({
  pullRequest: { number: 1, headSha: 'h', baseSha, fromFork: false, deletedFork: false },
});

describe('chooseBase', () => {
  it('defaults to the pull request base commit when present, else the baselines with a warning', () => {
    expect(chooseBase(undefined, pr('abc123'), () => true)).toEqual({ ref: 'abc123', warning: null });
    const missing = chooseBase(undefined, pr('abc123'), () => false);
    expect(missing.ref).toBeNull();
    expect(missing.warning).toContain('fetch-depth: 0');
    expect(chooseBase(undefined, { pullRequest: null }, () => true)).toEqual({ ref: null, warning: null });
    expect(chooseBase('none', pr('abc123'), () => true)).toEqual({ ref: null, warning: null });
    expect(chooseBase('origin/main', { pullRequest: null }, () => false)).toEqual({
      ref: 'origin/main',
      warning: null,
    });
  });

  it('finds commits that exist in a real repository and not others', () => {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    expect(commitExists(process.cwd(), head)).toBe(true);
    expect(commitExists(process.cwd(), '0'.repeat(40))).toBe(false);
  });

  it('passes --base to the CLI only when there is a ref', () => {
    const common = { bin: 'memgate.js', reportPath: '/tmp/r.json', config: undefined };
    expect(buildCompareArgs({ ...common, base: 'abc123' }).slice(-2)).toEqual(['--base', 'abc123']);
    expect(buildCompareArgs({ ...common, base: null })).not.toContain('--base');
  });
});
