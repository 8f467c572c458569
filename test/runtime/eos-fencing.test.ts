// Exactly-once v2, fencing: the thread's producer fenced by a newer producer with its transactional.id
// (a zombie), the transaction's offsets refused by the group (stale generation), the transaction aborted
// by the coordinator after transaction.timeout.ms, a send that fails inside the transaction. Each time the thread closes its tasks dirty (state
// wiped, then restored), takes a new producer epoch, rejoins, and the output stays exact; no ERROR.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../src/broker/index.js';
import type { InterceptAction, InterceptedRequest } from '../../src/broker/server/intercept.js';
import { Producer } from '../../src/client/index.js';
import { KafkaStreams } from '../../src/index.js';
import { MAX_CONSECUTIVE_CORRUPTIONS } from '../../src/streams/runtime/kafka/eos-errors.js';
import { collectErrors, createTopics, produce, tempStateDir } from './helpers.js';
import { countingTopology, countWords, exactlyOnceCounts, readAll } from './eos-helpers.js';

const PRODUCE = 0;
const ADD_OFFSETS_TO_TXN = 25;
/** non-retriable */
const INVALID_RECORD = 87;
const TXN_OFFSET_COMMIT = 28;

let fault: ((req: InterceptedRequest) => InterceptAction | undefined | Promise<InterceptAction | undefined>) | undefined;
const broker = await startBroker({ port: 0, coordinators: { minSessionTimeoutMs: 1000, initialRebalanceDelayMs: 0 }, interceptor: (req) => fault?.(req) });
after(() => broker.close());

interface Run {
  streams: KafkaStreams;
  /** the thread's producer client id */
  producerClientId: string;
  /** the thread's transactional.id */
  transactionalId: string;
}

/** batch1 is counted exactly, `inject` arms a fault, batch2 follows: the counts of both must be exact */
async function scenario(t: { after: (fn: () => unknown) => void }, name: string, inject: (run: Run) => Promise<() => boolean | Promise<boolean>>, extra: Record<string, number> = {}): Promise<void> {
  const bootstrap = broker.address;
  const input = `${name}-in`;
  const output = `${name}-out`;
  await createTopics(bootstrap, [
    { name: input, partitions: 2 },
    { name: output, partitions: 2 },
  ]);
  const streams = new KafkaStreams(countingTopology({ input, output }), {
    'application.id': name,
    'bootstrap.servers': bootstrap,
    'state.dir': tempStateDir(t),
    'processing.guarantee': 'exactly_once_v2',
    'statestore.cache.max.bytes': 0,
    'session.timeout.ms': 3000,
    'heartbeat.interval.ms': 500,
    ...extra,
  });
  const errors = collectErrors(streams);
  let countRestores = 0;
  streams.setStateRestoreListener({ onRestoreStart: (_tp, store) => void (store === 'eos-count-store' && countRestores++) });
  const states: string[] = [];
  streams.setStateListener((s) => states.push(s));
  t.after(() => streams.close());
  await streams.start();

  const batch1 = Array.from({ length: 150 }, (_, i) => `w${i % 9}`);
  const batch2 = Array.from({ length: 150 }, (_, i) => `w${i % 14}`);
  await produce(bootstrap, input, batch1.map((value, i) => ({ key: String(i), value })));
  const expected1 = countWords(batch1);
  await readAll(bootstrap, output, 2, { isolation: 'read_committed', done: (r) => exactlyOnceCounts(r, expected1) === null, timeoutMs: 20_000 });
  assert.equal(countRestores, 2);

  const thread = streams.localThreadsMetadata()[0]!.threadName;
  const fired = await inject({ streams, producerClientId: `${thread}-producer`, transactionalId: thread.replace(/-StreamThread-(\d+)$/, '-$1') });
  await produce(bootstrap, input, batch2.map((value, i) => ({ key: `b${i}`, value })));
  const expected = countWords([...batch1, ...batch2]);
  const final = await readAll(bootstrap, output, 2, { isolation: 'read_committed', done: (r) => exactlyOnceCounts(r, expected) === null, timeoutMs: 30_000 });
  fault = undefined;
  assert.ok(await fired(), 'the fault never happened');
  assert.deepEqual(errors, []);
  assert.equal(exactlyOnceCounts(final, expected), null);
  assert.ok(!states.includes('ERROR'));
  // the tasks were closed dirty: their state was wiped and restored again
  assert.ok(countRestores >= 4, `count store restored ${countRestores} times`);
  assert.ok(await streams.close({ timeoutMs: 20_000 }));
}

