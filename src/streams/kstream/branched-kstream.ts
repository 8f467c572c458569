import type { Predicate } from './functions.js';
import type { Branched } from './branched.js';
import type { KStream } from './kstream.js';
import { KStream as KStreamClass } from './kstream.js';
import type { NamedInternal } from './internals/name-provider.js';
import { ProcessorGraphNode } from './internals/graph/processor-nodes.js';
import { ProcessorParameters } from './internals/graph/graph-node.js';
import { branchSupplier, passThroughSupplier } from './internals/processors/stream-processors.js';

const BRANCH = 'KSTREAM-BRANCH-';

/**
 * The result of `KStream.split()` (Kafka Streams' `BranchedKStream`): add branches in order, then end
 * with `defaultBranch()` or `noDefaultBranch()` to get the branches by name
 * (`<split name><branch name or number>`).
 */
export class BranchedKStream<K, V> {
  private readonly splitterName: string;
  private readonly splitterNode: ProcessorGraphNode;
  private readonly predicates: Predicate<unknown, unknown>[] = [];
  private readonly childNames: string[] = [];
  private defaultChild: string | undefined;
  private readonly outputs = new Map<string, KStream<K, V>>();

  /** @internal */
  constructor(
    private readonly source: KStream<K, V>,
    named: NamedInternal,
  ) {
    const builder = source.parts.builder;
    this.splitterName = named.orElseGenerateWithPrefix(builder, BRANCH);
    const predicates = this.predicates;
    const childNames = this.childNames;
    const supplier = {
      get: () => branchSupplier(predicates, childNames.slice(0, predicates.length), this.defaultChild).get(),
    };
    this.splitterNode = new ProcessorGraphNode(this.splitterName, new ProcessorParameters(supplier, this.splitterName));
    builder.addGraphNode(source.parts.graphNode, this.splitterNode);
  }

  /** Adds a branch: records for which `predicate` holds (and no earlier one did). */
  branch(predicate: Predicate<K, V>, branched: Branched<K, V> = {}): this {
    this.predicates.push(predicate as Predicate<unknown, unknown>);
    this.createBranch(branched, this.predicates.length);
    return this;
  }

  /** Ends the split with a branch for all records no predicate took. */
  defaultBranch(branched: Branched<K, V> = {}): Map<string, KStream<K, V>> {
    this.defaultChild = this.createBranch(branched, 0);
    return this.outputs;
  }

  /** Ends the split; records no predicate took are dropped. */
  noDefaultBranch(): Map<string, KStream<K, V>> {
    return this.outputs;
  }

  private createBranch(branched: Branched<K, V>, index: number): string {
    const builder = this.source.parts.builder;
    const childName = this.splitterName + (branched.name ?? String(index));
    this.childNames.push(childName);
    builder.newProcessorName(childName);
    const node = new ProcessorGraphNode(childName, new ProcessorParameters(passThroughSupplier(), childName));
    builder.addGraphNode(this.splitterNode, node);
    const branch = new KStreamClass<K, V>({ ...this.source.parts, name: childName, graphNode: node }, this.source.repartitionRequired);
    if (branched.chain) {
      const result = branched.chain(branch);
      if (result) this.outputs.set(childName, result);
    } else {
      this.outputs.set(childName, branch);
    }
    return childName;
  }
}
