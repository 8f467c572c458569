// The runtime examples in examples/ produce the right results against the bundled broker.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../src/broker/index.js';
import { runWordCount } from '../../examples/word-count.js';
import { runPageViewRegion } from '../../examples/page-view-region.js';
import { runWindowedCount } from '../../examples/windowed-count.js';

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
