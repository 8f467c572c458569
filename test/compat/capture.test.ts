// Records the requests that kcat and kafkajs really send (the broker's intercept hook) and decodes them
// with the generated codecs: the fields we know they sent must come out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Kafka, logLevel } from 'kafkajs';
import { startBroker } from '../../src/broker/index.js';
import type { Broker, InterceptedRequest } from '../../src/broker/index.js';
import { decodeRequestFrame } from '../../src/protocol/index.js';
import type { ProduceRequest } from '../../src/protocol/messages/produce.js';
import type { InitProducerIdRequest } from '../../src/protocol/messages/init-producer-id.js';
import type { CreateTopicsRequest } from '../../src/protocol/messages/create-topics.js';
import type { ApiVersionsRequest } from '../../src/protocol/messages/api-versions.js';
import { RecordBatch } from '../../src/protocol/records/index.js';
import { available, runProcess } from './run-process.js';

let broker: Broker;
let captured: InterceptedRequest[] = [];

before(async () => {
  broker = await startBroker({ port: 0 });
  broker.intercept((r) => {
    captured.push(r);
  });
});
after(() => broker.close());

/** Decodes the raw captured frame again, independently of what the broker decoded. */
function decoded<T>(r: InterceptedRequest): T {
  const d = decodeRequestFrame(r.frame);
  assert.equal(d.header.requestApiKey, r.apiKey);
  assert.equal(d.header.correlationId, r.correlationId);
  return d.body as T;
}

test('kcat: ApiVersions v3 first, then idempotent Produce with the keys, values and headers it was given', { skip: available('kcat') ? false : 'kcat is not installed' }, async () => {
  captured = [];
  const r = await runProcess('kcat', ['-b', broker.address, '-P', '-t', 'cap-kcat', '-K', ':', '-H', 'who=kcat', '-X', 'enable.idempotence=true', '-X', 'client.id=capture-kcat'], { input: 'k1:hello\nk2:world\n' });
  assert.equal(r.code, 0, r.stderr);
  const first = captured[0]!;
  assert.equal(first.apiKey, 18);
  assert.equal(first.apiVersion, 3);
  assert.equal(first.clientId, 'capture-kcat');
  assert.equal(decoded<ApiVersionsRequest>(first).clientSoftwareName, 'librdkafka');
  const init = captured.find((c) => c.apiKey === 22)!;
  assert.equal(decoded<InitProducerIdRequest>(init).transactionalId, null);
  const produce = captured.find((c) => c.apiKey === 0)!;
  assert.equal(produce.apiVersion, 7);
  const body = decoded<ProduceRequest>(produce);
  assert.equal(body.acks, -1);
  assert.equal(body.topicData[0]!.name, 'cap-kcat');
  const batch = new RecordBatch(body.topicData[0]!.partitionData[0]!.records!);
  assert.ok(batch.producerId >= 0);
  assert.equal(batch.baseSequence, 0);
  const records = batch.toRecords();
  assert.deepEqual(records.map((x) => [x.key?.toString(), x.value?.toString(), x.headers.map((h) => `${h.key}=${h.value?.toString()}`).join()]), [
    ['k1', 'hello', 'who=kcat'],
    ['k2', 'world', 'who=kcat'],
  ]);
  const metadata = captured.find((c) => c.apiKey === 3)!;
  assert.equal(metadata.apiVersion, 4);
});

test('kafkajs: CreateTopics and Produce as sent by kafkajs decode to what the test asked for', async () => {
  captured = [];
  const kafka = new Kafka({ brokers: [broker.address], clientId: 'capture-kafkajs', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'cap-kjs', numPartitions: 2, configEntries: [{ name: 'retention.ms', value: '3600000' }] }] });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: 'cap-kjs', acks: 1, messages: [{ key: 'a', value: 'payload-1', partition: 1, headers: { trace: 'abc' } }] });
  await producer.disconnect();
  await admin.disconnect();
  const create = captured.find((c) => c.apiKey === 19)!;
  const topics = decoded<CreateTopicsRequest>(create).topics;
  assert.deepEqual(topics.map((t) => [t.name, t.numPartitions, t.configs.map((c) => `${c.name}=${c.value}`)]), [['cap-kjs', 2, ['retention.ms=3600000']]]);
  const produce = captured.find((c) => c.apiKey === 0)!;
  assert.equal(produce.clientId, 'capture-kafkajs');
  const body = decoded<ProduceRequest>(produce);
  assert.equal(body.acks, 1);
  const part = body.topicData[0]!.partitionData[0]!;
  assert.equal(part.index, 1);
  const [record] = new RecordBatch(part.records!).toRecords();
  assert.deepEqual([record!.key?.toString(), record!.value?.toString(), record!.headers[0]?.key, record!.headers[0]?.value?.toString()], ['a', 'payload-1', 'trace', 'abc']);
});

test('the intercept hook can fail and delay requests', async () => {
  const kafka = new Kafka({ brokers: [broker.address], clientId: 'hook', logLevel: logLevel.NOTHING, retry: { retries: 0 } });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const remove = broker.intercept((r) => {
      if (r.apiKey === 19) {
        const body = r.body as CreateTopicsRequest;
        return {
          action: 'respond',
          body: { throttleTimeMs: 0, topics: body.topics.map((t) => ({ name: t.name, errorCode: 44, errorMessage: 'policy says no', topicConfigErrorCode: 0, numPartitions: -1, replicationFactor: -1, configs: null })) },
        };
      }
      if (r.apiKey === 3) return new Promise((resolve) => setTimeout(() => resolve({ action: 'continue' }), 150));
      return undefined;
    });
    await assert.rejects(admin.createTopics({ topics: [{ topic: 'cap-denied' }] }), (err: { errors?: { type?: string }[] }) => {
      assert.equal(err.errors?.[0]?.type, 'POLICY_VIOLATION');
      return true;
    });
    const t0 = Date.now();
    await admin.fetchTopicMetadata({ topics: ['cap-kjs'] });
    assert.ok(Date.now() - t0 >= 140);
    remove();
  } finally {
    await admin.disconnect();
  }
});
