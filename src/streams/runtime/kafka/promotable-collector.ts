// The record collector of a standby task: stores bind their changelogging layer to the collector they
// are initialized with, so a standby that may be promoted to active in place gets one that refuses
// writes while standby and forwards them to the thread's collector once the task is active.
import type { Headers } from '../../processor/headers.js';
import type { RecordCollector } from '../../processor/state-store.js';
import { StreamsError } from '../../errors/streams-error.js';
import { canSendFields, type DirectSendCollector } from '../direct-send.js';

export class PromotableCollector implements DirectSendCollector {
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

  /** the sinks' path once promoted (the thread's collector takes fields directly) */
  sendFields(topic: string, key: Buffer | string | null, value: Buffer | null, timestamp: number, headers: Headers, partition: number | undefined): void {
    const target = this.target;
    if (target === undefined) throw new StreamsError(`a standby task cannot write to ${topic}`, { code: 'ILLEGAL_STATE' });
    if (canSendFields(target)) {
      target.sendFields(topic, key, value, timestamp, headers, partition);
      return;
    }
    const keyBytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
    target.send(partition === undefined ? { topic, key: keyBytes, value, timestamp, headers } : { topic, key: keyBytes, value, timestamp, headers, partition });
  }

  partitionsFor(topic: string): number | undefined {
    return this.target?.partitionsFor?.(topic);
  }

  flush(): void {
    this.target?.flush?.();
  }
}
