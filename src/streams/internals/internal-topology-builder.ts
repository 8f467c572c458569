import type { Deserializer, Serializer } from '../serdes/serde.js';
import type { TimestampExtractor } from '../processor/timestamp-extractor.js';
import type { TopicNameExtractor } from '../processor/topic-name-extractor.js';
import type { StreamPartitioner } from '../processor/stream-partitioner.js';
import type { StateStore } from '../processor/state-store.js';
import type { ProcessorSupplier, FixedKeyProcessorSupplier } from '../processor/processor.js';
import type { StoreBuilder } from '../../state/store-builder.js';
import type { TopologyDescription } from '../topology-description.js';
import { TopologyError } from '../errors/streams-error.js';
import { configNumber, type StreamsConfig } from '../config.js';
import { QuickUnion } from './quick-union.js';
import { javaHashSetOrder } from './java-ordering.js';
import { describeTopology, type DescribedGroup, type DescribedNode } from './describe.js';
import { ProcessorNode, type AnyProcessor, type AnyFixedKeyProcessor, type NodeProcessorSupplier } from '../runtime/processor-node.js';
import { SourceNode } from '../runtime/source-node.js';
import { SinkNode } from '../runtime/sink-node.js';
import { ProcessorTopology } from '../runtime/processor-topology.js';

/** where to start without a committed offset; 'none' = the consumer's auto.offset.reset */
export type OffsetReset = 'earliest' | 'latest' | 'none';

interface SourceFactory {
  readonly kind: 'source';
  readonly name: string;
  readonly predecessors: readonly string[];
  readonly topics: readonly string[];
  readonly pattern: RegExp | null;
  readonly keyDeserializer: Deserializer<unknown> | undefined;
  readonly valueDeserializer: Deserializer<unknown> | undefined;
  readonly timestampExtractor: TimestampExtractor | undefined;
}

interface ProcessorFactory {
  readonly kind: 'processor';
  readonly name: string;
  readonly predecessors: readonly string[];
  readonly supplier: NodeProcessorSupplier;
  /** connected store names in connection order */
  readonly stateStoreNames: string[];
}

interface SinkFactory {
  readonly kind: 'sink';
  readonly name: string;
  readonly predecessors: readonly string[];
  readonly topic: string | null;
  readonly extractor: TopicNameExtractor<unknown, unknown> | null;
  readonly keySerializer: Serializer<unknown> | undefined;
  readonly valueSerializer: Serializer<unknown> | undefined;
  readonly partitioner: StreamPartitioner<unknown, unknown> | undefined;
}

type NodeFactory = SourceFactory | ProcessorFactory | SinkFactory;

/** A store builder plus the processors connected to it. */
interface StoreEntry {
  readonly builder: StoreBuilder<StateStore>;
  readonly connectedProcessors: string[];
}

/** Properties of an internal (repartition or subscription) topic. */
export interface InternalTopicProperties {
  /** fixed partition count; absent = as many partitions as the upstream source topics */
  numberOfPartitions?: number;
}

/** Topics of one sub-topology (Kafka's `TopicsInfo`), with internal topic names decorated. */
export interface TopicsInfo {
  readonly sinkTopics: ReadonlySet<string>;
  readonly sourceTopics: ReadonlySet<string>;
  /** decorated repartition topic -> properties */
  readonly repartitionSourceTopics: ReadonlyMap<string, InternalTopicProperties>;
  /** changelog topic -> store and its log config */
  readonly stateChangelogTopics: ReadonlyMap<string, { store: string; config: Readonly<Record<string, string>> }>;
}

export interface SourceOptionsInternal {
  name: string;
  topics?: readonly string[];
  pattern?: RegExp;
  keyDeserializer?: Deserializer<unknown> | undefined;
  valueDeserializer?: Deserializer<unknown> | undefined;
  timestampExtractor?: TimestampExtractor | undefined;
  offsetReset?: OffsetReset | undefined;
}

export interface SinkOptionsInternal {
  name: string;
  topic: string | TopicNameExtractor<unknown, unknown>;
  keySerializer?: Serializer<unknown> | undefined;
  valueSerializer?: Serializer<unknown> | undefined;
  partitioner?: StreamPartitioner<unknown, unknown> | undefined;
  /** the parents, when not passed as the second argument of `addSink` */
  parentNames?: readonly string[];
}

