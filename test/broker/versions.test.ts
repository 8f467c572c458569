// Every advertised version of every API is really served: a request at each version gets a response
// that decodes (a response field the version lacks would make the encoder throw and the broker close
// the connection).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../src/broker/index.js';
import type { Broker } from '../../src/broker/index.js';
import { allHandlers } from '../../src/broker/handlers/handler.js';
import { ZERO_UUID } from '../../src/protocol/index.js';
import { WireClient } from './wire-client.js';
import { makeBatch } from './make-batch.js';
import { metadataApi } from '../../src/protocol/messages/metadata.js';

let broker: Broker;
let client: WireClient;
let topicId = ZERO_UUID;

before(async () => {
  broker = await startBroker({ port: 0 });
  client = await WireClient.open(broker.port);
  const m = await client.send(metadataApi, 12, { topics: [{ name: 'sweep', topicId: ZERO_UUID }], allowAutoTopicCreation: true, includeTopicAuthorizedOperations: false });
  topicId = m.topics[0]!.topicId;
});
after(async () => {
  client.close();
  await broker.close();
});

function requestFor(apiKey: number, version: number): unknown {
  const configs = [{ name: 'retention.ms', value: '1000' }];
  switch (apiKey) {
    case 0:
      return { transactionalId: null, acks: -1, timeoutMs: 1000, topicData: [{ name: 'sweep', partitionData: [{ index: 0, records: makeBatch([{ key: 'k', value: `v${version}` }]) }] }] };
    case 1:
      return {
        maxWaitMs: 0, minBytes: 1, maxBytes: 1 << 20, isolationLevel: 0, sessionId: 0, sessionEpoch: -1, forgottenTopicsData: [], rackId: '',
        topics: [{ topic: 'sweep', topicId, partitions: [{ partition: 0, fetchOffset: 0n, partitionMaxBytes: 1 << 20 }] }],
      };
    case 2:
      return { replicaId: -1, isolationLevel: 0, topics: [{ name: 'sweep', partitions: [{ partitionIndex: 0, timestamp: -1n }] }] };
    case 3:
      return { topics: [{ name: 'sweep' }], allowAutoTopicCreation: true };
    case 18:
      return { clientSoftwareName: 'sweep', clientSoftwareVersion: '1' };
    case 19:
      return { topics: [{ name: `sweep-${version}`, numPartitions: 1, replicationFactor: 1, assignments: [], configs }], timeoutMs: 1000 };
    case 20:
      return version >= 6 ? { topics: [{ name: `sweep-${version}`, topicId: ZERO_UUID }], timeoutMs: 1000 } : { topicNames: [`sweep-${version}`], timeoutMs: 1000 };
    case 21:
      return { topics: [{ name: 'sweep', partitions: [{ partitionIndex: 0, offset: 0n }] }], timeoutMs: 1000 };
    case 22:
      return { transactionalId: null, transactionTimeoutMs: 1000 };
    case 32:
      return { resources: [{ resourceType: 2, resourceName: 'sweep', configurationKeys: null }, { resourceType: 4, resourceName: '1', configurationKeys: null }] };
    case 33:
      return { resources: [{ resourceType: 2, resourceName: 'sweep', configs }], validateOnly: true };
    case 37:
      return { topics: [{ name: 'sweep', count: 1, assignments: null }], timeoutMs: 1000, validateOnly: true };
    case 44:
      return { resources: [{ resourceType: 2, resourceName: 'sweep', configs: [{ name: 'retention.ms', configOperation: 0, value: '1000' }] }], validateOnly: true };
    case 60:
      return { includeClusterAuthorizedOperations: false };
    // Group and transaction coordinator APIs (coord branch).
    case 8:
      return {
        groupId: 'sweep-g', generationIdOrMemberEpoch: -1, memberId: '', groupInstanceId: null, retentionTimeMs: -1n,
        topics: [{ name: 'sweep', partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: 5, commitTimestamp: -1n, committedMetadata: 'm' }] }],
      };
    case 9:
      return version >= 8
        ? { groups: [{ groupId: 'sweep-g', memberId: null, memberEpoch: -1, topics: [{ name: 'sweep', partitionIndexes: [0] }] }], requireStable: true }
        : { groupId: 'sweep-g', topics: [{ name: 'sweep', partitionIndexes: [0] }], requireStable: version >= 7 };
    case 10:
      return version >= 4 ? { keyType: 0, coordinatorKeys: ['sweep-g', 'other'] } : { key: 'sweep-g', keyType: 0 };
    case 11:
      // A group per version: each join completes on its own (v4+: MEMBER_ID_REQUIRED at once).
      return {
        groupId: `sweep-join-${version}`, sessionTimeoutMs: 10000, rebalanceTimeoutMs: 5000, memberId: '', groupInstanceId: null,
        protocolType: 'consumer', protocols: [{ name: 'range', metadata: Buffer.from([0, 1]) }], reason: null,
      };
    case 12:
      return { groupId: 'sweep-g', generationId: 1, memberId: 'nobody', groupInstanceId: null };
    case 13:
      return version >= 3
        ? { groupId: 'sweep-g', members: [{ memberId: 'nobody', groupInstanceId: null, reason: null }] }
        : { groupId: 'sweep-g', memberId: 'nobody' };
    case 14:
      return { groupId: 'sweep-g', generationId: 1, memberId: 'nobody', groupInstanceId: null, protocolType: null, protocolName: null, assignments: [] };
    case 15:
      return { groups: ['sweep-g', `sweep-join-${version}`], includeAuthorizedOperations: false };
    case 16:
      return { statesFilter: [], typesFilter: [] };
    case 17:
      return { mechanism: 'PLAIN' };
    case 24:
      return { v3AndBelowTransactionalId: 'sweep-tx', v3AndBelowProducerId: 1n, v3AndBelowProducerEpoch: 0, v3AndBelowTopics: [{ name: 'sweep', partitions: [0] }] };
    case 25:
      return { transactionalId: 'sweep-tx', producerId: 1n, producerEpoch: 0, groupId: 'sweep-g' };
    case 26:
      return { transactionalId: 'sweep-tx', producerId: 1n, producerEpoch: 0, committed: true };
    case 28:
      return {
        transactionalId: 'sweep-tx', groupId: 'sweep-g', producerId: 1n, producerEpoch: 0, generationId: -1, memberId: '', groupInstanceId: null,
        topics: [{ name: 'sweep', partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: 5, committedMetadata: null }] }],
      };
    case 36:
      return { authBytes: Buffer.alloc(0) };
    case 65:
      return { transactionalIds: ['sweep-tx', 'nope'] };
    case 66:
      return version >= 1 ? { stateFilters: [], producerIdFilters: [], durationFilter: -1n } : { stateFilters: [], producerIdFilters: [] };
    case 42:
      return { groupsNames: ['sweep-nothing'] };
    case 47:
      return { groupId: 'sweep-g', topics: [{ name: 'sweep', partitions: [{ partitionIndex: 1 }] }] };
    default:
      throw new Error(`no sweep request for api key ${apiKey}`);
  }
}

test('every advertised version of every API answers', async () => {
  let answered = 0;
  for (const h of allHandlers()) {
    for (let v = h.minVersion; v <= h.maxVersion; v++) {
      const response = (await client.send(h.api, v, requestFor(h.api.apiKey, v)).catch((err: Error) => {
        throw new Error(`${h.api.name} v${v}: ${err.message}`);
      })) as Record<string, unknown>;
      assert.ok(response, `${h.api.name} v${v}`);
      if (h.api.apiKey === 0) {
        const p = (response as { responses: { partitionResponses: { errorCode: number }[] }[] }).responses[0]!.partitionResponses[0]!;
        assert.equal(p.errorCode, 0, `Produce v${v}`);
      }
      answered++;
    }
  }
  assert.ok(answered > 90, `${answered} API versions`);
});
