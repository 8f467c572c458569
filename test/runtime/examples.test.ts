// The runtime examples in examples/ produce the right results against the bundled broker.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../src/broker/index.js';
import { runWordCount } from '../../examples/word-count.js';
import { runPageViewRegion } from '../../examples/page-view-region.js';
import { runWindowedCount } from '../../examples/windowed-count.js';
import { runAnomalyDetector } from '../../examples/windowed-anomaly-detector.js';
import { runEnrichment } from '../../examples/fk-enrichment.js';

const broker = await startBroker({ port: 0 });
after(() => broker.close());

test('examples/word-count.ts', async () => {
  const counts = await runWordCount(broker.address, ['hello kafka streams', 'hello typescript', 'streams of hello']);
  assert.deepEqual(Object.fromEntries([...counts].sort()), { hello: 3, kafka: 1, of: 1, streams: 2, typescript: 1 });
});

test('examples/page-view-region.ts: stream-table join, re-key, count', async () => {
  const views = await runPageViewRegion(broker.address);
  assert.deepEqual(Object.fromEntries([...views].sort()), { asia: 1, europe: 3 });
});

test('examples/windowed-count.ts: tumbling windows with grace', async () => {
  const counts = await runWindowedCount(broker.address);
  assert.deepEqual(Object.fromEntries([...counts].sort()), {
    'alice@2026-01-01T12:00:00.000Z': 3,
    'alice@2026-01-01T12:01:00.000Z': 1,
    'bob@2026-01-01T12:00:00.000Z': 1,
  });
});

test('examples/windowed-anomaly-detector.ts: one alert per closed minute over the threshold, emitted once stream time passes end + grace', async () => {
  const alerts = await runAnomalyDetector(broker.address);
  // mallory sent 5 events (threshold 3), alice 2; bob's later event only closes the minute
  assert.deepEqual(alerts, [{ key: 'mallory', value: '5 events in [2026-01-01T12:00:00.000Z, 2026-01-01T12:01:00.000Z)' }]);
});

test('examples/fk-enrichment.ts: left foreign-key join through its internal topics, following a rename and a move', async () => {
  const expected = {
    joined: { o1: 'apples:p1 (Apple, 1 kg)', o2: 'pears:p2 (Pear, 500 g)', o3: 'plums:p9 (unknown product)' },
    afterChanges: { o1: 'apples:p1 (Apple, 2 kg)', o2: 'more apples:p1 (Apple, 2 kg)', o3: 'plums:p9 (unknown product)' },
  };
  // each read lasts until the expected state shows up (at most 20 s): a loaded machine may take longer than the example's 1.5 s
  const reached = (step: keyof typeof expected, latest: ReadonlyMap<string, string>): boolean =>
    Object.entries(expected[step]).every(([k, v]) => latest.get(k) === v) && latest.size === 3;
  const { joined, afterChanges } = await runEnrichment(broker.address, { readMs: 20_000, until: reached });
  assert.deepEqual(Object.fromEntries([...joined].sort()), expected.joined);
  assert.deepEqual(Object.fromEntries([...afterChanges].sort()), expected.afterChanges);
});