export interface GlobalStoreOptionsInternal {
  storeBuilder: StoreBuilder<StateStore>;
  sourceName: string;
  topic: string;
  keyDeserializer?: Deserializer<unknown> | undefined;
  valueDeserializer?: Deserializer<unknown> | undefined;
  timestampExtractor?: TimestampExtractor | undefined;
  processorName: string;
  stateUpdateSupplier: ProcessorSupplier<unknown, unknown, never, never> | ProcessorSupplier<unknown, unknown, unknown, unknown>;
  /** replay the topic through the processor on restore instead of copying bytes into the store */
  reprocessOnRestore?: boolean;
}

function fullMatch(pattern: RegExp): RegExp {
  return new RegExp(`^(?:${pattern.source})$`, pattern.flags.replace(/[gy]/g, ''));
}

/** A store builder may take the application config before `build()` (DSL stores pick defaults there). */
interface ConfigurableBuilder {
  configure(config: Readonly<StreamsConfig>): void;
}

function isConfigurable(b: object): b is ConfigurableBuilder {
  return typeof (b as Partial<ConfigurableBuilder>).configure === 'function';
}

/**
 * The graph behind a `Topology` (Kafka Streams' `InternalTopologyBuilder`): node factories in
 * insertion order, stores, internal topics, copartition groups, global stores. It groups nodes into
 * sub-topologies, prints the description, and builds a fresh `ProcessorTopology` per task.
 * Internal API: the DSL writes into it; users go through `Topology`.
 */
export class InternalTopologyBuilder {
  private readonly nodeFactories = new Map<string, NodeFactory>();
  private readonly stateFactories = new Map<string, StoreEntry>();
  private readonly globalStateBuilders = new Map<string, StoreBuilder<StateStore>>();
  private readonly globalStateStoresBuilt = new Map<string, StateStore>();
  private readonly rawSourceTopicNames = new Set<string>();
  private readonly internalTopics = new Map<string, InternalTopicProperties>();
  private readonly copartitionSourceGroups: Set<string>[] = [];
  private readonly nodeToSourceTopics = new Map<string, readonly string[]>();
  private readonly nodeToSourcePatterns = new Map<string, RegExp>();
  private readonly nodeToSinkTopic = new Map<string, string>();
  private readonly storeToChangelogTopic = new Map<string, string>();
  private readonly changelogTopicToStore = new Map<string, string>();
  private readonly globalTopics = new Set<string>();
  private readonly earliestResetTopics = new Set<string>();
  private readonly latestResetTopics = new Set<string>();
  private readonly earliestResetPatterns = new Set<RegExp>();
  private readonly latestResetPatterns = new Set<RegExp>();
  private readonly reprocessOnRestore = new Map<string, GlobalStoreOptionsInternal | null>();
  private readonly nodeGrouper = new QuickUnion();
  private cachedNodeGroups: Map<number, string[]> | null = null;
  private applicationIdValue: string | null = null;
  private config: Readonly<StreamsConfig> = {};

  // --- building ---------------------------------------------------------------------------------

  addSource(options: SourceOptionsInternal): void {
    const { name } = options;
    if (this.nodeFactories.has(name)) throw new TopologyError(`Processor ${name} is already added.`);
    if (options.pattern !== undefined) {
      if (options.topics !== undefined) throw new TopologyError('a source takes topics or a pattern, not both');
      const matcher = fullMatch(options.pattern);
      for (const topic of this.rawSourceTopicNames) {
        if (matcher.test(topic)) {
          throw new TopologyError(`Pattern ${options.pattern.source} will match a topic that has already been registered by another source.`);
        }
      }
      if (options.offsetReset === 'earliest') this.earliestResetPatterns.add(options.pattern);
      if (options.offsetReset === 'latest') this.latestResetPatterns.add(options.pattern);
      this.nodeToSourcePatterns.set(name, options.pattern);
    } else {
      const topics = options.topics ?? [];
      if (topics.length === 0) throw new TopologyError('You must provide at least one topic');
      for (const topic of topics) {
        this.validateTopicNotAlreadyRegistered(topic);
        if (options.offsetReset === 'earliest') this.earliestResetTopics.add(topic);
        if (options.offsetReset === 'latest') this.latestResetTopics.add(topic);
        this.rawSourceTopicNames.add(topic);
      }
      this.nodeToSourceTopics.set(name, [...topics]);
    }
    this.nodeFactories.set(name, {
      kind: 'source',
      name,
      predecessors: [],
      topics: options.topics ? [...options.topics] : [],
      pattern: options.pattern ?? null,
      keyDeserializer: options.keyDeserializer,
      valueDeserializer: options.valueDeserializer,
      timestampExtractor: options.timestampExtractor,
    });
    this.nodeGrouper.add(name);
    this.cachedNodeGroups = null;
  }

