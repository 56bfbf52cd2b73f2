// Structural checks of .github/workflows and action.yml: the security rules
// are easy to lose in an edit (a tag instead of a SHA, a missing
// persist-credentials, a write permission in the fork job), so they are
// tested. No YAML parser is installed; these rules only need lines and indents.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const workflowDir = new URL('.github/workflows/', root);
const workflows = readdirSync(workflowDir)
  .filter((name) => name.endsWith('.yml'))
  .map((name) => ({ name, text: readFileSync(new URL(name, workflowDir), 'utf8') }));
const byName = (name: string) => workflows.find((workflow) => workflow.name === name)?.text ?? '';

// Lines of each `- ` step under a `steps:` key, as blocks.
function steps(text: string): string[] {
  const blocks: string[] = [];
  let current: string[] | null = null;
  let indent = -1;
  for (const line of text.split('\n')) {
    const start = /^(\s*)- /.exec(line);
    const lineIndent = line.search(/\S/);
    if (start && (indent === -1 || start[1]?.length === indent) && /^\s*- (uses|run|name|id):/.test(line)) {
      if (current) blocks.push(current.join('\n'));
      current = [line];
      indent = start[1]?.length ?? 0;
    } else if (current && (lineIndent === -1 || lineIndent > indent)) current.push(line);
    else if (current) {
      blocks.push(current.join('\n'));
      current = null;
      indent = -1;
    }
  }
  if (current) blocks.push(current.join('\n'));
  return blocks;
}

// The `jobs:` children: name -> body.
function jobs(text: string): Map<string, string> {
  const body = text.split(/^jobs:\n/m)[1] ?? '';
  const result = new Map<string, string>();
  for (const chunk of body.split(/^ {2}(?=[\w-]+:\s*$)/m).filter((part) => part.trim())) {
    const [head, ...rest] = chunk.split('\n');
    result.set(head?.replace(/:\s*$/, '') ?? '', rest.join('\n'));
  }
  return result;
}

// `uses: actions/x@<sha> # vN.N.N` lines: action, version and the whole pin.
function pins(text: string): { action: string; version: string; line: string }[] {
  return [...text.matchAll(/uses: (actions\/[\w-]+)@([0-9a-f]{40}) # v([\d.]+)/g)].map((match) => ({
    action: match[1] ?? '',
    version: match[3] ?? '',
    line: match[0],
  }));
}

