import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  apiVersionsApi,
  decodeResponseFrame,
  encodeRecordBatch,
  encodeRequestFrame,
  fetchApi,
  findCoordinatorApi,
  FrameDecoder,
  heartbeatApi,
  initProducerIdApi,
  joinGroupApi,
  leaveGroupApi,
  listOffsetsApi,
  metadataApi,
  offsetCommitApi,
  offsetFetchApi,
  peekCorrelationId,
  produceApi,
  readRecordBatches,
  syncGroupApi,
  type ApiDefinition,
  type Decoded,
} from '../../src/protocol/index.js';

// Our codecs against an independent broker-side implementation: librdkafka's mock cluster
// (../shared/tools/rdkafka-mock-broker.c, built here). We encode requests and decode its responses over
// TCP, across produce/fetch/offsets/groups and the flexible InitProducerId v4. Skipped when gcc or
// librdkafka headers are missing.

const SOURCE = join(import.meta.dirname, '../../../shared/tools/rdkafka-mock-broker.c');

class Connection {
  private readonly socket: Socket;
  private readonly frames = new FrameDecoder();
  private readonly pending = new Map<number, (frame: Buffer) => void>();
  private nextId = 1;

  constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      for (const frame of this.frames.push(chunk)) {
        const id = peekCorrelationId(frame, 'response');
        const resolve = this.pending.get(id);
        this.pending.delete(id);
        resolve?.(frame);
      }
    });
  }

  static open(host: string, port: number): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const s = connect(port, host, () => resolve(new Connection(s)));
      s.once('error', reject);
    });
  }

  async send<Req, Res>(api: ApiDefinition<Req, Res>, version: number, data: Req): Promise<Decoded<Res>> {
    const correlationId = this.nextId++;
    const frame = await new Promise<Buffer>((resolve) => {
      this.pending.set(correlationId, resolve);
      this.socket.write(encodeRequestFrame({ api, version, correlationId, clientId: 'kstreams-test', data }));
    });
    const decoded = decodeResponseFrame(frame, api, version);
    assert.equal(decoded.correlationId, correlationId);
    return decoded.body;
  }

  close(): void {
    this.socket.destroy();
  }
}

