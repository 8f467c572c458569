import type { Processor } from '../../../processor/processor.js';
import type { ProcessorContext } from '../../../processor/processor-context.js';
import type { Record } from '../../../processor/record.js';
import type { Serializer } from '../../../serdes/serde.js';
import type { Change } from '../change.js';
import { dropRecord } from '../processors/dropped-records.js';
import type { KTableValueGetterSupplier } from '../processors/table-support.js';
import { openSubscriptionStore, type SubscriptionStore } from './subscription-store.js';
import type { StateStore } from '../../../processor/state-store.js';
import { Instruction, hashesEqual, valueHash, type SubscriptionResponseWrapper, type SubscriptionWrapper } from './wrappers.js';

type Ctx<K, V> = ProcessorContext<K, V>;

function sameKey(serializer: Serializer<unknown>, a: unknown, b: unknown): boolean {
  const x = serializer.serialize('', a);
  const y = serializer.serialize('', b);
  if (x === null || y === null) return x === y;
  return x.equals(y);
}

/**
 * Left table changes -> subscriptions keyed by foreign key (Kafka Streams'
 * `SubscriptionSendProcessorSupplier`). A changed foreign key unsubscribes from the old one.
 * `singleLeftJoinResult` (kstreams option): a left join whose row moves to another non-null foreign
 * key does not first emit a result without a match (Kafka Streams emits both).
 */
export function subscriptionSendSupplier(options: {
  extractor: (value: unknown) => unknown;
  foreignKeySerializer: Serializer<unknown>;
  valueSerializer: Serializer<unknown>;
  leftJoin: boolean;
  singleLeftJoinResult: boolean;
}): () => Processor<unknown, Change<unknown>, unknown, SubscriptionWrapper> {
  const { extractor, foreignKeySerializer, valueSerializer, leftJoin, singleLeftJoinResult } = options;
  return () => {
    let context: Ctx<unknown, SubscriptionWrapper>;
    let hash: Buffer | null | undefined;
    const hashOf = (record: Record<unknown, Change<unknown>>): Buffer | null => {
      if (hash === undefined) hash = record.value.newValue === null ? null : valueHash(valueSerializer.serialize('', record.value.newValue));
      return hash;
    };
    const forward = (record: Record<unknown, Change<unknown>>, foreignKey: unknown, instruction: Instruction): void => {
      const wrapper: SubscriptionWrapper = { hash: hashOf(record), instruction, primaryKey: record.key, primaryPartition: context.recordMetadata()?.partition ?? 0 };
      context.forward(record.withKey(foreignKey).withValue(wrapper));
    };
    const nullForeignKey = (): void => dropRecord(context, 'null foreign key in a foreign-key join');
    return {
      init(ctx) {
        context = ctx;
      },
      process(record) {
        hash = undefined;
        const { newValue, oldValue } = record.value;
        if (leftJoin) {
          if (oldValue !== null) {
            const oldFk = extractor(oldValue);
            const newFk = newValue === null ? null : extractor(newValue);
            if (oldFk !== null && oldFk !== undefined && !sameKey(foreignKeySerializer, newFk, oldFk)) {
              const moved = singleLeftJoinResult && newFk !== null && newFk !== undefined;
              forward(record, oldFk, moved ? Instruction.DELETE_KEY_NO_PROPAGATE : Instruction.DELETE_KEY_AND_PROPAGATE);
            }
            forward(record, newFk ?? null, Instruction.PROPAGATE_NULL_IF_NO_FK_VAL_AVAILABLE);
          } else if (newValue !== null) {
            forward(record, extractor(newValue) ?? null, Instruction.PROPAGATE_NULL_IF_NO_FK_VAL_AVAILABLE);
          }
          return;
        }
        if (oldValue !== null) {
          const oldFk = extractor(oldValue);
          if (oldFk === null || oldFk === undefined) return nullForeignKey();
          if (newValue !== null) {
            const newFk = extractor(newValue);
            if (newFk === null || newFk === undefined) return nullForeignKey();
            if (!sameKey(foreignKeySerializer, newFk, oldFk)) forward(record, oldFk, Instruction.DELETE_KEY_NO_PROPAGATE);
            forward(record, newFk, Instruction.PROPAGATE_NULL_IF_NO_FK_VAL_AVAILABLE);
          } else {
            forward(record, oldFk, Instruction.DELETE_KEY_AND_PROPAGATE);
          }
        } else if (newValue !== null) {
          const newFk = extractor(newValue);
          if (newFk === null || newFk === undefined) nullForeignKey();
          else forward(record, newFk, Instruction.PROPAGATE_ONLY_IF_FK_VAL_AVAILABLE);
        }
      },
    };
  };
}

/** A subscription and the one it replaces, keyed by (foreign key, primary key). */
export interface SubscriptionChange {
  readonly foreignKey: unknown;
  readonly primaryKey: unknown;
  readonly wrapper: SubscriptionWrapper;
  readonly timestamp: number;
}

/**
 * Subscription topic -> the subscription store (Kafka Streams' `SubscriptionReceiveProcessorSupplier`):
 * records (or forgets) the subscription and passes it on to the foreign-value lookup.
 */
