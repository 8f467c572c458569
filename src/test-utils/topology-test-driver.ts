import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Topology } from '../streams/topology.js';
import type { StreamsConfig } from '../streams/config.js';
import { configNumber, DEFAULT_CACHE_MAX_BYTES } from '../streams/config.js';
import type { Serializer, Deserializer } from '../streams/serdes/serde.js';
import { Headers } from '../streams/processor/headers.js';
import { TaskId } from '../streams/processor/task-id.js';
import type { RecordCollector, StateStore } from '../streams/processor/state-store.js';
import type { TimestampExtractor } from '../streams/processor/timestamp-extractor.js';
import { StreamsError } from '../streams/errors/streams-error.js';
import type { DeserializationExceptionHandler } from '../streams/errors/deserialization-handler.js';
import type { ProcessingExceptionHandler } from '../streams/errors/processing-handler.js';
import type { InternalTopologyBuilder } from '../streams/internals/internal-topology-builder.js';
import type { ProcessorTopology } from '../streams/runtime/processor-topology.js';
import { StreamTask } from '../streams/runtime/stream-task.js';
import { GlobalStateTask } from '../streams/runtime/global-state-task.js';
import type { TopicPartition } from '../streams/runtime/raw-record.js';
import { RecordCache } from '../state/record-cache.js';
import type { KeyValueStore, TimestampedKeyValueStore } from '../state/key-value-store.js';
import type { WindowStore, TimestampedWindowStore } from '../state/window-store.js';
import type { SessionStore } from '../state/session-store.js';
import type { VersionedKeyValueStore } from '../state/versioned-key-value-store.js';
import { TestInputTopic, type InputTopicOptions } from './test-input-topic.js';
import { KeyValueStoreFacade, WindowStoreFacade, isTimestampedStore } from './store-facades.js';
import { MeteredVersionedKeyValueStore } from '../state/internals/versioned-store-layers.js';
import { TestOutputTopic, type ProducedRecord } from './test-output-topic.js';

/** The driver's task id, as in Kafka's driver: all sub-topologies run as task 0_0. */
const TASK_ID = new TaskId(0, 0);
const PARTITION = 0;

/** Collects what the topology sends, like the mock producer of Kafka's driver. */
class CapturingCollector implements RecordCollector {
  history: ProducedRecord[] = [];

  send(record: Parameters<RecordCollector['send']>[0]): void {
    this.history.push({
      topic: record.topic,
      partition: record.partition ?? PARTITION,
      key: record.key,
      value: record.value,
      timestamp: record.timestamp,
      headers: record.headers ?? new Headers(),
    });
  }

  partitionsFor(): number {
    return 1;
  }

  flush(): void {}

  drain(): ProducedRecord[] {
    const out = this.history;
    this.history = [];
    return out;
  }
}

function makeDir(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}

class OutputQueue {
  private items: ProducedRecord[] = [];
  private start = 0;
  push(r: ProducedRecord): void {
    this.items.push(r);
  }
  poll(): ProducedRecord | undefined {
    if (this.start >= this.items.length) return undefined;
    const r = this.items[this.start++];
    if (this.start === this.items.length) {
      this.items = [];
      this.start = 0;
    }
    return r;
  }
  get size(): number {
    return this.items.length - this.start;
  }
}

/** Options of the `TopologyTestDriver` besides the config. */
export interface TopologyTestDriverOptions {
  /** the mock wall clock's start (default: now) */
  initialWallClockTime?: number | Date;
}

/**
 * Runs a topology synchronously with no broker (Kafka Streams' `TopologyTestDriver`), for unit tests.
 *
 * Semantics follow Kafka's driver: every topic has one partition; all sub-topologies run as one task
 * (0_0) plus the global task; piping a record processes it completely, including records it causes on
 * internal topics, which are read back in timestamp order; the task commits after every record
 * (flushing store caches); global topics update their stores at once; wall-clock punctuations fire
 * only from `advanceWallClockTime`.
 */
