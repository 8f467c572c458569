import { Record } from '../processor/record.js';
import type { RecordCollector } from '../processor/state-store.js';
import { TaskId } from '../processor/task-id.js';
import type { Serde } from '../serdes/serde.js';
import { StreamsError } from '../errors/streams-error.js';
import { logAndFailExceptionHandler, type DeserializationExceptionHandler } from '../errors/deserialization-handler.js';
import { ProcessorContextImpl } from './processor-context-impl.js';
import type { ProcessorTopology } from './processor-topology.js';
import { headersOf, type RawRecord } from './raw-record.js';
import { StateManager } from './state-manager.js';

/** Global tasks write no changelog: their topic is their changelog. */
const NO_COLLECTOR: RecordCollector = {
  send(record) {
    throw new StreamsError(`a global state store cannot write to topic ${record.topic}`, { code: 'UNSUPPORTED' });
  },
};

export const GLOBAL_TASK_ID = new TaskId(-1, -1);

/**
 * Keeps the global stores up to date (Kafka Streams' `GlobalStateUpdateTask`): every record of a
 * global topic goes through its source and state-update processor at once, with the record's own
 * timestamp; there is no stream time and no punctuation.
 */
export class GlobalStateTask {
  readonly context: ProcessorContextImpl;
  readonly stateManager: StateManager;
  private readonly handler: DeserializationExceptionHandler;
  private initialized = false;

  constructor(
    readonly topology: ProcessorTopology,
    options: {
      applicationId: string;
      appConfigs: Readonly<globalThis.Record<string, unknown>>;
      stateDir?: string;
      keySerde?: Serde<unknown> | undefined;
      valueSerde?: Serde<unknown> | undefined;
      deserializationHandler?: DeserializationExceptionHandler | undefined;
      clock: () => number;
    },
  ) {
    this.handler = options.deserializationHandler ?? logAndFailExceptionHandler;
    this.stateManager = new StateManager({
      applicationId: options.applicationId,
      storeToChangelogTopic: topology.storeToChangelogTopic,
      globalStores: topology.globalStateStores,
    });
    this.context = new ProcessorContextImpl({
      applicationId: options.applicationId,
      taskId: GLOBAL_TASK_ID,
      appConfigs: options.appConfigs,
      stateDir: options.stateDir ?? '',
      keySerde: options.keySerde,
      valueSerde: options.valueSerde,
      stateManager: this.stateManager,
      recordCollector: NO_COLLECTOR,
      global: true,
      services: {
        streamTime: () => -1,
        wallClockTime: options.clock,
        schedule: () => {
          throw new StreamsError('a global processor cannot schedule punctuations', { code: 'UNSUPPORTED' });
        },
        requestCommit: () => {},
      },
    });
  }

  initialize(): void {
    if (this.initialized) return;
    this.initialized = true;
    for (const store of this.topology.globalStateStores.values()) {
      store.init(this.context, store);
      this.stateManager.track(store);
    }
    for (const node of this.topology.processors) {
      this.context.setCurrentNode(node);
      try {
        node.init(this.context);
      } finally {
        this.context.setCurrentNode(null);
      }
    }
  }

  /** applies one record of a global topic to its store */
  update(raw: RawRecord): void {
    const source = this.topology.sourceFor(raw.topic);
    if (source === undefined) throw new StreamsError(`no global source reads topic ${raw.topic}`, { code: 'UNKNOWN_TOPIC' });
    const headers = headersOf(raw.headers);
    let key: unknown;
    let value: unknown;
    try {
      key = source.deserializeKey(raw.topic, raw.key, 0, raw.key === null ? -1 : raw.key.length, headers);
      value = source.deserializeValue(raw.topic, raw.value, 0, raw.value === null ? -1 : raw.value.length, headers);
    } catch (error) {
      const context = {
        taskId: GLOBAL_TASK_ID.toString(),
        sourceNode: source.name,
        sendToDeadLetterQueue: (): void => {
          throw new StreamsError('global tasks do not write dead-letter records', { code: 'UNSUPPORTED' });
        },
      };
      if (this.handler({ topic: raw.topic, partition: raw.partition, offset: raw.offset, timestamp: raw.timestamp, key: raw.key, value: raw.value, headers }, error, context) === 'continue') return;
      throw new StreamsError(`failed to deserialize record ${raw.topic}-${raw.partition}@${raw.offset} of a global topic`, {
        code: 'DESERIALIZATION',
        cause: error,
      });
    }
    this.context.setRecordContext({
      timestamp: raw.timestamp,
      topic: raw.topic,
      partition: raw.partition,
      offset: raw.offset,
      headers,
    });
    this.context.setCurrentNode(source);
    try {
      source.process(new Record(key, value, raw.timestamp, headers));
    } finally {
      this.context.setCurrentNode(null);
    }
  }

  flushState(): void {
    this.stateManager.flush();
  }

  close(): void {
    for (const node of this.topology.processors) node.close();
    this.stateManager.close();
  }
}
