import type {
  GlobalStoreDescription,
  NodeDescription,
  ProcessorDescription,
  SinkDescription,
  SourceDescription,
  SubtopologyDescription,
  TopologyDescription,
} from '../topology-description.js';
import { JavaTreeSet, javaCollectionString, javaHashSetCopyOrder, javaHashSetOrder } from './java-ordering.js';

/** What the description needs to know of one node of the topology. */
export type DescribedNode =
  | { kind: 'source'; name: string; topics: readonly string[]; pattern: RegExp | null }
  | { kind: 'processor'; name: string; predecessors: readonly string[]; stores: readonly string[] }
  | { kind: 'sink'; name: string; predecessors: readonly string[]; topic: string | null; extractorName: string };

export interface DescribedGroup {
  id: number;
  /** node names in the order they were added to the topology */
  nodes: readonly string[];
  /** the global source of a global-store group, if it is one */
  globalSource: string | null;
}

// Mutable node while the description is assembled; `size` is the size of the sub-graph below the
// node, which orders nodes in Kafka's print-out (bigger first, then by name).
class Node {
  size = 1;
  readonly predecessors = new JavaTreeSet<Node>(compareNodes);
  readonly successors = new JavaTreeSet<Node>(compareNodes);
  constructor(readonly spec: DescribedNode) {}
  get name(): string {
    return this.spec.name;
  }
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareNodes(a: Node, b: Node): number {
  if (a === b) return 0;
  if (a.size !== b.size) return b.size - a.size;
  return compareStrings(a.name, b.name);
}

function updateSize(node: Node, delta: number): void {
  node.size += delta;
  for (const p of node.predecessors) updateSize(p, delta);
}

function nodeNames(nodes: Iterable<{ name: string }>): string {
  const names = [...nodes].map((n) => n.name);
  return names.length === 0 ? 'none' : names.join(', ');
}

function topicsString(spec: Extract<DescribedNode, { kind: 'source' }>): string {
  if (spec.topics.length === 0 && spec.pattern !== null) return spec.pattern.source;
  return javaCollectionString(javaHashSetCopyOrder(spec.topics));
}

function storesOrder(stores: readonly string[]): string[] {
  return javaHashSetCopyOrder(javaHashSetOrder(stores));
}

function nodeString(spec: DescribedNode, predecessors: Iterable<{ name: string }>, successors: Iterable<{ name: string }>): string {
  switch (spec.kind) {
    case 'source':
      return `Source: ${spec.name} (topics: ${topicsString(spec)})\n      --> ${nodeNames(successors)}`;
    case 'processor':
      return (
        `Processor: ${spec.name} (stores: ${javaCollectionString(storesOrder(spec.stores))})\n` +
        `      --> ${nodeNames(successors)}\n      <-- ${nodeNames(predecessors)}`
      );
    case 'sink':
      return spec.topic !== null
        ? `Sink: ${spec.name} (topic: ${spec.topic})\n      <-- ${nodeNames(predecessors)}`
        : `Sink: ${spec.name} (extractor class: ${spec.extractorName})\n      <-- ${nodeNames(predecessors)}`;
  }
}

/** Freezes the mutable graph into the public description objects (predecessor/successor lists in print order). */
function freeze(nodes: readonly Node[]): NodeDescription[] {
  const out = new Map<Node, NodeDescription & { predecessors: NodeDescription[]; successors: NodeDescription[] }>();
  for (const n of nodes) {
    const base = { name: n.name, predecessors: [] as NodeDescription[], successors: [] as NodeDescription[] };
    const text = nodeString(n.spec, n.predecessors, n.successors);
    let d: NodeDescription & { predecessors: NodeDescription[]; successors: NodeDescription[] };
    switch (n.spec.kind) {
      case 'source':
        d = {
          ...base,
          kind: 'source',
          topics: n.spec.topics.length === 0 ? null : javaHashSetCopyOrder(n.spec.topics),
          topicPattern: n.spec.pattern,
          toString: () => text,
        } as SourceDescription & typeof base;
        break;
      case 'processor':
        d = { ...base, kind: 'processor', stores: storesOrder(n.spec.stores), toString: () => text } as ProcessorDescription & typeof base;
        break;
      case 'sink':
        d = { ...base, kind: 'sink', topic: n.spec.topic, toString: () => text } as SinkDescription & typeof base;
        break;
    }
    out.set(n, d);
  }
  for (const [n, d] of out) {
    for (const p of n.predecessors) d.predecessors.push(out.get(p)!);
    for (const s of n.successors) d.successors.push(out.get(s)!);
  }
  return nodes.map((n) => out.get(n)!);
}

function describeSubtopology(group: DescribedGroup, specs: ReadonlyMap<string, DescribedNode>): SubtopologyDescription {
  // Java walks a HashMap of the group's nodes; the walk order decides how sub-graph sizes grow
  // while nodes are linked, which (through TreeSets) decides the printed order of arrows.
  const byName = new Map<string, Node>();
  for (const name of javaHashSetOrder(group.nodes)) byName.set(name, new Node(specs.get(name)!));
  for (const node of byName.values()) {
    if (node.spec.kind === 'source') continue;
    for (const predName of node.spec.predecessors) {
      const pred = byName.get(predName)!;
      node.predecessors.add(pred);
      pred.successors.add(node);
      updateSize(pred, node.size);
    }
  }
  const ordered = [...byName.values()].sort(compareNodes);
  const nodes = freeze(ordered);
  const text = `Sub-topology: ${group.id}\n${ordered.map((n, i) => `    ${nodes[i]!.toString()}\n`).join('')}\n`;
  return { id: group.id, nodes, toString: () => text } as SubtopologyDescription;
}

function describeGlobalStore(group: DescribedGroup, specs: ReadonlyMap<string, DescribedNode>): GlobalStoreDescription {
  const sourceName = group.globalSource!;
  const rest = javaHashSetOrder(group.nodes).filter((n) => n !== sourceName);
  const sourceSpec = specs.get(sourceName) as Extract<DescribedNode, { kind: 'source' }>;
  const processorSpec = specs.get(rest[0]!) as Extract<DescribedNode, { kind: 'processor' }>;
  const storeName = javaHashSetOrder(processorSpec.stores)[0]!;
  const source = new Node({ kind: 'source', name: sourceName, topics: [sourceSpec.topics[0]!], pattern: null });
  const processor = new Node({ kind: 'processor', name: processorSpec.name, predecessors: [sourceName], stores: [storeName] });
  source.successors.add(processor);
  processor.predecessors.add(source);
  const [s, p] = freeze([source, processor]) as [SourceDescription, ProcessorDescription];
  const text = `Sub-topology: ${group.id} for global store (will not generate tasks)\n    ${s.toString()}\n    ${p.toString()}\n`;
  return { id: group.id, source: s, processor: p, toString: () => text } as GlobalStoreDescription;
}

/** Builds the description of a topology from its node groups, printing like Kafka Streams. */
export function describeTopology(groups: readonly DescribedGroup[], specs: ReadonlyMap<string, DescribedNode>): TopologyDescription {
  const subtopologies: SubtopologyDescription[] = [];
  const globalStores: GlobalStoreDescription[] = [];
  for (const group of groups) {
    if (group.globalSource !== null) globalStores.push(describeGlobalStore(group, specs));
    else subtopologies.push(describeSubtopology(group, specs));
  }
  subtopologies.sort((a, b) => a.id - b.id);
  globalStores.sort((a, b) => a.id - b.id);
  const render = (): string => {
    let sb = 'Topologies:\n ';
    let si = 0;
    let gi = 0;
    let expectedId = 0;
    while (si < subtopologies.length && gi < globalStores.length) {
      sb += '  ';
      if (subtopologies[si]!.id === expectedId) sb += subtopologies[si++]!.toString();
      else sb += globalStores[gi++]!.toString();
      expectedId++;
    }
    while (si < subtopologies.length) sb += '  ' + subtopologies[si++]!.toString();
    while (gi < globalStores.length) sb += '  ' + globalStores[gi++]!.toString();
    return sb;
  };
  const text = render();
  return { subtopologies, globalStores, toString: () => text };
}