export class TopologyTestDriver {
  private readonly builder: InternalTopologyBuilder;
  private readonly config: StreamsConfig;
  private wallClock: number;
  private readonly collector = new CapturingCollector();
  private readonly processorTopology: ProcessorTopology;
  private readonly globalTopology: ProcessorTopology | null;
  private readonly task: StreamTask | null;
  private readonly globalTask: GlobalStateTask | null;
  private readonly partitionsByInputTopic = new Map<string, TopicPartition>();
  private readonly patternPartitions: { regex: RegExp; partition: TopicPartition }[] = [];
  private readonly globalTopics = new Set<string>();
  private readonly offsets = new Map<string, number>();
  private readonly outputs = new Map<string, OutputQueue>();
  private closed = false;
  /** a temporary state directory the driver made and removes on close */
  private readonly ownedStateDir: string | undefined;

  constructor(topology: Topology, config: StreamsConfig = {}, options: TopologyTestDriverOptions = {}) {
    this.config = { ...config };
    this.config['application.id'] ??= 'topology-test-driver';
    const initial = options.initialWallClockTime;
    this.wallClock = initial === undefined ? Date.now() : initial instanceof Date ? initial.getTime() : initial;
    this.builder = topology.internalTopologyBuilder;
    this.builder.rewriteTopology(this.config);
    this.processorTopology = this.builder.buildTopology();
    this.globalTopology = this.builder.buildGlobalStateTopology();

    const applicationId = this.config['application.id'] as string;
    // like Kafka's driver: state lives in <state.dir>/<application.id>/<task>; by default a fresh
    // temporary directory, removed by close()
    let stateRoot = this.config['state.dir'];
    if (typeof stateRoot !== 'string') {
      stateRoot = mkdtempSync(join(tmpdir(), 'kstreams-test-driver-'));
      this.ownedStateDir = stateRoot;
    }
    const appDir = join(stateRoot, applicationId);
    const keySerde = this.config['default.key.serde'];
    const valueSerde = this.config['default.value.serde'];
    const deserializationHandler = (this.config['deserialization.exception.handler'] ??
      this.config['default.deserialization.exception.handler']) as DeserializationExceptionHandler | undefined;
    const clock = (): number => this.wallClock;
    const recordCache = new RecordCache(
      Math.max(0, configNumber(this.config, 'statestore.cache.max.bytes', configNumber(this.config, 'cache.max.bytes.buffering', DEFAULT_CACHE_MAX_BYTES))),
    );

    if (this.globalTopology !== null) {
      for (const topic of this.globalTopology.sourceTopics()) {
        this.globalTopics.add(topic);
        this.offsets.set(`${topic}-${PARTITION}`, 0);
      }
      this.globalTask = new GlobalStateTask(this.globalTopology, {
        applicationId,
        appConfigs: this.config,
        stateDir: makeDir(join(appDir, 'global')),
        keySerde,
        valueSerde,
        deserializationHandler,
        clock,
      });
      this.globalTask.initialize();
    } else {
      this.globalTask = null;
    }

    const partitions: TopicPartition[] = [];
    for (const topic of this.processorTopology.sourceTopics()) {
      const tp = { topic, partition: PARTITION };
      this.partitionsByInputTopic.set(topic, tp);
      partitions.push(tp);
    }
    for (const p of this.processorTopology.patternSources) {
      // like Kafka's driver: one partition per pattern, named by the pattern's text
      const tp = { topic: p.pattern, partition: PARTITION };
      this.patternPartitions.push({ regex: p.regex, partition: tp });
      partitions.push(tp);
    }
    for (const tp of partitions) this.offsets.set(`${tp.topic}-${tp.partition}`, 0);

    if (partitions.length > 0) {
      this.task = new StreamTask({
        id: TASK_ID,
        topology: this.processorTopology,
        partitions,
        applicationId,
        appConfigs: this.config,
        stateDir: makeDir(join(appDir, TASK_ID.toString())),
        keySerde,
        valueSerde,
        defaultTimestampExtractor: this.config['default.timestamp.extractor'] as TimestampExtractor | undefined,
        deserializationHandler,
        processingHandler: this.config['processing.exception.handler'] as ProcessingExceptionHandler | undefined,
        collector: this.collector,
        recordCache,
        clock,
      });
      this.task.initialize();
    } else {
      this.task = null;
    }
  }

