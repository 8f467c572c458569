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
    const headers = record.headers;
    // the producer copies headers when it takes the record: the Headers may change after send()
    this.producer.produce({
      topic: record.topic,
      key: record.key,
      value: record.value,
      timestamp: record.timestamp,
      partition: record.partition,
      headers: headers === undefined || headers.size === 0 ? undefined : headers.toArray(),
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
