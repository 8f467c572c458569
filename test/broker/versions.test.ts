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