  // --- topics -----------------------------------------------------------------------------------

  createInputTopic<K, V>(
    topic: string,
    keySerializer: Serializer<K>,
    valueSerializer: Serializer<V>,
    options: InputTopicOptions = {},
  ): TestInputTopic<K, V> {
    return new TestInputTopic(
      { pipeRawRecord: (t, ts, k, v, h) => this.pipeRawRecord(t, ts, k, v, h), wallClockTimeMs: () => this.wallClock },
      topic,
      keySerializer,
      valueSerializer,
      options,
    );
  }

  createOutputTopic<K, V>(topic: string, keyDeserializer: Deserializer<K>, valueDeserializer: Deserializer<V>): TestOutputTopic<K, V> {
    return new TestOutputTopic(
      { readOutput: (t) => this.outputs.get(t)?.poll(), outputQueueSize: (t) => this.outputs.get(t)?.size ?? 0 },
      topic,
      keyDeserializer,
      valueDeserializer,
    );
  }

  /** every topic the topology wrote to so far (output, repartition and changelog topics) */
  producedTopicNames(): Set<string> {
    return new Set(this.outputs.keys());
  }

  /** pipes raw bytes into a topic (what `TestInputTopic` does after serializing) */
  pipeRawRecord(topic: string, timestamp: number, key: Buffer | null, value: Buffer | null, headers: Headers = new Headers()): void {
    this.ensureOpen();
    const partition = this.inputPartitionFor(topic);
    const global = this.globalTopics.has(topic);
    if (partition === undefined && !global) throw new StreamsError(`Unknown topic: ${topic}`, { code: 'UNKNOWN_TOPIC' });
    if (partition !== undefined) {
      this.enqueue(topic, partition, timestamp, key, value, headers);
      this.completeAllProcessableWork();
    }
    if (global) this.processGlobalRecord(topic, timestamp, key, value, headers);
  }

  // --- time -------------------------------------------------------------------------------------

  /** advances the mock wall clock, fires due wall-clock punctuations, commits, and processes their output */
  advanceWallClockTime(ms: number): void {
    this.ensureOpen();
    if (ms < 0) throw new RangeError('advance must be >= 0');
    this.wallClock += ms;
    if (this.task !== null) {
      this.task.maybePunctuateSystemTime();
      this.task.commit();
    }
    this.completeAllProcessableWork();
  }

  wallClockTimeMs(): number {
    return this.wallClock;
  }

  // --- stores -----------------------------------------------------------------------------------

  /** any store by name (local or global), or undefined */
  getStateStore<S extends StateStore = StateStore>(name: string): S | undefined {
    const local = this.task?.stateManager.store(name);
    if (local !== undefined) return local as S;
    const global = this.globalTask?.stateManager.store(name) ?? this.builder.globalStateStores().get(name);
    return global as S | undefined;
  }

  /**
   * A key-value store by name. A timestamped store (as the DSL makes) is returned behind a facade
   * that reads plain values, as Kafka's driver does; use `getTimestampedKeyValueStore` to see the
   * timestamps. Undefined for versioned stores and unknown names.
   */
  getKeyValueStore<K, V>(name: string): KeyValueStore<K, V> | undefined {
    const store = this.getStateStore(name);
    if (store === undefined || store instanceof MeteredVersionedKeyValueStore) return undefined;
    if (isTimestampedStore(store)) return new KeyValueStoreFacade(store as TimestampedKeyValueStore<K, V>);
    return store as KeyValueStore<K, V>;
  }

  /** a timestamped key-value store (values with the timestamp of their last update), or undefined */
  getTimestampedKeyValueStore<K, V>(name: string): TimestampedKeyValueStore<K, V> | undefined {
    const store = this.getStateStore(name);
    return store !== undefined && isTimestampedStore(store) ? (store as TimestampedKeyValueStore<K, V>) : undefined;
  }