  addSink(options: SinkOptionsInternal, predecessorNames: readonly string[] = options.parentNames ?? []): void {
    const { name } = options;
    if (this.nodeFactories.has(name)) throw new TopologyError(`Processor ${name} is already added.`);
    if (predecessorNames.length === 0) throw new TopologyError(`Sink ${name} must have at least one parent`);
    for (const predecessor of predecessorNames) {
      if (predecessor === name) throw new TopologyError(`Processor ${name} cannot be a predecessor of itself.`);
      if (!this.nodeFactories.has(predecessor)) throw new TopologyError(`Predecessor processor ${predecessor} is not added yet.`);
      if (this.nodeToSinkTopic.has(predecessor) || this.nodeFactories.get(predecessor)!.kind === 'sink') {
        throw new TopologyError(`Sink ${predecessor} cannot be used a parent.`);
      }
    }
    const staticTopic = typeof options.topic === 'string' ? options.topic : null;
    this.nodeFactories.set(name, {
      kind: 'sink',
      name,
      predecessors: [...predecessorNames],
      topic: staticTopic,
      extractor: typeof options.topic === 'string' ? null : options.topic,
      keySerializer: options.keySerializer,
      valueSerializer: options.valueSerializer,
      partitioner: options.partitioner,
    });
    if (staticTopic !== null) this.nodeToSinkTopic.set(name, staticTopic);
    this.nodeGrouper.add(name);
    this.nodeGrouper.unite(name, ...predecessorNames);
    this.cachedNodeGroups = null;
  }

  addProcessor<KIn, VIn, KOut, VOut>(
    name: string,
    supplier: ProcessorSupplier<KIn, VIn, KOut, VOut>,
    predecessorNames: readonly string[],
  ): void {
    this.addProcessorNode(name, { fixedKey: false, get: supplier as unknown as () => AnyProcessor }, predecessorNames);
  }

  addFixedKeyProcessor<KIn, VIn, VOut>(
    name: string,
    supplier: FixedKeyProcessorSupplier<KIn, VIn, VOut>,
    predecessorNames: readonly string[],
  ): void {
    this.addProcessorNode(name, { fixedKey: true, get: supplier as unknown as () => AnyFixedKeyProcessor }, predecessorNames);
  }

  private addProcessorNode(name: string, supplier: NodeProcessorSupplier, predecessorNames: readonly string[]): void {
    if (this.nodeFactories.has(name)) throw new TopologyError(`Processor ${name} is already added.`);
    if (predecessorNames.length === 0) throw new TopologyError(`Processor ${name} must have at least one parent`);
    for (const predecessor of predecessorNames) {
      if (predecessor === name) throw new TopologyError(`Processor ${name} cannot be a predecessor of itself.`);
      if (!this.nodeFactories.has(predecessor)) {
        throw new TopologyError(`Predecessor processor ${predecessor} is not added yet for ${name}`);
      }
      if (this.nodeFactories.get(predecessor)!.kind === 'sink') throw new TopologyError(`Sink ${predecessor} cannot be used a parent.`);
    }
    this.nodeFactories.set(name, { kind: 'processor', name, predecessors: [...predecessorNames], supplier, stateStoreNames: [] });
    this.nodeGrouper.add(name);
    this.nodeGrouper.unite(name, ...predecessorNames);
    this.cachedNodeGroups = null;
  }

