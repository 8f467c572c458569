// Task metrics by task kind, as Kafka Streams records them: a standby task has only update-rate/total
// (changelog records applied, DEBUG); an active task has restore-rate/total (DEBUG) and
// restore-remaining-records-total (INFO) besides its processing metrics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamsMetricsRegistry, ThreadMetrics, TaskMetrics } from '../../../src/streams/metrics/index.js';

function names(registry: StreamsMetricsRegistry, taskId: string): string[] {
  return registry
    .metrics()
    .filter((m) => m.group === 'stream-task-metrics' && m.tags['task-id'] === taskId)
    .map((m) => m.name)
    .sort();
}

test('a standby task records update-rate/total at DEBUG and nothing else', () => {
  const now = { t: 0 };
  const registry = new StreamsMetricsRegistry({ recordingLevel: 'DEBUG', clock: () => now.t });
  const thread = new ThreadMetrics(registry, 'app-StreamThread-1');
  const standby = new TaskMetrics(registry, thread, '0_1', 'standby');
  assert.deepEqual(names(registry, '0_1'), ['update-rate', 'update-total']);
  assert.equal(standby.process, null);
  standby.restored!.record(40);
  standby.restored!.record(2);
  const total = registry.metrics().find((m) => m.name === 'update-total' && m.tags['task-id'] === '0_1');
  assert.equal(total?.value, 42);
  assert.equal(total?.tags['thread-id'], 'app-StreamThread-1');
  standby.trackRestoreRemaining(() => 7); // not for standbys
  assert.deepEqual(names(registry, '0_1'), ['update-rate', 'update-total']);
  standby.remove();
  assert.deepEqual(names(registry, '0_1'), []);
});

test('at INFO a standby task has no task metrics; an active one has dropped-records and restore-remaining-records-total', () => {
  const registry = new StreamsMetricsRegistry({ recordingLevel: 'INFO', clock: () => 0 });
  const thread = new ThreadMetrics(registry, 'app-StreamThread-1');
  const standby = new TaskMetrics(registry, thread, '0_1', 'standby');
  assert.equal(standby.restored, null);
  assert.deepEqual(names(registry, '0_1'), []);
  const active = new TaskMetrics(registry, thread, '0_0');
  let remaining = 10;
  active.trackRestoreRemaining(() => remaining);
  assert.deepEqual(names(registry, '0_0'), ['dropped-records-rate', 'dropped-records-total', 'restore-remaining-records-total']);
  const read = (): number | undefined => registry.metrics().find((m) => m.name === 'restore-remaining-records-total')?.value;
  assert.equal(read(), 10);
  remaining = 0;
  assert.equal(read(), 0);
});

test('an active task at DEBUG also records restore-rate/total', () => {
  const registry = new StreamsMetricsRegistry({ recordingLevel: 'DEBUG', clock: () => 0 });
  const thread = new ThreadMetrics(registry, 'app-StreamThread-1');
  const active = new TaskMetrics(registry, thread, '0_0');
  active.restored!.record(5);
  assert.ok(names(registry, '0_0').includes('restore-total'));
  assert.equal(registry.metrics().find((m) => m.name === 'restore-total')?.value, 5);
  assert.ok(!names(registry, '0_0').includes('update-total'));
});
