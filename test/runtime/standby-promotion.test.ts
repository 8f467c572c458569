// A standby task that becomes active on the same thread is promoted in place: its in-memory store keeps
// its content and only the changelog tail past what the standby applied is restored. Two in-process
// instances, in-memory counts; one closes, the other takes its task over. Without a standby the same
// takeover restores the whole changelog partition.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../src/broker/index.js';
import { KafkaStreams, Materialized, Serdes, StreamsBuilder } from '../../src/index.js';
import { collectErrors, createTopics, longValue, produce, readUntil, tempStateDir } from './helpers.js';

const broker = await startBroker({ port: 0 });
after(() => broker.close());

const KEYS = 40;

interface Restore {
  topic: string;
  partition: number;
  from: number;
  to: number;
  restored: number;
}

function counting(input: string, output: string): StreamsBuilder {
  const builder = new StreamsBuilder();
  builder
    .stream<string, string>(input, { keySerde: Serdes.String(), valueSerde: Serdes.String() })
    .groupByKey()
    // the broker must not compact the changelog while the test counts its records: a compacted partition
    // restores one record per key (about 20), not every update (min.compaction.lag.ms keeps them all)
    .count({ materialized: { ...Materialized.as<string, number>('counts'), storeType: 'in_memory' as const, logConfig: { 'min.compaction.lag.ms': '3600000' } } })
    .toStream()
    .to(output, { keySerde: Serdes.String(), valueSerde: Serdes.Long() });
  return builder;
}

function instance(t: { after: (fn: () => unknown) => void }, app: string, input: string, output: string, standbys: number): { streams: KafkaStreams; restores: Restore[]; errors: unknown[] } {
  const streams = new KafkaStreams(counting(input, output).build(), {
    'application.id': app,
    'bootstrap.servers': broker.address,
    'state.dir': tempStateDir(t),
    'num.standby.replicas': standbys,
    'commit.interval.ms': 100,
    'statestore.cache.max.bytes': 0,
    'session.timeout.ms': 6000,
    'heartbeat.interval.ms': 300,
  });
  const restores: Restore[] = [];
  const starts = new Map<string, { from: number; to: number }>();
  streams.setStateRestoreListener({
    onRestoreStart: (tp, _store, from, to) => void starts.set(`${tp.topic}:${tp.partition}`, { from, to }),
    onRestoreEnd: (tp, _store, restored) => {
      const s = starts.get(`${tp.topic}:${tp.partition}`) ?? { from: -1, to: -1 };
      restores.push({ topic: tp.topic, partition: tp.partition, ...s, restored });
    },
  });
  const errors = collectErrors(streams);
  t.after(() => streams.close({ timeoutMs: 10_000 }));
  return { streams, restores, errors };
}

async function waitFor(what: string, pred: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const tasksOf = (s: KafkaStreams) => ({
  active: s.localThreadsMetadata().flatMap((m) => m.activeTasks),
  standby: s.localThreadsMetadata().flatMap((m) => m.standbyTasks),
});

/** runs the takeover; returns what the survivor restored for the moved task and whether counts continued right */
async function takeover(t: { after: (fn: () => unknown) => void; diagnostic: (m: string) => void }, standbys: number): Promise<{ restore: Restore; changelogRecords: number }> {
  const app = `promote-${standbys}`;
  const [input, output] = [`${app}-in`, `${app}-out`];
  await createTopics(broker.address, [
    { name: input, partitions: 2 },
    { name: output, partitions: 2 },
  ]);
  const a = instance(t, app, input, output, standbys);
  const b = instance(t, app, input, output, standbys);
  await a.streams.start();
  await b.streams.start();
  await waitFor('both instances run one active task each' + (standbys > 0 ? ' and one standby' : ''), () =>
    [a, b].every((x) => x.streams.state() === 'RUNNING' && tasksOf(x.streams).active.length === 1 && tasksOf(x.streams).standby.length === standbys),
  );

  const expected = new Map<string, number>();
  const batch = (n: number, from: number) =>
    Array.from({ length: n }, (_, i) => {
      const key = `k${(from + i) % KEYS}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
      return { key, value: 'x' };
    });
  await produce(broker.address, input, batch(2000, 0));
  const matches = (m: Map<string, number>) => [...expected].every(([k, v]) => m.get(k) === v);
  await readUntil(broker.address, output, longValue, matches);
  if (standbys > 0) await new Promise((r) => setTimeout(r, 500)); // the standby applies the last changelog records

  const moved = tasksOf(a.streams).active[0]!;
  const before = b.restores.length;
  assert.ok(await a.streams.close({ timeoutMs: 10_000 }));
  await waitFor('the survivor runs both tasks', () => b.streams.state() === 'RUNNING' && tasksOf(b.streams).active.length === 2);
  const partition = Number(moved.split('_')[1]);
  const restore = b.restores.slice(before).find((r) => r.partition === partition);
  assert.ok(restore, `the survivor restored the moved task ${moved}`);

  // the promoted task keeps counting from where the state was: no count restarts from zero
  await produce(broker.address, input, batch(400, 7));
  const { latest } = await readUntil(broker.address, output, longValue, matches);
  assert.deepEqual(new Map([...latest].sort()), new Map([...expected].sort()));
  assert.deepEqual([...a.errors, ...b.errors], []);
  const changelogRecords = restore.to;
  t.diagnostic(`num.standby.replicas=${standbys}, in-memory store: task ${moved} taken over, restore from offset ${restore.from} to ${restore.to}, restored ${restore.restored} of ${changelogRecords} changelog records`);
  return { restore, changelogRecords };
}

test('without a standby the survivor restores the whole changelog partition of an in-memory store', { timeout: 60_000 }, async (t) => {
  const { restore, changelogRecords } = await takeover(t, 0);
  assert.equal(restore.from, 0);
  assert.equal(restore.restored, changelogRecords);
});

test('a standby promoted in place keeps its in-memory store and restores only the tail', { timeout: 60_000 }, async (t) => {
  const { restore, changelogRecords } = await takeover(t, 1);
  assert.ok(changelogRecords >= 500, `the changelog partition holds the updates (${changelogRecords})`);
  assert.ok(restore.from > 0, 'restoration starts where the standby was, not at the start of the changelog');
  assert.ok(restore.restored * 10 <= changelogRecords, `only a tail restored (${restore.restored} of ${changelogRecords})`);
});
