// The broker's APIs over the wire, with the generated codecs as client.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../src/broker/index.js';
import type { Broker } from '../../src/broker/index.js';
import { apiVersionsApi } from '../../src/protocol/messages/api-versions.js';
import { metadataApi } from '../../src/protocol/messages/metadata.js';
import { createTopicsApi } from '../../src/protocol/messages/create-topics.js';
import { produceApi } from '../../src/protocol/messages/produce.js';
import { fetchApi } from '../../src/protocol/messages/fetch.js';
import type { FetchRequest } from '../../src/protocol/messages/fetch.js';
import { listOffsetsApi } from '../../src/protocol/messages/list-offsets.js';
import { initProducerIdApi } from '../../src/protocol/messages/init-producer-id.js';
import { deleteRecordsApi } from '../../src/protocol/messages/delete-records.js';
import { describeConfigsApi } from '../../src/protocol/messages/describe-configs.js';
import { alterConfigsApi } from '../../src/protocol/messages/alter-configs.js';
import { incrementalAlterConfigsApi } from '../../src/protocol/messages/incremental-alter-configs.js';
import { createPartitionsApi } from '../../src/protocol/messages/create-partitions.js';
import { deleteTopicsApi } from '../../src/protocol/messages/delete-topics.js';
import { describeClusterApi } from '../../src/protocol/messages/describe-cluster.js';
import { Reader, encodeRequestFrame } from '../../src/protocol/index.js';
import { ErrorCode } from '../../src/protocol/errors/index.js';
import { RecordBatch } from '../../src/protocol/records/index.js';
import { WireClient } from './wire-client.js';
import { makeBatch } from './make-batch.js';
import type { BatchOptions, TestRecord } from './make-batch.js';

let broker: Broker;
let client: WireClient;

before(async () => {
  broker = await startBroker({ port: 0, partitions: 2 });
  client = await WireClient.open(broker.port);
});
after(async () => {
  client.close();
  await broker.close();
});

async function createTopic(name: string, partitions = 1, configs: { name: string; value: string }[] = []) {
  const r = await client.send(createTopicsApi, 7, { topics: [{ name, numPartitions: partitions, replicationFactor: 1, assignments: [], configs }], timeoutMs: 1000, validateOnly: false });
  return r.topics[0]!;
}

async function produce(topic: string, partition: number, records: TestRecord[], options: BatchOptions = {}, version = 9) {
  const r = await client.send(produceApi, version, { transactionalId: null, acks: -1, timeoutMs: 1000, topicData: [{ name: topic, partitionData: [{ index: partition, records: makeBatch(records, options) }] }] });
  return r.responses[0]!.partitionResponses[0]!;
}

function fetchRequest(topic: string, offset: number, extra: Partial<FetchRequest> = {}): FetchRequest {
  return {
    maxWaitMs: 0,
    minBytes: 1,
    maxBytes: 1 << 20,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [{ topic, partitions: [{ partition: 0, fetchOffset: BigInt(offset), partitionMaxBytes: 1 << 20 }] }],
    forgottenTopicsData: [],
    rackId: '',
    ...extra,
  };
}

function values(records: Buffer | null): string[] {
  const out: string[] = [];
  for (let pos = 0; records && pos < records.length; ) {
    const size = records.readInt32BE(pos + 8) + 12;
    for (const r of new RecordBatch(records.subarray(pos, pos + size)).toRecords()) out.push(`${r.offset}:${r.value?.toString()}`);
    pos += size;
  }
  return out;
}

test('ApiVersions advertises the implemented ranges; an unknown version gets UNSUPPORTED_VERSION with a v0 body', async () => {
  const r = await client.send(apiVersionsApi, 3, { clientSoftwareName: 'test', clientSoftwareVersion: '1' });
  assert.equal(r.errorCode, 0);
  const produceRange = r.apiKeys.find((k) => k.apiKey === 0);
  assert.deepEqual([produceRange?.minVersion, produceRange?.maxVersion], [3, 11]);
  // Groups (coord branch): JoinGroup 0-9; KIP-890 part 2 versions of EndTxn are not advertised.
  const joinRange = r.apiKeys.find((k) => k.apiKey === 11);
  assert.deepEqual([joinRange?.minVersion, joinRange?.maxVersion], [0, 9]);
  assert.equal(r.apiKeys.find((k) => k.apiKey === 26)?.maxVersion, 3);
  // v9 of ApiVersions does not exist: header v2 request, v0 answer.
  const frame = encodeRequestFrame({ api: apiVersionsApi, version: 4, correlationId: 77, clientId: 'x', data: { clientSoftwareName: 'a', clientSoftwareVersion: 'b' } });
  frame.writeInt16BE(9, 6);
  const answer = await new Promise<Buffer>((resolve) => {
    client.socket.once('data', (d) => resolve(d));
    client.writeRaw(frame);
  });
  const reader = new Reader(answer.subarray(4));
  assert.equal(reader.int32(), 77);
  const body = apiVersionsApi.decodeResponse(reader, 0);
  assert.equal(body.errorCode, ErrorCode.UNSUPPORTED_VERSION);
  assert.ok(body.apiKeys.length >= 10);
});

