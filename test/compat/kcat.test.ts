// kcat (librdkafka 2.0.2) against the broker: metadata, idempotent acks=all produce of keyed records
// with headers, consume back byte-identical from the beginning and from an offset, query offsets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../src/broker/index.js';
import type { Broker } from '../../src/broker/index.js';
import { available, runProcess } from './run-process.js';

const skip = available('kcat') ? false : 'kcat is not installed';
let broker: Broker;

before(async () => {
  broker = await startBroker({ port: 0, partitions: 1 });
});
after(() => broker.close());

// Keys/values with bytes that a text round trip would break (kcat -D/-K delimiters are chosen to avoid them).
const records = Array.from({ length: 50 }, (_, i) => ({ key: `key-${i}`, value: `value ${i} ✓ ${'x'.repeat(i * 7)}\t|` }));

test('kcat -L lists this broker and created topics', { skip }, async () => {
  const r = await runProcess('kcat', ['-b', broker.address, '-L', '-J', '-t', 'kcat-meta']);
  assert.equal(r.code, 0, r.stderr);
  const meta = JSON.parse(r.stdout.toString()) as { brokers: { id: number; name: string }[]; topics: { topic: string; partitions: unknown[] }[] };
  assert.deepEqual(meta.brokers.map((b) => b.name), [broker.address]);
  assert.equal(meta.topics[0]!.topic, 'kcat-meta');
  assert.equal(meta.topics[0]!.partitions.length, 1);
});

test('kcat produces idempotently with acks=all and consumes back byte-identical, from the start and from an offset', { skip }, async () => {
  const input = records.map((r) => `${r.key}\x01${r.value}`).join('\x02') + '\x02';
  const produced = await runProcess('kcat', ['-b', broker.address, '-P', '-t', 'kcat-data', '-p', '0', '-K', '\x01', '-D', '\x02',
    '-H', 'source=kcat', '-H', 'bin=\u00e9t\u00e9', '-X', 'enable.idempotence=true', '-X', 'acks=all', '-X', 'linger.ms=5'], { input });
  assert.equal(produced.code, 0, produced.stderr);
  const consume = (offset: string) =>
    runProcess('kcat', ['-b', broker.address, '-C', '-t', 'kcat-data', '-p', '0', '-o', offset, '-e', '-f', '%o\x01%k\x01%s\x01%h\x02']);
  const all = await consume('beginning');
  assert.equal(all.code, 0, all.stderr);
  const rows = all.stdout.toString().split('\x02').filter((x) => x !== '').map((x) => x.split('\x01'));
  assert.equal(rows.length, records.length);
  rows.forEach(([offset, key, value, headers], i) => {
    assert.equal(Number(offset), i);
    assert.equal(key, records[i]!.key);
    assert.equal(value, records[i]!.value);
    assert.equal(headers, 'source=kcat,bin=\u00e9t\u00e9');
  });
  const tail = await consume('42');
  const tailRows = tail.stdout.toString().split('\x02').filter((x) => x !== '');
  assert.equal(tailRows.length, 8);
  assert.equal(tailRows[0]!.split('\x01')[0], '42');
});

test('kcat -Q finds offsets by timestamp', { skip }, async () => {
  const t0 = Date.now();
  const produced = await runProcess('kcat', ['-b', broker.address, '-P', '-t', 'kcat-q', '-p', '0', '-K', ':'], { input: 'a:1\nb:2\n' });
  assert.equal(produced.code, 0, produced.stderr);
  const q = await runProcess('kcat', ['-b', broker.address, '-Q', '-t', `kcat-q:0:${t0 - 60_000}`]);
  assert.equal(q.code, 0, q.stderr);
  assert.match(q.stdout.toString(), /kcat-q \[0\] offset 0/);
  const future = await runProcess('kcat', ['-b', broker.address, '-Q', '-t', `kcat-q:0:${t0 + 3_600_000}`]);
  assert.match(future.stdout.toString(), /kcat-q \[0\] offset -1/);
});

test('kcat with each compression codec: batches are stored as produced and read back', { skip }, async () => {
  for (const codec of ['gzip', 'snappy', 'lz4', 'zstd']) {
    const topic = `kcat-${codec}`;
    const input = Array.from({ length: 20 }, (_, i) => `k${i}:${codec}-${i}-${'z'.repeat(50)}`).join('\n') + '\n';
    const p = await runProcess('kcat', ['-b', broker.address, '-P', '-t', topic, '-p', '0', '-K', ':', '-z', codec], { input });
    assert.equal(p.code, 0, p.stderr);
    const c = await runProcess('kcat', ['-b', broker.address, '-C', '-t', topic, '-p', '0', '-o', 'beginning', '-e', '-q', '-f', '%k:%s\n']);
    assert.equal(c.code, 0, c.stderr);
    assert.equal(c.stdout.toString(), input, codec);
  }
});
