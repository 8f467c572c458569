// TEMPORARY: VectorDriver over the mini engine, until the core TopologyTestDriver lands.
import type { DriverFactory } from '../run-vector.js';
import { longSerde, stringSerde } from '../interpreter.js';
import { MiniEngine } from './mini-engine.js';
import { decodeOutputKey } from '../windowing.js';
import { readWindowedStore } from './windowed-store-reader.js';
import { MiniStore, miniStoreBuilder, miniWindowStoreBuilder } from './mini-store.js';
import { builtInDslStoreSuppliers, type DslStoreSuppliers } from '../../../src/streams/kstream/internals/dsl-stores.js';

export const miniDriverFactory: DriverFactory = (built, vector) => {
  const engine = new MiniEngine() as MiniEngine & { storeSuppliers: DslStoreSuppliers };
  const real = builtInDslStoreSuppliers();
  engine.storeSuppliers = (r) => (r.kind === 'window' ? miniWindowStoreBuilder(r.name, r.keySerde) : process.env.MINI_STORES ? miniStoreBuilder(r.name, r.keySerde) : real({ ...r, storeType: 'in_memory' }));
  built.builder.writeTo(engine, { 'topology.optimization': vector.config['topology.optimization'] });
  engine.init({ 'statestore.cache.max.bytes': vector.config['statestore.cache.max.bytes'] ?? 0 });
  let read = 0;
  return {
    pipe(topic, key, value, ts) {
      engine.pipe(topic, stringSerde.serialize(topic, key), stringSerde.serialize(topic, value), ts);
    },
    advanceWallClock() {},
    readOutput(topic, type) {
      const all = engine.outputs.slice(read);
      read = engine.outputs.length;
      const serde = type === 'long' ? longSerde : stringSerde;
      // readOutput is called per topic in order; keep unread records of other topics
      const mine = all.filter((o) => o.topic === topic);
      const others = all.filter((o) => o.topic !== topic);
      engine.outputs.splice(engine.outputs.length - all.length, all.length, ...others);
      read = engine.outputs.length - others.length;
      return mine.map((o) => ({ key: decodeOutputKey(o.key), value: serde.deserialize(topic, o.value), timestamp: o.ts }));
    },
    readKeyValueStore(name) {
      const store = engine.stores.get(name) as unknown as MiniStore;
      return [...store.all()].map((e) => {
        const vt = e.value as { value: string | number; timestamp: number };
        return { key: e.key as string, value: vt.value, timestamp: vt.timestamp };
      });
    },
    readWindowedStore(name, kind) {
      return readWindowedStore(engine.stores.get(name), kind);
    },
    describe: () => undefined,
    close() {},
  };
};
