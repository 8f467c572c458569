import type { Serde } from '../../serdes/serde.js';
import type { NameProvider } from './name-provider.js';
import type { TopologyPort } from './topology-port.js';
import { GraphNode, ProcessorParameters, RootNode } from './graph/graph-node.js';
import { StreamSourceNode, TableSourceNode } from './graph/source-sink-nodes.js';
import { BaseRepartitionNode, OptimizableRepartitionNode } from './graph/repartition-nodes.js';
import { StreamStreamJoinNode, WindowedStreamProcessorNode } from './graph/stream-stream-join-node.js';
import { filterSupplier } from './processors/stream-processors.js';
import { createRepartitionParts } from './repartition.js';

const STATE_STORE = 'STATE-STORE-';

/** Which of Kafka Streams' topology optimizations are on (`topology.optimization`). */
export interface OptimizationFlags {
  reuseKTableSourceTopics: boolean;
  mergeRepartitionTopics: boolean;
  singleStoreSelfJoin: boolean;
}

export function parseOptimization(value: string | undefined): OptimizationFlags {
  const parts = new Set((value ?? 'none').split(',').map((s) => s.trim()));
  const all = parts.has('all');
  return {
    reuseKTableSourceTopics: all || parts.has('reuse.ktable.source.topics'),
    mergeRepartitionTopics: all || parts.has('merge.repartition.topics'),
    singleStoreSelfJoin: all || parts.has('single.store.self.join'),
  };
}

/**
 * The DSL graph and its name counter (Kafka Streams' `InternalStreamsBuilder`). Every DSL call adds a
 * node here; `buildAndOptimize` rewrites the graph and writes it into the topology.
 */
export class InternalStreamsBuilder implements NameProvider {
  private index = 0;
  private buildPriorityIndex = 0;
  readonly root: GraphNode = new RootNode();
  private readonly keyChangingToRepartitions = new Map<GraphNode, Set<OptimizableRepartitionNode>>();
  private readonly mergeNodes = new Set<GraphNode>();
  private readonly tableSourceNodes = new Set<TableSourceNode>();
  private built = false;
  private readonly copartitionGroups: Set<string>[] = [];
  private defaultValue: Serde<unknown> | undefined;

  /** the application's default value serde, when the topology was built with one */
  defaultValueSerde(): Serde<unknown> {
    if (!this.defaultValue) throw new Error('no value serde given and no default value serde configured');
    return this.defaultValue;
  }

  setDefaultValueSerde(serde: Serde<unknown> | undefined): void {
    this.defaultValue = serde;
  }

  newProcessorName(prefix: string): string {
    return prefix + String(this.index++).padStart(10, '0');
  }

  newStoreName(prefix: string): string {
    return prefix + STATE_STORE + String(this.index++).padStart(10, '0');
  }

  /** Records that these source processors must be co-partitioned; returns their union. */
  copartition(sourceSets: readonly ReadonlySet<string>[]): Set<string> {
    const all = new Set<string>();
    for (const set of sourceSets) for (const name of set) all.add(name);
    this.copartitionGroups.push(all);
    return all;
  }

  addGraphNode(parents: GraphNode | readonly GraphNode[], child: GraphNode): void {
    const list = Array.isArray(parents) ? parents : [parents as GraphNode];
    if (list.length === 0) throw new Error('a graph node needs a parent');
    for (const parent of list) {
      parent.addChild(child);
      this.registerForOptimization(child);
    }
  }

  private registerForOptimization(node: GraphNode): void {
    node.buildPriority = this.buildPriorityIndex++;
    if (node.keyChangingOperation) {
      this.keyChangingToRepartitions.set(node, new Set());
    } else if (node instanceof OptimizableRepartitionNode) {
      const keyChanger = this.keyChangingParentOf(node);
      if (keyChanger) this.keyChangingToRepartitions.get(keyChanger)?.add(node);
    } else if (node.mergeNode) {
      this.mergeNodes.add(node);
    } else if (node instanceof TableSourceNode) {
      this.tableSourceNodes.add(node);
    }
  }

