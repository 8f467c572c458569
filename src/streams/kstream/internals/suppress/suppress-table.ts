import type { StateStore } from '../../../processor/state-store.js';
import type { StoreBuilder } from '../../../../state/store-builder.js';
import type { Serde } from '../../../serdes/serde.js';
import type { Suppressed } from '../../suppressed.js';
import { KTable } from '../../ktable.js';
import type { DslStoreSuppliers } from '../dsl-stores.js';
import type { StoreFactory } from '../store-materializer.js';
import { ProcessorParameters, type GraphNode } from '../graph/graph-node.js';
import { StatefulProcessorNode } from '../graph/processor-nodes.js';
import { KTableSuppressSupplier } from './ktable-suppress.js';
import { suppressionBufferBuilder } from './suppression-buffer.js';

const SUPPRESS = 'KTABLE-SUPPRESS-';

class SuppressionBufferFactory implements StoreFactory {
  private loggingDisabled = false;
  constructor(
    readonly name: string,
    private readonly keySerde: Serde<unknown> | undefined,
    private readonly valueSerde: Serde<unknown> | undefined,
  ) {}

  withLoggingDisabled(): void {
    this.loggingDisabled = true;
  }

  build(_suppliers: DslStoreSuppliers): StoreBuilder<StateStore> {
    const b = suppressionBufferBuilder(this.name, this.keySerde, this.valueSerde);
    if (this.loggingDisabled) b.withLoggingDisabled();
    return b;
  }
}

/**
 * How long after its end a window closes, from the windowed aggregation above `node` (Kafka
 * Streams' `GraphGraceSearchUtil`): the smallest over all paths; an error when there is none.
 */
export function findWindowGrace(node: GraphNode): number {
  const visit = (n: GraphNode, seen: Set<GraphNode>): number | undefined => {
    if (seen.has(n)) return undefined;
    seen.add(n);
    const supplier = (n as Partial<{ processorParameters: ProcessorParameters }>).processorParameters?.supplier as Partial<{ windowGraceMs: number }> | undefined;
    if (supplier && typeof supplier.windowGraceMs === 'number') return supplier.windowGraceMs;
    let found: number | undefined;
    for (const p of n.parents) {
      const g = visit(p, seen);
      if (g !== undefined) found = found === undefined ? g : Math.min(found, g);
    }
    return found;
  };
  const grace = visit(node, new Set());
  if (grace === undefined) {
    throw new Error('suppress(untilWindowCloses) needs a windowed aggregation upstream (its grace period decides when windows close)');
  }
  return grace;
}

/** `KTable.suppress` (Kafka Streams' `KTableImpl.suppress`). */
export function suppressTable<K, V>(table: KTable<K, V>, suppressed: Suppressed): KTable<K, V> {
  const builder = table.parts.builder;
  const name = suppressed.name ?? builder.newProcessorName(SUPPRESS);
  const storeName = suppressed.name !== undefined ? `${suppressed.name}-store` : builder.newStoreName(SUPPRESS);
  const duration = suppressed.until === 'windowCloses' ? findWindowGrace(table.parts.graphNode) : suppressed.timeLimitMs!;
  const supplier = new KTableSuppressSupplier(suppressed, duration, storeName, table);
  const node = new StatefulProcessorNode(name, new ProcessorParameters(supplier, name), {
    storeFactory: new SuppressionBufferFactory(storeName, table.parts.keySerde as Serde<unknown> | undefined, table.parts.valueSerde as Serde<unknown> | undefined),
  });
  builder.addGraphNode(table.parts.graphNode, node);
  return new KTable<K, V>({ ...table.parts, name, subTopologySourceNodes: new Set([table.parts.name]), graphNode: node }, supplier, undefined);
}