  addStateStore(builder: StoreBuilder<StateStore>, processorNames: readonly string[] = [], allowOverride = false): void {
    const existing = this.stateFactories.get(builder.name);
    if (!allowOverride && existing !== undefined && existing.builder !== builder) {
      throw new TopologyError(`A different StateStore has already been added with the name ${builder.name}`);
    }
    if (this.globalStateBuilders.has(builder.name)) {
      throw new TopologyError(`A different GlobalStateStore has already been added with the name ${builder.name}`);
    }
    this.stateFactories.set(builder.name, { builder, connectedProcessors: existing?.connectedProcessors ?? [] });
    for (const processorName of processorNames) this.connectProcessorAndStateStore(processorName, builder.name);
    this.cachedNodeGroups = null;
  }

  addGlobalStore(options: GlobalStoreOptionsInternal): void {
    const { sourceName, processorName, topic } = options;
    const storeName = options.storeBuilder.name;
    if (this.nodeFactories.has(sourceName)) throw new TopologyError(`Processor ${sourceName} is already added.`);
    if (this.nodeFactories.has(processorName)) throw new TopologyError(`Processor ${processorName} is already added.`);
    if (this.stateFactories.has(storeName)) throw new TopologyError(`A different StateStore has already been added with the name ${storeName}`);
    if (this.globalStateBuilders.has(storeName)) {
      throw new TopologyError(`A different GlobalStateStore has already been added with the name ${storeName}`);
    }
    if (options.storeBuilder.loggingEnabled) {
      throw new TopologyError(`StateStore ${storeName} for global table must not have logging enabled.`);
    }
    if (sourceName === processorName) throw new TopologyError('sourceName and processorName must be different.');
    this.validateTopicNotAlreadyRegistered(topic);

    this.globalTopics.add(topic);
    this.nodeFactories.set(sourceName, {
      kind: 'source',
      name: sourceName,
      predecessors: [],
      topics: [topic],
      pattern: null,
      keyDeserializer: options.keyDeserializer,
      valueDeserializer: options.valueDeserializer,
      timestampExtractor: options.timestampExtractor,
    });
    this.reprocessOnRestore.set(storeName, options.reprocessOnRestore ? options : null);
    this.nodeToSourceTopics.set(sourceName, [topic]);
    this.nodeGrouper.add(sourceName);
    this.nodeFactories.set(processorName, {
      kind: 'processor',
      name: processorName,
      predecessors: [sourceName],
      supplier: { fixedKey: false, get: options.stateUpdateSupplier as unknown as () => AnyProcessor },
      stateStoreNames: [storeName],
    });
    this.nodeGrouper.add(processorName);
    this.nodeGrouper.unite(processorName, sourceName);
    this.globalStateBuilders.set(storeName, options.storeBuilder);
    this.connectSourceStoreAndTopic(storeName, topic);
    this.cachedNodeGroups = null;
  }

  connectProcessorAndStateStores(processorName: string, storeNames: readonly string[]): void {
    if (storeNames.length === 0) throw new TopologyError('Must provide at least one state store name.');
    for (const storeName of storeNames) this.connectProcessorAndStateStore(processorName, storeName);
    this.cachedNodeGroups = null;
  }

  private connectProcessorAndStateStore(processorName: string, storeName: string): void {
    if (this.globalStateBuilders.has(storeName)) {
      throw new TopologyError(
        `Global StateStore ${storeName} can be used by a Processor without being specified; it should not be explicitly passed.`,
      );
    }
    const entry = this.stateFactories.get(storeName);
    if (entry === undefined) throw new TopologyError(`StateStore ${storeName} is not added yet.`);
    const factory = this.nodeFactories.get(processorName);
    if (factory === undefined) throw new TopologyError(`Processor ${processorName} is not added yet.`);
    if (factory.kind !== 'processor') {
      throw new TopologyError(`cannot connect a state store ${storeName} to a source node or a sink node.`);
    }
    if (entry.connectedProcessors.length > 0) this.nodeGrouper.unite(entry.connectedProcessors[0]!, processorName);
    if (!entry.connectedProcessors.includes(processorName)) entry.connectedProcessors.push(processorName);
    if (!factory.stateStoreNames.includes(storeName)) factory.stateStoreNames.push(storeName);
  }

  /** declares that a store restores from `topic` (a source topic reused as changelog, or a global topic) */
  connectSourceStoreAndTopic(storeName: string, topic: string): void {
    if (this.storeToChangelogTopic.has(storeName)) throw new TopologyError(`Source store ${storeName} is already added.`);
    this.storeToChangelogTopic.set(storeName, topic);
    this.changelogTopicToStore.set(topic, storeName);
  }

