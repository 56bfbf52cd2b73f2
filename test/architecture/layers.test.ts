import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { LAYERS, importCycles, readImportEdges, unitOf, upwardImports } from './import-graph.js';

const HARNESS = fileURLToPath(new URL('../../harness/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'memgate-layers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(scratch, 'tree-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

describe('harness/ imports point down', () => {
  const edges = readImportEdges(HARNESS);

  it('reads the real graph (a parser that finds nothing would pass anything)', () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(edges).toContainEqual({ from: 'pipeline/watched-repeat.ts', to: 'runner/repeat.ts' });
    expect(edges).toContainEqual({ from: 'runner/process-repeat.ts', to: 'runner/supervisor.ts' });
  });

  it('names every folder of harness/ in the layer table', () => {
    const units = new Set(edges.flatMap((edge) => [unitOf(edge.from), unitOf(edge.to)]));
    const known = new Set(LAYERS.flat());
    expect([...units].filter((unit) => !known.has(unit))).toEqual([]);
  });

  it('has no import into a higher layer', () => {
    expect(upwardImports(edges)).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(importCycles(edges)).toEqual([]);
  });
});

describe('the checker', () => {
  it('catches an upward import and a same-layer neighbour', () => {
    const root = tree({
      'model/report.ts': "import { x } from '../report/render.js';\nexport const y = x;\n",
      'report/render.ts': 'export const x = 1;\n',
      'cli/main.ts': "import { z } from '../github/action.js';\nexport const w = z;\n",
      'github/action.ts': 'export const z = 1;\n',
    });
    expect(upwardImports(readImportEdges(root))).toEqual([
      'cli/main.ts -> github/action.ts: github is not below cli',
      'model/report.ts -> report/render.ts: report is not below model',
    ]);
  });

  it('catches a cycle inside one folder, through dynamic imports too', () => {
    const root = tree({
      'metrics/a.ts': "import { b } from './b.js';\nexport const a = b;\n",
      'metrics/b.ts': "export const b = 1;\nexport const load = () => import('./c.js');\n",
      'metrics/c.ts': "import { a } from './a.js';\nexport const c = a;\n",
    });
    expect(importCycles(readImportEdges(root))).toEqual([['metrics/a.ts', 'metrics/b.ts', 'metrics/c.ts']]);
  });

  it('passes a tree whose imports all point down', () => {
    const root = tree({
      'cli/main.ts': "import { run } from '../pipeline/run.js';\nexport const main = run;\n",
      'pipeline/run.ts': "import type { Report } from '../model/report.js';\nexport const run = (r: Report) => r;\n",
      'model/report.ts': 'export type Report = { ok: boolean };\n',
    });
    const edges = readImportEdges(root);
    expect(edges).toHaveLength(2);
    expect(upwardImports(edges)).toEqual([]);
    expect(importCycles(edges)).toEqual([]);
  });
});
