// TEMPORARY development harness: a minimal synchronous engine implementing the DSL's TopologyPort,
// used only until the core TopologyTestDriver lands. Not part of the library.
import type { TopologyPort } from '../../../src/streams/kstream/internals/topology-port.js';
import type { Processor, ProcessorSupplier } from '../../../src/streams/processor/processor.js';
import type { StateStore } from '../../../src/streams/processor/state-store.js';
import type { Serializer, Deserializer } from '../../../src/streams/serdes/serde.js';
import type { StoreBuilder } from '../../../src/state/store-builder.js';
import { Record } from '../../../src/streams/processor/record.js';
import { TaskId } from '../../../src/streams/processor/task-id.js';
import type { ProcessorContext } from '../../../src/streams/processor/processor-context.js';

type Node =
  | { kind: 'source'; name: string; topics: string[]; kd?: Deserializer<unknown>; vd?: Deserializer<unknown>; children: string[] }
  | { kind: 'processor'; name: string; supplier: ProcessorSupplier<unknown, unknown, unknown, unknown>; children: string[]; stores: string[]; instance?: Processor<unknown, unknown, unknown, unknown> }
  | { kind: 'sink'; name: string; topic: string; ks?: Serializer<unknown>; vs?: Serializer<unknown>; children: string[] };

export interface Out { topic: string; key: Buffer | null; value: Buffer | null; ts: number }

export class MiniEngine implements TopologyPort {
  nodes = new Map<string, Node>();
  storeBuilders = new Map<string, StoreBuilder<StateStore>>();
  stores = new Map<string, StateStore>();
  internalTopics = new Set<string>();
  globalTopics = new Map<string, { kd?: Deserializer<unknown>; vd?: Deserializer<unknown>; proc: ProcessorSupplier<unknown, unknown, unknown, unknown>; store: string; instance?: Processor<unknown, unknown, unknown, unknown> }>();
  outputs: Out[] = [];
  storeSuppliers!: import("../../../src/streams/kstream/internals/dsl-stores.js").DslStoreSuppliers;
  private queues = new Map<string, Out[]>();
  private queueOrder: string[] = [];

  addSource(o: Parameters<TopologyPort['addSource']>[0]): void {
    this.nodes.set(o.name, { kind: 'source', name: o.name, topics: [...(o.topics ?? [])], kd: o.keyDeserializer, vd: o.valueDeserializer, children: [] });
  }
  addProcessor(name: string, supplier: ProcessorSupplier<unknown, unknown, unknown, unknown>, parents: readonly string[]): void {
    this.nodes.set(name, { kind: 'processor', name, supplier, children: [], stores: [] });
    for (const p of parents) this.nodes.get(p)!.children.push(name);
  }
  addSink(o: Parameters<TopologyPort['addSink']>[0]): void {
    this.nodes.set(o.name, { kind: 'sink', name: o.name, topic: o.topic as string, ks: o.keySerializer, vs: o.valueSerializer, children: [] });
    for (const p of o.parentNames) this.nodes.get(p)!.children.push(o.name);
  }
  addStateStore(builder: StoreBuilder<StateStore>, processorNames: readonly string[]): void {
    this.storeBuilders.set(builder.name, builder);
    for (const p of processorNames) (this.nodes.get(p) as { stores: string[] }).stores.push(builder.name);
  }
  connectProcessorAndStateStores(processorName: string, storeNames: readonly string[]): void {
    (this.nodes.get(processorName) as { stores: string[] }).stores.push(...storeNames);
  }
  addGlobalStore(o: Parameters<TopologyPort['addGlobalStore']>[0]): void {
    this.storeBuilders.set(o.storeBuilder.name, o.storeBuilder);
    this.globalTopics.set(o.topic, { kd: o.keyDeserializer, vd: o.valueDeserializer, proc: o.stateUpdateSupplier, store: o.storeBuilder.name });
  }
  addInternalTopic(name: string): void {
    this.internalTopics.add(name);
  }
  connectSourceStoreAndTopic(): void {}
  copartitionSources(): void {}

