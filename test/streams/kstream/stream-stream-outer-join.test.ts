import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamsBuilder } from '../../../src/streams/kstream/streams-builder.js';
import { JoinWindows } from '../../../src/streams/kstream/join-windows.js';
import { OUTER_JOIN_EMIT_INTERVAL_CONFIG } from '../../../src/streams/kstream/internals/processors/stream-stream-outer-join.js';
import { drive, str } from './harness.js';

const S = { keySerde: str, valueSerde: str };
const NO_THROTTLE = { config: { [OUTER_JOIN_EMIT_INTERVAL_CONFIG]: 0 } };
const joiner = (l: string | null, r: string | null) => `${l}+${r}`;

function build(kind: 'left' | 'outer', windows: JoinWindows, options: { name?: string; storeName?: string } = {}): StreamsBuilder {
  const b = new StreamsBuilder();
  const l = b.stream<string, string>('l', S);
  const r = b.stream<string, string>('r', S);
  const o = { windows, keySerde: str, valueSerde: str, otherValueSerde: str, ...options };
  (kind === 'left' ? l.leftJoin(r, joiner, o) : l.outerJoin(r, joiner, o)).to('out', S);
  return b;
}

const values = (rs: { key: string | null; value: string | null; timestamp: number }[]) => rs.map((x) => `${x.key}:${x.value}@${x.timestamp}`);

test('leftJoin: an unmatched left record is emitted only after its window closes (window end + grace)', () => {
  const run = drive(build('left', JoinWindows.ofTimeDifferenceAndGrace(10, 5)), NO_THROTTLE);
  run.pipe('l', 'a', 'A', 100);
  run.pipe('r', 'x', 'X', 114); // advances stream time to 114 < 100 + 10 + 5: still open
  assert.deepEqual(values(run.read('out')), []);
  run.pipe('r', 'a', 'late-partner', 108); // within A's window: joins, A is no longer waiting
  assert.deepEqual(values(run.read('out')), ['a:A+late-partner@108']);
  run.pipe('l', 'b', 'B', 116);
  run.pipe('l', 'c', 'C', 132); // closes B's window (116 + 15 < 132)
  assert.deepEqual(values(run.read('out')), ['b:B+null@116']);
  // the right side of a leftJoin never produces null-joined results
  run.pipe('l', 'z', 'Z', 1000);
  assert.deepEqual(values(run.read('out')), ['c:C+null@132']);
});

test('outerJoin: both sides wait for their window; asymmetric windows close per side', () => {
  // left records look 2 ms back and 20 ms ahead: a left record's window ends 20 ms after it, a
  // right record's 2 ms after it; each side checks for closed windows with its own look-ahead
  const run = drive(build('outer', { ...JoinWindows.ofTimeDifferenceAndGrace(20, 0), beforeMs: 2, afterMs: 20 }), NO_THROTTLE);
  run.pipe('l', 'a', 'A', 10);
  run.pipe('r', 'b', 'B', 10);
  run.pipe('l', 'k', 'K', 13); // the left side waits until 10 + 20 has passed: nothing yet
  assert.deepEqual(values(run.read('out')), []);
  run.pipe('r', 'k', 'R0', 14); // the right side sees B's window (ends 12) closed, A's (ends 30) open; R0 joins K
  assert.deepEqual(values(run.read('out')), ['b:null+B@10', 'k:K+R0@14']);
  // Kafka only scans once stream time passes the oldest buffered timestamp seen by the last scan
  // (K at 13, since joined) + the look-ahead: not yet at 31, though A's window has closed
  run.pipe('l', 'k', 'K1', 31);
  assert.deepEqual(values(run.read('out')), []);
  run.pipe('l', 'k', 'K2', 34); // A's window closed; K2 finds no right record in [32, 54]
  assert.deepEqual(values(run.read('out')), ['a:A+null@10']);
  run.pipe('r', 'k', 'R', 35); // left records in [15, 37]: K1 and K2, not K at 13
  assert.deepEqual(values(run.read('out')), ['k:K1+R@35', 'k:K2+R@35']);
  run.pipe('l', 'z', 'Z', 100);
  assert.deepEqual(values(run.read('out')), [], 'every buffered record found a partner');
});

