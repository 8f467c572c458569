import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamsBuilder } from '../../../src/streams/kstream/streams-builder.js';
import { Materialized } from '../../../src/streams/kstream/materialized.js';
import { TimeWindows } from '../../../src/streams/kstream/time-windows.js';
import { SessionWindows } from '../../../src/streams/kstream/session-windows.js';
import { drive, str } from './harness.js';
import { S, toWindowedTopic } from './windowing-helpers.js';

test('cogroup: two grouped streams fold into one aggregate per key, each with its aggregator; re-keyed streams are repartitioned', () => {
  const b = new StreamsBuilder();
  const clicks = b.stream<string, string>('clicks', S).groupByKey();
  const views = b
    .stream<string, string>('views', S)
    .groupBy((_k, v) => v.split(':')[0]!, { keySerde: str, valueSerde: str });
  clicks
    .cogroup<string>((_k, v, agg) => `${agg}+c${v}`)
    .cogroup(views, (_k, v, agg) => `${agg}+v${v.split(':')[1]}`)
    .aggregate(() => '', { materialized: { ...Materialized.as<string, string>('activity'), keySerde: str, valueSerde: str } })
    .toStream()
    .to('out', S);
  const run = drive(b);
  run.pipe('clicks', 'u1', '1', 1);
  run.pipe('views', 'x', 'u1:2', 2);
  run.pipe('clicks', 'u2', '3', 3);
  run.pipe('clicks', 'u1', null, 4); // null values are dropped (non-windowed)
  assert.deepEqual(
    run.read('out').map((r) => `${r.key}=${r.value}`),
    ['u1=+c1', 'u1=+c1+v2', 'u2=+c3'],
  );
  assert.deepEqual(run.store('activity').map((r) => `${r.key}=${r.value}`), ['u1=+c1+v2', 'u2=+c3']);
});

test('windowed cogroup: tumbling and session windows share one store across the inputs', () => {
  const b = new StreamsBuilder();
  const a = b.stream<string, string>('a', S).groupByKey();
  const c = b.stream<string, string>('c', S).groupByKey();
  const tumbling = a
    .cogroup<string>((_k, v, agg) => `${agg}a${v}`)
    .cogroup(c, (_k, v, agg) => `${agg}c${v}`)
    .windowedBy(TimeWindows.ofSizeWithNoGrace(10))
    .aggregate(() => '');
  toWindowedTopic(tumbling, 'tumbling', str);
  const sessions = a
    .cogroup<string>((_k, v, agg) => `${agg}a${v}`)
    .cogroup(c, (_k, v, agg) => `${agg}c${v}`)
    .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(5))
    .aggregate(
      () => '',
      (_k, x, y) => `${x}|${y}`,
    );
  toWindowedTopic(sessions, 'sessions', str);
  const run = drive(b);
  run.pipe('a', 'k', '1', 1);
  run.pipe('c', 'k', '2', 4);
  run.pipe('a', 'k', '3', 12);
  assert.deepEqual(run.read('tumbling').map((r) => `${r.key}=${r.value}`), ['k@0/10=a1', 'k@0/10=a1c2', 'k@10/20=a3']);
  assert.deepEqual(run.read('sessions').map((r) => `${r.key}=${String(r.value)}`), ['k@1/1=a1', 'k@1/1=null', 'k@1/4=|a1c2', 'k@12/12=a3']);
});
