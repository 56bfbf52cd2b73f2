// `memgate update` through main(): refused on a pull-request event, honoured
// with --force, printing a diff and the one-line summary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../harness/cli/main.js';
import { runCli } from './run-cli.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/compare/project/', import.meta.url));
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'memgate-update-'));
  await cp(FIXTURE, dir, { recursive: true });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('memgate update', () => {
  it('is refused on a pull_request event and on other branches, and --force re-records a corrupt baseline with a diff', async () => {
    const baselineFile = path.join(dir, 'baselines', 'tiny.json');
    const corrupt = '{"schemaVersion": 7}\n';
    await mkdir(path.dirname(baselineFile), { recursive: true });
    await writeFile(baselineFile, corrupt);

    const onPr = await runCli(main, dir, ['update'], { GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF_NAME: 'main' });
    expect(onPr.code).toBe(2);
    expect(onPr.stderr).toMatch(/^memgate: update refused: baselines are not updated on a pull_request event/);
    const offBranch = await runCli(main, dir, ['update'], { GITHUB_REF_NAME: 'feature/x' });
    expect(offBranch.code).toBe(2);
    expect(offBranch.stderr).toContain('branch "feature/x" does not match update.branches (main)');
    expect(await readFile(baselineFile, 'utf8')).toBe(corrupt);

    // On main without --force, the corrupt baseline still stops the update untouched.
    const unforced = await runCli(main, dir, ['update'], { GITHUB_REF_NAME: 'main' });
    expect(unforced.code).toBe(2);
    expect(unforced.stderr).toContain('schemaVersion: expected 1, found 7');
    expect(await readFile(baselineFile, 'utf8')).toBe(corrupt);

    const forced = await runCli(main, dir, ['update', '--force'], { GITHUB_EVENT_NAME: 'pull_request' });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain('baselines/tiny.json added');
    expect(forced.stdout).toMatch(/^ {2}\+ alloc\.perOp: [\d.]+ KB\/op \(± [\d.]+ K?B\/op\)$/m);
    expect(forced.stdout.trimEnd().split('\n').at(-1)).toBe('memgate: updated 0 baselines, added 1, unchanged 0');
    const written = JSON.parse(await readFile(baselineFile, 'utf8'));
    expect(written.schemaVersion).toBe(1);
    expect(written.metrics['alloc.perOp'].samples).toHaveLength(3);
  });
});