test('Metadata auto-creates topics when allowed, reports topic ids, and looks topics up by id', async () => {
  const m = await client.send(metadataApi, 12, { topics: [{ name: 'auto-a', topicId: '00000000-0000-0000-0000-000000000000' }], allowAutoTopicCreation: true, includeTopicAuthorizedOperations: false });
  const t = m.topics[0]!;
  assert.equal(t.errorCode, 0);
  assert.equal(t.partitions.length, 2);
  assert.notEqual(t.topicId, '00000000-0000-0000-0000-000000000000');
  assert.equal(m.brokers[0]!.port, broker.port);
  const byId = await client.send(metadataApi, 12, { topics: [{ name: null, topicId: t.topicId! }], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });
  assert.equal(byId.topics[0]!.name, 'auto-a');
  const noAuto = await client.send(metadataApi, 4, { topics: [{ name: 'auto-b' }], allowAutoTopicCreation: false });
  assert.equal(noAuto.topics[0]!.errorCode, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  const v0 = await client.send(metadataApi, 0, { topics: [] });
  assert.ok(v0.topics.some((x) => x.name === 'auto-a'));
});

test('CreateTopics validates names, replication factor, configs; validateOnly creates nothing', async () => {
  const r = await client.send(createTopicsApi, 7, {
    topics: [
      { name: 'bad name!', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] },
      { name: 'rf3', numPartitions: 1, replicationFactor: 3, assignments: [], configs: [] },
      { name: 'badcfg', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [{ name: 'cleanup.policy', value: 'shred' }] },
      { name: 'dry', numPartitions: 4, replicationFactor: -1, assignments: [], configs: [] },
    ],
    timeoutMs: 1000,
    validateOnly: true,
  });
  assert.deepEqual(r.topics.map((t) => t.errorCode), [ErrorCode.INVALID_TOPIC_EXCEPTION, ErrorCode.INVALID_REPLICATION_FACTOR, ErrorCode.INVALID_CONFIG, 0]);
  assert.equal(r.topics[3]!.numPartitions, 4);
  const m = await client.send(metadataApi, 4, { topics: [{ name: 'dry' }], allowAutoTopicCreation: false });
  assert.equal(m.topics[0]!.errorCode, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  assert.equal((await createTopic('twice')).errorCode, 0);
  assert.equal((await createTopic('twice')).errorCode, ErrorCode.TOPIC_ALREADY_EXISTS);
});

test('Produce and Fetch: offsets, whole batches from a mid-batch offset, out of range, unknown partitions', async () => {
  await createTopic('pf');
  const a = await produce('pf', 0, [{ value: 'a' }, { value: 'b' }, { value: 'c' }]);
  const b = await produce('pf', 0, [{ value: 'd' }]);
  assert.deepEqual([a.errorCode, a.baseOffset, b.baseOffset], [0, 0n, 3n]);
  const f = await client.send(fetchApi, 11, fetchRequest('pf', 1));
  const p = f.responses[0]!.partitions[0]!;
  assert.equal(p.highWatermark, 4n);
  assert.equal(p.lastStableOffset, 4n);
  assert.deepEqual(values(p.records), ['0:a', '1:b', '2:c', '3:d']);
  const oor = await client.send(fetchApi, 11, fetchRequest('pf', 9));
  assert.equal(oor.responses[0]!.partitions[0]!.errorCode, ErrorCode.OFFSET_OUT_OF_RANGE);
  const unknown = await produce('pf', 5, [{ value: 'x' }]);
  assert.equal(unknown.errorCode, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  // A corrupted batch is rejected and never visible.
  const batch = makeBatch([{ value: 'bad' }]);
  batch[batch.length - 1]! ^= 0xff;
  const r = await client.send(produceApi, 7, { transactionalId: null, acks: 1, timeoutMs: 1000, topicData: [{ name: 'pf', partitionData: [{ index: 0, records: batch }] }] });
  assert.equal(r.responses[0]!.partitionResponses[0]!.errorCode, ErrorCode.CORRUPT_MESSAGE);
  const after = await client.send(fetchApi, 11, fetchRequest('pf', 0));
  assert.equal(after.responses[0]!.partitions[0]!.highWatermark, 4n);
});

test('Fetch honours maxBytes with at least one batch, and topic ids in v13+', async () => {
  const created = await createTopic('fb');
  for (let i = 0; i < 5; i++) await produce('fb', 0, [{ value: 'x'.repeat(100) }]);
  const one = await client.send(fetchApi, 11, fetchRequest('fb', 0, { maxBytes: 10 }));
  assert.equal(values(one.responses[0]!.partitions[0]!.records).length, 1);
  const byId = await client.send(fetchApi, 13, {
    ...fetchRequest('fb', 2),
    topics: [{ topicId: created.topicId!, partitions: [{ partition: 0, fetchOffset: 2n, partitionMaxBytes: 1 << 20 }] }],
  });
  assert.equal(byId.responses[0]!.topicId, created.topicId);
  assert.deepEqual(values(byId.responses[0]!.partitions[0]!.records).map((v) => v.split(':')[0]), ['2', '3', '4']);
  const unknownId = await client.send(fetchApi, 13, { ...fetchRequest('fb', 0), topics: [{ topicId: '11111111-1111-1111-1111-111111111111', partitions: [{ partition: 0, fetchOffset: 0n, partitionMaxBytes: 100 }] }] });
  assert.equal(unknownId.responses[0]!.partitions[0]!.errorCode, ErrorCode.UNKNOWN_TOPIC_ID);
});

test('Fetch long poll waits for data (and is answered when it arrives), or for maxWaitMs', async () => {
  await createTopic('lp');
  const started = Date.now();
  const empty = await client.send(fetchApi, 11, fetchRequest('lp', 0, { maxWaitMs: 200 }));
  assert.ok(Date.now() - started >= 180);
  assert.equal(empty.responses[0]!.partitions[0]!.records?.length ?? 0, 0);
  const other = await WireClient.open(broker.port);
  try {
    const waiting = other.send(fetchApi, 11, fetchRequest('lp', 0, { maxWaitMs: 10_000 }));
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await produce('lp', 0, [{ value: 'wake' }]);
    const got = await waiting;
    assert.ok(Date.now() - t0 < 2000);
    assert.deepEqual(values(got.responses[0]!.partitions[0]!.records), ['0:wake']);
  } finally {
    other.close();
  }
});

test('responses are sent in request order even when an earlier request waits', async () => {
  await createTopic('order');
  const other = await WireClient.open(broker.port);
  try {
    const slow = other.send(fetchApi, 11, fetchRequest('order', 0, { maxWaitMs: 300 }));
    const fast = other.send(apiVersionsApi, 3, { clientSoftwareName: 'a', clientSoftwareVersion: 'b' });
    const order: string[] = [];
    await Promise.all([slow.then(() => order.push('fetch')), fast.then(() => order.push('apiVersions'))]);
    assert.deepEqual(order, ['fetch', 'apiVersions']);
  } finally {
    other.close();
  }
});

test('idempotent produce: InitProducerId, duplicates answered with the original offset, gaps rejected', async () => {
  await createTopic('idem');
  const init = await client.send(initProducerIdApi, 4, { transactionalId: null, transactionTimeoutMs: 60000, producerId: -1n, producerEpoch: -1 });
  assert.equal(init.errorCode, 0);
  const pid = Number(init.producerId);
  const first = await produce('idem', 0, [{ value: 'a' }, { value: 'b' }], { producerId: pid, producerEpoch: 0, baseSequence: 0 });
  const second = await produce('idem', 0, [{ value: 'c' }], { producerId: pid, producerEpoch: 0, baseSequence: 2 });
  const retry = await produce('idem', 0, [{ value: 'a' }, { value: 'b' }], { producerId: pid, producerEpoch: 0, baseSequence: 0 });
  assert.deepEqual([first.baseOffset, second.baseOffset, retry.errorCode, retry.baseOffset], [0n, 2n, 0, 0n]);
  const gap = await produce('idem', 0, [{ value: 'z' }], { producerId: pid, producerEpoch: 0, baseSequence: 9 });
  assert.equal(gap.errorCode, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
  const f = await client.send(fetchApi, 11, fetchRequest('idem', 0));
  assert.deepEqual(values(f.responses[0]!.partitions[0]!.records), ['0:a', '1:b', '2:c']);
  // KIP-360: the producer bumps its own epoch.
  const bumped = await client.send(initProducerIdApi, 4, { transactionalId: null, transactionTimeoutMs: 60000, producerId: BigInt(pid), producerEpoch: 0 });
  assert.deepEqual([bumped.producerId, bumped.producerEpoch], [BigInt(pid), 1]);
});

test('Produce with acks=0 gets no response; the next request is still answered', async () => {
  await createTopic('acks0');
  client.sendOneWay(produceApi, 9, { transactionalId: null, acks: 0, timeoutMs: 1000, topicData: [{ name: 'acks0', partitionData: [{ index: 0, records: makeBatch([{ value: 'q' }]) }] }] });
  const m = await client.send(listOffsetsApi, 5, { replicaId: -1, isolationLevel: 0, topics: [{ name: 'acks0', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1n }] }] });
  assert.equal(m.topics[0]!.partitions[0]!.offset, 1n);
});

test('ListOffsets: earliest, latest, by timestamp, max timestamp; DeleteRecords moves the earliest', async () => {
  await createTopic('lo');
  await produce('lo', 0, [{ value: 'a', timestamp: 1000 }, { value: 'b', timestamp: 2000 }]);
  await produce('lo', 0, [{ value: 'c', timestamp: 5000 }, { value: 'd', timestamp: 3000 }]);
  const ask = async (timestamp: bigint) => {
    const r = await client.send(listOffsetsApi, 7, { replicaId: -1, isolationLevel: 0, topics: [{ name: 'lo', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp }] }] });
    const p = r.topics[0]!.partitions[0]!;
    return [p.offset, p.timestamp];
  };
  assert.deepEqual((await ask(-2n))[0], 0n);
  assert.deepEqual((await ask(-1n))[0], 4n);
  assert.deepEqual(await ask(1500n), [1n, 2000n]);
  assert.deepEqual(await ask(2500n), [2n, 5000n]);
  assert.deepEqual(await ask(9000n), [-1n, -1n]);
  assert.deepEqual(await ask(-3n), [3n, 5000n]);
  const d = await client.send(deleteRecordsApi, 2, { topics: [{ name: 'lo', partitions: [{ partitionIndex: 0, offset: 2n }] }], timeoutMs: 1000 });
  assert.deepEqual([d.topics[0]!.partitions[0]!.errorCode, d.topics[0]!.partitions[0]!.lowWatermark], [0, 2n]);
  assert.deepEqual((await ask(-2n))[0], 2n);
  const tooFar = await client.send(deleteRecordsApi, 1, { topics: [{ name: 'lo', partitions: [{ partitionIndex: 0, offset: 99n }] }], timeoutMs: 1000 });
  assert.equal(tooFar.topics[0]!.partitions[0]!.errorCode, ErrorCode.OFFSET_OUT_OF_RANGE);
  const f = await client.send(fetchApi, 11, fetchRequest('lo', 0));
  assert.equal(f.responses[0]!.partitions[0]!.errorCode, ErrorCode.OFFSET_OUT_OF_RANGE);
  assert.equal(f.responses[0]!.partitions[0]!.logStartOffset, 2n);
});

