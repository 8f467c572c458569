import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveRuntimeConfig } from '../../src/streams/runtime/kafka/runtime-config.js';
import { threadTransactionalId } from '../../src/streams/runtime/kafka/eos-config.js';

const base = { 'application.id': 'app', 'bootstrap.servers': '127.0.0.1:9092' };

test('processing.guarantee: exactly_once_v2 and its deprecated alias exactly_once_beta; v1 is refused', () => {
  assert.equal(resolveRuntimeConfig(base).processingGuarantee, 'at_least_once');
  assert.equal(resolveRuntimeConfig({ ...base, 'processing.guarantee': 'exactly_once_v2' }).processingGuarantee, 'exactly_once_v2');
  assert.equal(resolveRuntimeConfig({ ...base, 'processing.guarantee': 'exactly_once_beta' }).processingGuarantee, 'exactly_once_v2');
  assert.throws(() => resolveRuntimeConfig({ ...base, 'processing.guarantee': 'exactly_once' }), { code: 'CONFIG' });
  assert.throws(() => resolveRuntimeConfig({ ...base, 'processing.guarantee': 'at_most_once' }), { code: 'CONFIG' });
});

test('exactly-once defaults: commit.interval.ms 100, transaction.timeout.ms 10000; explicit values win', () => {
  const alos = resolveRuntimeConfig(base);
  assert.equal(alos.commitIntervalMs, 30_000);
  const eos = resolveRuntimeConfig({ ...base, 'processing.guarantee': 'exactly_once_v2' });
  assert.equal(eos.commitIntervalMs, 100);
  assert.equal(eos.transactionTimeoutMs, 10_000);
  const set = resolveRuntimeConfig({ ...base, 'processing.guarantee': 'exactly_once_v2', 'commit.interval.ms': 500, 'producer.transaction.timeout.ms': 3000 });
  assert.equal(set.commitIntervalMs, 500);
  assert.equal(set.transactionTimeoutMs, 3000);
  assert.equal(resolveRuntimeConfig({ ...base, 'transaction.timeout.ms': 4000 }).transactionTimeoutMs, 4000);
});

test('the transactional.id of a stream thread: <application.id>-<processId>-<threadIndex>', () => {
  assert.equal(threadTransactionalId('app', '9f1c2d3e-0000-4000-8000-000000000001', 2), 'app-9f1c2d3e-0000-4000-8000-000000000001-2');
});
