import type { Headers } from '../processor/headers.js';
import type { RecordCollector } from '../processor/state-store.js';

/**
 * A record collector a sink can hand a serialized record's fields to, with no record object built per
 * send (the stream thread's collector, the hot path of every sink). `sendFields(t, k, v, ts, h, p)`
 * means `send({ topic: t, key: k, value: v, timestamp: ts, headers: h, partition: p })`, with
 * `partition` undefined for none (the default partitioner on the key bytes), and a string key standing for
 * its UTF-8 bytes (what the String serde makes of it; the producer encodes it without a Buffer).
 * Internal to the runtime.
 */
export interface DirectSendCollector extends RecordCollector {
  sendFields(topic: string, key: Buffer | string | null, value: Buffer | null, timestamp: number, headers: Headers, partition: number | undefined): void;
}

export function canSendFields(collector: RecordCollector): collector is DirectSendCollector {
  return typeof (collector as Partial<DirectSendCollector>).sendFields === 'function';
}