  addInternalTopic(topicName: string, properties: InternalTopicProperties = {}): void {
    this.internalTopics.set(topicName, properties);
  }

  copartitionSources(sourceNodes: Iterable<string>): void {
    this.copartitionSourceGroups.push(new Set(sourceNodes));
  }

  maybeUpdateCopartitionSourceGroups(replacedNodeName: string, optimizedNodeName: string): void {
    for (const group of this.copartitionSourceGroups) {
      if (group.delete(replacedNodeName)) group.add(optimizedNodeName);
    }
  }

  private validateTopicNotAlreadyRegistered(topic: string): void {
    if (this.rawSourceTopicNames.has(topic) || this.globalTopics.has(topic)) {
      throw new TopologyError(`Topic ${topic} has already been registered by another source.`);
    }
    for (const pattern of this.nodeToSourcePatterns.values()) {
      if (fullMatch(pattern).test(topic)) throw new TopologyError(`Topic ${topic} matches a Pattern already registered by another source.`);
    }
  }

  // --- configuration ----------------------------------------------------------------------------

  /**
   * Binds the topology to an application (Kafka's `rewriteTopology`): sets the application id,
   * strips caching when the cache size is 0, lets configurable store builders see the config, and
   * builds the global stores (shared by all tasks of the instance).
   */
  rewriteTopology(config: Readonly<StreamsConfig>): this {
    const applicationId = config['application.id'];
    if (typeof applicationId !== 'string' || applicationId === '') throw new TopologyError('application.id must be set');
    this.applicationIdValue = applicationId;
    this.config = config;
    const cacheSize = configNumber(config, 'statestore.cache.max.bytes', configNumber(config, 'cache.max.bytes.buffering', 10 * 1024 * 1024));
    if (cacheSize === 0) {
      for (const { builder } of this.stateFactories.values()) builder.withCachingDisabled();
      for (const builder of this.globalStateBuilders.values()) builder.withCachingDisabled();
    }
    for (const { builder } of this.stateFactories.values()) if (isConfigurable(builder)) builder.configure(config);
    this.globalStateStoresBuilt.clear();
    for (const builder of this.globalStateBuilders.values()) {
      if (isConfigurable(builder)) builder.configure(config);
      this.globalStateStoresBuilt.set(builder.name, builder.build());
    }
    return this;
  }

  setApplicationId(applicationId: string): this {
    this.applicationIdValue = applicationId;
    return this;
  }

  get applicationId(): string | null {
    return this.applicationIdValue;
  }

  get streamsConfig(): Readonly<StreamsConfig> {
    return this.config;
  }

  /** `<application.id>-<topic>` for internal topics; other names unchanged */
  decorateTopic(topic: string): string {
    if (this.applicationIdValue === null) {
      throw new TopologyError('there are internal topics and applicationId hasn\'t been set. Call setApplicationId first');
    }
    return `${this.applicationIdValue}-${topic}`;
  }

  private maybeDecorate(topic: string): string {
    return this.internalTopics.has(topic) ? this.decorateTopic(topic) : topic;
  }

  isInternalTopic(topic: string): boolean {
    return this.internalTopics.has(topic);
  }

  // --- structure queries -----------------------------------------------------------------------

  /** sub-topology id -> node names (in insertion order); ids follow first appearance, global groups included */
  nodeGroups(): Map<number, string[]> {
    if (this.cachedNodeGroups === null) {
      const groups = new Map<number, string[]>();
      const byRoot = new Map<string, string[]>();
      let nextId = 0;
      for (const name of this.nodeFactories.keys()) {
        const root = this.nodeGrouper.root(name);
        let group = byRoot.get(root);
        if (group === undefined) {
          group = [];
          byRoot.set(root, group);
          groups.set(nextId++, group);
        }
        group.push(name);
      }
      this.cachedNodeGroups = groups;
    }
    return this.cachedNodeGroups;
  }

  private isGlobalSource(nodeName: string): boolean {
    const f = this.nodeFactories.get(nodeName);
    return f !== undefined && f.kind === 'source' && f.topics.length === 1 && this.globalTopics.has(f.topics[0]!);
  }

