// The record collector of a standby task: stores bind their changelogging layer to the collector they
// are initialized with, so a standby that may be promoted to active in place gets one that refuses
// writes while standby and forwards them to the thread's collector once the task is active.
import type { RecordCollector } from '../../processor/state-store.js';
import { StreamsError } from '../../errors/streams-error.js';

export class PromotableCollector implements RecordCollector {
  private target: RecordCollector | undefined;

  /** the task became active: writes go to `collector` from now on */
  promote(collector: RecordCollector): void {
    this.target = collector;
  }

  get promoted(): boolean {
    return this.target !== undefined;
  }

  send(record: Parameters<RecordCollector['send']>[0]): void {
    if (this.target === undefined) throw new StreamsError(`a standby task cannot write to ${record.topic}`, { code: 'ILLEGAL_STATE' });
    this.target.send(record);
  }

  partitionsFor(topic: string): number | undefined {
    return this.target?.partitionsFor?.(topic);
  }

  flush(): void {
    this.target?.flush?.();
  }
}
