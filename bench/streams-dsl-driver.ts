// How the DSL bench drives a topology: the TopologyTestDriver (synchronous, commit after every record).
import { TopologyTestDriver } from '../src/test-utils/index.js';
import type { StreamsBuilder } from '../src/streams/kstream/streams-builder.js';
import type { Serde } from '../src/streams/serdes/serde.js';

export interface BenchDriver {
  pipe(key: Buffer, value: Buffer, timestamp: number): void;
  /** forgets the outputs written so far; returns how many there were in total */
  drainOutputs(): number;
  close(): void;
}

const bytes: Serde<Buffer> = { serialize: (_t, d) => d, deserialize: (_t, d) => d };

export function benchDriver(builder: StreamsBuilder, options: { cacheMaxBytes: number; stateDir: string }): BenchDriver {
  const config = {
    'application.id': 'bench',
    'statestore.cache.max.bytes': options.cacheMaxBytes,
    'state.dir': options.stateDir,
  };
  const driver = new TopologyTestDriver(builder.build(config), config, { initialWallClockTime: 0 });
  const input = driver.createInputTopic('in', bytes, bytes);
  const output = driver.createOutputTopic('out', bytes, bytes);
  // the driver captures changelog writes too; drain them so they do not pile up in memory
  const changelog = driver.createOutputTopic('bench-counts-changelog', bytes, bytes);
  let drained = 0;
  return {
    pipe: (key, value, ts) => input.pipeInput(key, value, ts),
    drainOutputs() {
      drained += output.getQueueSize();
      output.readRecordsToList();
      changelog.readRecordsToList();
      return drained;
    },
    close() {
      driver.close();
    },
  };
}
benchDriver.description = 'TopologyTestDriver, commit per record';
