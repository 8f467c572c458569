// A TopologyPort that records what the DSL writes, for naming tests that need no engine.
import type { TopologyPort } from '../../../src/streams/kstream/internals/topology-port.js';
import type { DslStoreSuppliers } from '../../../src/streams/kstream/internals/dsl-stores.js';
import type { StoreBuilder } from '../../../src/state/store-builder.js';
import type { StateStore } from '../../../src/streams/processor/state-store.js';

export interface RecordedNode {
  kind: 'source' | 'processor' | 'sink';
  name: string;
  parents: string[];
  topics?: string[];
  topic?: string;
  stores: string[];
}

export class RecordingPort implements TopologyPort {
  readonly nodes: RecordedNode[] = [];
  readonly stores = new Map<string, { logging: boolean; caching: boolean }>();
  readonly internalTopics: string[] = [];
  readonly sourceTopicChangelogs: [string, string][] = [];
  readonly copartitionGroups: string[][] = [];
  readonly globalStores: { source: string; processor: string; topic: string; store: string }[] = [];
  readonly storeSuppliers: DslStoreSuppliers = (r) => {
    const state = { logging: true, caching: false };
    const b = {
      name: r.name,
      withCachingEnabled: () => ((state.caching = true), b),
      withCachingDisabled: () => ((state.caching = false), b),
      withLoggingEnabled: () => ((state.logging = true), b),
      withLoggingDisabled: () => ((state.logging = false), b),
      get loggingEnabled() {
        return state.logging;
      },
      get cachingEnabled() {
        return state.caching;
      },
      logConfig: {},
      build: () => {
        throw new Error('recording only');
      },
    };
    return b as unknown as StoreBuilder<StateStore>;
  };

  node(name: string): RecordedNode {
    const n = this.nodes.find((x) => x.name === name);
    if (!n) throw new Error(`no node ${name}; have ${this.nodes.map((x) => x.name).join(', ')}`);
    return n;
  }

  names(): string[] {
    return this.nodes.map((n) => n.name);
  }

  addSource(o: Parameters<TopologyPort['addSource']>[0]): void {
    this.nodes.push({ kind: 'source', name: o.name, parents: [], topics: o.topics ? [...o.topics] : [String(o.pattern)], stores: [] });
  }
  addProcessor(name: string, _s: unknown, parentNames: readonly string[]): void {
    this.nodes.push({ kind: 'processor', name, parents: [...parentNames], stores: [] });
  }
  addSink(o: Parameters<TopologyPort['addSink']>[0]): void {
    this.nodes.push({ kind: 'sink', name: o.name, parents: [...o.parentNames], topic: typeof o.topic === 'string' ? o.topic : '<extractor>', stores: [] });
  }
  addStateStore(builder: StoreBuilder<StateStore>, processorNames: readonly string[]): void {
    this.stores.set(builder.name, { logging: builder.loggingEnabled, caching: builder.cachingEnabled });
    for (const p of processorNames) this.node(p).stores.push(builder.name);
  }
  connectProcessorAndStateStores(processorName: string, storeNames: readonly string[]): void {
    this.node(processorName).stores.push(...storeNames);
  }
  addGlobalStore(o: Parameters<TopologyPort['addGlobalStore']>[0]): void {
    this.globalStores.push({ source: o.sourceName, processor: o.processorName, topic: o.topic, store: o.storeBuilder.name });
  }
  addInternalTopic(name: string): void {
    this.internalTopics.push(name);
  }
  connectSourceStoreAndTopic(storeName: string, topic: string): void {
    this.sourceTopicChangelogs.push([storeName, topic]);
  }
  copartitionSources(sourceNames: readonly string[]): void {
    this.copartitionGroups.push([...sourceNames].sort());
  }
}