  private globalNodeGroupNames(): Set<string> {
    const names = new Set<string>();
    for (const nodes of this.nodeGroups().values()) {
      if (nodes.some((n) => this.isGlobalSource(n))) for (const n of nodes) names.add(n);
    }
    return names;
  }

  /** ids of the sub-topologies that generate tasks (global-store groups excluded) */
  subtopologyIds(): number[] {
    const ids: number[] = [];
    for (const [id, nodes] of this.nodeGroups()) if (!nodes.some((n) => this.isGlobalSource(n))) ids.push(id);
    return ids;
  }

  /**
   * topics of each task-generating sub-topology (Kafka's `subtopologyToTopicsInfo`); a pattern source
   * reads the topics `patternMatches` gives for its node name (the runtime resolves them from metadata)
   */
  subtopologyToTopicsInfo(patternMatches?: ReadonlyMap<string, readonly string[]>): Map<number, TopicsInfo> {
    const result = new Map<number, TopicsInfo>();
    for (const [id, nodes] of this.nodeGroups()) {
      const sinkTopics = new Set<string>();
      const sourceTopics = new Set<string>();
      const repartitionSourceTopics = new Map<string, InternalTopicProperties>();
      const stateChangelogTopics = new Map<string, { store: string; config: Readonly<Record<string, string>> }>();
      for (const node of nodes) {
        for (const topic of this.nodeToSourceTopics.get(node) ?? patternMatches?.get(node) ?? []) {
          if (this.globalTopics.has(topic)) continue;
          if (this.internalTopics.has(topic)) {
            const decorated = this.decorateTopic(topic);
            repartitionSourceTopics.set(decorated, this.internalTopics.get(topic)!);
            sourceTopics.add(decorated);
          } else {
            sourceTopics.add(topic);
          }
        }
        const sinkTopic = this.nodeToSinkTopic.get(node);
        if (sinkTopic !== undefined) sinkTopics.add(this.maybeDecorate(sinkTopic));
        for (const [storeName, entry] of this.stateFactories) {
          if (!entry.connectedProcessors.includes(node)) continue;
          const changelog = this.changelogTopicFor(storeName);
          if (changelog !== undefined && !stateChangelogTopics.has(changelog)) {
            stateChangelogTopics.set(changelog, { store: storeName, config: entry.builder.logConfig });
          }
        }
      }
      if (sourceTopics.size > 0) result.set(id, { sinkTopics, sourceTopics, repartitionSourceTopics, stateChangelogTopics });
    }
    return result;
  }

  /** the changelog of a store: its source topic if reused, else `<app>-<store>-changelog` if logged */
  changelogTopicFor(storeName: string): string | undefined {
    const explicit = this.storeToChangelogTopic.get(storeName);
    if (explicit !== undefined) return explicit;
    const entry = this.stateFactories.get(storeName);
    if (entry !== undefined && entry.builder.loggingEnabled && this.applicationIdValue !== null) {
      return `${this.applicationIdValue}-${storeName}-changelog`;
    }
    return undefined;
  }

  storeForChangelogTopic(topic: string): string | undefined {
    return this.changelogTopicToStore.get(topic);
  }

  /** groups of (decorated) source topics that must have the same partition count */
  copartitionGroups(): Set<string>[] {
    const groups: Set<string>[] = [];
    const byTopic = new Map<string, Set<string>>();
    for (const sourceGroup of this.copartitionSourceGroups) {
      const topics = [...sourceGroup].flatMap((node) => (this.nodeToSourceTopics.get(node) ?? []).map((t) => this.maybeDecorate(t)));
      let group = topics.map((t) => byTopic.get(t)).find((g) => g !== undefined);
      if (group === undefined) {
        group = new Set();
        groups.push(group);
      }
      for (const t of topics) {
        group.add(t);
        byTopic.set(t, group);
      }
    }
    return groups;
  }

