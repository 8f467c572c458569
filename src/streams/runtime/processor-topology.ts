import type { StateStore } from '../processor/state-store.js';
import type { ProcessorNode } from './processor-node.js';
import { SinkNode } from './sink-node.js';
import type { SourceNode } from './source-node.js';

/**
 * The processor graph of one task, built fresh for it from the topology (Kafka Streams'
 * `ProcessorTopology`): nodes in topological order, sources by topic, the task's stores.
 */
export class ProcessorTopology {
  constructor(
    /** every node (sources, processors, sinks) in the order they were added to the topology */
    readonly processors: readonly ProcessorNode[],
    /** source nodes by (decorated) topic name */
    readonly sourcesByTopic: ReadonlyMap<string, SourceNode>,
    /** pattern sources: full-match regex, the pattern text, and the node */
    readonly patternSources: readonly { readonly regex: RegExp; readonly pattern: string; readonly node: SourceNode }[],
    /** the task's own stores in initialization order */
    readonly stateStores: readonly StateStore[],
    /** global stores, shared by every task */
    readonly globalStateStores: ReadonlyMap<string, StateStore>,
    readonly storeToChangelogTopic: ReadonlyMap<string, string>,
    /** decorated names of the repartition topics this graph reads or writes */
    readonly repartitionTopics: ReadonlySet<string>,
  ) {}

  sourceTopics(): string[] {
    return [...this.sourcesByTopic.keys()];
  }

  /** static topics written by sinks (decorated for internal topics) */
  sinkTopics(): string[] {
    const topics = new Set<string>();
    for (const node of this.processors) if (node instanceof SinkNode && typeof node.topic === 'string') topics.add(node.topic);
    return [...topics];
  }

  /** the source node that reads `topic`: by name, then by pattern (full match), then by pattern text */
  sourceFor(topic: string): SourceNode | undefined {
    const exact = this.sourcesByTopic.get(topic);
    if (exact !== undefined) return exact;
    for (const p of this.patternSources) if (p.regex.test(topic) || p.pattern === topic) return p.node;
    return undefined;
  }

  isRepartitionTopic(topic: string): boolean {
    return this.repartitionTopics.has(topic);
  }

  hasPersistentStores(): boolean {
    return this.stateStores.some((s) => s.persistent());
  }
}
