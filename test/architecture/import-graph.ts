// Reads the import graph of harness/ and checks it against the layer table
// in docs/architecture.md: a module may import its own folder or a folder of
// a lower layer, never a higher one, and no chain of imports may come back to
// where it started. Plain text parsing: every import in harness/ is a static
// `import ... from './x.js'`, `export ... from` or `import('./x.js')`.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';

/**
 * Layers, lowest first. A folder (or a root file) may import only from its
 * own folder and from lower layers. Folders that share a layer may not
 * import each other.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['model', 'errors.ts', 'version.ts'],
  ['stats', 'units'],
  ['fs'],
  ['config'],
  ['bench'],
  ['sampler'],
  ['probe'],
  ['metrics'],
  ['baseline'],
  ['compare'],
  ['workload'],
  ['runner'],
  ['diagnose', 'git'],
  ['pipeline'],
  ['soak'],
  ['report'],
  ['history'],
  ['cli', 'github', 'matchers'],
  ['index.ts', 'api.ts', 'vitest.ts'],
];

export interface ImportEdge {
  readonly from: string;
  readonly to: string;
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** Every relative import between .ts files under `root`, as paths relative to `root`. */
export function readImportEdges(root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of listTypeScript(root)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const spec = match[1] ?? match[2] ?? '';
      const target = normalize(join(dirname(file), spec)).replace(/\.js$/, '.ts');
      edges.push({ from: toPosix(relative(root, file)), to: toPosix(relative(root, target)) });
    }
  }
  return edges;
}

/** The unit a layer names: the first folder, or the file itself at the root. */
export function unitOf(path: string): string {
  return path.split('/')[0] ?? path;
}

export function layerOf(path: string): number {
  const unit = unitOf(path);
  const index = LAYERS.findIndex((layer) => layer.includes(unit));
  return index;
}

/** Imports into a higher layer, a same-layer neighbour, or a folder the table does not know. */
export function upwardImports(edges: readonly ImportEdge[]): string[] {
  const problems: string[] = [];
  for (const { from, to } of edges) {
    if (unitOf(from) === unitOf(to)) continue;
    const source = layerOf(from);
    const target = layerOf(to);
    if (source < 0 || target < 0) problems.push(`${from} -> ${to}: folder missing from LAYERS`);
    else if (target >= source) problems.push(`${from} -> ${to}: ${unitOf(to)} is not below ${unitOf(from)}`);
  }
  return problems;
}

/** Each import cycle once, as the files on it (Tarjan's strongly connected components). */
export function importCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const target of next.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(node, Math.min(low.get(node)!, index.get(target)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || next.get(node)?.includes(node)) cycles.push(component.sort());
  };
  for (const node of next.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

function listTypeScript(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listTypeScript(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}