  getVersionedKeyValueStore<K, V>(name: string): VersionedKeyValueStore<K, V> | undefined {
    const store = this.getStateStore(name);
    return store instanceof MeteredVersionedKeyValueStore ? (store as VersionedKeyValueStore<K, V>) : undefined;
  }

  /** a window store; timestamped ones behind a facade with plain values (see `getKeyValueStore`) */
  getWindowStore<K, V>(name: string): WindowStore<K, V> | undefined {
    const store = this.getStateStore(name);
    if (store === undefined) return undefined;
    if (isTimestampedStore(store)) return new WindowStoreFacade(store as TimestampedWindowStore<K, V>);
    return store as WindowStore<K, V>;
  }

  getTimestampedWindowStore<K, V>(name: string): TimestampedWindowStore<K, V> | undefined {
    const store = this.getStateStore(name);
    return store !== undefined && isTimestampedStore(store) ? (store as TimestampedWindowStore<K, V>) : undefined;
  }

  getSessionStore<K, V>(name: string): SessionStore<K, V> | undefined {
    return this.getStateStore<SessionStore<K, V>>(name);
  }

  /** every store of the topology by name */
  getAllStateStores(): Map<string, StateStore> {
    const out = new Map<string, StateStore>();
    for (const name of this.builder.allStateStoreNames()) {
      const store = this.getStateStore(name);
      if (store !== undefined) out.set(name, store);
    }
    return out;
  }

  /** closes processors and stores; the driver cannot be used afterwards */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    let first: unknown;
    try {
      this.task?.close();
    } catch (e) {
      first = e;
    }
    try {
      this.globalTask?.close();
    } catch (e) {
      first ??= e;
    }
    this.captureOutputs();
    if (this.ownedStateDir !== undefined) rmSync(this.ownedStateDir, { recursive: true, force: true });
    if (first !== undefined) throw first;
  }

  // --- internals --------------------------------------------------------------------------------

  private ensureOpen(): void {
    if (this.closed) throw new StreamsError('the TopologyTestDriver is closed', { code: 'CLOSED' });
  }

  private inputPartitionFor(topic: string): TopicPartition | undefined {
    const exact = this.partitionsByInputTopic.get(topic);
    if (exact !== undefined) return exact;
    for (const p of this.patternPartitions) if (p.regex.test(topic)) return p.partition;
    return undefined;
  }

  private nextOffset(key: string): number {
    const offset = this.offsets.get(key) ?? 0;
    this.offsets.set(key, offset + 1);
    return offset;
  }

  private enqueue(topic: string, partition: TopicPartition, timestamp: number, key: Buffer | null, value: Buffer | null, headers: Headers): void {
    const offset = this.nextOffset(`${partition.topic}-${partition.partition}`);
    this.task!.addRecords(partition, [{ topic, partition: PARTITION, offset, timestamp, key, value, headers }]);
  }

  private processGlobalRecord(topic: string, timestamp: number, key: Buffer | null, value: Buffer | null, headers: Headers): void {
    const offset = this.nextOffset(`${topic}-${PARTITION}`);
    this.globalTask!.update({ topic, partition: PARTITION, offset, timestamp, key, value, headers });
    this.globalTask!.flushState();
  }

  private completeAllProcessableWork(): void {
    this.captureOutputs();
    const task = this.task;
    if (task === null) return;
    while (task.hasRecordsQueued()) {
      task.process();
      task.maybePunctuateStreamTime();
      task.commit();
      this.captureOutputs();
    }
  }

  /** moves produced records to the output queues; records to input or global topics are fed back */
  private captureOutputs(): void {
    for (const record of this.collector.drain()) {
      let queue = this.outputs.get(record.topic);
      if (queue === undefined) {
        queue = new OutputQueue();
        this.outputs.set(record.topic, queue);
      }
      queue.push(record);
      const partition = this.inputPartitionFor(record.topic);
      if (partition !== undefined) {
        this.enqueue(record.topic, partition, record.timestamp, record.key, record.value, record.headers);
      }
      if (this.globalTopics.has(record.topic)) {
        this.processGlobalRecord(record.topic, record.timestamp, record.key, record.value, record.headers);
      }
    }
  }
}