describe('interop with the librdkafka mock broker', () => {
  let dir = '';
  let broker: ChildProcess | undefined;
  let conn: Connection | undefined;
  let skip: string | false = false;

  before(async () => {
    const flags = spawnSync('pkg-config', ['--cflags', '--libs', 'rdkafka'], { encoding: 'utf8' });
    if (flags.status !== 0) {
      skip = 'librdkafka (pkg-config rdkafka) not available';
      return;
    }
    dir = mkdtempSync(join(tmpdir(), 'kstreams-mock-'));
    const bin = join(dir, 'rdkafka-mock-broker');
    const cc = spawnSync('gcc', ['-O1', '-o', bin, SOURCE, ...flags.stdout.trim().split(/\s+/).filter(Boolean)], { encoding: 'utf8' });
    if (cc.status !== 0) {
      skip = `cannot build the mock broker: ${cc.stderr || String(cc.error)}`;
      return;
    }
    const child = spawn(bin, ['1', 't:3'], { stdio: ['ignore', 'pipe', 'ignore'] });
    broker = child;
    const bootstrap = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /BOOTSTRAP=([^\s,]+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`mock broker exited with ${code}`)));
    });
    const [host, port] = bootstrap.split(':');
    conn = await Connection.open(host!, Number(port));
  });

  after(() => {
    conn?.close();
    broker?.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ApiVersions v2, Metadata v2, FindCoordinator v2, flexible InitProducerId v4', async (t) => {
    if (skip) return t.skip(skip);
    const c = conn!;
    const versions = await c.send(apiVersionsApi, 2, {});
    assert.equal(versions.errorCode, 0);
    const produce = versions.apiKeys.find((k) => k.apiKey === 0);
    assert.ok(produce && produce.maxVersion >= 7);

    const md = await c.send(metadataApi, 2, { topics: [{ name: 't' }] });
    assert.equal(md.brokers.length, 1);
    const topic = md.topics.find((x) => x.name === 't');
    assert.ok(topic);
    assert.equal(topic.errorCode, 0);
    assert.deepEqual(topic.partitions.map((p) => p.partitionIndex).sort(), [0, 1, 2]);
    assert.equal(typeof md.clusterId, 'string');

    const fc = await c.send(findCoordinatorApi, 2, { key: 'g1', keyType: 0 });
    assert.equal(fc.errorCode, 0);
    assert.equal(fc.nodeId, md.brokers[0]!.nodeId);
    assert.equal(fc.port, md.brokers[0]!.port);

    const pid = await c.send(initProducerIdApi, 4, { transactionalId: null, transactionTimeoutMs: 60000, producerId: -1n, producerEpoch: -1 });
    assert.equal(pid.errorCode, 0);
    assert.equal(typeof pid.producerId, 'bigint');
    assert.ok(pid.producerId >= 0n);
  });

  it('Produce v7 record batches, Fetch v11 them back, ListOffsets v3', async (t) => {
    if (skip) return t.skip(skip);
    const c = conn!;
    const now = Date.now();
    const batch = (from: number): Buffer =>
      encodeRecordBatch({
        records: [0, 1, 2].map((i) => ({
          key: Buffer.from(`k${from + i}`),
          value: Buffer.from(`v${from + i}`),
          headers: [{ key: 'h', value: Buffer.from('x') }],
          timestamp: now + i,
        })),
      });
    for (const [from, expectedBase] of [
      [0, 0n],
      [3, 3n],
    ] as const) {
      const res = await c.send(produceApi, 7, {
        transactionalId: null,
        acks: -1,
        timeoutMs: 5000,
        topicData: [{ name: 't', partitionData: [{ index: 1, records: batch(from) }] }],
      });
      const p = res.responses[0]!.partitionResponses[0]!;
      assert.equal(p.errorCode, 0);
      assert.equal(p.baseOffset, expectedBase);
    }

    // the mock answers one batch per fetch: keep fetching from the next offset
    const keys: string[] = [];
    let next = 0n;
    for (let round = 0; round < 10 && keys.length < 6; round++) {
      const fetched = await c.send(fetchApi, 11, {
        replicaId: -1,
        maxWaitMs: 100,
        minBytes: 1,
        maxBytes: 1 << 20,
        isolationLevel: 0,
        topics: [{ topic: 't', partitions: [{ partition: 1, fetchOffset: next, partitionMaxBytes: 1 << 20 }] }],
        rackId: '',
      });
      const part = fetched.responses[0]!.partitions[0]!;
      assert.equal(part.errorCode, 0);
      assert.equal(part.highWatermark, 6n);
      for (const b of readRecordBatches(part.records!).batches) {
        b.verifyCrc();
        for (const r of b.records()) keys.push(r.key!.toString());
        next = BigInt(b.nextOffset);
      }
    }
    assert.deepEqual(keys, ['k0', 'k1', 'k2', 'k3', 'k4', 'k5']);

    // v3, not v4/v5: librdkafka 2.0.2's mock writes the v4+ LeaderEpoch as 8 bytes (spec: int32)
    const offsets = await c.send(listOffsetsApi, 3, {
      replicaId: -1,
      isolationLevel: 0,
      topics: [{ name: 't', partitions: [{ partitionIndex: 1, timestamp: -1n }, { partitionIndex: 2, timestamp: -2n }] }],
    });
    const byPartition = new Map(offsets.topics[0]!.partitions.map((p) => [p.partitionIndex, p]));
    assert.equal(byPartition.get(1)!.offset, 6n);
    assert.equal(byPartition.get(2)!.offset, 0n);
  });

  it('a consumer-group round: JoinGroup v5, SyncGroup v3, Heartbeat v3, OffsetCommit v7, OffsetFetch v5, LeaveGroup v1', async (t) => {
    if (skip) return t.skip(skip);
    const c = conn!;
    const groupId = 'g-interop';
    const join = (memberId: string) =>
      c.send(joinGroupApi, 5, {
        groupId,
        sessionTimeoutMs: 6000,
        rebalanceTimeoutMs: 6000,
        memberId,
        groupInstanceId: null,
        protocolType: 'consumer',
        protocols: [{ name: 'range', metadata: Buffer.from([0, 1, 0, 0, 0, 1, 0, 1, 116, 255, 255, 255, 255]) }],
      });
    let joined = await join('');
    if (joined.errorCode === 79) joined = await join(joined.memberId); // MEMBER_ID_REQUIRED on first join
    assert.equal(joined.errorCode, 0);
    assert.equal(joined.leader, joined.memberId);
    assert.equal(joined.protocolName, 'range');
    assert.equal(joined.members.length, 1);

    const assignment = Buffer.from('assignment-bytes');
    const synced = await c.send(syncGroupApi, 3, {
      groupId,
      generationId: joined.generationId,
      memberId: joined.memberId,
      groupInstanceId: null,
      assignments: [{ memberId: joined.memberId, assignment }],
    });
    assert.equal(synced.errorCode, 0);
    assert.deepEqual(synced.assignment, assignment);

    const hb = await c.send(heartbeatApi, 3, { groupId, generationId: joined.generationId, memberId: joined.memberId, groupInstanceId: null });
    assert.equal(hb.errorCode, 0);

    const committed = await c.send(offsetCommitApi, 7, {
      groupId,
      generationIdOrMemberEpoch: joined.generationId,
      memberId: joined.memberId,
      groupInstanceId: null,
      topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 42n, committedLeaderEpoch: -1, committedMetadata: 'meta' }] }],
    });
    assert.equal(committed.topics[0]!.partitions[0]!.errorCode, 0);

    const fetchedOffsets = await c.send(offsetFetchApi, 5, { groupId, topics: [{ name: 't', partitionIndexes: [0, 1] }] });
    const offs = new Map(fetchedOffsets.topics[0]!.partitions.map((p) => [p.partitionIndex, p]));
    assert.equal(offs.get(0)!.committedOffset, 42n);
    assert.equal(offs.get(0)!.metadata, 'meta');
    assert.equal(offs.get(1)!.committedOffset, -1n);

    const left = await c.send(leaveGroupApi, 1, { groupId, memberId: joined.memberId });
    assert.equal(left.errorCode, 0);
  });
});
