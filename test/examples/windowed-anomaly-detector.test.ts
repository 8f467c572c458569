// The windowed anomaly detector example, driven with no broker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Serdes, type LateRecord } from '../../src/index.js';
import { TopologyTestDriver } from '../../src/test-utils/index.js';
import { anomalyDetectorTopology, EVENTS_TOPIC, ANOMALIES_TOPIC } from '../../examples/windowed-anomaly-detector.js';

test('anomaly detector: alerts once per user and minute over the threshold, after the minute closes; late events go to the side output', () => {
  const late: LateRecord[] = [];
  const config = { 'application.id': 'anomalies', 'statestore.cache.max.bytes': 0, 'default.dsl.store': 'in_memory' };
  const driver = new TopologyTestDriver(anomalyDetectorTopology({ threshold: 3, graceMs: 5_000, onLateEvent: (r) => late.push(r) }), config);
  try {
    const events = driver.createInputTopic(EVENTS_TOPIC, Serdes.String(), Serdes.String());
    const alerts = driver.createOutputTopic(ANOMALIES_TOPIC, Serdes.String(), Serdes.String());
    for (let i = 0; i < 5; i++) events.pipeInput('mallory', `login-failed-${i}`, 1_000 + i * 1_000);
    events.pipeInput('alice', 'login', 2_000);
    events.pipeInput('alice', 'view', 30_000);
    events.pipeInput('bob', 'view', 61_000); // the first minute is not closed yet (grace)
    assert.deepEqual(alerts.readKeyValuesToList(), []);
    events.pipeInput('bob', 'view', 65_000); // stream time 65 s = 60 s + 5 s grace: minute 0 closes
    assert.deepEqual(alerts.readKeyValuesToList(), [{ key: 'mallory', value: '5 events in [1970-01-01T00:00:00.000Z, 1970-01-01T00:01:00.000Z)' }]);
    events.pipeInput('mallory', 'login-failed-late', 59_000); // its minute is closed
    assert.equal(late.length, 1);
    assert.equal(late[0]!.key, 'mallory');
    assert.deepEqual(alerts.readKeyValuesToList(), []);
  } finally {
    driver.close();
  }
});
