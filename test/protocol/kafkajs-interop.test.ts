import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import {
  apiRegistry,
  decodeRequestFrame,
  encodeResponseFrame,
  FrameDecoder,
  peekCorrelationId,
  type ApiDefinition,
} from '../../src/protocol/index.js';

// Cross-check against an independent implementation: kafkajs's own request encoders and response
// decoders (non-flexible versions only; kafkajs does not speak flexible versions). Requests: kafkajs
// encodes, we decode (what our broker does). Responses: we encode, kafkajs decodes (what it does with
// our broker's answers).

const require = createRequire(import.meta.url);
const kjs = (path: string): unknown => require(`kafkajs/src/protocol/${path}`);

interface KjsRequest {
  apiKey: number;
  apiVersion: number;
  encode: () => Promise<unknown>;
}
type KjsRequestFactory = (args: Record<string, unknown>) => KjsRequest;
type KjsFrameEncoder = (o: { correlationId: number; clientId: string; request: KjsRequest }) => Promise<{ buffer: Buffer }>;
interface KjsResponse {
  decode: (raw: Buffer) => Promise<Record<string, unknown>>;
  parse: (data: Record<string, unknown>) => Promise<Record<string, unknown>>;
}

async function kafkajsRequestFrame(path: string, args: Record<string, unknown>): Promise<Buffer> {
  const request = (kjs(`requests/${path}/request`) as KjsRequestFactory)(args);
  const encoded = await (kjs('request') as KjsFrameEncoder)({ correlationId: 77, clientId: 'kjs', request });
  const frames = new FrameDecoder().push(encoded.buffer);
  assert.equal(frames.length, 1);
  return frames[0]!;
}

async function kafkajsDecodeResponse(path: string, api: ApiDefinition, version: number, data: unknown): Promise<Record<string, unknown>> {
  const frame = encodeResponseFrame({ api, version, correlationId: 5, data });
  const body = frame.subarray(4);
  assert.equal(peekCorrelationId(body, 'response'), 5);
  const response = kjs(`requests/${path}/response`) as KjsResponse;
  return response.parse(await response.decode(body.subarray(4)));
}

const api = (key: number): ApiDefinition => apiRegistry.get(key)!;

describe('kafkajs interop: kafkajs requests decoded by us', () => {
  it('Metadata v6, JoinGroup v5, SyncGroup v3, Heartbeat v3', async () => {
    let d = decodeRequestFrame(await kafkajsRequestFrame('metadata/v6', { topics: ['a', 'b'], allowAutoTopicCreation: false }));
    assert.deepEqual(d.header, { requestApiKey: 3, requestApiVersion: 6, correlationId: 77, clientId: 'kjs' });
    assert.deepEqual(d.body, { topics: [{ name: 'a', topicId: '00000000-0000-0000-0000-000000000000' }, { name: 'b', topicId: '00000000-0000-0000-0000-000000000000' }], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });

    d = decodeRequestFrame(
      await kafkajsRequestFrame('joinGroup/v5', {
        groupId: 'g',
        sessionTimeout: 30000,
        rebalanceTimeout: 60000,
        memberId: '',
        protocolType: 'consumer',
        groupProtocols: [{ name: 'RoundRobinAssigner', metadata: Buffer.from([0, 1, 2]) }],
      }),
    );
    const join = d.body as Record<string, unknown>;
    assert.equal(join.groupId, 'g');
    assert.equal(join.sessionTimeoutMs, 30000);
    assert.equal(join.rebalanceTimeoutMs, 60000);
    assert.equal(join.groupInstanceId, null);
    assert.deepEqual(join.protocols, [{ name: 'RoundRobinAssigner', metadata: Buffer.from([0, 1, 2]) }]);

    d = decodeRequestFrame(
      await kafkajsRequestFrame('syncGroup/v3', {
        groupId: 'g',
        generationId: 3,
        memberId: 'm1',
        groupInstanceId: 'static-1',
        groupAssignment: [{ memberId: 'm1', memberAssignment: Buffer.from('xyz') }],
      }),
    );
    assert.deepEqual(d.body, {
      groupId: 'g',
      generationId: 3,
      memberId: 'm1',
      groupInstanceId: 'static-1',
      protocolType: null,
      protocolName: null,
      assignments: [{ memberId: 'm1', assignment: Buffer.from('xyz') }],
    });

    d = decodeRequestFrame(await kafkajsRequestFrame('heartbeat/v3', { groupId: 'g', groupGenerationId: 4, memberId: 'm', groupInstanceId: null }));
    assert.deepEqual(d.body, { groupId: 'g', generationId: 4, memberId: 'm', groupInstanceId: null });
  });

  it('Fetch v11, ListOffsets v2, OffsetCommit v5 (int64 offsets as bigint)', async () => {
    let d = decodeRequestFrame(
      await kafkajsRequestFrame('fetch/v11', {
        replicaId: -1,
        maxWaitTime: 500,
        minBytes: 1,
        maxBytes: 1048576,
        isolationLevel: 1,
        topics: [{ topic: 't', partitions: [{ partition: 2, fetchOffset: '9007199254740993', maxBytes: 1000 }] }],
        rackId: 'r1',
      }),
    );
    const fetch = d.body as { topics: { topic: string; partitions: Record<string, unknown>[] }[]; rackId: string; isolationLevel: number };
    assert.equal(fetch.rackId, 'r1');
    assert.equal(fetch.isolationLevel, 1);
    assert.equal(fetch.topics[0]!.topic, 't');
    assert.equal(fetch.topics[0]!.partitions[0]!.fetchOffset, 9007199254740993n, 'beyond 2^53: exact as bigint');
    assert.equal(fetch.topics[0]!.partitions[0]!.partitionMaxBytes, 1000);

    d = decodeRequestFrame(
      await kafkajsRequestFrame('listOffsets/v2', { replicaId: -1, isolationLevel: 0, topics: [{ topic: 't', partitions: [{ partition: 0, timestamp: -2 }] }] }),
    );
    const lo = d.body as { topics: { partitions: { timestamp: bigint }[] }[] };
    assert.equal(lo.topics[0]!.partitions[0]!.timestamp, -2n);

    d = decodeRequestFrame(
      await kafkajsRequestFrame('offsetCommit/v5', {
        groupId: 'g',
        groupGenerationId: 1,
        memberId: 'm',
        topics: [{ topic: 't', partitions: [{ partition: 0, offset: '42' }] }],
      }),
    );
    const oc = d.body as { topics: { partitions: Record<string, unknown>[] }[] };
    assert.deepEqual(oc.topics[0]!.partitions[0], { partitionIndex: 0, committedOffset: 42n, committedLeaderEpoch: -1, commitTimestamp: -1n, committedMetadata: null });
  });
});