export function subscriptionReceiveSupplier(storeName: string, foreignKeySerializer: Serializer<unknown>, primaryKeySerializer: Serializer<unknown>): () => Processor<unknown, SubscriptionWrapper, unknown, SubscriptionChange> {
  return () => {
    let context: Ctx<unknown, SubscriptionChange>;
    let store: SubscriptionStore;
    return {
      init(ctx) {
        context = ctx;
        store = openSubscriptionStore(ctx.getStateStore<StateStore>(storeName), foreignKeySerializer, primaryKeySerializer);
      },
      process(record) {
        const wrapper = record.value;
        if ((record.key === null || record.key === undefined) && wrapper.instruction !== Instruction.PROPAGATE_NULL_IF_NO_FK_VAL_AVAILABLE) {
          dropRecord(context, 'null foreign key in a foreign-key join subscription');
          return;
        }
        if (record.key !== null && record.key !== undefined) {
          if (wrapper.instruction === Instruction.DELETE_KEY_AND_PROPAGATE || wrapper.instruction === Instruction.DELETE_KEY_NO_PROPAGATE) {
            store.delete(record.key, wrapper.primaryKey);
          } else {
            store.put(record.key, wrapper.primaryKey, { value: wrapper, timestamp: record.timestamp });
          }
        }
        context.forward(record.withKey(record.key).withValue({ foreignKey: record.key, primaryKey: wrapper.primaryKey, wrapper, timestamp: record.timestamp }));
      },
    };
  };
}

/** Looks the foreign value up for a subscription and answers (Kafka's `SubscriptionJoinProcessorSupplier`). */
export function subscriptionJoinSupplier(foreignValues: KTableValueGetterSupplier<unknown, unknown>): () => Processor<unknown, SubscriptionChange, unknown, SubscriptionResponseWrapper> {
  return () => {
    let context: Ctx<unknown, SubscriptionResponseWrapper>;
    const getter = foreignValues.get();
    return {
      init(ctx) {
        context = ctx;
        getter.init(ctx);
      },
      process(record) {
        const { foreignKey, primaryKey, wrapper, timestamp } = record.value;
        const foreign = foreignKey === null || foreignKey === undefined ? null : getter.get(foreignKey);
        const resultTimestamp = foreign === null ? timestamp : Math.max(timestamp, foreign.timestamp);
        const respond = (foreignValue: unknown): void => {
          context.forward(record.withKey(primaryKey).withValue({ originalValueHash: wrapper.hash, foreignValue, primaryPartition: wrapper.primaryPartition }).withTimestamp(resultTimestamp));
        };
        switch (wrapper.instruction) {
          case Instruction.DELETE_KEY_AND_PROPAGATE:
            respond(null);
            break;
          case Instruction.PROPAGATE_NULL_IF_NO_FK_VAL_AVAILABLE:
            respond(foreign === null ? null : foreign.value);
            break;
          case Instruction.PROPAGATE_ONLY_IF_FK_VAL_AVAILABLE:
            if (foreign !== null) respond(foreign.value);
            break;
          case Instruction.DELETE_KEY_NO_PROPAGATE:
            break;
        }
      },
    };
  };
}

/** Foreign table changes -> a response to every subscriber (Kafka's `ForeignTableJoinProcessorSupplier`). */
export function foreignTableJoinSupplier(storeName: string, foreignKeySerializer: Serializer<unknown>, primaryKeySerializer: Serializer<unknown>): () => Processor<unknown, Change<unknown>, unknown, SubscriptionResponseWrapper> {
  return () => {
    let context: Ctx<unknown, SubscriptionResponseWrapper>;
    let store: SubscriptionStore;
    return {
      init(ctx) {
        context = ctx;
        store = openSubscriptionStore(ctx.getStateStore<StateStore>(storeName), foreignKeySerializer, primaryKeySerializer);
      },
      process(record) {
        if (record.key === null || record.key === undefined) {
          dropRecord(context, 'null key in the foreign table of a foreign-key join');
          return;
        }
        for (const sub of store.subscribers(record.key)) {
          context.forward(
            record.withKey(sub.primaryKey).withValue({ originalValueHash: sub.value.value.hash, foreignValue: record.value.newValue, primaryPartition: sub.value.value.primaryPartition }),
          );
        }
      },
    };
  };
}

/**
 * Responses -> join results (Kafka Streams' `ResponseJoinProcessorSupplier`): a response for a left
 * value that has changed since (hash mismatch) is dropped; no foreign value gives a tombstone for
 * an inner join, and `joiner(left, null)` for a left join.
 */
export function responseJoinSupplier(options: {
  leftValues: KTableValueGetterSupplier<unknown, unknown>;
  valueSerializer: Serializer<unknown>;
  joiner: (left: unknown, right: unknown) => unknown;
  leftJoin: boolean;
}): () => Processor<unknown, SubscriptionResponseWrapper, unknown, unknown> {
  const { leftValues, valueSerializer, joiner, leftJoin } = options;
  return () => {
    let context: Ctx<unknown, unknown>;
    const getter = leftValues.get();
    return {
      init(ctx) {
        context = ctx;
        getter.init(ctx);
      },
      process(record) {
        const current = getter.get(record.key);
        const currentHash = current === null ? null : valueHash(valueSerializer.serialize('', current.value));
        if (!hashesEqual(record.value.originalValueHash, currentHash)) {
          dropRecord(context, 'stale foreign-key join response (the left value changed)');
          return;
        }
        const foreignValue = record.value.foreignValue;
        const result = (foreignValue === null || foreignValue === undefined) && (!leftJoin || current === null) ? null : joiner(current === null ? null : current.value, foreignValue ?? null);
        context.forward(record.withValue(result));
      },
    };
  };
}
