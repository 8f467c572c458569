import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamsBuilder } from '../../../src/streams/kstream/streams-builder.js';
import { Materialized } from '../../../src/streams/kstream/materialized.js';
import { TimeWindows } from '../../../src/streams/kstream/time-windows.js';
import { UnlimitedWindows } from '../../../src/streams/kstream/unlimited-windows.js';
import { EmitStrategy } from '../../../src/streams/kstream/emit-strategy.js';
import type { LateRecord } from '../../../src/streams/kstream/internals/windowing/late-records.js';
import { drive, long, str } from './harness.js';
import { S, toWindowedTopic, windowStore } from './windowing-helpers.js';

test('TimeWindows: tumbling and hopping windows containing a timestamp; invalid sizes rejected', () => {
  assert.deepEqual(TimeWindows.ofSizeWithNoGrace(10).windowsFor(15), [{ start: 10, end: 20 }]);
  assert.deepEqual(TimeWindows.ofSizeWithNoGrace(10).advanceBy(5).windowsFor(12), [
    { start: 5, end: 15 },
    { start: 10, end: 20 },
  ]);
  assert.deepEqual(TimeWindows.ofSizeWithNoGrace(10).advanceBy(3).windowsFor(2), [{ start: 0, end: 10 }]);
  assert.equal(TimeWindows.ofSizeAndGrace(10, 4).gracePeriodMs(), 4);
  assert.throws(() => TimeWindows.ofSizeWithNoGrace(0), RangeError);
  assert.throws(() => TimeWindows.ofSizeWithNoGrace(10).advanceBy(11), RangeError);
  assert.deepEqual(UnlimitedWindows.of().startOn(5).windowsFor(3), []);
});

test('tumbling count: out-of-order records within grace update their window; late ones are dropped, counted and handed to the side output', () => {
  const late: LateRecord[] = [];
  const b = new StreamsBuilder();
  const counts = b
    .stream<string, string>('in', S)
    .groupByKey()
    .windowedBy(TimeWindows.ofSizeAndGrace(10, 5))
    .count({ materialized: { ...Materialized.as<string, number>('counts'), keySerde: str, valueSerde: long }, onLateRecord: (r) => late.push(r) });
  toWindowedTopic(counts, 'out', long);
  const run = drive(b);
  run.pipe('in', 'a', 'x', 1);
  run.pipe('in', 'a', 'x', 12);
  run.pipe('in', 'a', 'x', 9); // stream time 12, window [0,10) closes at 10 + 5: still open
  run.pipe('in', 'a', 'x', 16);
  run.pipe('in', 'a', 'x', 3); // window [0,10) closed at stream time 15: late
  assert.deepEqual(run.read('out', long), [
    { key: 'a@0/10', value: 1, timestamp: 1 },
    { key: 'a@10/20', value: 1, timestamp: 12 },
    { key: 'a@0/10', value: 2, timestamp: 9 },
    { key: 'a@10/20', value: 2, timestamp: 16 },
  ]);
  assert.equal(run.dropped(), 1);
  assert.equal(late.length, 1);
  assert.deepEqual({ ...late[0] }, { key: 'a', value: 'x', timestamp: 3, window: '[0,10)', streamTime: 16 });
  assert.deepEqual(windowStore(run.driver, 'counts'), [
    { key: 'a@0/10', value: 2, timestamp: 9 },
    { key: 'a@10/20', value: 2, timestamp: 16 },
  ]);
});

test('windowed aggregations drop null keys but pass null values to the aggregator, as Kafka Streams does', () => {
  const b = new StreamsBuilder();
  const agg = b
    .stream<string, string>('in', S)
    .groupByKey()
    .windowedBy(TimeWindows.ofSizeWithNoGrace(10))
    .aggregate(
      () => '0',
      (_k, v, a) => `${a}+${String(v)}`,
      { materialized: { keySerde: str, valueSerde: str } },
    );
  toWindowedTopic(agg, 'out', str);
  const run = drive(b);
  run.pipe('in', 'a', '1', 1);
  run.pipe('in', null, '2', 2);
  run.pipe('in', 'a', null, 3);
  assert.deepEqual(run.read('out').map((r) => r.value), ['0+1', '0+1+null']);
  assert.equal(run.dropped(), 1);
});

test('dropNullValues (opt-in) drops null values instead of aggregating them, and counts them as dropped', () => {
  const b = new StreamsBuilder();
  const counts = b
    .stream<string, string>('in', S)
    .groupByKey()
    .windowedBy(TimeWindows.ofSizeWithNoGrace(10))
    .count({ dropNullValues: true });
  toWindowedTopic(counts, 'out', long);
  const run = drive(b);
  run.pipe('in', 'a', 'x', 1);
  run.pipe('in', 'a', null, 2);
  assert.deepEqual(run.read('out', long).map((r) => r.value), [1]);
  assert.equal(run.dropped(), 1);
});

