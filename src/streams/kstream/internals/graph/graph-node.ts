import type { Processor } from '../../../processor/processor.js';
import type { TopologyPort } from '../topology-port.js';

/** Something that makes a fresh processor per task; DSL suppliers also carry table metadata. */
export interface DslProcessorSupplier {
  get(): Processor<unknown, unknown, unknown, unknown>;
}

/** A processor's name and supplier (Kafka Streams' `ProcessorParameters`). */
export class ProcessorParameters {
  constructor(
    readonly supplier: DslProcessorSupplier,
    readonly processorName: string,
  ) {}

  addProcessorTo(topology: TopologyPort, parentNames: readonly string[]): void {
    const supplier = this.supplier;
    topology.addProcessor(this.processorName, () => supplier.get(), parentNames);
  }
}

export type GraphNodeLabel = 'NULL_KEY_RELAXED_JOIN';

/**
 * A node of the DSL graph (Kafka Streams' `GraphNode`). Every DSL call adds one; `build()` lets the
 * optimizer rewrite the graph, then writes each node into the topology in build-priority order.
 */
export abstract class GraphNode {
  private readonly childNodes = new Set<GraphNode>();
  private readonly parentNodeSet = new Set<GraphNode>();
  readonly labels = new Set<GraphNodeLabel>();
  keyChangingOperation = false;
  valueChangingOperation = false;
  mergeNode = false;
  buildPriority = -1;
  hasWrittenToTopology = false;
  /** set on windowed aggregations: the grace after which their windows close (suppression reads it) */
  windowCloseDelayMs: number | undefined;

  constructor(readonly nodeName: string) {}

  get parents(): readonly GraphNode[] {
    return [...this.parentNodeSet];
  }

  get children(): readonly GraphNode[] {
    return [...this.childNodes];
  }

  parentNodeNames(): string[] {
    return this.parents.map((p) => p.nodeName);
  }

  allParentsWrittenToTopology(): boolean {
    for (const p of this.parentNodeSet) if (!p.hasWrittenToTopology) return false;
    return true;
  }

  addChild(child: GraphNode): void {
    this.childNodes.add(child);
    child.parentNodeSet.add(this);
  }

  removeChild(child: GraphNode): boolean {
    const removed = this.childNodes.delete(child);
    if (removed) child.parentNodeSet.delete(this);
    return removed;
  }

  clearChildren(): void {
    for (const c of this.childNodes) c.parentNodeSet.delete(this);
    this.childNodes.clear();
  }

  abstract writeToTopology(topology: TopologyPort): void;

  toString(): string {
    return `${this.constructor.name}(${this.nodeName})`;
  }
}

/** The invisible root every source hangs from. */
export class RootNode extends GraphNode {
  constructor() {
    super('root');
  }

  writeToTopology(): void {}
}
