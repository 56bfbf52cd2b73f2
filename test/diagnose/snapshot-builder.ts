// Builds small, exact `.heapsnapshot` texts in V8's format for unit tests.
export interface TestNode {
  readonly type: string;
  readonly name: string;
  readonly id: number;
  readonly size: number;
  readonly edges?: ReadonlyArray<{ readonly type: string; readonly name: string | number; readonly to: number }>;
}

const NODE_TYPES = [
  'hidden',
  'array',
  'string',
  'object',
  'code',
  'closure',
  'regexp',
  'number',
  'native',
  'synthetic',
  'concatenated string',
  'sliced string',
  'symbol',
  'bigint',
  'object shape',
];
const EDGE_TYPES = ['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'];
const NODE_FIELDS = ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'];

/** A snapshot text: `to` in edges is a node ordinal (converted to V8's array offset). */
export function buildSnapshot(nodes: readonly TestNode[], extraStrings: readonly string[] = []): string {
  const strings = ['<dummy>', ...extraStrings];
  const intern = (text: string): number => {
    const at = strings.indexOf(text);
    if (at >= 0) return at;
    strings.push(text);
    return strings.length - 1;
  };
  const nodeRows: number[][] = [];
  const edgeRows: number[][] = [];
  for (const node of nodes) {
    nodeRows.push([
      NODE_TYPES.indexOf(node.type),
      intern(node.name),
      node.id,
      node.size,
      node.edges?.length ?? 0,
      0,
      0,
    ]);
    for (const edge of node.edges ?? []) {
      const name =
        edge.type === 'element' || edge.type === 'hidden' ? (edge.name as number) : intern(String(edge.name));
      edgeRows.push([EDGE_TYPES.indexOf(edge.type), name, edge.to * NODE_FIELDS.length]);
    }
  }
  const meta = {
    node_fields: NODE_FIELDS,
    node_types: [NODE_TYPES, 'string', 'number', 'number', 'number', 'number', 'number'],
    edge_fields: ['type', 'name_or_index', 'to_node'],
    edge_types: [EDGE_TYPES, 'string_or_number', 'node'],
    trace_function_info_fields: [],
    trace_node_fields: [],
    sample_fields: [],
    location_fields: [],
  };
  const header = JSON.stringify({
    meta,
    node_count: nodes.length,
    edge_count: edgeRows.length,
    trace_function_count: 0,
  });
  return [
    `{"snapshot":${header},`,
    `"nodes":[${nodeRows.map((row) => row.join(',')).join('\n,')}],`,
    `"edges":[${edgeRows.map((row) => row.join(',')).join('\n,')}],`,
    '"trace_function_infos":[],\n"trace_tree":[],\n"samples":[],\n"locations":[1,2,3,4],',
    `"strings":[${strings.map((text) => JSON.stringify(text)).join(',\n')}]}`,
  ].join('\n');
}

/**
 * A tiny heap: root → (GC roots) → global → cache (Map) → Session × n, plus
 * a weak edge straight to the last Session that the path search must ignore.
 */
export function sessionHeap(sessions: number, firstId = 100): TestNode[] {
  const sessionNodes: TestNode[] = Array.from({ length: sessions }, (_, i) => ({
    type: 'object',
    name: 'Session',
    id: firstId + 2 * i,
    size: 40,
  }));
  const sessionStart = 5;
  return [
    {
      type: 'synthetic',
      name: '',
      id: 1,
      size: 0,
      edges: [
        { type: 'element', name: 1, to: 1 },
        { type: 'weak', name: 'probe', to: sessionStart + Math.max(0, sessions - 1) },
      ],
    },
    { type: 'synthetic', name: '(GC roots)', id: 3, size: 0, edges: [{ type: 'element', name: 7, to: 2 }] },
    {
      type: 'object',
      name: 'global',
      id: 5,
      size: 64,
      edges: [
        { type: 'property', name: 'cache', to: 3 },
        { type: 'property', name: 'greeting', to: 4 },
      ],
    },
    {
      type: 'object',
      name: 'Map',
      id: 7,
      size: 32,
      edges: sessionNodes.map((_, i) => ({ type: 'element' as const, name: i, to: sessionStart + i })),
    },
    { type: 'string', name: 'héllo "wörld"\n', id: 9, size: 24 },
    ...sessionNodes,
  ];
}