test('configs: DescribeConfigs shows defaults and overrides; AlterConfigs and IncrementalAlterConfigs change them', async () => {
  await createTopic('cfg', 1, [{ name: 'retention.ms', value: '1234' }]);
  const describe = async () => {
    const r = await client.send(describeConfigsApi, 4, { resources: [{ resourceType: 2, resourceName: 'cfg', configurationKeys: null }], includeSynonyms: false, includeDocumentation: false });
    return new Map(r.results[0]!.configs.map((c) => [c.name, [c.value, c.configSource]]));
  };
  let c = await describe();
  assert.deepEqual(c.get('retention.ms'), ['1234', 1]);
  assert.deepEqual(c.get('cleanup.policy'), ['delete', 5]);
  assert.deepEqual(c.get('max.message.bytes'), ['1048588', 5]);
  const inc = await client.send(incrementalAlterConfigsApi, 1, {
    resources: [{ resourceType: 2, resourceName: 'cfg', configs: [{ name: 'cleanup.policy', configOperation: 2, value: 'compact' }, { name: 'retention.ms', configOperation: 1, value: null }] }],
    validateOnly: false,
  });
  assert.equal(inc.responses[0]!.errorCode, 0);
  c = await describe();
  assert.deepEqual(c.get('cleanup.policy'), ['delete,compact', 1]);
  assert.deepEqual(c.get('retention.ms'), ['604800000', 5]);
  const alter = await client.send(alterConfigsApi, 1, { resources: [{ resourceType: 2, resourceName: 'cfg', configs: [{ name: 'segment.ms', value: '60000' }] }], validateOnly: false });
  assert.equal(alter.responses[0]!.errorCode, 0);
  c = await describe();
  assert.deepEqual(c.get('segment.ms'), ['60000', 1]);
  assert.deepEqual(c.get('cleanup.policy'), ['delete', 5]);
  const bad = await client.send(alterConfigsApi, 1, { resources: [{ resourceType: 2, resourceName: 'cfg', configs: [{ name: 'no.such', value: '1' }] }], validateOnly: false });
  assert.equal(bad.responses[0]!.errorCode, ErrorCode.INVALID_CONFIG);
});