  /** Rewrites the graph as configured, then writes every node into the topology. */
  buildAndOptimize(topology: TopologyPort, optimization: OptimizationFlags): void {
    if (this.built) throw new Error('a StreamsBuilder builds one topology; create a new builder');
    this.built = true;
    this.mergeDuplicateSourceNodes();
    if (optimization.reuseKTableSourceTopics) for (const n of this.tableSourceNodes) n.shouldReuseSourceTopicForChangelog = true;
    if (optimization.mergeRepartitionTopics) this.mergeRepartitionTopics();
    if (optimization.singleStoreSelfJoin) this.rewriteSingleStoreSelfJoins(this.root, new Set());
    this.rewriteRepartitionFilters();

    // write in build-priority order, each node once all its parents are written
    const queue: GraphNode[] = [this.root];
    while (queue.length > 0) {
      let best = 0;
      for (let i = 1; i < queue.length; i++) if (queue[i]!.buildPriority < queue[best]!.buildPriority) best = i;
      const node = queue.splice(best, 1)[0]!;
      if (node.allParentsWrittenToTopology() && !node.hasWrittenToTopology) {
        node.writeToTopology(topology);
        node.hasWrittenToTopology = true;
      }
      queue.push(...node.children);
    }
    for (const group of this.copartitionGroups) topology.copartitionSources([...group]);
  }

  /** A stream joined with itself keeps one window store and one processor (`single.store.self.join`). */
  private rewriteSingleStoreSelfJoins(node: GraphNode, visited: Set<GraphNode>): void {
    visited.add(node);
    if (node instanceof StreamStreamJoinNode && node.parents.length === 1) {
      const parent = node.parents[0]!;
      let left: GraphNode | undefined;
      let right: GraphNode | undefined;
      for (const child of parent.children) {
        if (!(child instanceof WindowedStreamProcessorNode) || child.buildPriority >= node.buildPriority) continue;
        if (child.processorParameters.processorName === node.parts.thisWindowed.processorName) left = child;
        else if (child.processorParameters.processorName === node.parts.otherWindowed.processorName) right = child;
      }
      if (left === undefined || right === undefined || left.buildPriority >= right.buildPriority) {
        throw new Error(`self-join ${node.nodeName}: expected the left windowed node before the right one`);
      }
      parent.removeChild(right);
      node.isSelfJoin = true;
    }
    for (const child of node.children) if (!visited.has(child)) this.rewriteSingleStoreSelfJoins(child, visited);
  }

  /** Two `stream()` calls on the same topics become one source node. */
  private mergeDuplicateSourceNodes(): void {
    const byTopic = new Map<string, StreamSourceNode>();
    const byPattern = new Map<string, StreamSourceNode>();
    for (const node of this.root.children) {
      if (!(node instanceof StreamSourceNode)) continue;
      if (node.pattern) {
        const key = `${node.pattern.source}/${node.pattern.flags}`;
        const main = byPattern.get(key);
        if (main) {
          main.merge(node);
          this.root.removeChild(node);
        } else {
          byPattern.set(key, node);
        }
        continue;
      }
      for (const topic of node.topics ?? []) {
        const main = byTopic.get(topic);
        if (!main) {
          byTopic.set(topic, node);
          continue;
        }
        if (main === node) continue;
        const same = main.topics!.length === node.topics!.length && main.topics!.every((t) => node.topics!.includes(t));
        if (!same) throw new Error('two source nodes are subscribed to overlapping but not equal input topics');
        main.merge(node);
        this.root.removeChild(node);
        break;
      }
    }
  }

  /**
   * Repartition filters drop null keys, unless a join downstream that accepts null keys (a left join
   * with a table or global table) needs them.
   */
  private rewriteRepartitionFilters(): void {
    const visited = new Set<GraphNode>();
    const relaxed = new Set<GraphNode>();
    const visit = (node: GraphNode): void => {
      if (visited.has(node)) return;
      for (const child of node.children) {
        visit(child);
        if (child.labels.has('NULL_KEY_RELAXED_JOIN') || relaxed.has(child)) relaxed.add(node);
      }
      visited.add(node);
    };
    visit(this.root);
    for (const node of visited) {
      if (node instanceof BaseRepartitionNode && !relaxed.has(node) && node.parts.processorParameters) {
        node.parts.processorParameters = new ProcessorParameters(
          filterSupplier((key) => key !== null && key !== undefined, false),
          node.parts.processorParameters.processorName,
        );
      }
    }
  }

