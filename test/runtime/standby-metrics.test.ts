// Two in-process instances with num.standby.replicas=1 at DEBUG: each standby task reports
// update-rate/total (changelog records applied) under its task id, the active tasks restore-* —
// as Kafka Streams' StandbyTask and StreamTask do — and a standby's store has its state metrics.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../src/broker/index.js';
import { KafkaStreams, type MetricValue } from '../../src/index.js';
import { wordCountTopology } from '../../examples/first-topology.js';
import { createTopics, expectedWordCounts, longValue, produce, readUntil, sameCounts, tempStateDir } from './helpers.js';

const broker = await startBroker({ port: 0 });
after(() => broker.close());

const taskMetric = (m: MetricValue[], name: string, taskId: string): number | undefined =>
  m.find((x) => x.group === 'stream-task-metrics' && x.name === name && x.tags['task-id'] === taskId)?.value;

test('standby tasks record update-rate/total; active tasks restore-*', async (t) => {
  const bootstrap = broker.address;
  await createTopics(bootstrap, [
    { name: 'text-lines', partitions: 2 },
    { name: 'word-counts', partitions: 2 },
  ]);
  const instances = [0, 1].map((i) => {
    const s = new KafkaStreams(wordCountTopology(), {
      'application.id': 'standby-metrics-app',
      'bootstrap.servers': bootstrap,
      'state.dir': tempStateDir(t),
      'commit.interval.ms': 100,
      'num.standby.replicas': 1,
      'metrics.recording.level': 'DEBUG',
      'statestore.cache.max.bytes': 0,
      'client.id': `sm-${i}`,
    });
    t.after(() => s.close({ timeoutMs: 10_000 }));
    return s;
  });
  await Promise.all(instances.map((s) => s.start()));
  const standbysPlaced = (): boolean => instances.every((s) => s.state() === 'RUNNING' && s.metadataForLocalThreads().some((th) => th.standbyTasks.length > 0));
  const deadline = Date.now() + 30_000;
  while (!standbysPlaced()) {
    assert.ok(Date.now() < deadline, 'each instance got a standby task');
    await new Promise((r) => setTimeout(r, 100));
  }
  const lines = Array.from({ length: 60 }, (_, i) => `alpha beta w${i % 13}`);
  await produce(bootstrap, 'text-lines', lines.map((value, i) => ({ key: String(i), value })));
  const expected = expectedWordCounts(lines);
  await readUntil(bootstrap, 'word-counts', longValue, (m) => sameCounts(m, expected), 30_000);

  // every standby applies the changelog its active writes
  const until = Date.now() + 15_000;
  const standbyUpdates = (): Array<{ task: string; updates: number | undefined }> =>
    instances.flatMap((s) => {
      const m = s.metrics();
      return s.metadataForLocalThreads().flatMap((th) => th.standbyTasks.map((task) => ({ task, updates: taskMetric(m, 'update-total', task) })));
    });
  while (!standbyUpdates().every((u) => (u.updates ?? 0) > 0) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  const updates = standbyUpdates();
  assert.ok(updates.length >= 2, JSON.stringify(updates));
  for (const u of updates) assert.ok((u.updates ?? 0) > 0, `standby ${u.task} recorded its applied changelog records: ${JSON.stringify(updates)}`);

  for (const s of instances) {
    const m = s.metrics();
    for (const th of s.metadataForLocalThreads()) {
      for (const task of th.standbyTasks) {
        assert.equal(taskMetric(m, 'process-total', task), undefined, 'a standby does not process');
        assert.equal(taskMetric(m, 'restore-total', task), undefined);
        assert.ok(m.some((x) => x.group === 'stream-state-metrics' && x.tags['task-id'] === task && x.name === 'restore-rate'), `standby ${task} store metrics`);
      }
      for (const task of th.activeTasks) {
        assert.equal(taskMetric(m, 'update-total', task), undefined);
        assert.notEqual(taskMetric(m, 'restore-total', task), undefined);
        assert.equal(taskMetric(m, 'restore-remaining-records-total', task), 0, 'restored');
      }
    }
  }
});
