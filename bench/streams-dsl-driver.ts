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
  // persistent stores open under the working directory (the driver gives them no state dir yet)
  const cwd = process.cwd();
  process.chdir(options.stateDir);
  const driver = new TopologyTestDriver(builder.build(config), config, { initialWallClockTime: 0 });
  const input = driver.createInputTopic('in', bytes, bytes);
  const output = driver.createOutputTopic('out', bytes, bytes);
  let drained = 0;
  return {
    pipe: (key, value, ts) => input.pipeInput(key, value, ts),
    drainOutputs() {
      drained += output.getQueueSize();
      output.readRecordsToList();
      return drained;
    },
    close() {
      driver.close();
      process.chdir(cwd);
    },
  };
}
benchDriver.description = 'TopologyTestDriver, commit per record';
