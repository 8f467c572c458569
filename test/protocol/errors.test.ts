import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ERROR_CODES, ErrorCode, errorCodeByName, errorCodeInfo, isRetriableErrorCode, KafkaError } from '../../src/protocol/index.js';

describe('Kafka error codes', () => {
  it('cover every code from -1 to 133 except the unassigned 99, with unique names', () => {
    const codes = ERROR_CODES.map((e) => e.code);
    const expected: number[] = [];
    for (let c = -1; c <= 133; c++) if (c !== 99) expected.push(c);
    assert.deepEqual(codes, expected);
    assert.equal(new Set(ERROR_CODES.map((e) => e.name)).size, ERROR_CODES.length);
    for (const e of ERROR_CODES) if (e.code !== 0) assert.ok(e.message.length > 0, e.name);
  });

  it('knows well-known codes and their retriability', () => {
    const known: [string, number, boolean][] = [
      ['UNKNOWN_SERVER_ERROR', -1, false],
      ['OFFSET_OUT_OF_RANGE', 1, false],
      ['UNKNOWN_TOPIC_OR_PARTITION', 3, true],
      ['NOT_LEADER_OR_FOLLOWER', 6, true],
      ['REQUEST_TIMED_OUT', 7, true],
      ['COORDINATOR_LOAD_IN_PROGRESS', 14, true],
      ['NOT_COORDINATOR', 16, true],
      ['ILLEGAL_GENERATION', 22, false],
      ['UNKNOWN_MEMBER_ID', 25, false],
      ['REBALANCE_IN_PROGRESS', 27, false],
      ['TOPIC_ALREADY_EXISTS', 36, false],
      ['UNSUPPORTED_VERSION', 35, false],
      ['OUT_OF_ORDER_SEQUENCE_NUMBER', 45, false],
      ['DUPLICATE_SEQUENCE_NUMBER', 46, false],
      ['INVALID_PRODUCER_EPOCH', 47, false],
      ['CONCURRENT_TRANSACTIONS', 51, true],
      ['PRODUCER_FENCED', 90, false],
      ['MEMBER_ID_REQUIRED', 79, false],
      ['FENCED_INSTANCE_ID', 82, false],
      ['UNSTABLE_OFFSET_COMMIT', 88, true],
      ['UNKNOWN_TOPIC_ID', 100, true],
      ['TRANSACTION_ABORTABLE', 120, false],
      ['STREAMS_TOPOLOGY_FENCED', 132, false],
    ];
    for (const [name, code, retriable] of known) {
      assert.equal(ErrorCode[name as keyof typeof ErrorCode], code, name);
      assert.deepEqual([errorCodeInfo(code).name, errorCodeInfo(code).retriable], [name, retriable], name);
      assert.equal(errorCodeByName(name)?.code, code);
      assert.equal(isRetriableErrorCode(code), retriable);
    }
  });

  it('KafkaError carries code, name, retriable and a default message', () => {
    const e = new KafkaError(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    assert.ok(e instanceof Error);
    assert.equal(e.code, 6);
    assert.equal(e.name, 'NOT_LEADER_OR_FOLLOWER');
    assert.equal(e.retriable, true);
    assert.match(e.message, /not the current leader/);
    assert.equal(new KafkaError(36, 'Topic t exists').message, 'Topic t exists');
    assert.equal(KafkaError.fromCode(0), null);
    assert.equal(KafkaError.fromCode(3, null)?.name, 'UNKNOWN_TOPIC_OR_PARTITION');
    assert.doesNotThrow(() => KafkaError.throwIfError(0));
    assert.throws(() => KafkaError.throwIfError(25, 'who?'), (err: unknown) => err instanceof KafkaError && err.code === 25 && err.message === 'who?');
    const unknown = new KafkaError(5000);
    assert.equal(unknown.name, 'UNKNOWN_SERVER_ERROR');
    assert.equal(unknown.code, 5000);
    assert.equal(unknown.retriable, false);
  });
});