describe('workflows', () => {
  it('are the five of the fork-safe setup', () => {
    expect(workflows.map((workflow) => workflow.name).sort()).toEqual([
      'baselines.yml',
      'ci.yml',
      'memgate-comment.yml',
      'memgate-fork-pr.yml',
      'memgate.yml',
    ]);
  });

  it('pin every third-party action by full commit SHA with a version comment', () => {
    for (const { name, text } of workflows) {
      for (const match of text.matchAll(/^\s*-?\s*uses:\s*(\S+)(.*)$/gm)) {
        const [, target = '', rest = ''] = match;
        if (target === './') continue;
        expect(target, `${name}: ${target}`).toMatch(/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/);
        expect(rest, `${name}: ${target}`).toMatch(/^ # v\d+(\.\d+)*/);
      }
    }
  });

  // GitHub is retiring the node20 runtime for actions; these are the first majors that run on node24.
  it('pin node24 releases of the actions they use', () => {
    const firstNode24Major: Record<string, number> = {
      'actions/checkout': 5,
      'actions/setup-node': 5,
      'actions/upload-artifact': 6,
      'actions/download-artifact': 7,
    };
    const pinned = pins(workflows.map((workflow) => workflow.text).join('\n'));
    expect([...new Set(pinned.map((pin) => pin.action))].sort()).toEqual(Object.keys(firstNode24Major).sort());
    for (const { action, version } of pinned)
      expect(Number(version.split('.')[0]), `${action} ${version}`).toBeGreaterThanOrEqual(
        firstNode24Major[action] ?? Infinity,
      );
  });

  it('pin the same commits as README.md and docs/github.md, which name the action one way', () => {
    const fromWorkflows = new Set(pins(workflows.map((workflow) => workflow.text).join('\n')).map((pin) => pin.line));
    for (const doc of ['README.md', 'docs/github.md']) {
      const text = readFileSync(new URL(doc, root), 'utf8');
      const documented = pins(text);
      expect(documented.length, doc).toBeGreaterThan(0);
      for (const pin of documented) expect(fromWorkflows, `${doc}: ${pin.line}`).toContain(pin.line);
      const references = [...text.matchAll(/uses: (\S*memgate@\S+)/g)].map((match) => match[1]);
      expect(references.length, doc).toBeGreaterThan(0);
      for (const reference of references) expect(reference, doc).toBe('<owner>/memgate@<full-commit-sha>');
    }
  });

  it('deny permissions at the top and grant them per job', () => {
    for (const { name, text } of workflows) {
      expect(text, name).toMatch(/^permissions: \{\}$/m);
      expect(jobs(text).size, name).toBeGreaterThan(0);
      for (const [job, body] of jobs(text))
        expect(body, `${name} ${job}`).toMatch(/^ {4}permissions:\n( {6}[\w-]+: (read|write).*\n)+/m);
    }
  });

  it('never persist checkout credentials', () => {
    for (const { name, text } of workflows) {
      const checkouts = steps(text).filter((step) => /uses: actions\/checkout@/.test(step));
      expect(checkouts.length, name).toBeGreaterThan(0);
      for (const step of checkouts) expect(step, name).toMatch(/^\s+persist-credentials: false$/m);
    }
  });

  it('keep pull request writes out of the job that runs fork code', () => {
    const forkJob = byName('memgate-fork-pr.yml');
    expect(forkJob).not.toMatch(/: write/);
    expect(forkJob).toMatch(/comment: never/);
    expect(forkJob).toMatch(/uses: actions\/upload-artifact@/);
    const commentJob = byName('memgate-comment.yml');
    expect(commentJob).toMatch(/^ {2}workflow_run:\n {4}workflows: \['memgate \(fork PR\)'\]/m);
    expect(commentJob).toMatch(/mode: report/);
    // The comment job must never check out or run the pull request's code.
    expect(commentJob).not.toMatch(/ref:|head_sha|npm (ci|install|run)/);
  });

  it('interpolate no event data into shell scripts', () => {
    const runSteps = workflows.flatMap(({ name, text }) =>
      steps(text)
        .filter((block) => /^\s*(- )?run:/m.test(block))
        .map((step) => ({ name, step })),
    );
    // Every `run:` line in the workflows is checked: the step parser must find each one.
    const runLines = workflows.reduce((count, { text }) => count + (text.match(/^\s*(- )?run:/gm)?.length ?? 0), 0);
    expect(runLines).toBeGreaterThanOrEqual(1);
    expect(runSteps).toHaveLength(runLines);
    for (const { name, step } of runSteps) {
      const script = step.split(/^\s*(?:- )?run:/m)[1] ?? '';
      expect(script, name).not.toMatch(/\$\{\{/);
    }
  });

  it('group pull request runs per pull request', () => {
    for (const name of ['ci.yml', 'memgate.yml', 'memgate-fork-pr.yml']) {
      expect(byName(name), name).toMatch(/^concurrency:\n {2}group: .*github\.event\.pull_request\.number/m);
    }
  });

  it('test on Node 20, 22 and 24', () => {
    expect(byName('ci.yml')).toMatch(/node: \[20, 22, 24\]/);
  });

  it('open a baseline pull request with the diff from a file, not the command line', () => {
    const text = byName('baselines.yml');
    expect(text).toMatch(/branches: \['release\/\*\*'\]/);
    expect(text).toMatch(/workflow_dispatch:/);
    expect(text).toMatch(/perf:update > "\$RUNNER_TEMP\/memgate-update.txt"/);
    expect(text).toMatch(/gh pr create .*--body-file "\$body"/);
  });
});

describe('action.yml', () => {
  const action = readFileSync(new URL('action.yml', root), 'utf8');

  it('runs the committed bundle on node24', () => {
    expect(action).toMatch(/^runs:\n {2}using: node24\n {2}main: dist\/index.js$/m);
  });

  it('declares the documented inputs and outputs', () => {
    for (const input of [
      'working-directory',
      'config',
      'mode',
      'comment',
      'fail-on-regression',
      'github-token',
      'id',
      'report',
      'pr-number',
      'max-report-bytes',
      'node',
    ]) {
      expect(action, input).toMatch(new RegExp(`^ {2}${input}:$`, 'm'));
    }
    for (const output of ['status', 'regressed', 'report-path', 'comment-id', 'node-version'])
      expect(action, output).toMatch(new RegExp(`^ {2}${output}:$`, 'm'));
    expect(action).toMatch(/default: \$\{\{ github.token \}\}/);
  });
});
