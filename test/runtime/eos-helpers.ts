// Helpers of the exactly-once runtime tests: a counting topology with a repartition, reading a topic as a
// read_committed consumer sees it, and checks that every key's counts came out exactly once.
import { Consumer } from '../../src/client/index.js';
import type { InterceptAction, InterceptedRequest } from '../../src/broker/server/intercept.js';
import { StreamsBuilder, Materialized, Serdes, type Topology } from '../../src/index.js';

export const EOS_INPUT = 'eos-words';
export const EOS_OUTPUT = 'eos-counts';

/** key: anything, value: a word -> per word its running count (groupBy repartitions, count is an LMDB store) */
export function countingTopology(topics: { input?: string; output?: string } = {}): Topology {
  const builder = new StreamsBuilder();
  builder
    .stream<string, string>(topics.input ?? EOS_INPUT, { keySerde: Serdes.String(), valueSerde: Serdes.String() })
    .groupBy((_key, word) => word, { keySerde: Serdes.String(), valueSerde: Serdes.String() })
    .count({ materialized: { ...Materialized.as<string, number>('eos-count-store'), keySerde: Serdes.String(), valueSerde: Serdes.Long() } })
    .toStream()
    .to(topics.output ?? EOS_OUTPUT, { keySerde: Serdes.String(), valueSerde: Serdes.Long() });
  return builder.build();
}

export interface ReadResult {
  /** per key, every value in log order */
  values: Map<string, number[]>;
  count: number;
}

/** Reads every partition of `topic` from the start until `done` holds or time is up. */
export async function readAll(
  bootstrap: string,
  topic: string,
  partitions: number,
  options: { isolation: 'read_committed' | 'read_uncommitted'; done: (r: ReadResult) => boolean; timeoutMs?: number; idleMs?: number },
): Promise<ReadResult> {
  const consumer = new Consumer({ bootstrapServers: bootstrap, autoOffsetReset: 'earliest', isolationLevel: options.isolation });
  consumer.assign(Array.from({ length: partitions }, (_, partition) => ({ topic, partition })));
  const result: ReadResult = { values: new Map(), count: 0 };
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  try {
    while (!options.done(result) && Date.now() < deadline) {
      for (const r of await consumer.poll({ timeoutMs: 200 })) {
        result.count++;
        if (r.key === null || r.value === null) continue;
        const k = r.key.toString();
        let l = result.values.get(k);
        if (!l) result.values.set(k, (l = []));
        l.push(Number(r.value.readBigInt64BE(0)));
      }
    }
  } finally {
    await consumer.close();
  }
  return result;
}

/** With caching off, a word seen n times must have produced exactly 1, 2, ..., n: no gap, no repeat. */
export function exactlyOnceCounts(r: ReadResult, expected: ReadonlyMap<string, number>): string | null {
  if (r.values.size !== expected.size) return `${r.values.size} keys, expected ${expected.size}`;
  for (const [k, n] of expected) {
    const got = r.values.get(k) ?? [];
    const ok = got.length === n && got.every((v, i) => v === i + 1);
    if (!ok) return `${k}: ${JSON.stringify(got.length > 20 ? [...got.slice(0, 10), '...', ...got.slice(-10)] : got)} (expected 1..${n})`;
  }
  return null;
}

export function countWords(words: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const w of words) m.set(w, (m.get(w) ?? 0) + 1);
  return m;
}

/** Reads a topic as read_committed until nothing new arrives for `idleMs`. */
export async function readCommittedSettled(bootstrap: string, topic: string, partitions: number, idleMs = 1500): Promise<ReadResult> {
  let seen = -1;
  let since = Date.now();
  return readAll(bootstrap, topic, partitions, {
    isolation: 'read_committed',
    timeoutMs: 30_000,
    done: (r) => {
      if (r.count !== seen) {
        seen = r.count;
        since = Date.now();
      }
      return Date.now() - since >= idleMs;
    },
  });
}

const ADD_PARTITIONS_TO_TXN = 24;
const END_TXN = 26;

/**
 * A broker interceptor that, once armed for a producer (by client id), drops its EndTxn as soon as its
 * transaction holds records of `topic`: the producer's commit then hangs with an open transaction.
 */
export class EndTxnDropper {
  private clientId: string | undefined;
  private topicInTxn = false;
  dropped = 0;

  constructor(private topic: string) {}

  arm(clientId: string, topic: string = this.topic): void {
    this.topic = topic;
    this.clientId = clientId;
    this.topicInTxn = false;
    this.dropped = 0;
  }

  disarm(): void {
    this.clientId = undefined;
  }

  readonly interceptor = (req: InterceptedRequest): InterceptAction | undefined => {
    if (this.clientId === undefined || req.clientId !== this.clientId) return undefined;
    if (req.apiKey === ADD_PARTITIONS_TO_TXN) {
      const topics = (req.body as { v3AndBelowTopics?: Array<{ name: string }> }).v3AndBelowTopics ?? [];
      if (topics.some((x) => x.name === this.topic)) this.topicInTxn = true;
    } else if (req.apiKey === END_TXN && this.topicInTxn) {
      this.dropped++;
      return { action: 'drop' };
    }
    return undefined;
  };
}