test('a zombie: a newer producer with the thread transactional.id fences it; the thread recovers', async (t) => {
  await scenario(t, 'eos-zombie', async (run) => {
    const usurper = new Producer({ bootstrapServers: broker.address, transactionalId: run.transactionalId });
    t.after(() => usurper.close({ force: true }));
    await usurper.initTransactions(); // bumps the epoch: the thread's producer is a zombie now
    // once the thread has re-initialized the id, the usurper is the one fenced
    return async () => {
      try {
        usurper.beginTransaction();
        await usurper.send({ topic: 'eos-zombie-out', partition: 0, key: 'zombie', value: Buffer.alloc(8) });
        await usurper.commitTransaction();
        return false;
      } catch (e) {
        return (e as { code?: string }).code === 'PRODUCER_FENCED';
      }
    };
  });
});

test('the group refuses the offsets of the transaction (stale generation): the thread recovers', async (t) => {
  let refused = 0;
  await scenario(t, 'eos-generation', async (run) => {
    fault = (req) => {
      if (req.apiKey !== TXN_OFFSET_COMMIT || req.clientId !== run.producerClientId || refused > 0) return undefined;
      refused++;
      const body = req.body as { topics: Array<{ name: string; partitions: Array<{ partitionIndex: number }> }> };
      return {
        action: 'respond',
        body: { throttleTimeMs: 0, topics: body.topics.map((x) => ({ name: x.name, partitions: x.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: 22 })) })) },
      };
    };
    return () => refused > 0;
  });
});

test('the coordinator aborts a transaction that outlived transaction.timeout.ms: the thread recovers', async (t) => {
  let delayed = 0;
  await scenario(
    t,
    'eos-txn-timeout',
    async (run) => {
      fault = async (req) => {
        if (req.apiKey !== ADD_OFFSETS_TO_TXN || req.clientId !== run.producerClientId || delayed > 0) return undefined;
        delayed++;
        await new Promise((r) => setTimeout(r, 2500)); // the transaction times out meanwhile
        return { action: 'continue' };
      };
      return () => delayed > 0;
    },
    { 'transaction.timeout.ms': 1000 },
  );
});

test('a send that fails inside the transaction: the transaction aborts, the tasks are rebuilt, the output stays exact', async (t) => {
  let failed = 0;
  await scenario(t, 'eos-send-error', async (run) => {
    fault = (req) => {
      if (req.apiKey !== PRODUCE || req.clientId !== run.producerClientId || failed > 0) return undefined;
      const body = req.body as { topicData: Array<{ name: string; partitionData: Array<{ index: number }> }> };
      if (!body.topicData.some((x) => x.name === 'eos-send-error-out')) return undefined;
      failed++;
      return {
        action: 'respond',
        body: {
          throttleTimeMs: 0,
          responses: body.topicData.map((x) => ({
            name: x.name,
            partitionResponses: x.partitionData.map((p) => ({ index: p.index, errorCode: INVALID_RECORD, baseOffset: -1n, logAppendTimeMs: -1n, logStartOffset: -1n, recordErrors: [], errorMessage: 'injected' })),
          })),
        },
      };
    };
    return () => failed > 0;
  });
});

test('a send that can never succeed: after a few recoveries without progress the thread fails', async (t) => {
  const bootstrap = broker.address;
  await createTopics(bootstrap, [
    { name: 'eos-doomed-in', partitions: 1 },
    { name: 'eos-doomed-out', partitions: 1 },
  ]);
  let failed = 0;
  fault = (req) => {
    if (req.apiKey !== PRODUCE) return undefined;
    const body = req.body as { topicData: Array<{ name: string; partitionData: Array<{ index: number }> }> };
    if (!body.topicData.some((x) => x.name === 'eos-doomed-out')) return undefined;
    failed++;
    return {
      action: 'respond',
      body: {
        throttleTimeMs: 0,
        responses: body.topicData.map((x) => ({
          name: x.name,
          partitionResponses: x.partitionData.map((p) => ({ index: p.index, errorCode: INVALID_RECORD, baseOffset: -1n, logAppendTimeMs: -1n, logStartOffset: -1n, recordErrors: [], errorMessage: 'injected' })),
        })),
      },
    };
  };
  t.after(() => (fault = undefined));
  const streams = new KafkaStreams(countingTopology({ input: 'eos-doomed-in', output: 'eos-doomed-out' }), {
    'application.id': 'eos-doomed',
    'bootstrap.servers': bootstrap,
    'state.dir': tempStateDir(t),
    'processing.guarantee': 'exactly_once_v2',
  });
  const errors = collectErrors(streams);
  t.after(() => streams.close());
  await streams.start();
  await produce(bootstrap, 'eos-doomed-in', [{ key: 'k', value: 'w' }]);
  await streams.waitForState('ERROR', 30_000);
  assert.equal(errors.length, 1);
  assert.equal((errors[0] as { code?: string }).code, 'TASK_CORRUPTED');
  assert.ok(failed > MAX_CONSECUTIVE_CORRUPTIONS, `${failed} failed sends`);
});
