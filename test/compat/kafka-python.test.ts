// kafka-python 2.0.2 (pure Python, ApiVersions v0, old request versions): KafkaProducer with acks=all,
// KafkaConsumer with manual assign (no group), seek, end offsets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker } from '../../src/broker/index.js';
import type { Broker } from '../../src/broker/index.js';
import { PYTHON, pythonHas, runProcess } from './run-process.js';

const skip = pythonHas('kafka') ? false : 'kafka-python is not installed for /usr/bin/python3';
let broker: Broker;

before(async () => {
  broker = await startBroker({ port: 0, partitions: 2 });
});
after(() => broker.close());

const script = String.raw`
import sys, json
from kafka import KafkaProducer, KafkaConsumer, TopicPartition
b = sys.argv[1]
p = KafkaProducer(bootstrap_servers=b, acks='all', linger_ms=2)
sent = []
for i in range(40):
    md = p.send('kp-topic', key=b'k%d' % i, value=('value-%d' % i).encode() * (i % 5 + 1), headers=[('n', str(i).encode())], partition=i % 2).get(timeout=10)
    sent.append([md.partition, md.offset])
p.flush(); p.close()
c = KafkaConsumer(bootstrap_servers=b, enable_auto_commit=False, consumer_timeout_ms=2000, group_id=None)
tps = [TopicPartition('kp-topic', 0), TopicPartition('kp-topic', 1)]
c.assign(tps)
c.seek_to_beginning()
got = [[m.partition, m.offset, m.key.decode(), m.value.decode(), [[k, v.decode()] for k, v in m.headers]] for m in c]
c.seek(tps[1], 15)
later = [[m.partition, m.offset] for m in c]
ends = {str(tp.partition): o for tp, o in c.end_offsets(tps).items()}
print(json.dumps({'sent': sent, 'got': got, 'later': later, 'ends': ends}))
`;

test('kafka-python produces with acks=all and consumes with assign', { skip }, async () => {
  const r = await runProcess(PYTHON, ['-c', script, broker.address], { timeoutMs: 60_000 });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout.toString()) as { sent: number[][]; got: [number, number, string, string, string[][]][]; later: number[][]; ends: Record<string, number> };
  assert.deepEqual(out.ends, { '0': 20, '1': 20 });
  assert.equal(out.got.length, 40);
  for (const [partition, offset, key, value, headers] of out.got) {
    const i = Number(key.slice(1));
    assert.equal(partition, i % 2);
    assert.equal(offset, Math.floor(i / 2));
    assert.equal(value, `value-${i}`.repeat((i % 5) + 1));
    assert.deepEqual(headers, [['n', String(i)]]);
  }
  assert.deepEqual(out.later.map(([p, o]) => `${p}:${o}`), ['1:15', '1:16', '1:17', '1:18', '1:19']);
});
