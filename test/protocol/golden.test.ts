import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  apiVersionsApi,
  decodeRequestFrame,
  decodeResponseFrame,
  encodeRequestFrame,
  encodeResponseFrame,
  fetchApi,
  metadataApi,
  produceApi,
  type FetchRequest,
} from '../../src/protocol/index.js';

// Golden bytes written by hand from the Kafka protocol spec (comments show each field), checked in
// both directions: our encoder produces them, our decoder reads them back.

function hex(parts: string): Buffer {
  return Buffer.from(parts.replace(/#[^\n]*/g, '').replace(/\s+/g, ''), 'hex');
}
const str = (s: string): string => Buffer.from(s).toString('hex');

describe('golden bytes', () => {
  it('ApiVersionsRequest v3 as librdkafka sends it (request header v2, compact strings, empty tags)', () => {
    const expected = hex(`
      00000024                   # frame size 36
      0012 0003 00000001         # api key 18, version 3, correlation id 1
      0007 ${str('rdkafka')}     # client id: int16-length string even in header v2
      00                         # header tagged fields: none
      0b ${str('librdkafka')}    # ClientSoftwareName: compact string (uvarint length+1 = 11)
      06 ${str('2.3.0')}         # ClientSoftwareVersion
      00                         # body tagged fields: none
    `);
    const frame = encodeRequestFrame({
      api: apiVersionsApi,
      version: 3,
      correlationId: 1,
      clientId: 'rdkafka',
      data: { clientSoftwareName: 'librdkafka', clientSoftwareVersion: '2.3.0' },
    });
    assert.deepEqual(frame, expected);
    const decoded = decodeRequestFrame(expected.subarray(4));
    assert.equal(decoded.api, apiVersionsApi);
    assert.deepEqual(decoded.header, { requestApiKey: 18, requestApiVersion: 3, correlationId: 1, clientId: 'rdkafka' });
    assert.deepEqual(decoded.body, { clientSoftwareName: 'librdkafka', clientSoftwareVersion: '2.3.0' });
  });

  it('ApiVersionsResponse v3 uses response header v0 and writes tagged field FinalizedFeaturesEpoch', () => {
    const expected = hex(`
      0000001d                   # frame size 29
      00000001                   # correlation id; header v0: no tagged fields even though v3 is flexible
      0000                       # ErrorCode
      02                         # ApiKeys: compact array of 1
      0000 0000 000b 00          #   Produce 0..11, element tags
      00000000                   # ThrottleTimeMs
      01                         # 1 tagged field
      01 08 0000000000000005     #   tag 1 FinalizedFeaturesEpoch, 8 bytes, 5
    `);
    const data = {
      errorCode: 0,
      apiKeys: [{ apiKey: 0, minVersion: 0, maxVersion: 11 }],
      throttleTimeMs: 0,
      finalizedFeaturesEpoch: 5n,
    };
    assert.deepEqual(encodeResponseFrame({ api: apiVersionsApi, version: 3, correlationId: 1, data }), expected);
    const { correlationId, body } = decodeResponseFrame(expected.subarray(4), apiVersionsApi, 3);
    assert.equal(correlationId, 1);
    assert.deepEqual(body, { ...data, supportedFeatures: [], finalizedFeatures: [], zkMigrationReady: false });
  });

  it('MetadataRequest v4 (request header v1, int32 arrays, null topics = all)', () => {
    const named = hex(`
      00000017                              # frame size 23
      0003 0004 00000007 0001 ${str('c')}   # key 3, v4, correlation 7, client id "c"
      00000001 0005 ${str('topic')}         # Topics: [ { Name: "topic" } ]
      00                                    # AllowAutoTopicCreation false
    `);
    const frame = encodeRequestFrame({
      api: metadataApi,
      version: 4,
      correlationId: 7,
      clientId: 'c',
      data: { topics: [{ name: 'topic' }], allowAutoTopicCreation: false },
    });
    assert.deepEqual(frame, named);
    const all = hex(`00000010 0003 0004 00000007 0001 ${str('c')} ffffffff 01`);
    assert.deepEqual(
      encodeRequestFrame({ api: metadataApi, version: 4, correlationId: 7, clientId: 'c', data: { topics: null } }),
      all,
    );
    assert.equal((decodeRequestFrame(all.subarray(4)).body as { topics: unknown }).topics, null);
  });

  it('FetchRequest v12 (flexible: compact arrays and strings, tagged ClusterId)', () => {
    const data: FetchRequest = {
      clusterId: 'abc',
      maxWaitMs: 500,
      minBytes: 1,
      maxBytes: 0x100000,
      isolationLevel: 1,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [{ topic: 'topic', partitions: [{ partition: 0, currentLeaderEpoch: 5, fetchOffset: 10n, partitionMaxBytes: 0x100000 }] }],
      forgottenTopicsData: [],
      rackId: '',
    };
    const expected = hex(`
      0001 000c 0000002a 0000 00        # header v2: key 1, v12, correlation 42, client id "", no tags
      ffffffff                          # ReplicaId -1 (default)
      000001f4 00000001 00100000 01     # MaxWaitMs 500, MinBytes 1, MaxBytes 1 MiB, IsolationLevel 1
      00000000 ffffffff                 # SessionId 0, SessionEpoch -1
      02 06 ${str('topic')}             # Topics: 1; Topic "topic" (compact)
      02 00000000 00000005              #   Partitions: 1; Partition 0, CurrentLeaderEpoch 5
      000000000000000a ffffffff         #   FetchOffset 10, LastFetchedEpoch -1
      ffffffffffffffff 00100000 00      #   LogStartOffset -1, PartitionMaxBytes, partition tags
      00                                #   topic tags
      01                                # ForgottenTopicsData: empty
      01                                # RackId ""
      01 00 04 04 ${str('abc')}         # tagged fields: 1; tag 0 ClusterId, size 4, compact "abc"
    `);
    const frame = encodeRequestFrame({ api: fetchApi, version: 12, correlationId: 42, clientId: '', data });
    assert.deepEqual(frame.subarray(4), expected);
    assert.equal(frame.readInt32BE(0), expected.length);
    const back = decodeRequestFrame(expected).body as FetchRequest;
    assert.equal(back.clusterId, 'abc');
    assert.equal(back.topics[0]!.partitions[0]!.fetchOffset, 10n);
    assert.equal(back.replicaId, -1);
  });

  it('ProduceRequest v9 (flexible) with null transactional id and records as opaque bytes', () => {
    const records = Buffer.from('0102030405', 'hex');
    const expected = hex(`
      00                       # TransactionalId null (compact nullable string)
      ffff 00007530            # Acks -1, TimeoutMs 30000
      02 02 ${str('t')}        # TopicData: 1; Name "t"
      02 00000003              #   PartitionData: 1; Index 3
      06 0102030405 00         #   Records: compact bytes (5+1), partition tags
      00                       #   topic tags
      00                       # tags
    `);
    const frame = encodeRequestFrame({
      api: produceApi,
      version: 9,
      correlationId: 1,
      clientId: null,
      data: { transactionalId: null, acks: -1, timeoutMs: 30000, topicData: [{ name: 't', partitionData: [{ index: 3, records }] }] },
    });
    // header v2 with null client id: key, version, correlation, ffff, no tags
    assert.deepEqual(frame.subarray(4, 15), hex('0000 0009 00000001 ffff 00'));
    assert.deepEqual(frame.subarray(15), expected);
    const decoded = decodeRequestFrame(frame.subarray(4));
    const body = decoded.body as { topicData: { partitionData: { records: Buffer }[] }[] };
    const decodedRecords = body.topicData[0]!.partitionData[0]!.records;
    assert.deepEqual(decodedRecords, records);
    // zero copy: the decoded records view the frame's memory
    assert.equal(decodedRecords.buffer, frame.buffer);
    assert.equal(decoded.header.clientId, null);
  });

  it('FetchResponse v12: tagged struct written only when not default, aborted transactions, records', () => {
    const expected = hex(`
      00000003 00                        # response header v1: correlation id 3, no tags
      00000000 0000 00000007             # ThrottleTimeMs, ErrorCode, SessionId 7
      02 02 ${str('t')}                  # Responses: 1; Topic "t"
      02 00000000 0000                   #   Partitions: 1; PartitionIndex 0, ErrorCode 0
      0000000000000064                   #   HighWatermark 100
      0000000000000064 0000000000000000  #   LastStableOffset 100, LogStartOffset 0
      02 0000000000000009 0000000000000032 00   # AbortedTransactions: [{ProducerId 9, FirstOffset 50}]
      ffffffff                           #   PreferredReadReplica -1
      04 aabbcc                          #   Records: 3 bytes
      01 01 09 00000001 00000002 00      #   tags: CurrentLeader (tag 1, 9 bytes); DivergingEpoch is default: absent
      00                                 #   topic tags
      00                                 # tags
    `);
    const data = {
      throttleTimeMs: 0,
      errorCode: 0,
      sessionId: 7,
      responses: [
        {
          topic: 't',
          partitions: [
            {
              partitionIndex: 0,
              errorCode: 0,
              highWatermark: 100n,
              lastStableOffset: 100n,
              logStartOffset: 0n,
              divergingEpoch: { epoch: -1, endOffset: -1n },
              currentLeader: { leaderId: 1, leaderEpoch: 2 },
              abortedTransactions: [{ producerId: 9n, firstOffset: 50n }],
              preferredReadReplica: -1,
              records: Buffer.from('aabbcc', 'hex'),
            },
          ],
        },
      ],
    };
    const frame = encodeResponseFrame({ api: fetchApi, version: 12, correlationId: 3, data });
    assert.deepEqual(frame.subarray(4), expected);
    const back = decodeResponseFrame(expected, fetchApi, 12).body;
    const p = back.responses[0]!.partitions[0]!;
    assert.deepEqual(p.currentLeader, { leaderId: 1, leaderEpoch: 2 });
    assert.deepEqual(p.divergingEpoch, { epoch: -1, endOffset: -1n });
    assert.deepEqual(p.snapshotId, { endOffset: -1n, epoch: -1 });
    assert.deepEqual(p.abortedTransactions, [{ producerId: 9n, firstOffset: 50n }]);
  });

  it('a flexible response (Metadata v9) uses response header v1 with a tag buffer', () => {
    const frame = encodeResponseFrame({
      api: metadataApi,
      version: 9,
      correlationId: 9,
      data: { throttleTimeMs: 0, brokers: [], clusterId: null, controllerId: 1, topics: [] },
    });
    assert.deepEqual(
      frame,
      hex(`
        00000015 00000009 00     # size 21, correlation id 9, header v1 tag buffer
        00000000 01 00           # ThrottleTimeMs, Brokers: empty, ClusterId: null
        00000001 01              # ControllerId 1, Topics: empty
        80000000 00              # ClusterAuthorizedOperations (v8-10) default INT32_MIN, tags
      `),
    );
  });
});
