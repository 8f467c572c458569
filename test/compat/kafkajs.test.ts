// kafkajs 2.2.4 (pure JS): admin creating topics with configs, describing and altering them; an
// idempotent producer with acks=all; a consumer without a group is not in kafkajs, so the records
// are read back with the admin's offsets and our own fetch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Kafka, logLevel } from 'kafkajs';
import { startBroker } from '../../src/broker/index.js';
import type { Broker } from '../../src/broker/index.js';
import { fetchApi } from '../../src/protocol/messages/fetch.js';
import { RecordBatch } from '../../src/protocol/records/index.js';
import { WireClient } from '../broker/wire-client.js';

let broker: Broker;
let kafka: Kafka;

before(async () => {
  broker = await startBroker({ port: 0 });
  kafka = new Kafka({ brokers: [broker.address], clientId: 'kafkajs-compat', logLevel: logLevel.NOTHING, retry: { retries: 2 } });
});
after(() => broker.close());

test('kafkajs admin creates topics with configs, describes and alters them, adds partitions, deletes', async () => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const created = await admin.createTopics({
      topics: [
        { topic: 'kjs-a', numPartitions: 3, configEntries: [{ name: 'cleanup.policy', value: 'compact' }, { name: 'retention.ms', value: '60000' }] },
        { topic: 'kjs-b' },
      ],
      waitForLeaders: true,
    });
    assert.equal(created, true);
    await assert.rejects(admin.createTopics({ topics: [{ topic: 'kjs-c', configEntries: [{ name: 'retention.ms', value: 'soon' }] }] }));
    const described = await admin.describeConfigs({ resources: [{ type: 2, name: 'kjs-a' }], includeSynonyms: false });
    const entries = new Map(described.resources[0]!.configEntries.map((e) => [e.configName, e]));
    assert.equal(entries.get('cleanup.policy')?.configValue, 'compact');
    assert.equal(entries.get('retention.ms')?.configValue, '60000');
    assert.equal(entries.get('segment.bytes')?.configValue, '1073741824');
    assert.equal(entries.get('segment.bytes')?.isDefault, true);
    await admin.alterConfigs({ resources: [{ type: 2, name: 'kjs-a', configEntries: [{ name: 'retention.ms', value: '120000' }] }], validateOnly: false });
    const again = await admin.describeConfigs({ resources: [{ type: 2, name: 'kjs-a', configNames: ['retention.ms', 'cleanup.policy'] }], includeSynonyms: false });
    assert.deepEqual(again.resources[0]!.configEntries.map((e) => [e.configName, e.configValue]).sort(), [['cleanup.policy', 'delete'], ['retention.ms', '120000']]);
    await admin.createPartitions({ topicPartitions: [{ topic: 'kjs-b', count: 2 }] });
    const meta = await admin.fetchTopicMetadata({ topics: ['kjs-a', 'kjs-b'] });
    assert.deepEqual(meta.topics.map((t) => [t.name, t.partitions.length]).sort(), [['kjs-a', 3], ['kjs-b', 2]]);
    await admin.deleteTopics({ topics: ['kjs-b'] });
    assert.deepEqual((await admin.listTopics()).sort(), ['kjs-a']);
  } finally {
    await admin.disconnect();
  }
});

test('kafkajs idempotent producer with acks=all; offsets and records check out', async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'kjs-p', numPartitions: 2 }] });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (let round = 0; round < 3; round++) {
      const result = await producer.send({
        topic: 'kjs-p',
        acks: -1,
        messages: Array.from({ length: 10 }, (_, i) => ({ key: `k${round}-${i}`, value: `v${round}-${i}`, partition: i % 2, headers: { round: String(round) } })),
      });
      assert.ok(result.every((r) => r.errorCode === 0));
    }
    const offsets = await admin.fetchTopicOffsets('kjs-p');
    assert.deepEqual(offsets.map((o) => [o.partition, o.high, o.low]).sort(), [[0, '15', '0'], [1, '15', '0']]);
    const client = await WireClient.open(broker.port);
    try {
      const f = await client.send(fetchApi, 11, {
        maxWaitMs: 0, minBytes: 1, maxBytes: 1 << 20, isolationLevel: 0, sessionId: 0, sessionEpoch: -1, forgottenTopicsData: [], rackId: '',
        topics: [{ topic: 'kjs-p', partitions: [{ partition: 1, fetchOffset: 0n, partitionMaxBytes: 1 << 20 }] }],
      });
      const buf = f.responses[0]!.partitions[0]!.records!;
      const got: string[] = [];
      for (let pos = 0; pos < buf.length; ) {
        const size = buf.readInt32BE(pos + 8) + 12;
        const batch = new RecordBatch(buf.subarray(pos, pos + size));
        assert.ok(batch.producerId >= 0, 'idempotent batches carry a producer id');
        for (const r of batch.toRecords()) got.push(`${r.offset}:${r.key?.toString()}=${r.value?.toString()}:${r.headers[0]?.value?.toString()}`);
        pos += size;
      }
      assert.deepEqual(got.slice(0, 3), ['0:k0-1=v0-1:0', '1:k0-3=v0-3:0', '2:k0-5=v0-5:0']);
      assert.equal(got.length, 15);
    } finally {
      client.close();
    }
  } finally {
    await producer.disconnect();
    await admin.disconnect();
  }
});