test('CreatePartitions raises the count; DeleteTopics removes; DescribeCluster names this broker', async () => {
  await createTopic('grow', 1);
  const r = await client.send(createPartitionsApi, 3, { topics: [{ name: 'grow', count: 3, assignments: null }, { name: 'grow-missing', count: 3, assignments: null }], timeoutMs: 1000, validateOnly: false });
  assert.deepEqual(r.results.map((x) => x.errorCode), [0, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
  const shrink = await client.send(createPartitionsApi, 0, { topics: [{ name: 'grow', count: 2, assignments: null }], timeoutMs: 1000, validateOnly: false });
  assert.equal(shrink.results[0]!.errorCode, ErrorCode.INVALID_PARTITIONS);
  const m = await client.send(metadataApi, 9, { topics: [{ name: 'grow' }], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
  assert.equal(m.topics[0]!.partitions.length, 3);
  const d = await client.send(deleteTopicsApi, 4, { topicNames: ['grow', 'never'], timeoutMs: 1000 });
  assert.deepEqual(d.responses.map((x) => x.errorCode), [0, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
  const c = await client.send(describeClusterApi, 0, { includeClusterAuthorizedOperations: false });
  assert.deepEqual(c.brokers.map((b) => `${b.host}:${b.port}`), [broker.address]);
});

test('Fetch long poll keeps waiting until minBytes are there', async () => {
  await createTopic('minbytes');
  const other = await WireClient.open(broker.port);
  try {
    let answered = false;
    const waiting = other.send(fetchApi, 11, fetchRequest('minbytes', 0, { maxWaitMs: 10_000, minBytes: 500 })).then((r) => {
      answered = true;
      return r;
    });
    await produce('minbytes', 0, [{ value: 'small' }]);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(answered, false, 'one small batch is below minBytes');
    await produce('minbytes', 0, [{ value: 'y'.repeat(600) }]);
    const got = await waiting;
    assert.deepEqual(values(got.responses[0]!.partitions[0]!.records).map((v) => v.split(':')[0]), ['0', '1']);
  } finally {
    other.close();
  }
});

test('the newest versions current Java clients use: Produce 11, Fetch 17, Metadata 12, ListOffsets 10', async () => {
  const m = await client.send(metadataApi, 12, { topics: [{ name: 'newest', topicId: '00000000-0000-0000-0000-000000000000' }], allowAutoTopicCreation: true, includeTopicAuthorizedOperations: false });
  const topicId = m.topics[0]!.topicId!;
  const p = await produce('newest', 1, [{ key: 'k', value: 'v17' }], {}, 11);
  assert.deepEqual([p.errorCode, p.baseOffset], [0, 0n]);
  const f = await client.send(fetchApi, 17, {
    ...fetchRequest('newest', 0),
    topics: [{ topicId, partitions: [{ partition: 1, currentLeaderEpoch: 0, fetchOffset: 0n, lastFetchedEpoch: -1, logStartOffset: -1n, partitionMaxBytes: 1 << 20 }] }],
  });
  assert.deepEqual(values(f.responses[0]!.partitions[0]!.records), ['0:v17']);
  const lo = await client.send(listOffsetsApi, 10, { replicaId: -1, isolationLevel: 1, topics: [{ name: 'newest', partitions: [{ partitionIndex: 1, currentLeaderEpoch: 0, timestamp: -1n }] }], timeoutMs: 1000 });
  assert.equal(lo.topics[0]!.partitions[0]!.offset, 1n);
});
