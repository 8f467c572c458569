import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamsBuilder } from '../../../src/streams/kstream/streams-builder.js';
import { Materialized } from '../../../src/streams/kstream/materialized.js';
import { SlidingWindows } from '../../../src/streams/kstream/sliding-windows.js';
import { SessionWindows } from '../../../src/streams/kstream/session-windows.js';
import { EmitStrategy } from '../../../src/streams/kstream/emit-strategy.js';
import { drive, long, str } from './harness.js';
import { S, sessionStore, toWindowedTopic, windowStore } from './windowing-helpers.js';

test('sliding windows: left and right windows per record, out-of-order records land in existing windows, null values dropped', () => {
  const b = new StreamsBuilder();
  const agg = b
    .stream<string, string>('in', S)
    .groupByKey()
    .windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(10, 20))
    .aggregate(
      () => '',
      (_k, v, a) => `${a}${v}`,
      { materialized: { ...Materialized.as<string, string>('slide'), keySerde: str, valueSerde: str } },
    );
  toWindowedTopic(agg, 'out', str);
  const run = drive(b);
  run.pipe('in', 'k', 'a', 20);
  run.pipe('in', 'k', 'b', 25);
  run.pipe('in', 'k', 'c', 22); // out of order, between a and b
  run.pipe('in', 'k', null, 26);
  assert.deepEqual(
    run.read('out').map((r) => `${r.key}=${r.value}@${r.timestamp}`),
    [
      'k@10/20=a@20',
      'k@21/31=b@25', // right window of a, created when b arrives
      'k@15/25=ab@25',
      'k@21/31=bc@25', // c joins a's right window
      'k@15/25=abc@25',
      'k@12/22=ac@22', // c's left window
      'k@23/33=b@25', // c's right window holds b
    ],
  );
  assert.equal(run.dropped(), 1);
  assert.deepEqual(
    windowStore(run.driver, 'slide').map((r) => `${r.key}=${String(r.value)}`),
    ['k@10/20=a', 'k@12/22=ac', 'k@15/25=abc', 'k@21/31=bc', 'k@23/33=b'],
  );
});

test('session windows (gap 5, grace 10): records within the gap merge, a bridging record merges two sessions (old ones deleted downstream), late sessions dropped', () => {
  const b = new StreamsBuilder();
  const agg = b
    .stream<string, string>('in', S)
    .groupByKey()
    .windowedBy(SessionWindows.ofInactivityGapAndGrace(5, 10))
    .aggregate(
      () => '',
      (_k, v, a) => `${a}${v}`,
      (_k, a1, a2) => `${a1}|${a2}`,
      { materialized: { ...Materialized.as<string, string>('sessions'), keySerde: str, valueSerde: str } },
    );
  toWindowedTopic(agg, 'out', str);
  const run = drive(b);
  run.pipe('in', 'k', 'a', 0);
  run.pipe('in', 'k', 'b', 3); // within the gap: [0,3]
  run.pipe('in', 'k', 'c', 12); // a new session [12,12]
  run.pipe('in', 'k', 'd', 8); // bridges [0,3] and [12,12]
  run.pipe('in', 'x', 'e', 30); // stream time 30: sessions ending before 30 - 5 - 10 are closed
  run.pipe('in', 'k', 'f', 14); // would join [0,12], which closed: late
  assert.deepEqual(
    run.read('out').map((r) => `${r.key}=${String(r.value)}@${r.timestamp}`),
    [
      'k@0/0=a@0',
      'k@0/0=null@0',
      'k@0/3=|ab@3',
      'k@12/12=c@12',
      'k@0/3=null@3',
      'k@12/12=null@12',
      'k@0/12=||ab|cd@12',
      'x@30/30=e@30',
    ],
  );
  assert.equal(run.dropped(), 1);
  // retention (gap + grace = 15) from the latest session end (30) hides [0,12]
  assert.deepEqual(sessionStore(run.driver, 'sessions'), [{ key: 'x@30/30', value: 'e' }]);
});

test('session count on window close emits each closed session once, by end time', () => {
  const b = new StreamsBuilder();
  const counts = b
    .stream<string, string>('in', S)
    .groupByKey()
    .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(5))
    .emitStrategy(EmitStrategy.onWindowClose())
    .count();
  toWindowedTopic(counts, 'out', long);
  const run = drive(b);
  run.pipe('in', 'a', 'x', 0);
  run.pipe('in', 'a', 'x', 2);
  run.pipe('in', 'b', 'x', 1);
  assert.deepEqual(run.read('out', long), []);
  run.pipe('in', 'c', 'x', 8); // close time 8 - 5 = 3: sessions ending before 3 are final
  assert.deepEqual(run.read('out', long), [
    { key: 'b@1/1', value: 1, timestamp: 1 },
    { key: 'a@0/2', value: 2, timestamp: 2 },
  ]);
});

test('session windows, wall-clock close (opt-in): the session of an idle key still emits', () => {
  const b = new StreamsBuilder();
  const counts = b
    .stream<string, string>('in', S)
    .groupByKey()
    .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(5))
    .emitStrategy(EmitStrategy.onWindowClose({ wallClockCloseMs: 100 }))
    .count();
  toWindowedTopic(counts, 'out', long);
  const run = drive(b);
  run.pipe('in', 'a', 'x', 0);
  run.pipe('in', 'a', 'x', 2);
  run.driver.advanceWallClockTime(200);
  assert.deepEqual(run.read('out', long), [{ key: 'a@0/2', value: 2, timestamp: 2 }]);
});

test('persistent (LMDB) window and session stores give the same windowed results', () => {
  const b = new StreamsBuilder();
  const g = b.stream<string, string>('in', S).groupByKey();
  const tumbling = g
    .windowedBy(SlidingWindows.ofTimeDifferenceWithNoGrace(5))
    .count({ materialized: { ...Materialized.as<string, number>('sliding-lmdb'), keySerde: str, valueSerde: long, storeType: 'rocksdb' } });
  toWindowedTopic(tumbling, 'sliding', long);
  const sessions = g
    .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(5))
    .count({ materialized: { ...Materialized.as<string, number>('sessions-lmdb'), keySerde: str, valueSerde: long, storeType: 'rocksdb' } });
  toWindowedTopic(sessions, 'sessions', long);
  const run = drive(b);
  run.pipe('in', 'a', 'x', 10);
  run.pipe('in', 'a', 'x', 13);
  assert.deepEqual(run.read('sliding', long).map((r) => `${r.key}=${String(r.value)}`), ['a@5/10=1', 'a@11/16=1', 'a@8/13=2']);
  assert.deepEqual(run.read('sessions', long).map((r) => `${r.key}=${String(r.value)}`), ['a@10/10=1', 'a@10/10=null', 'a@10/13=2']);
  assert.deepEqual(sessionStore(run.driver, 'sessions-lmdb'), [{ key: 'a@10/13', value: 2 }]);
});
