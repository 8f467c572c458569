import type { Processor } from '../../../processor/processor.js';
import type { ProcessingContext, ProcessorContext } from '../../../processor/processor-context.js';
import { Record } from '../../../processor/record.js';
import type { CachedStateStore } from '../../../../state/cache-flush-listener.js';
import type { StateStore } from '../../../processor/state-store.js';
import type { TimestampedKeyValueStore, ValueAndTimestamp } from '../../../../state/key-value-store.js';
import { Change } from '../change.js';
import type { VersionedKeyValueStore } from '../../../../state/versioned-key-value-store.js';
import { isVersionedStore } from '../versioned/versioned-table.js';
import type { DslProcessorSupplier } from '../graph/graph-node.js';

export type AnyStore = TimestampedKeyValueStore<unknown, unknown>;
export type ChangeContext = ProcessorContext<unknown, Change<unknown>>;

export function valueOrNull<V>(vt: ValueAndTimestamp<V> | null | undefined): V | null {
  return vt === null || vt === undefined ? null : vt.value;
}

/** `ValueAndTimestamp.make`: null for a null value (a put of it deletes). */
export function makeValueAndTimestamp<V>(value: V | null, timestamp: number): ValueAndTimestamp<V> | null {
  return value === null || value === undefined ? null : { value, timestamp };
}

/** Reads one key of a table, wherever its values live (Kafka Streams' `KTableValueGetter`). */
export interface KTableValueGetter<K, V> {
  init(context: ProcessingContext): void;
  /** the current value, or for a versioned table with `asOfTimestamp` the value valid at that time */
  get(key: K, asOfTimestamp?: number): ValueAndTimestamp<V> | null;
  /** true when the table is versioned (stream-table joins then read it as of the record's time) */
  isVersioned?(): boolean;
  close?(): void;
}

export interface KTableValueGetterSupplier<K, V> {
  get(): KTableValueGetter<K, V>;
  /** the stores the getter reads; processors that use it must be connected to them */
  storeNames(): readonly string[];
}

/** A getter that reads a materialized table's own store. */
export function materializedValueGetterSupplier(storeName: string): KTableValueGetterSupplier<unknown, unknown> {
  return {
    get() {
      let store: AnyStore;
      let versioned: (VersionedKeyValueStore<unknown, unknown> & StateStore) | undefined;
      return {
        init(context) {
          const s = context.getStateStore<StateStore>(storeName);
          if (isVersionedStore(s)) versioned = s;
          else store = s as AnyStore;
        },
        get(key, asOfTimestamp) {
          if (versioned) return versioned.get(key, asOfTimestamp);
          return store.get(key);
        },
        isVersioned: () => versioned !== undefined,
      };
    },
    storeNames: () => [storeName],
  };
}

/** What every table-producing supplier offers to downstream operators. */
export interface KTableProcessorSupplier extends DslProcessorSupplier {
  view(): KTableValueGetterSupplier<unknown, unknown>;
  /** asks for old values downstream; false if not possible without materializing (and not forced) */
  enableSendingOldValues(forceMaterialization: boolean): boolean;
}

function isCachedStore(store: StateStore): store is StateStore & CachedStateStore<unknown, ValueAndTimestamp<unknown>> {
  return typeof (store as Partial<CachedStateStore<unknown, unknown>>).setFlushListener === 'function';
}

/**
 * Forwards a table update now, or leaves it to the record cache, which forwards the latest value per
 * key when it flushes (Kafka Streams' `TimestampedTupleForwarder` + `TimestampedCacheFlushListener`).
 */
export class TupleForwarder {
  private readonly cachingEnabled: boolean;

  constructor(
    store: StateStore,
    private readonly context: ChangeContext,
    private readonly sendOldValues: boolean,
  ) {
    // with a caching layer, the cache forwards the latest value per key when it flushes
    this.cachingEnabled = isCachedStore(store)
      ? store.setFlushListener((event) => {
          const timestamp = event.newValue ? event.newValue.timestamp : event.timestamp;
          context.forward(new Record(event.key, new Change(valueOrNull(event.newValue), valueOrNull(event.oldValue)), timestamp, event.headers));
        }, sendOldValues)
      : false;
  }

  /** whether `maybeForward` forwards (false: the cache forwards on flush), so callers can skip building the record */
  get forwardsOnWrite(): boolean {
    return !this.cachingEnabled;
  }

  maybeForward(record: Record<unknown, Change<unknown>>): void {
    if (this.cachingEnabled) return;
    if (this.sendOldValues) this.context.forward(record);
    else this.context.forward(record.withValue(new Change(record.value.newValue, null, record.value.isLatest)));
  }
}

export type ChangeProcessor = Processor<unknown, Change<unknown>, unknown, Change<unknown>>;
