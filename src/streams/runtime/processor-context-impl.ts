import { Headers } from '../processor/headers.js';
import type { Record } from '../processor/record.js';
import type { RecordContext } from '../processor/record-context.js';
import type { Cancellable, PunctuationType, Punctuator } from '../processor/punctuation.js';
import type { RecordCollector, StateStore, StateStoreContext, StoreRegistration } from '../processor/state-store.js';
import type { TaskId } from '../processor/task-id.js';
import type { Serde } from '../serdes/serde.js';
import type { RecordWallClock, TaskMetrics } from '../metrics/task-metrics.js';
import type { FailedProducerRecord, ProductionErrorKind } from '../errors/production-handler.js';
import { StreamsError } from '../errors/streams-error.js';
import type { ProcessorNode } from './processor-node.js';
import type { StateManager } from './state-manager.js';
import type { RecordCache } from '../../state/record-cache.js';

/** What the owning task provides to its context: clocks, punctuation and commit requests. */
export interface TaskServices {
  /** the task's stream time, -1 while unknown */
  streamTime(): number;
  wallClockTime(): number;
  schedule(node: ProcessorNode, intervalMs: number, type: PunctuationType, punctuator: Punctuator): Cancellable;
  requestCommit(): void;
}

export interface ProcessorContextImplOptions {
  applicationId: string;
  taskId: TaskId;
  appConfigs: Readonly<globalThis.Record<string, unknown>>;
  stateDir: string;
  keySerde: Serde<unknown> | undefined;
  valueSerde: Serde<unknown> | undefined;
  stateManager: StateManager;
  recordCollector: RecordCollector;
  services: TaskServices;
  /** the record cache shared by the caching layers of the task's stores (per stream thread in Kafka) */
  recordCache?: RecordCache | undefined;
  /** true for the global task: no punctuation, no stream time, every store reachable */
  global?: boolean;
}

const NO_HEADERS = new Headers();

/**
 * The task-wide processing context (Kafka Streams' `ProcessorContextImpl`): the record being
 * processed, the node executing, the stores. Processors see it through a per-node `NodeContext`;
 * stores see it as their `StateStoreContext`. Internal: the DSL and the runtime use it, users never.
 */
export class ProcessorContextImpl implements StateStoreContext, RecordWallClock {
  readonly applicationId: string;
  readonly taskId: TaskId;
  readonly appConfigs: Readonly<globalThis.Record<string, unknown>>;
  readonly stateDir: string;
  readonly keySerde: Serde<unknown> | undefined;
  readonly valueSerde: Serde<unknown> | undefined;
  readonly stateManager: StateManager;
  readonly recordCollector: RecordCollector;
  readonly isGlobal: boolean;
  readonly recordCache: RecordCache | undefined;
  private readonly services: TaskServices;
  private node: ProcessorNode | null = null;
  /** the innermost node that threw while a record was forwarded (for error reports); reset per record */
  failedNode: ProcessorNode | null = null;
  /** the task's metrics (null: not recorded); operators count dropped records through it */
  taskMetrics: TaskMetrics | null = null;
  /** set by the task: applies the production exception handler to a record a sink could not produce */
  productionErrorHandler: ((error: unknown, record: FailedProducerRecord, kind: ProductionErrorKind, origin?: 'key' | 'value') => void) | null = null;
  private context: RecordContext | null = null;
  /** the wall-clock time of the record (or punctuation) being run; NaN until read */
  private pinnedWallClock = Number.NaN;
  private wallClockPinned = false;

  constructor(options: ProcessorContextImplOptions) {
    this.applicationId = options.applicationId;
    this.taskId = options.taskId;
    this.appConfigs = options.appConfigs;
    this.stateDir = options.stateDir;
    this.keySerde = options.keySerde;
    this.valueSerde = options.valueSerde;
    this.stateManager = options.stateManager;
    this.recordCollector = options.recordCollector;
    this.services = options.services;
    this.isGlobal = options.global ?? false;
    this.recordCache = options.recordCache;
  }

  get changelogPartition(): number {
    return this.taskId.partition;
  }

  // --- record context and current node -------------------------------------------------------

  recordContext(): RecordContext | null {
    return this.context;
  }

  setRecordContext(context: RecordContext | null): void {
    this.context = context;
  }

  currentNode(): ProcessorNode | null {
    return this.node;
  }

  setCurrentNode(node: ProcessorNode | null): void {
    this.node = node;
  }

  currentRecordTimestamp(): number {
    return this.context === null ? -1 : this.context.timestamp;
  }

  currentRecordHeaders(): Headers | undefined {
    return this.context === null ? undefined : this.context.headers;
  }

