import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decodeFetchRequest,
  EncodeError,
  encodeFetchRequest,
  encodeJoinGroupRequest,
  encodeMetadataRequest,
  findCoordinatorApi,
  Reader,
  UnsupportedVersionError,
  Writer,
} from '../../src/protocol/index.js';

// What happens to fields a version cannot carry, nulls where a version forbids them, and versions out of range.

describe('version rules when encoding', () => {
  const join = { groupId: 'g', sessionTimeoutMs: 10000, memberId: '', protocolType: 'consumer', protocols: [] };

  it('a non-ignorable field with a non-default value in a version without it throws', () => {
    assert.throws(() => encodeJoinGroupRequest(new Writer(), 4, { ...join, groupInstanceId: 'static-1' }), (e: unknown) => e instanceof EncodeError && /GroupInstanceId is not supported in version 4/.test(e.message));
    assert.doesNotThrow(() => encodeJoinGroupRequest(new Writer(), 4, { ...join, groupInstanceId: null }));
    assert.doesNotThrow(() => encodeJoinGroupRequest(new Writer(), 5, { ...join, groupInstanceId: 'static-1' }));
    // responses too (as Kafka does): FindCoordinator v4+ carries coordinators, not a top-level node
    assert.throws(
      () => findCoordinatorApi.encodeResponse(new Writer(), 4, { nodeId: 1, host: 'h', port: 1, coordinators: [] }),
      /NodeId is not supported in version 4/,
    );
  });

  it('an ignorable field is dropped silently in versions without it', () => {
    const w = new Writer();
    encodeFetchRequest(w, 3, { maxWaitMs: 1, minBytes: 1, isolationLevel: 1, topics: [] });
    const back = decodeFetchRequest(new Reader(w.finish()), 3);
    assert.equal(back.isolationLevel, 0, 'v3 has no isolation level: decoded as the default');
  });

  it('null in a version where the field is not nullable throws', () => {
    assert.throws(() => encodeMetadataRequest(new Writer(), 0, { topics: null }), /Topics is not nullable in version 0/);
    assert.doesNotThrow(() => encodeMetadataRequest(new Writer(), 1, { topics: null }));
  });

  it('versions outside the spec range are rejected both ways', () => {
    assert.throws(() => encodeFetchRequest(new Writer(), 18, { maxWaitMs: 1, minBytes: 1, topics: [] }), UnsupportedVersionError);
    assert.throws(() => decodeFetchRequest(new Reader(Buffer.alloc(64)), -1), UnsupportedVersionError);
  });
});
