// ChangelogRestorer.caughtUp: what interactive queries ask before a standby answers (stale) queries.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../../../src/broker/index.js';
import { Admin, Consumer } from '../../../../src/client/index.js';
import { ChangelogRestorer } from '../../../../src/streams/runtime/kafka/changelog-restorer.js';
import { createTopics, produce } from '../../../runtime/helpers.js';

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
