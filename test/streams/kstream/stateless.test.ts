import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamsBuilder } from '../../../src/streams/kstream/streams-builder.js';
import { Named } from '../../../src/streams/kstream/named.js';
import { Printed } from '../../../src/streams/kstream/printed.js';
import type { Processor } from '../../../src/streams/processor/processor.js';
import type { ProcessorContext } from '../../../src/streams/processor/processor-context.js';
import type { Record } from '../../../src/streams/processor/record.js';
import { drive, str } from './harness.js';

const S = { keySerde: str, valueSerde: str };

test('filter, filterNot, mapValues keep keys and timestamps; null values reach predicates', () => {
  const b = new StreamsBuilder();
  const s = b.stream<string, string>('in', S);
  s.filter((_k, v) => v !== null && v.startsWith('a')).mapValues((v) => v.toUpperCase()).to('upper', S);
  s.filterNot((_k, v) => v === null).to('nonNull', S);
  const run = drive(b);
  run.pipe('in', 'k1', 'apple', 5);
  run.pipe('in', 'k2', 'banana', 3);
  run.pipe('in', 'k3', null, 9);
  run.pipe('in', null, 'avocado', 1);
  assert.deepEqual(run.read('upper'), [
    { key: 'k1', value: 'APPLE', timestamp: 5 },
    { key: null, value: 'AVOCADO', timestamp: 1 },
  ]);
  assert.deepEqual(
    run.read('nonNull').map((r) => r.value),
    ['apple', 'banana', 'avocado'],
  );
});

test('map, selectKey, flatMap and flatMapValues', () => {
  const b = new StreamsBuilder();
  const s = b.stream<string, string>('in', S);
  s.map((k, v) => ({ key: v, value: k })).to('swapped', S);
  s.selectKey((_k, v) => v.split(':')[0]!).to('rekeyed', S);
  s.flatMap((k, v) => v.split(':').map((part) => ({ key: `${k}-${part}`, value: part }))).to('flat', S);
  s.flatMapValues((v) => (v.includes(':') ? v.split(':') : [])).to('flatValues', S);
  const run = drive(b);
  run.pipe('in', 'k', 'x:y', 7);
  run.pipe('in', 'j', 'z', 8);
  assert.deepEqual(run.read('swapped'), [
    { key: 'x:y', value: 'k', timestamp: 7 },
    { key: 'z', value: 'j', timestamp: 8 },
  ]);
  assert.deepEqual(run.read('rekeyed').map((r) => [r.key, r.value]), [
    ['x', 'x:y'],
    ['z', 'z'],
  ]);
  assert.deepEqual(run.read('flat').map((r) => [r.key, r.value, r.timestamp]), [
    ['k-x', 'x', 7],
    ['k-y', 'y', 7],
    ['j-z', 'z', 8],
  ]);
  assert.deepEqual(run.read('flatValues').map((r) => [r.key, r.value]), [
    ['k', 'x'],
    ['k', 'y'],
  ]);
});

test('peek, foreach and print see every record; print labels with the stream name', () => {
  const b = new StreamsBuilder();
  const peeked: string[] = [];
  const each: string[] = [];
  const lines: string[] = [];
  const s = b.stream<string, string>('in', S).peek((k, v) => peeked.push(`${k}=${v}`));
  s.foreach((k, v) => each.push(`${k}=${v}`));
  s.print({ ...Printed.toSink<string, string>((line) => lines.push(line)), label: 'dbg' });
  s.to('out', S);
  const run = drive(b);
  run.pipe('in', 'a', '1', 1);
  run.pipe('in', 'b', null, 2);
  assert.deepEqual(peeked, ['a=1', 'b=null']);
  assert.deepEqual(each, ['a=1', 'b=null']);
  assert.deepEqual(lines, ['[dbg]: a, 1', '[dbg]: b, null']);
  assert.equal(run.read('out').length, 2);
});

