// How the DSL bench drives a topology. TEMPORARY: the conformance stand-in engine (synchronous, commit
// after every record like the test driver); it moves to the TopologyTestDriver when core lands.
import type { StreamsBuilder } from '../src/streams/kstream/streams-builder.js';
import { MiniEngine } from '../scripts/conformance/dev/mini-engine.js';
import { builtInDslStoreSuppliers } from '../src/streams/kstream/internals/dsl-stores.js';

export interface BenchDriver {
  pipe(topic: string, key: Buffer, value: Buffer, timestamp: number): void;
  /** forgets the outputs written so far; returns how many there were */
  drainOutputs(): number;
  close(): void;
}

export function benchDriver(builder: StreamsBuilder, options: { cacheMaxBytes: number; stateDir: string }): BenchDriver {
  const engine = new MiniEngine();
  engine.storeSuppliers = builtInDslStoreSuppliers();
  builder.writeTo(engine, {});
  engine.init({ 'statestore.cache.max.bytes': options.cacheMaxBytes }, options.stateDir, 'bench');
  let drained = 0;
  return {
    pipe: (topic, key, value, ts) => engine.pipe(topic, key, value, ts),
    drainOutputs() {
      drained += engine.outputs.length;
      engine.outputs.length = 0;
      return drained;
    },
    close() {
      for (const s of engine.stores.values()) s.close();
    },
  };
}
benchDriver.description = 'stand-in engine, commit per record';
