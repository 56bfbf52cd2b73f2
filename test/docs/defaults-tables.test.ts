// The defaults tables in README.md and docs/comparison.md are what users read
// to know when memgate fails a build; they drifted from the code once. Each
// row's relative threshold and "gates by default" must match DEFAULT_RULES.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../harness/compare/defaults.js';

interface Row {
  readonly ids: string[];
  readonly relatives: number[];
  readonly gates: boolean;
}

// Expands `gc.count*` and `heap.*.peak` against the rule ids; `a/b` shorthands are skipped.
function expand(pattern: string): string[] {
  if (!pattern.includes('*')) return pattern in DEFAULT_RULES ? [pattern] : [];
  const regex = new RegExp(`^${pattern.replace(/\./g, '\\.').replace(/\*/g, '[^]*')}$`);
  return Object.keys(DEFAULT_RULES).filter((id) => regex.test(id));
}

function readRows(file: string): Row[] {
  const text = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
  const table = text.slice(text.indexOf('| metric | relative | floor | rank test | gates by default |'));
  const lines = table.split('\n').slice(2);
  const rows: Row[] = [];
  for (const line of lines) {
    if (!line.startsWith('|')) break;
    const cells = line.split('|').map((cell) => cell.trim());
    const ids = [...(cells[1] ?? '').matchAll(/`([^`]+)`/g)].flatMap((match) => expand(match[1] ?? ''));
    const relatives = [...(cells[2] ?? '').matchAll(/(\d+)%/g)].map((match) => Number(match[1]) / 100);
    rows.push({ ids, relatives, gates: /^\**yes/.test(cells[5] ?? '') });
  }
  return rows;
}

describe.each(['README.md', 'docs/comparison.md'])('%s defaults table', (file) => {
  const rows = readRows(file).filter((row) => row.ids.length > 0);

  it('lists the metrics that gate, with the relative thresholds of the code', () => {
    expect(rows.length).toBeGreaterThanOrEqual(8);
    for (const row of rows) {
      for (const id of row.ids) {
        const rule = DEFAULT_RULES[id];
        expect(row.relatives, `${file}: ${id}`).toContain(rule?.relative);
        expect(row.gates, `${file}: ${id} gates by default`).toBe(rule?.gate);
      }
    }
  });
});
