// docs/running.md's "Failure behaviour" table must be the corpus's table, and
// the corpus must hold what issue 12 asked of it.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from './case.js';
import { ALL_CASES } from './cases.js';
import { renderFailureTable, replaceFailureTable } from './table.js';

const DOC = fileURLToPath(new URL('../../docs/running.md', import.meta.url));

describe('failure corpus', () => {
  it('matches the Failure behaviour table in docs/running.md (regenerate with npx tsx scripts/gen-failure-table.ts)', async () => {
    const doc = await readFile(DOC, 'utf8');
    const table = renderFailureTable(ALL_CASES);
    expect(replaceFailureTable(doc, table)).toBe(doc);
  });

  it('has at least 60 cases with unique names, covering every category', () => {
    expect(ALL_CASES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(ALL_CASES.map((testCase) => testCase.name)).size).toBe(ALL_CASES.length);
    for (const category of CATEGORIES)
      expect(ALL_CASES.filter((testCase) => testCase.category === category).length, category).toBeGreaterThan(0);
  });

  it('keeps every defect of issue 12 covered by at least one case', () => {
    const covered = new Set(ALL_CASES.map((testCase) => testCase.defect).filter((defect) => defect !== undefined));
    expect([...covered].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });
});
