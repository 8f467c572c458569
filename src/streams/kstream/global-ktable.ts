import type { KTableValueGetterSupplier } from './internals/processors/table-support.js';

/**
 * A table replicated in full to every instance (Kafka Streams' `GlobalKTable`): streams join it by
 * any key they compute, without repartitioning.
 */
export class GlobalKTable<K, V> {
  /** @internal */
  constructor(
    private readonly getterSupplier: KTableValueGetterSupplier<unknown, unknown>,
    readonly queryableStoreName: string | undefined,
  ) {}

  /** @internal */
  valueGetterSupplier(): KTableValueGetterSupplier<unknown, unknown> {
    return this.getterSupplier;
  }

  /** @internal keeps K and V in the type */
  protected readonly phantom?: (k: K) => V;
}
