// Bad input never takes the broker down: thousands of mutated and truncated frames (from real requests),
// random garbage and oversized frames, over many connections; the broker stays up and a well-behaved
// client on its own connection keeps getting answers throughout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startBroker } from '../../src/broker/index.js';
import { encodeRequestFrame } from '../../src/protocol/index.js';
import type { ApiDefinition } from '../../src/protocol/index.js';
import { apiVersionsApi } from '../../src/protocol/messages/api-versions.js';
import { metadataApi } from '../../src/protocol/messages/metadata.js';
import { produceApi } from '../../src/protocol/messages/produce.js';
import { fetchApi } from '../../src/protocol/messages/fetch.js';
import { createTopicsApi } from '../../src/protocol/messages/create-topics.js';
import { listOffsetsApi } from '../../src/protocol/messages/list-offsets.js';
import { WireClient } from './wire-client.js';
import { makeBatch } from './make-batch.js';

/** Deterministic PRNG (mulberry32) so a failure can be reproduced from the seed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function frame<Req>(api: ApiDefinition<Req, unknown>, version: number, data: Req): Buffer {
  return Buffer.from(encodeRequestFrame({ api, version, correlationId: 1, clientId: 'fuzz', data }));
}

const seeds: Buffer[] = [
  frame(apiVersionsApi, 3, { clientSoftwareName: 'fuzz', clientSoftwareVersion: '1' }),
  frame(metadataApi, 12, { topics: [{ name: 'fuzz', topicId: '00000000-0000-0000-0000-000000000000' }], allowAutoTopicCreation: true, includeTopicAuthorizedOperations: false }),
  frame(metadataApi, 1, { topics: null }),
  frame(produceApi, 7, { transactionalId: null, acks: -1, timeoutMs: 100, topicData: [{ name: 'fuzz', partitionData: [{ index: 0, records: makeBatch([{ key: 'k', value: 'v' }, { value: 'w' }]) }] }] }),
  frame(produceApi, 11, { transactionalId: null, acks: 1, timeoutMs: 100, topicData: [{ name: 'fuzz', partitionData: [{ index: 0, records: makeBatch([{ value: 'x' }], { producerId: 1, producerEpoch: 0, baseSequence: 0 }) }] }] }),
  frame(fetchApi, 11, { maxWaitMs: 5, minBytes: 1, maxBytes: 1000, isolationLevel: 0, sessionId: 0, sessionEpoch: -1, topics: [{ topic: 'fuzz', partitions: [{ partition: 0, fetchOffset: 0n, partitionMaxBytes: 1000 }] }], forgottenTopicsData: [], rackId: '' }),
  frame(createTopicsApi, 7, { topics: [{ name: 'fuzz2', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [{ name: 'retention.ms', value: '1' }] }], timeoutMs: 100, validateOnly: true }),
  frame(listOffsetsApi, 7, { replicaId: -1, isolationLevel: 0, topics: [{ name: 'fuzz', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1n }] }] }),
];

function mutate(rand: () => number, original: Buffer): Buffer {
  const buf = Buffer.from(original);
  const kind = Math.floor(rand() * 5);
  if (kind === 0) {
    // Flip a few bytes after the size prefix.
    for (let i = 0, n = 1 + Math.floor(rand() * 4); i < n; i++) buf[4 + Math.floor(rand() * (buf.length - 4))] = Math.floor(rand() * 256);
    return buf;
  }
  if (kind === 1) {
    // Truncate the body but keep the size prefix consistent (a short, well-framed request).
    const cut = 4 + Math.floor(rand() * (buf.length - 4));
    const out = buf.subarray(0, cut);
    out.writeInt32BE(cut - 4, 0);
    return out;
  }
  if (kind === 2) {
    // A length field somewhere set to a huge or negative value.
    const at = 4 + Math.floor(rand() * Math.max(1, buf.length - 8));
    buf.writeInt32BE(rand() < 0.5 ? 0x7ffffff0 : -2 - Math.floor(rand() * 100), Math.min(at, buf.length - 4));
    buf.writeInt32BE(buf.length - 4, 0);
    return buf;
  }
  if (kind === 3) {
    // Unknown API key or version.
    buf.writeInt16BE(rand() < 0.5 ? Math.floor(rand() * 200) : buf.readInt16BE(4), 4);
    buf.writeInt16BE(Math.floor(rand() * 40) - 3, 6);
    return buf;
  }
  // Random garbage with a plausible size prefix.
  const junk = Buffer.alloc(8 + Math.floor(rand() * 64));
  for (let i = 0; i < junk.length; i++) junk[i] = Math.floor(rand() * 256);
  junk.writeInt32BE(junk.length - 4, 0);
  return junk;
}

/** Sends `frames` on one connection; resolves when the broker answered or closed, or after a while. */
function blast(port: number, frames: Buffer[], truncateMidFrame: boolean): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      for (const f of frames) socket.write(f);
      if (truncateMidFrame) socket.write(Buffer.from([0, 0, 1, 0, 0, 3])); // a frame that never completes
      socket.end();
    });
    socket.on('data', () => {});
    socket.on('error', () => {});
    const timer = setTimeout(() => socket.destroy(), 300);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

test('fuzzing: mutated, truncated, garbage and oversized frames never take the broker down', { timeout: 60_000 }, async () => {
  const logs: string[] = [];
  const broker = await startBroker({ port: 0, maxFrameBytes: 1 << 20, log: (m) => logs.push(m) });
  const good = await WireClient.open(broker.port);
  try {
    const rand = prng(20261123);
    let sent = 0;
    let goodAnswers = 0;
    const deadline = Date.now() + 15_000;
    for (let round = 0; round < 150 && Date.now() < deadline; round++) {
      const frames = Array.from({ length: 20 }, () => mutate(rand, seeds[Math.floor(rand() * seeds.length)]!));
      sent += frames.length;
      await Promise.all([
        // One connection per frame: a bad frame closes its connection, so frames after it would be lost.
        ...frames.map((f, i) => blast(broker.port, [f], (round + i) % 3 === 0)),
        // The well-behaved client keeps working meanwhile.
        good.send(metadataApi, 9, { topics: null, allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false }).then(() => goodAnswers++),
      ]);
    }
    // An oversized frame closes that connection only.
    const big = Buffer.alloc(8);
    big.writeInt32BE(64 << 20, 0);
    await blast(broker.port, [big], false);
    assert.ok(sent >= 2000, `sent ${sent} frames`);
    assert.ok(goodAnswers >= 100);
    const v = await good.send(apiVersionsApi, 3, { clientSoftwareName: 'after', clientSoftwareVersion: '1' });
    assert.equal(v.errorCode, 0);
    const fresh = await WireClient.open(broker.port);
    const m = await fresh.send(metadataApi, 1, { topics: null });
    fresh.close();
    assert.equal(m.brokers[0]!.port, broker.port);
    assert.ok(logs.some((l) => /closing/.test(l)), 'bad connections are logged');
    assert.ok(logs.some((l) => /invalid frame size/.test(l)));
    // Input that decodes is handled without a handler throwing.
    assert.deepEqual(logs.filter((l) => /handler failed/.test(l)), []);
  } finally {
    good.close();
    await broker.close();
  }
});
