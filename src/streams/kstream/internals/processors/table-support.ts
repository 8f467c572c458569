import type { Processor } from '../../../processor/processor.js';
import type { ProcessingContext, ProcessorContext } from '../../../processor/processor-context.js';
import type { Record } from '../../../processor/record.js';
import type { StateStore } from '../../../processor/state-store.js';
import type { TimestampedKeyValueStore, ValueAndTimestamp } from '../../../../state/key-value-store.js';
import { Change } from '../change.js';
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
  get(key: K): ValueAndTimestamp<V> | null;
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
      return {
        init(context) {
          store = context.getStateStore<AnyStore>(storeName);
        },
        get(key) {
          return store.get(key);
        },
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

/** A record that the cache hands back when it flushes a dirty key (Kafka's `CacheFlushListener`). */
export type CacheFlushListener = (record: Record<unknown, Change<ValueAndTimestamp<unknown> | null>>) => void;

/** A store layer that forwards on cache flush instead of on write (Kafka's `CachedStateStore`). */
export interface FlushListenerAware {
  setFlushListener(listener: CacheFlushListener, sendOldValues: boolean): boolean;
}

function isFlushListenerAware(store: StateStore): store is StateStore & FlushListenerAware {
  return typeof (store as Partial<FlushListenerAware>).setFlushListener === 'function';
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
    this.cachingEnabled = isFlushListenerAware(store)
      ? store.setFlushListener((flushed) => {
          const change = flushed.value;
          const newVt = change.newValue;
          context.forward(
            flushed
              .withValue(new Change(valueOrNull(newVt), valueOrNull(change.oldValue), change.isLatest))
              .withTimestamp(newVt ? newVt.timestamp : flushed.timestamp),
          );
        }, sendOldValues)
      : false;
  }

  maybeForward(record: Record<unknown, Change<unknown>>): void {
    if (this.cachingEnabled) return;
    if (this.sendOldValues) this.context.forward(record);
    else this.context.forward(record.withValue(new Change(record.value.newValue, null, record.value.isLatest)));
  }
}

export type ChangeProcessor = Processor<unknown, Change<unknown>, unknown, Change<unknown>>;
