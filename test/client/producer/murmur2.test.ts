import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { murmur2, murmur2Partition } from '../../../src/client/producer/murmur2.js';
import { startMockBroker, type MockBroker } from '../helpers/mock-broker.js';

test('murmur2 matches the Java client vectors (Utils.murmur2)', () => {
  const vectors: Array<[string, number]> = [
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ];
  for (const [s, h] of vectors) assert.equal(murmur2(Buffer.from(s)), h, s);
});

let broker: MockBroker;
before(async () => {
  broker = await startMockBroker({ topics: ['keys:37'] });
});
after(async () => {
  await broker?.stop();
});

test('10,000 keys land on the same partitions as librdkafka murmur2_random', () => {
  const keys: string[] = [];
  for (let i = 0; i < 10_000; i++) keys.push(`k-${i}-${(i * 2654435761) % 1000003}`);
  execFileSync('kcat', ['-P', '-b', broker.bootstrap, '-t', 'keys', '-K', '\t', '-X', 'partitioner=murmur2_random'], {
    input: keys.map((k) => `${k}\tv`).join('\n') + '\n',
  });
  const out = execFileSync('kcat', ['-C', '-b', broker.bootstrap, '-t', 'keys', '-e', '-q', '-f', '%k\t%p\n'], {
    encoding: 'utf8',
    maxBuffer: 16 << 20,
  });
  const seen = new Map<string, number>();
  for (const line of out.split('\n')) {
    if (!line) continue;
    const [k, p] = line.split('\t');
    seen.set(k!, Number(p));
  }
  assert.equal(seen.size, keys.length);
  let mismatches = 0;
  for (const k of keys) if (murmur2Partition(Buffer.from(k), 37) !== seen.get(k)) mismatches++;
  assert.equal(mismatches, 0);
});
