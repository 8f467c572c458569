// A commit the group refuses because it moved on (what a paused or slow instance sees when it comes
// back: UNKNOWN_MEMBER_ID, or REBALANCE_IN_PROGRESS during a rebalance) must not kill the stream thread:
// the thread logs it, the consumer rejoins, the tasks are closed dirty and created again, and processing
// goes on without losing input (at-least-once). The broker's interceptor refuses the commits here.
// When the membership is gone, another owner may already write to the tasks' changelogs: with the first
// refusal the test writes such a record, and it must be in the store once the task is back (restoration
// must not start past it, as it would from a checkpoint written after the refused commit).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../src/broker/index.js';
import type { OffsetCommitRequest, OffsetCommitResponse } from '../../src/protocol/messages/offset-commit.js';
import { Consumer, Producer } from '../../src/client/index.js';
import { KafkaStreams, QueryableStoreTypes, StoreQueryParameters } from '../../src/index.js';
import { COUNTS_STORE, wordCountTopology } from '../../examples/first-topology.js';
import { collectErrors, createTopics, expectedWordCounts, longValue, produce, readUntil, tempStateDir } from './helpers.js';

const OFFSET_COMMIT = 8;

/** the first record of a changelog partition 0..n-1 (its raw value, to write a well-formed copy) */
async function firstChangelogValue(bootstrap: string, topic: string, partitions: number): Promise<Buffer> {
  const consumer = new Consumer({ bootstrapServers: bootstrap, autoOffsetReset: 'earliest' });
  try {
    consumer.assign(Array.from({ length: partitions }, (_, partition) => ({ topic, partition })));
    for (let i = 0; i < 50; i++) for (const r of await consumer.poll({ timeoutMs: 100 })) if (r.value !== null) return r.value;
    throw new Error(`nothing in ${topic}`);
  } finally {
    await consumer.close();
  }
}

for (const [name, errorCode, membershipGone] of [
  ['UNKNOWN_MEMBER_ID', 25, true],
  ['REBALANCE_IN_PROGRESS', 27, false],
] as const) {
  test(`a commit refused with ${name} does not stop the thread; it rejoins and no input is lost`, { timeout: 60_000 }, async (t) => {
    const warnings: string[] = [];
    t.mock.method(console, 'warn', (...args: unknown[]) => void warnings.push(args.map(String).join(' ')));
    const broker = await startBroker({ port: 0 });
    t.after(() => broker.close());
    const app = `refused-commit-${errorCode}`;
    await createTopics(broker.address, [
      { name: 'text-lines', partitions: 2 },
      { name: 'word-counts', partitions: 2 },
    ]);
    const first = Array.from({ length: 100 }, (_, i) => `alpha beta ${i % 5} gamma`);
    await produce(broker.address, 'text-lines', first.map((value, i) => ({ key: String(i), value })));
    const streams = new KafkaStreams(wordCountTopology(), {
      'application.id': app,
      'bootstrap.servers': broker.address,
      'state.dir': tempStateDir(t),
      'commit.interval.ms': 100,
      'session.timeout.ms': 1000,
      'heartbeat.interval.ms': 100,
    });
    const errors = collectErrors(streams);
    t.after(() => streams.close({ timeoutMs: 10_000 }));
    await streams.start();
    await streams.waitForState('RUNNING', 20_000);
    const atLeast = (expected: Map<string, number>) => (m: Map<string, number>) => [...expected].every(([w, n]) => (m.get(w) ?? 0) >= n);
    await readUntil(broker.address, 'word-counts', longValue, atLeast(expectedWordCounts(first)));

    // refuse the next two commits of the application's group; with the first one, "another owner" writes
    // to the changelog (a well-formed count of a word nobody sent)
    const changelog = `${app}-${COUNTS_STORE}-changelog`;
    const sample = await firstChangelogValue(broker.address, changelog, 2);
    const otherOwner = new Producer({ bootstrapServers: broker.address, lingerMs: 0 });
    t.after(() => otherOwner.close());
    let refused = 0;
    broker.intercept(async (req) => {
      if (req.apiKey !== OFFSET_COMMIT || refused >= 2) return;
      const body = req.body as OffsetCommitRequest;
      if (body.groupId !== app) return;
      refused++;
      if (refused === 1 && membershipGone) {
        otherOwner.produce({ topic: changelog, key: 'written-by-another-owner', value: sample });
        await otherOwner.flush();
      }
      const response: OffsetCommitResponse = {
        topics: body.topics.map((topic) => ({ name: topic.name, partitions: topic.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode })) })),
      };
      return { action: 'respond', body: response };
    });
    const second = Array.from({ length: 100 }, (_, i) => `delta beta ${i % 3} omega`);
    await produce(broker.address, 'text-lines', second.map((value, i) => ({ key: String(100 + i), value })));
    for (const deadline = Date.now() + 30_000; refused < 2 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
    const all = expectedWordCounts([...first, ...second]);
    const { latest } = await readUntil(broker.address, 'word-counts', longValue, atLeast(all), 30_000);
    assert.deepEqual(errors, []);
    assert.equal(refused, 2, 'the interceptor refused two commits');
    for (const [word, n] of all) assert.ok((latest.get(word) ?? 0) >= n, `${word}: ${latest.get(word)} >= ${n}`);
    assert.ok(warnings.some((w) => w.includes(name)), `the thread logged the refused commit: ${JSON.stringify(warnings)}`);
    // still running, and commits go through again
    await streams.waitForState('RUNNING', 20_000);
    assert.equal(streams.state(), 'RUNNING');
    if (membershipGone) {
      const store = streams.store(StoreQueryParameters.fromNameAndType(COUNTS_STORE, QueryableStoreTypes.keyValueStore<string, number>()));
      assert.equal(typeof store.get('written-by-another-owner'), 'number', "the other owner's changelog write was restored into the store");
    }
  });
}
