// The record collector of a stream thread: sink and changelog writes go to the thread's producer without
// a promise per record; the commit awaits producer.flush(), which reports any failed send.
import type { Producer } from '../../../client/index.js';
import type { RecordCollector } from '../../processor/state-store.js';

export class KafkaRecordCollector implements RecordCollector {
  /** records handed to the producer since the last flush */
  pending = 0;

  constructor(
    private readonly producer: Producer,
    private readonly partitionCounts: ReadonlyMap<string, number>,
  ) {}

  send(record: Parameters<RecordCollector['send']>[0]): void {
    const headers: { key: string; value: Buffer | null }[] = [];
    if (record.headers !== undefined) for (const h of record.headers) headers.push({ key: h.key, value: h.value });
    this.producer.produce({
      topic: record.topic,
      key: record.key,
      value: record.value,
      timestamp: record.timestamp,
      ...(record.partition === undefined ? {} : { partition: record.partition }),
      ...(headers.length === 0 ? {} : { headers }),
    });
    this.pending++;
  }

  partitionsFor(topic: string): number | undefined {
    return this.partitionCounts.get(topic);
  }

  async flushAll(): Promise<void> {
    this.pending = 0;
    await this.producer.flush();
  }
}
