import type { Processor } from '../../../processor/processor.js';
import type { Record } from '../../../processor/record.js';
import type { Change } from '../change.js';
import { materializedValueGetterSupplier, type ChangeContext, type KTableProcessorSupplier, type KTableValueGetterSupplier } from './table-support.js';

/**
 * Forwards the updates of several aggregation processors that share one store (Kafka Streams'
 * `KTablePassThrough`, the merge node of a cogroup). Its view is the shared store, read by the
 * first parent's getter (windowed stores need a windowed read).
 */
export class KTablePassThroughSupplier implements KTableProcessorSupplier {
  constructor(
    private readonly parents: readonly KTableProcessorSupplier[],
    private readonly storeName: string,
  ) {}

  enableSendingOldValues(forceMaterialization: boolean): boolean {
    for (const p of this.parents) p.enableSendingOldValues(forceMaterialization);
    return true;
  }

  view(): KTableValueGetterSupplier<unknown, unknown> {
    return this.parents[0]?.view() ?? materializedValueGetterSupplier(this.storeName);
  }

  get(): Processor<unknown, Change<unknown>, unknown, Change<unknown>> {
    let context: ChangeContext;
    return {
      init(ctx) {
        context = ctx;
      },
      process(record: Record<unknown, Change<unknown>>) {
        context.forward(record);
      },
    };
  }
}
