import type { Processor } from '../../../processor/processor.js';
import type { ProcessorContext } from '../../../processor/processor-context.js';
import type { Record } from '../../../processor/record.js';
import type { DslProcessorSupplier } from '../graph/graph-node.js';
import type { KeyValue } from '../../functions.js';
import type { Change } from '../change.js';

type AnyContext = ProcessorContext<unknown, unknown>;
type AnyProcessor = Processor<unknown, unknown, unknown, unknown>;

/** A processor that only needs its context and a per-record function. */
abstract class ForwardingProcessor implements AnyProcessor {
  protected context!: AnyContext;

  init(context: AnyContext): void {
    this.context = context;
  }

  abstract process(record: Record<unknown, unknown>): void;
}

function supplier(make: () => AnyProcessor): DslProcessorSupplier {
  return { get: make };
}

/** `filter` / `filterNot` (and the repartition null-key filter). */
export function filterSupplier(predicate: (key: unknown, value: unknown) => boolean, filterNot: boolean): DslProcessorSupplier {
  return supplier(
    () =>
      new (class extends ForwardingProcessor {
        process(record: Record<unknown, unknown>): void {
          if (predicate(record.key, record.value) !== filterNot) this.context.forward(record);
        }
      })(),
  );
}

/** `map` / `selectKey`: a new key and value per record. */
export function mapSupplier(mapper: (key: unknown, value: unknown) => KeyValue<unknown, unknown>): DslProcessorSupplier {
  return supplier(
    () =>
      new (class extends ForwardingProcessor {
        process(record: Record<unknown, unknown>): void {
          const pair = mapper(record.key, record.value);
          this.context.forward(record.withKey(pair.key).withValue(pair.value));
        }
      })(),
  );
}

/** `mapValues` (and `toStream`, which unwraps a table's `Change`). */
export function mapValuesSupplier(mapper: (value: unknown, key: unknown) => unknown): DslProcessorSupplier {
  return supplier(
    () =>
      new (class extends ForwardingProcessor {
        process(record: Record<unknown, unknown>): void {
          this.context.forward(record.withValue(mapper(record.value, record.key)));
        }
      })(),
  );
}

export function toStreamSupplier(): DslProcessorSupplier {
  return mapValuesSupplier((change) => (change as Change<unknown>).newValue);
}

/** `flatMap`: zero or more records per record. */
export function flatMapSupplier(mapper: (key: unknown, value: unknown) => Iterable<KeyValue<unknown, unknown>>): DslProcessorSupplier {
  return supplier(
    () =>
      new (class extends ForwardingProcessor {
        process(record: Record<unknown, unknown>): void {
          for (const pair of mapper(record.key, record.value)) this.context.forward(record.withKey(pair.key).withValue(pair.value));
        }
      })(),
  );
}

/** `flatMapValues`: zero or more values per record, same key. */
export function flatMapValuesSupplier(mapper: (value: unknown, key: unknown) => Iterable<unknown>): DslProcessorSupplier {
  return supplier(
    () =>
      new (class extends ForwardingProcessor {
        process(record: Record<unknown, unknown>): void {
          for (const value of mapper(record.value, record.key)) this.context.forward(record.withValue(value));
        }
      })(),
  );
}

/** `peek`: an action, then forward unchanged. */
export function peekSupplier(action: (key: unknown, value: unknown) => void): DslProcessorSupplier {
  return supplier(
    () =>
      new (class extends ForwardingProcessor {
        process(record: Record<unknown, unknown>): void {
          action(record.key, record.value);
          this.context.forward(record);
        }
      })(),
  );
}

/** `foreach` / `print`: a terminal action. */
export function foreachSupplier(action: (key: unknown, value: unknown) => void): DslProcessorSupplier {
  return supplier(() => ({
    process(record: Record<unknown, unknown>): void {
      action(record.key, record.value);
    },
  }));
}

/** `merge`: forwards everything from every parent. */
export function passThroughSupplier(): DslProcessorSupplier {
  return supplier(
    () =>
      new (class extends ForwardingProcessor {
        process(record: Record<unknown, unknown>): void {
          this.context.forward(record);
        }
      })(),
  );
}

/** `split`: a record goes to the first branch whose predicate holds, else to the default branch. */
export function branchSupplier(
  predicates: readonly ((key: unknown, value: unknown) => boolean)[],
  childNames: readonly string[],
  defaultChild: string | undefined,
): DslProcessorSupplier {
  return supplier(
    () =>
      new (class extends ForwardingProcessor {
        process(record: Record<unknown, unknown>): void {
          for (let i = 0; i < predicates.length; i++) {
            if (predicates[i]!(record.key, record.value)) {
              this.context.forward(record, childNames[i]!);
              return;
            }
          }
          if (defaultChild !== undefined) this.context.forward(record, defaultChild);
        }
      })(),
  );
}