test('hopping reduce: a record updates every window containing it; retention hides old windows from the store', () => {
  const b = new StreamsBuilder();
  const reduced = b
    .stream<string, string>('in', S)
    .groupByKey()
    .windowedBy(TimeWindows.ofSizeWithNoGrace(10).advanceBy(5))
    .reduce((a, v) => `${a}+${v}`, { materialized: { ...Materialized.as<string, string>('hops'), keySerde: str, valueSerde: str } });
  toWindowedTopic(reduced, 'out', str);
  const run = drive(b);
  run.pipe('in', 'k', 'a', 7);
  run.pipe('in', 'k', 'b', 9);
  run.pipe('in', 'k', 'c', 31);
  assert.deepEqual(
    run.read('out').map((r) => `${r.key}=${r.value}`),
    ['k@0/10=a', 'k@5/15=a', 'k@0/10=a+b', 'k@5/15=a+b', 'k@25/35=c', 'k@30/40=c'],
  );
  // retention 10 ms from the latest window start (30): only windows starting after 20 remain
  assert.deepEqual(
    windowStore(run.driver, 'hops').map((r) => r.key),
    ['k@25/35', 'k@30/40'],
  );
});

test('emit on window close: one final result per window once stream time passes end + grace', () => {
  const b = new StreamsBuilder();
  const counts = b
    .stream<string, string>('in', S)
    .groupByKey()
    .windowedBy(TimeWindows.ofSizeAndGrace(10, 2))
    .emitStrategy(EmitStrategy.onWindowClose())
    .count();
  toWindowedTopic(counts, 'out', long);
  const run = drive(b);
  run.pipe('in', 'a', 'x', 1);
  run.pipe('in', 'b', 'x', 4);
  run.pipe('in', 'a', 'x', 11);
  assert.deepEqual(run.read('out', long), []);
  run.pipe('in', 'a', 'x', 9); // in grace
  run.pipe('in', 'c', 'x', 12); // stream time 12 = 10 + 2: [0,10) closes
  assert.deepEqual(run.read('out', long), [
    { key: 'a@0/10', value: 2, timestamp: 9 },
    { key: 'b@0/10', value: 1, timestamp: 4 },
  ]);
  run.pipe('in', 'a', 'x', 25);
  assert.deepEqual(run.read('out', long), [
    { key: 'a@10/20', value: 1, timestamp: 11 },
    { key: 'c@10/20', value: 1, timestamp: 12 },
  ]);
});

test('caching: with a record cache the windowed updates leave at commit, the latest per window', () => {
  const b = new StreamsBuilder();
  const counts = b
    .stream<string, string>('in', S)
    .flatMapValues((v) => v.split(' '))
    .groupByKey()
    .windowedBy(TimeWindows.ofSizeWithNoGrace(10))
    .count();
  toWindowedTopic(counts, 'out', long);
  const run = drive(b, { cacheMaxBytes: 1 << 20 });
  run.pipe('in', 'a', 'x y z', 1); // three updates of one window in one record: one result
  assert.deepEqual(run.read('out', long), [{ key: 'a@0/10', value: 3, timestamp: 1 }]);
});

test('wall-clock close (opt-in): the windows of an idle input still emit their final results', () => {
  const b = new StreamsBuilder();
  const counts = b
    .stream<string, string>('in', S)
    .groupByKey()
    .windowedBy(TimeWindows.ofSizeAndGrace(10, 5))
    .emitStrategy(EmitStrategy.onWindowClose({ wallClockCloseMs: 1000 }))
    .count();
  toWindowedTopic(counts, 'out', long);
  const run = drive(b);
  run.pipe('in', 'a', 'x', 1);
  run.pipe('in', 'a', 'x', 12);
  run.driver.advanceWallClockTime(500);
  assert.deepEqual(run.read('out', long), []); // not idle long enough
  run.driver.advanceWallClockTime(1000); // idle 1.5 s: stream time taken as 12 + 1500
  assert.deepEqual(run.read('out', long), [
    { key: 'a@0/10', value: 1, timestamp: 1 },
    { key: 'a@10/20', value: 1, timestamp: 12 },
  ]);
  run.driver.advanceWallClockTime(5000);
  assert.deepEqual(run.read('out', long), []); // each window once
});

test('unlimited windows: one window per key from the start time on; earlier records are ignored', () => {
  const b = new StreamsBuilder();
  const counts = b
    .stream<string, string>('in', S)
    .groupByKey()
    .windowedBy(UnlimitedWindows.of().startOn(100))
    .count();
  counts
    .toStream()
    .map((k, v) => ({ key: `${k.key}@${k.window.start}`, value: v }))
    .to('out', { keySerde: str, valueSerde: long });
  const run = drive(b);
  run.pipe('in', 'a', 'x', 50); // before the start: in no window
  run.pipe('in', 'a', 'x', 150);
  run.pipe('in', 'a', 'x', 1_000_000);
  run.pipe('in', 'a', 'x', 120); // out of order: unlimited windows never close
  assert.deepEqual(run.read('out', long).map((r) => `${r.key}=${String(r.value)}`), ['a@100=1', 'a@100=2', 'a@100=3']);
});