describe('kafkajs interop: our responses decoded by kafkajs', () => {
  it('ApiVersions v2, Metadata v6, FindCoordinator v2', async () => {
    const av = await kafkajsDecodeResponse('apiVersions/v2', api(18), 2, {
      errorCode: 0,
      apiKeys: [{ apiKey: 0, minVersion: 0, maxVersion: 9 }, { apiKey: 18, minVersion: 0, maxVersion: 3 }],
      throttleTimeMs: 0,
    });
    assert.deepEqual(av.apiVersions, [{ apiKey: 0, minVersion: 0, maxVersion: 9 }, { apiKey: 18, minVersion: 0, maxVersion: 3 }]);

    const md = await kafkajsDecodeResponse('metadata/v6', api(3), 6, {
      throttleTimeMs: 0,
      brokers: [{ nodeId: 1, host: '127.0.0.1', port: 9092, rack: null }],
      clusterId: 'cluster',
      controllerId: 1,
      topics: [
        {
          errorCode: 0,
          name: 't',
          isInternal: false,
          partitions: [{ errorCode: 0, partitionIndex: 0, leaderId: 1, replicaNodes: [1], isrNodes: [1], offlineReplicas: [] }],
        },
      ],
    });
    assert.deepEqual(md.brokers, [{ nodeId: 1, host: '127.0.0.1', port: 9092, rack: null }]);
    assert.equal(md.clusterId, 'cluster');
    const topic = (md.topicMetadata as Record<string, unknown>[])[0]!;
    assert.equal(topic.topic, 't');
    assert.deepEqual(topic.partitionMetadata, [{ partitionErrorCode: 0, partitionId: 0, leader: 1, replicas: [1], isr: [1], offlineReplicas: [] }]);

    const fc = await kafkajsDecodeResponse('findCoordinator/v2', api(10), 2, {
      throttleTimeMs: 0,
      errorCode: 0,
      errorMessage: null,
      nodeId: 1,
      host: 'localhost',
      port: 9092,
    });
    assert.deepEqual(fc.coordinator, { nodeId: 1, host: 'localhost', port: 9092 });
  });

  it('JoinGroup v5, Produce v7, Fetch v11 (empty record set), InitProducerId v1', async () => {
    const jg = await kafkajsDecodeResponse('joinGroup/v5', api(11), 5, {
      throttleTimeMs: 0,
      errorCode: 0,
      generationId: 2,
      protocolName: 'RoundRobinAssigner',
      leader: 'm1',
      memberId: 'm1',
      members: [{ memberId: 'm1', groupInstanceId: null, metadata: Buffer.from([9]) }],
    });
    assert.equal(jg.generationId, 2);
    assert.equal(jg.groupProtocol, 'RoundRobinAssigner');
    assert.deepEqual(jg.members, [{ memberId: 'm1', groupInstanceId: null, memberMetadata: Buffer.from([9]) }]);

    const pr = await kafkajsDecodeResponse('produce/v7', api(0), 7, {
      responses: [{ name: 't', partitionResponses: [{ index: 0, errorCode: 0, baseOffset: 100n, logAppendTimeMs: -1n, logStartOffset: 0n }] }],
      throttleTimeMs: 0,
    });
    assert.deepEqual(pr.topics, [{ topicName: 't', partitions: [{ partition: 0, errorCode: 0, baseOffset: '100', logAppendTime: '-1', logStartOffset: '0' }] }]);

    const fr = await kafkajsDecodeResponse('fetch/v11', api(1), 11, {
      throttleTimeMs: 0,
      errorCode: 0,
      sessionId: 0,
      responses: [
        {
          topic: 't',
          partitions: [{ partitionIndex: 0, errorCode: 0, highWatermark: 5n, lastStableOffset: 5n, logStartOffset: 0n, abortedTransactions: [], preferredReadReplica: -1, records: Buffer.alloc(0) }],
        },
      ],
    });
    const part = (fr.responses as { partitions: Record<string, unknown>[] }[])[0]!.partitions[0]!;
    assert.equal(part.highWatermark, '5');
    assert.deepEqual(part.messages, []);

    const ip = await kafkajsDecodeResponse('initProducerId/v1', api(22), 1, { throttleTimeMs: 0, errorCode: 0, producerId: 2n ** 62n + 1n, producerEpoch: 0 });
    assert.equal(ip.producerId, (2n ** 62n + 1n).toString());
  });
});
