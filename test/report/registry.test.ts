import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIO } from '../../harness/cli/io.js';
import { MemgateError } from '../../harness/errors.js';
import { parseReporterSpecs, writeReports } from '../../harness/report/registry.js';
import { renderJson } from '../../harness/report/json.js';
import { Report } from '../../harness/model/report.js';
import { regressionReport } from './fixtures.js';

function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MemgateError);
    expect((error as MemgateError).code).toBe('USAGE');
    return (error as MemgateError).message;
  }
  throw new Error('expected a USAGE error');
}

describe('parseReporterSpecs', () => {
  it('defaults to the terminal reporter on stdout', () => {
    expect(parseReporterSpecs(undefined, undefined)).toEqual([{ name: 'terminal', outfile: undefined }]);
  });

  it('takes repeated reporters with their own files', () => {
    expect(parseReporterSpecs(['terminal', 'json:report.json', 'markdown:out/comment.md'], undefined)).toEqual([
      { name: 'terminal', outfile: undefined },
      { name: 'json', outfile: 'report.json' },
      { name: 'markdown', outfile: 'out/comment.md' },
    ]);
    expect(parseReporterSpecs('junit:C:\\ci\\junit.xml', undefined)).toEqual([
      { name: 'junit', outfile: 'C:\\ci\\junit.xml' },
    ]);
  });

  it('gives --outfile to the one non-terminal reporter without a file', () => {
    expect(parseReporterSpecs(['terminal', 'json'], 'report.json')).toEqual([
      { name: 'terminal', outfile: undefined },
      { name: 'json', outfile: 'report.json' },
    ]);
    expect(parseReporterSpecs(['json:a.json', 'markdown'], 'b.md')).toEqual([
      { name: 'json', outfile: 'a.json' },
      { name: 'markdown', outfile: 'b.md' },
    ]);
  });

  it('rejects unknown reporters, ambiguous or useless --outfile, and clashing targets', () => {
    expect(usageError(() => parseReporterSpecs('xml', undefined))).toBe(
      'unknown reporter "xml" — expected one of terminal, json, markdown, junit, html, csv, openmetrics',
    );
    expect(usageError(() => parseReporterSpecs(['json', 'markdown'], 'x'))).toContain(
      '--outfile x is ambiguous: 2 reporters (json, markdown) have no file',
    );
    expect(usageError(() => parseReporterSpecs(undefined, 'x.json'))).toContain(
      '--outfile x.json: no reporter to write it',
    );
    expect(usageError(() => parseReporterSpecs(['terminal', 'json'], undefined))).toContain(
      'would all print to stdout — give all but one a file, e.g. --reporter json:report.json',
    );
    expect(usageError(() => parseReporterSpecs(['json:r.out', 'junit:r.out'], undefined))).toBe(
      '--reporter: json and junit both write r.out — give each its own file',
    );
    expect(usageError(() => parseReporterSpecs('markdown:', undefined))).toContain(
      'expected a file after the colon, e.g. --reporter markdown:report.md',
    );
  });
});

describe('writeReports', () => {
  let dir: string;
  let stdout: string;

  function io(env: Record<string, string> = {}, isTTY = false): CliIO {
    return {
      argv: [],
      cwd: dir,
      env,
      stdout: { write: (chunk: string) => (stdout += chunk), isTTY },
      stderr: { write: () => true },
    };
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'memgate-report-'));
    stdout = '';
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes each reporter to its file (parents created, relative to cwd) and leaves no temp file', async () => {
    const specs = parseReporterSpecs(
      ['terminal', 'json:out/deep/report.json', 'markdown:comment.md', 'junit:out/junit.xml'],
      undefined,
    );
    await writeReports(regressionReport, specs, io());
    expect(stdout).toContain('memgate compare: error');
    const json = await readFile(join(dir, 'out/deep/report.json'), 'utf8');
    expect(Report.parse(JSON.parse(json))).toEqual(regressionReport);
    expect(json).toBe(renderJson(regressionReport));
    expect(json.endsWith('}\n')).toBe(true);
    expect((await readFile(join(dir, 'comment.md'), 'utf8')).startsWith('### ⚠️ memgate compare: error')).toBe(true);
    expect((await readFile(join(dir, 'out/junit.xml'), 'utf8')).startsWith('<?xml')).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(['comment.md', 'out']);
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(['deep', 'junit.xml']);
    expect(await readdir(join(dir, 'out/deep'))).toEqual(['report.json']);
  });

  it('colours the terminal only on a TTY without NO_COLOR, never in files', async () => {
    await writeReports(regressionReport, parseReporterSpecs(undefined, undefined), io({}, true));
    expect(stdout).toContain('\u001b[');
    stdout = '';
    await writeReports(regressionReport, parseReporterSpecs(undefined, undefined), io({ NO_COLOR: '1' }, true));
    expect(stdout).not.toContain('\u001b[');
    await writeReports(regressionReport, parseReporterSpecs(undefined, undefined), io({}, false));
    expect(stdout).not.toContain('\u001b[');
    await writeReports(
      regressionReport,
      parseReporterSpecs('terminal:out.txt', undefined),
      io({ FORCE_COLOR: '1' }, true),
    );
    expect(await readFile(join(dir, 'out.txt'), 'utf8')).not.toContain('\u001b[');
  });

  it('fails with an IO error naming the file, and cleans up its temp file', async () => {
    await mkdir(join(dir, 'taken.json'));
    const failing = writeReports(regressionReport, parseReporterSpecs('json:taken.json', undefined), io());
    await expect(failing).rejects.toMatchObject({
      code: 'IO',
      message: expect.stringContaining(`${join(dir, 'taken.json')}: cannot write the json report`),
    });
    expect(await readdir(dir)).toEqual(['taken.json']);
  });

  it('refuses to write a report that breaks the JSON contract', () => {
    const broken = { ...regressionReport, status: 'maybe' } as unknown as Report;
    expect(() => renderJson(broken)).toThrow(/does not match schema version 1 at status/);
  });
});