  /** checks that copartitioned internal topics with fixed counts agree */
  validateCopartition(): void {
    for (const sourceGroup of this.copartitionSourceGroups) {
      const topics = new Set([...sourceGroup].flatMap((n) => this.nodeToSourceTopics.get(n) ?? []));
      const counts = new Map<string, number>();
      for (const t of topics) {
        const n = this.internalTopics.get(t)?.numberOfPartitions;
        if (n !== undefined) counts.set(t, n);
      }
      if (counts.size > 0 && counts.size === topics.size && new Set(counts.values()).size > 1) {
        const sorted = [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([t, n]) => `${t}=${n}`);
        throw new TopologyError(`Following topics do not have the same number of partitions: [{${sorted.join(', ')}}]`);
      }
    }
  }

  /** all source topics (decorated), sorted; pattern sources excluded */
  fullSourceTopicNames(): string[] {
    return [...this.rawSourceTopicNames].map((t) => this.maybeDecorate(t)).sort();
  }

  sourcePatterns(): RegExp[] {
    return [...this.nodeToSourcePatterns.values()];
  }

  /** source node name -> its pattern, for the pattern sources */
  sourcePatternsByNode(): ReadonlyMap<string, RegExp> {
    return this.nodeToSourcePatterns;
  }

  globalTopicNames(): string[] {
    return [...this.globalTopics];
  }

  offsetResetFor(topic: string): OffsetReset | 'none' {
    const matches = (patterns: Set<RegExp>): boolean => [...patterns].some((p) => fullMatch(p).test(topic));
    if ([...this.earliestResetTopics].some((t) => this.maybeDecorate(t) === topic) || matches(this.earliestResetPatterns)) return 'earliest';
    if ([...this.latestResetTopics].some((t) => this.maybeDecorate(t) === topic) || matches(this.latestResetPatterns)) return 'latest';
    return 'none';
  }

  allStateStoreNames(): string[] {
    return [...this.stateFactories.keys(), ...this.globalStateBuilders.keys()];
  }

  hasStore(name: string): boolean {
    return this.stateFactories.has(name) || this.globalStateBuilders.has(name);
  }

  storeBuilder(name: string): StoreBuilder<StateStore> | undefined {
    return this.stateFactories.get(name)?.builder ?? this.globalStateBuilders.get(name);
  }

  hasGlobalStores(): boolean {
    return this.globalStateBuilders.size > 0;
  }

  globalStateStores(): ReadonlyMap<string, StateStore> {
    return this.globalStateStoresBuilt;
  }

  /** names of all nodes in insertion order */
  nodeNames(): string[] {
    return [...this.nodeFactories.keys()];
  }

  /** the global store options when it re-processes its topic on restore */
  reprocessFactory(storeName: string): GlobalStoreOptionsInternal | null | undefined {
    return this.reprocessOnRestore.get(storeName);
  }

  // --- description ------------------------------------------------------------------------------

  describe(): TopologyDescription {
    const specs = new Map<string, DescribedNode>();
    for (const f of this.nodeFactories.values()) {
      if (f.kind === 'source') specs.set(f.name, { kind: 'source', name: f.name, topics: f.topics, pattern: f.pattern });
      else if (f.kind === 'processor') specs.set(f.name, { kind: 'processor', name: f.name, predecessors: f.predecessors, stores: f.stateStoreNames });
      else {
        specs.set(f.name, {
          kind: 'sink',
          name: f.name,
          predecessors: f.predecessors,
          topic: f.topic,
          extractorName: f.extractor === null ? '' : extractorName(f.extractor),
        });
      }
    }
    const groups: DescribedGroup[] = [];
    for (const [id, nodes] of this.nodeGroups()) {
      const globalSource = nodes.find((n) => this.isGlobalSource(n)) ?? null;
      groups.push({ id, nodes, globalSource });
    }
    return describeTopology(groups, specs);
  }

  // --- building tasks ---------------------------------------------------------------------------

  /** the graph of all task-generating sub-topologies together (what the test driver runs as one task) */
  buildTopology(): ProcessorTopology {
    const globalNodes = this.globalNodeGroupNames();
    const nodes = new Set<string>();
    for (const name of this.nodeFactories.keys()) if (!globalNodes.has(name)) nodes.add(name);
    return this.build(nodes);
  }

  /** the graph of one sub-topology (one per task of that sub-topology) */
  buildSubtopology(subtopologyId: number): ProcessorTopology {
    const nodes = this.nodeGroups().get(subtopologyId);
    if (nodes === undefined) throw new TopologyError(`no sub-topology ${subtopologyId}`);
    return this.build(new Set(nodes));
  }