  private mergeRepartitionTopics(): void {
    this.assignMergeNodesToRepartitions();
    for (const [keyChanger, repartitions] of [...this.keyChangingToRepartitions]) {
      if (repartitions.size === 0) continue;
      const list = [...repartitions];
      let keySerde = undefined;
      let valueSerde = undefined;
      for (const r of list) {
        keySerde ??= r.parts.keySerde;
        valueSerde ??= r.parts.valueSerde;
      }
      const topicName = list[0]!.repartitionTopic;
      const merged = new OptimizableRepartitionNode(createRepartitionParts(this, { prefix: topicName, keySerde, valueSerde }));
      merged.buildPriority = keyChanger.buildPriority;
      for (const toReplace of list) {
        const keyChangerChild = findParentMatching(toReplace, (n) => n.parents.includes(keyChanger));
        if (!keyChangerChild) throw new Error(`no child of the key changer ${keyChanger.nodeName} above ${toReplace.nodeName}`);
        merged.addChild(keyChangerChild);
        keyChanger.removeChild(keyChangerChild);
        const children = toReplace.children;
        const parents = toReplace.parents;
        for (const child of children) for (const parent of parents) parent.addChild(child);
        for (const parent of parents) parent.removeChild(toReplace);
        toReplace.clearChildren();
        for (const group of this.copartitionGroups) {
          if (group.delete(toReplace.nodeName)) group.add(merged.nodeName);
        }
      }
      keyChanger.addChild(merged);
      this.keyChangingToRepartitions.delete(keyChanger);
    }
  }

  /** Repartitions below a merge of re-keyed streams belong to the merge node, not to each key changer. */
  private assignMergeNodesToRepartitions(): void {
    const mergeToKeyChangers = new Map<GraphNode, Set<GraphNode>>();
    for (const mergeNode of this.mergeNodes) {
      const changers = new Set<GraphNode>();
      mergeToKeyChangers.set(mergeNode, changers);
      for (const [keyChanger, repartitions] of this.keyChangingToRepartitions) {
        const allBelowMerge = [...repartitions].every((r) => findParentMatching(r, (n) => n.parents.includes(mergeNode)) !== null);
        if (allBelowMerge && findParentMatching(mergeNode, (n) => n.parents.includes(keyChanger)) !== null) changers.add(keyChanger);
      }
    }
    const toRemove = new Set<GraphNode>();
    for (const [mergeNode, changers] of mergeToKeyChangers) {
      const repartitions = new Set<OptimizableRepartitionNode>();
      for (const changer of changers) {
        for (const r of this.keyChangingToRepartitions.get(changer) ?? []) repartitions.add(r);
        toRemove.add(changer);
      }
      this.keyChangingToRepartitions.set(mergeNode, repartitions);
    }
    for (const changer of toRemove) this.keyChangingToRepartitions.delete(changer);
  }

  private keyChangingParentOf(repartition: GraphNode): GraphNode | null {
    const shouldBe = findParentMatching(repartition, (n) => n.keyChangingOperation || n.valueChangingOperation);
    const keyChanger = findParentMatching(repartition, (n) => n.keyChangingOperation);
    return shouldBe !== null && shouldBe === keyChanger ? keyChanger : null;
  }
}

/** Kafka's `findParentNodeMatching`: the node itself, a parent, or (last parent's) ancestors. */
function findParentMatching(start: GraphNode, predicate: (n: GraphNode) => boolean): GraphNode | null {
  if (predicate(start)) return start;
  let found: GraphNode | null = null;
  for (const parent of start.parents) {
    if (predicate(parent)) return parent;
    found = findParentMatching(parent, predicate);
  }
  return found;
}
