// ChangelogRestorer: restoration of active stores up to their end offset, and caughtUp (what interactive
// queries ask before a standby answers stale queries).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../../../src/broker/index.js';
import { Admin, Consumer, Producer } from '../../../../src/client/index.js';
import { Stores } from '../../../../src/state/stores.js';
import { ChangelogRestorer } from '../../../../src/streams/runtime/kafka/changelog-restorer.js';
import { createTopics, produce } from '../../../runtime/helpers.js';
import { stringSerde, testContext } from '../../../state/helpers.js';

const broker = await startBroker({ port: 0 });
after(() => broker.close());

test('a standby is caught up once it read its changelog up to the end it saw when registered, not before', async () => {
  await createTopics(broker.address, [{ name: 'app-store-changelog', partitions: 1 }]);
  await produce(broker.address, 'app-store-changelog', Array.from({ length: 5 }, (_, i) => ({ key: `k${i}`, value: `v${i}` })));
  const admin = new Admin({ bootstrapServers: broker.address });
  const consumer = new Consumer({ bootstrapServers: broker.address, autoOffsetReset: 'earliest' });
  after(async () => {
    await consumer.close();
    await admin.close();
  });
  const restorer = new ChangelogRestorer(consumer, admin, () => undefined);
  const applied: string[] = [];
  const adding = restorer.add([
    { topic: 'app-store-changelog', partition: 0, storeName: 'store', restore: (k) => void applied.push(k.toString()), startOffset: -1, kind: 'standby', taskId: '0_0' },
  ]);
  assert.equal(restorer.caughtUp('0_0'), false, 'changelogs not registered yet: its stores are empty');
  await adding;
  assert.equal(restorer.caughtUp('0_0'), false, 'registered, nothing read yet');
  assert.equal(restorer.caughtUp('0_1'), false, 'a task without changelogs here holds nothing');
  const deadline = Date.now() + 10_000;
  while (applied.length < 5 && Date.now() < deadline) await restorer.poll(100);
  assert.equal(applied.length, 5);
  assert.equal(restorer.caughtUp('0_0'), true);
  // later writes make it lag again for a moment, but it has held the whole changelog once: still answers
  await produce(broker.address, 'app-store-changelog', [{ key: 'k9', value: 'v9' }]);
  assert.equal(restorer.caughtUp('0_0'), true);
});

test('an active store restores in place up to the end offset seen when registered: tombstones delete, listener sees start, batches and end', async () => {
  const topic = 'app-kv-changelog';
  await createTopics(broker.address, [{ name: topic, partitions: 1 }]);
  const producer = new Producer({ bootstrapServers: broker.address, lingerMs: 1 });
  for (let i = 0; i < 29; i++) producer.produce({ topic, key: `k${i % 10}`, value: i === 23 ? null : `v${i}`, timestamp: 1_000 + i });
  producer.produce({ topic, key: null, value: 'no key', timestamp: 2_000 });
  await producer.flush();
  const store = Stores.timestampedKeyValueStoreBuilder(Stores.inMemoryTimestampedKeyValueStore('kv'), stringSerde, stringSerde).build();
  const ctx = testContext();
  store.init(ctx, store);
  const reg = ctx.registrations[0]!;
  assert.ok(reg.restoreFrom, 'the store restores in place');
  const admin = new Admin({ bootstrapServers: broker.address });
  const consumer = new Consumer({ bootstrapServers: broker.address, autoOffsetReset: 'earliest' });
  after(async () => {
    await consumer.close();
    await admin.close();
    await producer.close();
    store.close();
  });
  const events: string[] = [];
  const batchEnds: number[] = [];
  const batchCounts: number[] = [];
  const restorer = new ChangelogRestorer(consumer, admin, () => ({
    onRestoreStart: (tp, name, start, end) => void events.push(`start ${tp.topic}-${tp.partition} ${name} ${start}..${end}`),
    onBatchRestored: (_tp, _name, end, n) => {
      batchEnds.push(end);
      batchCounts.push(n);
    },
    onRestoreEnd: (tp, name, total) => void events.push(`end ${tp.topic}-${tp.partition} ${name} ${total}`),
  }));
  await restorer.add([{ topic, partition: 0, storeName: 'kv', store, restore: reg.restore, restoreBatch: reg.restoreBatch, restoreFrom: reg.restoreFrom, startOffset: -1, kind: 'active', taskId: '0_0' }]);
  // written after registration: past the end this restoration goes to
  for (let i = 0; i < 5; i++) producer.produce({ topic, key: `late${i}`, value: 'late', timestamp: 3_000 });
  await producer.flush();
  const deadline = Date.now() + 10_000;
  while (restorer.restoringActive() && Date.now() < deadline) await restorer.poll(100);
  assert.equal(restorer.restoringActive(), false);
  assert.deepEqual(events, [`start ${topic}-0 kv 0..30`, `end ${topic}-0 kv 30`]);
  // as Kafka's listener: each batch's last offset and its own count
  assert.ok(batchEnds.length > 0 && batchEnds.at(-1) === 29, `batch ends ${batchEnds.join(',')}`);
  assert.equal(batchCounts.reduce((a, b) => a + b, 0), 30, `batch counts ${batchCounts.join(',')}`);
  assert.deepEqual(batchEnds, [...batchEnds].sort((a, b) => a - b));
  assert.equal(restorer.positions('0_0').get(`${topic}:0`), 30);
  const rows = [...store.all()].map((kv) => `${kv.key}=${kv.value.value}@${kv.value.timestamp}`);
  // last write per key; k3's last write (offset 23) is a tombstone; the late records are not restored
  assert.deepEqual(rows, ['k0=v20@1020', 'k1=v21@1021', 'k2=v22@1022', 'k4=v24@1024', 'k5=v25@1025', 'k6=v26@1026', 'k7=v27@1027', 'k8=v28@1028', 'k9=v19@1019']);
});
