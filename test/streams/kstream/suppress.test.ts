import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamsBuilder } from '../../../src/streams/kstream/streams-builder.js';
import { TimeWindows } from '../../../src/streams/kstream/time-windows.js';
import { BufferConfig, Suppressed } from '../../../src/streams/kstream/suppressed.js';
import { drive, long } from './harness.js';
import { S, toWindowedTopic } from './windowing-helpers.js';

function windowedCounts(suppressed: Suppressed) {
  const b = new StreamsBuilder();
  const counts = b
    .stream<string, string>('in', S)
    .groupByKey()
    .windowedBy(TimeWindows.ofSizeAndGrace(10, 5))
    .count()
    .suppress(suppressed);
  toWindowedTopic(counts, 'out', long);
  return drive(b);
}

test('untilWindowCloses: only the final count of each window, after end + grace; late records do not reopen it', () => {
  const run = windowedCounts(Suppressed.untilWindowCloses(BufferConfig.unbounded()));
  run.pipe('in', 'a', 'x', 1);
  run.pipe('in', 'a', 'x', 2);
  run.pipe('in', 'b', 'x', 12);
  run.pipe('in', 'a', 'x', 8); // in grace
  assert.deepEqual(run.read('out', long), []);
  run.pipe('in', 'b', 'x', 15); // stream time 15 = 10 + 5: [0,10) is final
  assert.deepEqual(run.read('out', long), [{ key: 'a@0/10', value: 3, timestamp: 8 }]);
  run.pipe('in', 'a', 'x', 3); // late: dropped
  run.pipe('in', 'c', 'x', 40);
  assert.deepEqual(run.read('out', long), [{ key: 'b@10/20', value: 2, timestamp: 15 }]);
  assert.equal(run.dropped(), 1);
});

test('untilTimeLimit on a table: at most one update per key per time limit, the latest value', () => {
  const b = new StreamsBuilder();
  b.table<string, string>('t', { consumed: S })
    .suppress(Suppressed.untilTimeLimit(10))
    .toStream()
    .to('out', S);
  const run = drive(b);
  run.pipe('t', 'k', 'v1', 0);
  run.pipe('t', 'k', 'v2', 4);
  run.pipe('t', 'j', 'w1', 6);
  run.pipe('t', 'k', null, 9); // a tombstone is buffered like any update
  assert.deepEqual(run.read('out'), []);
  run.pipe('t', 'j', 'w2', 10); // k was first buffered at 0: due at 10
  assert.deepEqual(run.read('out'), [{ key: 'k', value: null, timestamp: 9 }]);
  run.pipe('t', 'z', 'x', 16);
  assert.deepEqual(run.read('out'), [{ key: 'j', value: 'w2', timestamp: 10 }]);
});

test('maxRecords buffer emits its oldest entries early when full; shutDownWhenFull fails instead', () => {
  const early = windowedCounts(Suppressed.untilWindowCloses(BufferConfig.maxRecords(2)));
  early.pipe('in', 'a', 'x', 1);
  early.pipe('in', 'b', 'x', 2);
  assert.deepEqual(early.read('out', long), []);
  early.pipe('in', 'c', 'x', 3); // three keys buffered, limit 2: the oldest (a) leaves early
  assert.deepEqual(early.read('out', long), [{ key: 'a@0/10', value: 1, timestamp: 1 }]);

  const strict = windowedCounts(Suppressed.untilWindowCloses(BufferConfig.shutDownWhenFull(BufferConfig.maxRecords(1))));
  strict.pipe('in', 'a', 'x', 1);
  assert.throws(() => strict.pipe('in', 'b', 'x', 2), (e: Error) => /buffer exceeded its max capacity/.test(`${e.message} ${String((e as { cause?: unknown }).cause)}`));
});

test('maxBytes buffer: small values fit, the buffer emits early once the byte limit is passed', () => {
  const b = new StreamsBuilder();
  b.table<string, string>('t', { consumed: S })
    .suppress(Suppressed.untilTimeLimit(1000, BufferConfig.maxBytes(100)))
    .toStream()
    .to('out', S);
  const run = drive(b);
  run.pipe('t', 'a', 'x', 0);
  assert.deepEqual(run.read('out'), []);
  run.pipe('t', 'b', 'y'.repeat(50), 1); // about 30 + 80 bytes with metadata, over 100: a (oldest) leaves
  assert.deepEqual(run.read('out'), [{ key: 'a', value: 'x', timestamp: 0 }]);
});

test('wall-clock close (opt-in): an idle stream still gets its final results when the wall clock moves on', () => {
  const run = windowedCounts(Suppressed.untilWindowCloses(BufferConfig.unbounded(), { wallClockCloseMs: 100 }));
  run.pipe('in', 'a', 'x', 1);
  run.driver.advanceWallClockTime(50);
  assert.deepEqual(run.read('out', long), []);
  run.driver.advanceWallClockTime(100); // idle for 150 ms: stream time taken as 1 + 150, past 10 + 5
  assert.deepEqual(run.read('out', long), [{ key: 'a@0/10', value: 1, timestamp: 1 }]);
});