  /** headers of the record being processed (empty when there is none) */
  currentHeaders(): Headers {
    return this.context === null ? NO_HEADERS : this.context.headers;
  }

  // --- time -----------------------------------------------------------------------------------

  currentStreamTimeMs(): number {
    if (this.isGlobal) throw new StreamsError('There is no concept of stream-time for a global processor.', { code: 'UNSUPPORTED' });
    return this.services.streamTime();
  }

  currentSystemTimeMs(): number {
    return this.services.wallClockTime();
  }

  /**
   * While the task runs one record or punctuation (`pinWallClock` .. `unpinWallClock`), the
   * wall-clock time metrics measure against: `wallClockTime` when the caller has it, else the task's
   * clock, read once on first use. Outside, every call reads the clock.
   */
  pinWallClock(wallClockTime?: number): void {
    this.wallClockPinned = true;
    this.pinnedWallClock = wallClockTime ?? Number.NaN;
  }

  unpinWallClock(): void {
    this.wallClockPinned = false;
    this.pinnedWallClock = Number.NaN;
  }

  wallClockNow(): number {
    let now = this.pinnedWallClock;
    if (now !== now) {
      now = this.services.wallClockTime();
      if (this.wallClockPinned) this.pinnedWallClock = now;
    }
    return now;
  }

  // --- stores ---------------------------------------------------------------------------------

  changelogFor(storeName: string): string {
    return this.stateManager.changelogFor(storeName);
  }

  register(registration: StoreRegistration): void {
    this.stateManager.register(registration);
  }

  /** the store `name` as processor `node` may see it: global stores, or stores connected to the node */
  getStateStore<S extends StateStore>(node: ProcessorNode, name: string): S {
    const global = this.stateManager.globalStore(name);
    if (global !== undefined) return global as S;
    if (!this.isGlobal && !node.stateStores.has(name)) {
      throw new StreamsError(
        `Processor ${node.name} has no access to StateStore ${name} as the store is not connected to the processor. ` +
          "If you add stores manually via '.addStateStore()' make sure to connect the added store to the processor " +
          "by providing the processor name to '.addStateStore()' or connect them via '.connectProcessorAndStateStores()'. " +
          "DSL users need to provide the store name to '.process()' or '.processValues()' to connect the store to the " +
          'corresponding operator.',
        { code: 'STORE_NOT_CONNECTED' },
      );
    }
    const store = this.stateManager.store(name);
    if (store === undefined) {
      throw new StreamsError(`State store ${name} is not registered with task ${this.taskId.toString()}`, {
        code: 'STORE_NOT_FOUND',
      });
    }
    return store as S;
  }

  // --- forwarding -----------------------------------------------------------------------------

  /**
   * Sends `record` from `from` to all its children or the one named `childName`. While the
   * children run, the record context carries the forwarded record's timestamp and headers.
   */
  forward(from: ProcessorNode, record: Record<unknown, unknown>, childName?: string): void {
    const previousNode = this.node;
    const previousContext = this.context;
    if (previousContext !== null && (record.timestamp !== previousContext.timestamp || record.headers !== previousContext.headers)) {
      this.context = {
        timestamp: record.timestamp,
        topic: previousContext.topic,
        partition: previousContext.partition,
        offset: previousContext.offset,
        headers: record.headers,
      };
    }
    let child: ProcessorNode | undefined;
    try {
      if (childName === undefined) {
        const children = from.children;
        for (let i = 0; i < children.length; i++) {
          child = children[i]!;
          this.node = child;
          const m = child.metrics;
          if (m !== null) m.onRecord(record.timestamp, this);
          child.process(record);
        }
      } else {
        child = from.child(childName);
        if (child === undefined) {
          throw new StreamsError(
            `Unknown downstream node: ${childName} either does not exist or is not connected to this processor.`,
            { code: 'UNKNOWN_CHILD' },
          );
        }
        this.node = child;
        const m = child.metrics;
        if (m !== null) m.onRecord(record.timestamp, this);
        child.process(record);
      }
    } catch (e) {
      if (this.failedNode === null && child !== undefined) this.failedNode = child;
      throw e;
    } finally {
      this.context = previousContext;
      this.node = previousNode;
    }
  }

  schedule(node: ProcessorNode, intervalMs: number, type: PunctuationType, punctuator: Punctuator): Cancellable {
    if (this.isGlobal) throw new StreamsError('a global processor cannot schedule punctuations', { code: 'UNSUPPORTED' });
    if (!(intervalMs >= 1)) throw new RangeError(`the minimum supported scheduling interval is 1 millisecond, got ${intervalMs}`);
    return this.services.schedule(node, intervalMs, type, punctuator);
  }

  requestCommit(): void {
    this.services.requestCommit();
  }
}