  /** the graph of the global stores' sources and processors, or null when there are none */
  buildGlobalStateTopology(): ProcessorTopology | null {
    const nodes = this.globalNodeGroupNames();
    return nodes.size === 0 ? null : this.build(nodes);
  }

  private build(nodeGroup: ReadonlySet<string>): ProcessorTopology {
    if (this.applicationIdValue === null) throw new TopologyError('topology has not been bound to an application (call rewriteTopology)');
    const processors = new Map<string, ProcessorNode>();
    const sourcesByTopic = new Map<string, SourceNode>();
    const patternSources: { regex: RegExp; pattern: string; node: SourceNode }[] = [];
    const stateStores = new Map<string, StateStore>();
    const repartitionTopics = new Set<string>();
    const storeToChangelog = new Map<string, string>();

    for (const f of this.nodeFactories.values()) {
      if (!nodeGroup.has(f.name)) continue;
      if (f.kind === 'source') {
        const node = new SourceNode(f.name, {
          keyDeserializer: f.keyDeserializer,
          valueDeserializer: f.valueDeserializer,
          timestampExtractor: f.timestampExtractor,
        });
        processors.set(f.name, node);
        if (f.pattern !== null) {
          patternSources.push({ regex: fullMatch(f.pattern), pattern: f.pattern.source, node });
        }
        for (const topic of f.topics) {
          if (this.internalTopics.has(topic)) {
            const decorated = this.decorateTopic(topic);
            sourcesByTopic.set(decorated, node);
            repartitionTopics.add(decorated);
          } else {
            sourcesByTopic.set(topic, node);
          }
        }
      } else if (f.kind === 'sink') {
        let topic: string | TopicNameExtractor<unknown, unknown> = f.extractor ?? f.topic!;
        if (f.topic !== null && this.internalTopics.has(f.topic)) {
          topic = this.decorateTopic(f.topic);
          repartitionTopics.add(topic);
        }
        const node = new SinkNode(f.name, topic, {
          keySerializer: f.keySerializer,
          valueSerializer: f.valueSerializer,
          partitioner: f.partitioner,
        });
        processors.set(f.name, node);
        for (const p of f.predecessors) processors.get(p)!.addChild(node);
      } else {
        const node = new ProcessorNode(f.name, new Set(f.stateStoreNames), f.supplier);
        processors.set(f.name, node);
        for (const p of f.predecessors) processors.get(p)!.addChild(node);
        for (const storeName of f.stateStoreNames) {
          if (stateStores.has(storeName)) continue;
          const entry = this.stateFactories.get(storeName);
          if (entry !== undefined) {
            stateStores.set(storeName, entry.builder.build());
          } else {
            const global = this.globalStateStoresBuilt.get(storeName);
            if (global === undefined) throw new TopologyError(`StateStore ${storeName} is not added yet.`);
            stateStores.set(storeName, global);
          }
          const changelog = this.changelogTopicFor(storeName);
          if (changelog !== undefined) storeToChangelog.set(storeName, changelog);
        }
      }
    }
    // Kafka initializes a processor's stores in HashSet order of their names; the order decides
    // which cache flushes first on commit, so keep it.
    return new ProcessorTopology(
      [...processors.values()],
      sourcesByTopic,
      patternSources,
      orderStoresLikeKafka([...processors.values()], stateStores),
      this.globalStateStoresBuilt,
      storeToChangelog,
      repartitionTopics,
    );
  }
}


function orderStoresLikeKafka(nodes: readonly ProcessorNode[], stores: ReadonlyMap<string, StateStore>): StateStore[] {
  const out = new Map<string, StateStore>();
  for (const node of nodes) {
    for (const name of javaHashSetOrder(node.stateStores)) {
      const store = stores.get(name);
      if (store !== undefined && !out.has(name)) out.set(name, store);
    }
  }
  return [...out.values()];
}

/**
 * How a topic-name extractor is printed: Java prints the extractor's `toString()`; here a function
 * that defines its own `toString` is printed by it, any other by its name.
 */
function extractorName(extractor: TopicNameExtractor<unknown, unknown>): string {
  if (Object.prototype.hasOwnProperty.call(extractor, 'toString')) return String(extractor);
  return extractor.name || 'anonymous';
}
