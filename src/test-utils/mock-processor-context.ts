import type { Record } from '../streams/processor/record.js';
import type { RecordMetadata, ProcessorContext, FixedKeyProcessorContext } from '../streams/processor/processor-context.js';
import type { FixedKeyRecord } from '../streams/processor/processor.js';
import type { Cancellable, PunctuationType, Punctuator } from '../streams/processor/punctuation.js';
import type { RecordCollector, StateStore, StateStoreContext, StoreRegistration } from '../streams/processor/state-store.js';
import { TaskId } from '../streams/processor/task-id.js';
import type { Headers } from '../streams/processor/headers.js';
import type { Serde } from '../streams/serdes/serde.js';
import type { StreamsConfig } from '../streams/config.js';
import { StreamsError } from '../streams/errors/streams-error.js';

/** A record a processor forwarded, with the child it was sent to (undefined = all children). */
export interface CapturedForward<K, V> {
  readonly record: Record<K, V>;
  readonly childName: string | undefined;
}

/** A punctuation a processor scheduled; call `punctuator` yourself to test it. */
export interface CapturedPunctuator {
  readonly intervalMs: number;
  readonly type: PunctuationType;
  readonly punctuator: Punctuator;
  readonly cancelled: boolean;
}

/** A record a store wrote to its changelog through the mock context's collector. */
export interface CapturedChangelogRecord {
  readonly topic: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: number;
  readonly headers?: Headers | undefined;
}

class ScheduledPunctuation implements CapturedPunctuator, Cancellable {
  cancelled = false;
  constructor(
    readonly intervalMs: number,
    readonly type: PunctuationType,
    readonly punctuator: Punctuator,
  ) {}
  cancel(): void {
    this.cancelled = true;
  }
}

export interface MockProcessorContextOptions {
  config?: StreamsConfig;
  taskId?: TaskId;
  stateDir?: string;
}

/**
 * A `ProcessorContext` for unit-testing one processor without a topology (Kafka Streams'
 * `api.MockProcessorContext`): it captures forwarded records, scheduled punctuations and commit
 * requests, and serves stores added with `addStateStore`. Record metadata and times are set by the
 * test. Stores can be initialized with `getStateStoreContext()`.
 */
export class MockProcessorContext<KForward = unknown, VForward = unknown>
  implements ProcessorContext<KForward, VForward>, FixedKeyProcessorContext<KForward, VForward>
{
  readonly applicationId: string;
  readonly taskId: TaskId;
  readonly appConfigs: Readonly<globalThis.Record<string, unknown>>;
  readonly stateDir: string;
  readonly keySerde: Serde<unknown> | undefined;
  readonly valueSerde: Serde<unknown> | undefined;
  private metadata: RecordMetadata | null = null;
  private streamTime = -1;
  private systemTime = Date.now();
  private recordTimestamp = -1;
  private readonly captured: CapturedForward<KForward, VForward>[] = [];
  private readonly punctuators: ScheduledPunctuation[] = [];
  private readonly stores = new Map<string, StateStore>();
  private readonly changelog: CapturedChangelogRecord[] = [];
  private commitRequested = false;

  constructor(options: MockProcessorContextOptions = {}) {
    const config = options.config ?? {};
    this.applicationId = typeof config['application.id'] === 'string' ? config['application.id'] : 'dummy-application';
    this.appConfigs = config;
    this.taskId = options.taskId ?? new TaskId(0, 0);
    this.stateDir = options.stateDir ?? '';
    this.keySerde = config['default.key.serde'];
    this.valueSerde = config['default.value.serde'];
  }

  // --- what the test sets ----------------------------------------------------------------------

  /** the metadata `recordMetadata()` returns (null: none, as in a punctuation) */
  setRecordMetadata(topic: string, partition: number, offset: number): void {
    this.metadata = { topic, partition, offset };
  }

  clearRecordMetadata(): void {
    this.metadata = null;
  }

  setCurrentStreamTimeMs(ms: number): void {
    this.streamTime = ms;
  }

  setCurrentSystemTimeMs(ms: number): void {
    this.systemTime = ms;
  }

  /** the timestamp stores see as the current record's (`currentRecordTimestamp`) */
  setRecordTimestamp(ms: number): void {
    this.recordTimestamp = ms;
  }

  addStateStore(store: StateStore): void {
    this.stores.set(store.name, store);
  }

  // --- what the test reads ---------------------------------------------------------------------

  /** every record forwarded since the last reset; with a name, only those sent to that child */
  forwarded(childName?: string): CapturedForward<KForward, VForward>[] {
    return childName === undefined ? [...this.captured] : this.captured.filter((f) => f.childName === childName);
  }

  resetForwards(): void {
    this.captured.length = 0;
  }

  scheduledPunctuators(): CapturedPunctuator[] {
    return [...this.punctuators];
  }

  committed(): boolean {
    return this.commitRequested;
  }

  resetCommit(): void {
    this.commitRequested = false;
  }

  /** records stores wrote to their changelogs through this context */
  changelogRecords(): CapturedChangelogRecord[] {
    return [...this.changelog];
  }

  /** a `StateStoreContext` backed by this mock, for `store.init(...)` in tests */
  getStateStoreContext(): StateStoreContext {
    const collector: RecordCollector = {
      send: (r) => void this.changelog.push({ topic: r.topic, key: r.key, value: r.value, timestamp: r.timestamp, headers: r.headers }),
    };
    return {
      applicationId: this.applicationId,
      taskId: this.taskId,
      stateDir: this.stateDir,
      appConfigs: this.appConfigs,
      changelogFor: (store) => `${this.applicationId}-${store}-changelog`,
      changelogPartition: this.taskId.partition,
      recordCollector: collector,
      currentRecordTimestamp: () => this.recordTimestamp,
      currentStreamTimeMs: () => this.streamTime,
      register: (registration: StoreRegistration) => this.stores.set(registration.store.name, registration.store),
    };
  }

  // --- ProcessorContext ------------------------------------------------------------------------

  recordMetadata(): RecordMetadata | null {
    return this.metadata;
  }

  currentStreamTimeMs(): number {
    return this.streamTime;
  }

  currentSystemTimeMs(): number {
    return this.systemTime;
  }

  getStateStore<S extends StateStore>(name: string): S {
    const store = this.stores.get(name);
    if (store === undefined) throw new StreamsError(`no store named ${name} was added to the MockProcessorContext`, { code: 'STORE_NOT_FOUND' });
    return store as S;
  }

  schedule(intervalMs: number, type: PunctuationType, punctuator: Punctuator): Cancellable {
    if (!(intervalMs >= 1)) throw new RangeError(`the minimum supported scheduling interval is 1 millisecond, got ${intervalMs}`);
    const p = new ScheduledPunctuation(intervalMs, type, punctuator);
    this.punctuators.push(p);
    return p;
  }

  commit(): void {
    this.commitRequested = true;
  }

  forward<K extends KForward, V extends VForward>(record: Record<K, V> | FixedKeyRecord<K, V>, childName?: string): void {
    this.captured.push({ record: record as unknown as Record<KForward, VForward>, childName });
  }
}