  private context(node: Node): ProcessorContext<unknown, unknown> {
    return {
      applicationId: 'conformance',
      taskId: new TaskId(0, 0),
      appConfigs: {},
      stateDir: '',
      keySerde: undefined,
      valueSerde: undefined,
      recordMetadata: () => null,
      currentStreamTimeMs: () => 0,
      currentSystemTimeMs: () => 0,
      getStateStore: <S extends StateStore>(name: string) => this.stores.get(name) as S,
      schedule: () => ({ cancel() {} }),
      commit: () => {},
      forward: (record, childName) => {
        for (const c of node.children) if (childName === undefined || c === childName) this.deliver(c, record as Record<unknown, unknown>);
      },
    };
  }

  init(appConfigs: Readonly<globalThis.Record<string, unknown>> = {}, stateDir = ''): void {
    const ctx = {
      applicationId: 'conformance',
      taskId: new TaskId(0, 0),
      stateDir,
      appConfigs,
      changelogFor: (n: string) => `conformance-${n}-changelog`,
      changelogPartition: 0,
      recordCollector: { send() {} },
      currentRecordTimestamp: () => this.currentTs,
      currentStreamTimeMs: () => 0,
      register() {},
    };
    const cacheOff = !appConfigs['statestore.cache.max.bytes'];
    for (const [name, b] of this.storeBuilders) {
      if (cacheOff) b.withCachingDisabled(); // as Kafka's rewriteTopology does for a zero cache
      const s = b.build();
      s.init(ctx, s);
      this.stores.set(name, s);
    }
    for (const n of this.nodes.values()) {
      if (n.kind === 'processor') {
        n.instance = n.supplier();
        n.instance.init?.(this.context(n));
      }
    }
    for (const g of this.globalTopics.values()) {
      g.instance = g.proc();
      g.instance.init?.(this.context({ kind: 'processor', name: 'global', supplier: g.proc, children: [], stores: [] }));
    }
  }

  private deliver(name: string, record: Record<unknown, unknown>): void {
    const n = this.nodes.get(name)!;
    if (n.kind === 'processor') n.instance!.process(record);
    else if (n.kind === 'sink') {
      const out = { topic: n.topic, key: n.ks ? n.ks.serialize(n.topic, record.key) : (record.key as Buffer | null), value: n.vs ? n.vs.serialize(n.topic, record.value) : (record.value as Buffer | null), ts: record.timestamp };
      if (this.internalTopics.has(n.topic)) {
        let q = this.queues.get(n.topic);
        if (!q) this.queues.set(n.topic, (q = []));
        q.push(out);
        if (!this.queueOrder.includes(n.topic)) this.queueOrder.push(n.topic);
      } else this.outputs.push(out);
    }
  }

  currentTs = 0;
  private commit(): void {
    for (const s of this.stores.values()) s.flush();
  }

  private feed(topic: string, key: Buffer | null, value: Buffer | null, ts: number): void {
    this.currentTs = ts;
    const g = this.globalTopics.get(topic);
    if (g) {
      g.instance!.process(new Record(g.kd ? g.kd.deserialize(topic, key) : key, g.vd ? g.vd.deserialize(topic, value) : value, ts));
      return;
    }
    for (const n of this.nodes.values()) {
      if (n.kind === 'source' && n.topics.includes(topic)) {
        const rec = new Record(n.kd ? n.kd.deserialize(topic, key) : key, n.vd ? n.vd.deserialize(topic, value) : value, ts);
        for (const c of n.children) this.deliver(c, rec);
      }
    }
  }

  pipe(topic: string, key: Buffer | null, value: Buffer | null, ts: number): void {
    this.feed(topic, key, value, ts);
    this.commit();
    for (;;) {
      let best: string | undefined;
      for (const t of this.queueOrder) {
        const q = this.queues.get(t)!;
        if (q.length === 0) continue;
        if (best === undefined || q[0]!.ts < this.queues.get(best)![0]!.ts) best = t;
      }
      if (best === undefined) break;
      const r = this.queues.get(best)!.shift()!;
      this.feed(best, r.key, r.value, r.ts);
      this.commit();
    }
  }
}