test('merge interleaves in processing order; a record reaches the merge once per parent path', () => {
  const b = new StreamsBuilder();
  const a = b.stream<string, string>('a', S);
  const c = b.stream<string, string>('c', S);
  a.merge(c, Named.as('both')).to('out', S);
  const run = drive(b);
  run.pipe('a', 'k', '1', 3);
  run.pipe('c', 'k', '2', 1);
  run.pipe('a', 'k', '3', 2);
  assert.deepEqual(run.read('out').map((r) => r.value), ['1', '2', '3']);
});

test('split sends a record to the first matching branch, else to the default branch', () => {
  const b = new StreamsBuilder();
  const branches = b
    .stream<string, string>('in', S)
    .split(Named.as('route-'))
    .branch((_k, v) => v.startsWith('a'), { name: 'a' })
    .branch((_k, v) => v.length > 3, { name: 'long' })
    .defaultBranch({ name: 'rest' });
  branches.get('route-a')!.to('a', S);
  branches.get('route-long')!.to('long', S);
  branches.get('route-rest')!.to('rest', S);
  const run = drive(b);
  for (const [i, v] of ['abcdef', 'bcdef', 'b', 'a'].entries()) run.pipe('in', 'k', v, i);
  assert.deepEqual(run.read('a').map((r) => r.value), ['abcdef', 'a']);
  assert.deepEqual(run.read('long').map((r) => r.value), ['bcdef']);
  assert.deepEqual(run.read('rest').map((r) => r.value), ['b']);
});

test('split without a default branch drops unmatched records; chain functions transform branches', () => {
  const b = new StreamsBuilder();
  b.stream<string, string>('in', S)
    .split()
    .branch((k) => k === 'x', { chain: (s) => s.mapValues((v) => `x:${v}`).to('x', S) })
    .noDefaultBranch();
  const run = drive(b);
  run.pipe('in', 'x', '1', 1);
  run.pipe('in', 'y', '2', 2);
  assert.deepEqual(run.read('x').map((r) => r.value), ['x:1']);
});

test('to() with a topic extractor routes per record', () => {
  const b = new StreamsBuilder();
  b.stream<string, string>('in', S).to((k) => `out-${k}`, S);
  const run = drive(b);
  run.pipe('in', 'a', '1', 1);
  run.pipe('in', 'b', '2', 2);
  assert.deepEqual(run.read('out-a').map((r) => r.value), ['1']);
  assert.deepEqual(run.read('out-b').map((r) => r.value), ['2']);
});

test('process and processValues run Processor API code inside the DSL', () => {
  const b = new StreamsBuilder();
  const s = b.stream<string, string>('in', S);
  s.process<string, string>(() => {
    let ctx: ProcessorContext<string, string>;
    const p: Processor<string, string, string, string> = {
      init: (c) => (ctx = c),
      process: (r: Record<string, string>) => {
        ctx.forward(r.withKey(r.value).withValue(r.key));
        ctx.forward(r.withKey(r.value).withValue(`${r.key}!`));
      },
    };
    return p;
  }).to('swapped', S);
  s.processValues<string>(() => {
    let ctx: { forward(r: unknown): void };
    return {
      init: (c) => (ctx = c),
      process: (r) => ctx.forward(r.withValue(`${r.value}#${r.timestamp}`)),
    };
  }).to('stamped', S);
  const run = drive(b);
  run.pipe('in', 'k', 'v', 4);
  assert.deepEqual(run.read('swapped').map((r) => [r.key, r.value]), [
    ['v', 'k'],
    ['v', 'k!'],
  ]);
  assert.deepEqual(run.read('stamped'), [{ key: 'k', value: 'v#4', timestamp: 4 }]);
});

test('a pattern source reads every matching topic; repartition() passes records through a named topic', () => {
  const b = new StreamsBuilder();
  b.stream<string, string>(/events-.*/, S)
    .repartition({ name: 'by-key', keySerde: str, valueSerde: str })
    .to('out', S);
  const run = drive(b);
  run.pipe('events-a', 'k1', 'x', 1);
  run.pipe('events-b', 'k2', 'y', 2);
  run.pipe('events-b', null, 'dropped by the repartition', 3);
  assert.deepEqual(run.read('out'), [
    { key: 'k1', value: 'x', timestamp: 1 },
    { key: 'k2', value: 'y', timestamp: 2 },
  ]);
});