test('late records: an unmatched record whose window is already closed is emitted at once; records past retention find no partner', () => {
  const run = drive(build('outer', JoinWindows.ofTimeDifferenceAndGrace(5, 0)), NO_THROTTLE);
  run.pipe('l', 'a', 'A', 100);
  run.pipe('r', 'b', 'B', 50); // out of order, 50 + 5 < 100: emitted immediately
  assert.deepEqual(values(run.read('out')), ['b:null+B@50']);
  run.pipe('r', 'a', 'A-right', 96); // late but within A's window: inner result
  assert.deepEqual(values(run.read('out')), ['a:A+A-right@100']);
  run.pipe('l', 'q', 'Q', 200);
  assert.deepEqual(values(run.read('out')), [], 'A was joined: no null result for it');
});

test('null keys and tombstones: outer sides emit null-key records at once, null values are dropped', () => {
  for (const kind of ['left', 'outer'] as const) {
    const run = drive(build(kind, JoinWindows.ofTimeDifferenceAndGrace(5, 0)), NO_THROTTLE);
    run.pipe('l', null, 'L', 1);
    run.pipe('r', null, 'R', 1);
    run.pipe('l', 'a', null, 2);
    run.pipe('r', 'a', null, 2);
    const expected = kind === 'left' ? ['null:L+null@1'] : ['null:L+null@1', 'null:null+R@1'];
    assert.deepEqual(values(run.read('out')), expected, kind);
    assert.equal(run.dropped(), kind === 'left' ? 3 : 2, kind);
    run.pipe('l', 'x', 'X', 100);
    assert.deepEqual(values(run.read('out')), [], `${kind}: tombstones were not buffered`);
  }
});

test('leftJoin of a stream with itself: each record joins itself and its neighbours; no null results', () => {
  const b = new StreamsBuilder();
  const s = b.stream<string, string>('in', S);
  s.leftJoin(s, joiner, { windows: JoinWindows.ofTimeDifferenceAndGrace(5, 0), keySerde: str, valueSerde: str, otherValueSerde: str }).to('out', S);
  const run = drive(b, NO_THROTTLE);
  run.pipe('in', 'k', 'A', 1);
  run.pipe('in', 'k', 'B', 3);
  run.pipe('in', 'j', 'C', 50);
  assert.deepEqual(values(run.read('out')), ['k:A+A@1', 'k:B+A@3', 'k:A+B@3', 'k:B+B@3', 'j:C+C@50']);
});

test('emission is throttled by wall clock (default 1 s), as in Kafka Streams', () => {
  const run = drive(build('left', JoinWindows.ofTimeDifferenceAndGrace(5, 0)));
  run.pipe('l', 'a', 'A', 0); // takes the emission slot of wall clock 0 (nothing to emit yet)
  run.pipe('l', 'b', 'B', 10); // A's window is closed, but the next emission is due at wall clock 1000
  assert.deepEqual(values(run.read('out')), []);
  run.driver.advanceWallClockTime(1000);
  run.pipe('l', 'c', 'C', 20);
  assert.deepEqual(values(run.read('out')), ['a:A+null@0', 'b:B+null@10']);
  run.pipe('l', 'd', 'D', 30);
  assert.deepEqual(values(run.read('out')), []);
  run.driver.advanceWallClockTime(1000);
  run.pipe('l', 'e', 'E', 40);
  assert.deepEqual(values(run.read('out')), ['c:C+null@20', 'd:D+null@30']);
});

test('naming follows Kafka: OUTERTHIS/OUTEROTHER processors and the OUTERSHARED store', () => {
  const describe = (b: StreamsBuilder) => b.build().describe().toString();
  const outer = describe(build('outer', JoinWindows.ofTimeDifferenceAndGrace(5, 0)));
  assert.match(outer, /Processor: KSTREAM-OUTERTHIS-0000000004 \(stores: \[KSTREAM-OUTEROTHER-0000000005-store, KSTREAM-OUTERSHARED-0000000004-store\]\)/);
  const left = describe(build('left', JoinWindows.ofTimeDifferenceAndGrace(5, 0), { name: 'j', storeName: 'st' }));
  assert.match(left, /Processor: j-this-join \(stores: \[st-outer-other-join-store, st-left-shared-join-store\]\)/);
  assert.match(left, /Processor: j-outer-other-join/);
});
