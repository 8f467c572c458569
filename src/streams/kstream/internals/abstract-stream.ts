import type { Serde } from '../../serdes/serde.js';
import type { GraphNode } from './graph/graph-node.js';
import type { InternalStreamsBuilder } from './internal-streams-builder.js';

/** What every DSL object holds: its node, name, serdes and the sources of its sub-topology. */
export interface StreamParts<K, V> {
  readonly name: string;
  readonly keySerde: Serde<K> | undefined;
  readonly valueSerde: Serde<V> | undefined;
  readonly subTopologySourceNodes: ReadonlySet<string>;
  readonly graphNode: GraphNode;
  readonly builder: InternalStreamsBuilder;
}
