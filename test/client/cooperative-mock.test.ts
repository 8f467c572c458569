// Cooperative rebalancing with three members on librdkafka's mock cluster: members that join take
// partitions from the first one incrementally (it keeps the rest and is never asked to give up
// everything), and the group ends balanced with every partition owned once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Consumer, cooperativeStickyAssignor } from '../../src/client/index.js';
import { startMockBroker, type MockBroker } from './helpers/mock-broker.js';

let broker: MockBroker;
before(async () => {
  broker = await startMockBroker({ brokers: 1, topics: ['coop:6'] });
});
after(async () => {
  await broker?.stop();
});

test('three members, cooperative-sticky: incremental revocation, balanced and disjoint in the end', async () => {
  const events: Array<{ member: string; kind: 'assigned' | 'revoked'; partitions: number[] }> = [];
  const make = (member: string) =>
    new Consumer({
      bootstrapServers: broker.bootstrap,
      groupId: 'g-coop',
      assignors: [cooperativeStickyAssignor],
      autoOffsetReset: 'earliest',
      sessionTimeoutMs: 6000,
      rebalanceTimeoutMs: 6000,
      heartbeatIntervalMs: 200,
      onAssigned: (ps) => void events.push({ member, kind: 'assigned', partitions: ps.map((p) => p.partition) }),
      onRevoked: (ps) => void events.push({ member, kind: 'revoked', partitions: ps.map((p) => p.partition) }),
    });
  const members = new Map<string, Consumer>();
  const owned = () => [...members].map(([name, c]) => [name, c.assignment().map((p) => p.partition).sort()] as const);
  // Each member polls in its own loop, as separate applications would.
  let running = true;
  const loops: Array<Promise<void>> = [];
  const start = (name: string) => {
    const c = make(name);
    members.set(name, c);
    c.subscribe(['coop']);
    loops.push(
      (async () => {
        while (running) await c.poll({ timeoutMs: 100 });
      })(),
    );
  };
  const settle = async (timeoutMs: number) => {
    const end = Date.now() + timeoutMs;
    let stable = 0;
    while (stable < 10 && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      stable = balanced() ? stable + 1 : 0;
    }
  };
  const balanced = () => {
    const all = owned().flatMap(([, ps]) => ps);
    return all.length === 6 && new Set(all).size === 6 && owned().every(([, ps]) => ps.length === 6 / members.size);
  };
  try {
    start('a');
    await settle(20000);
    assert.deepEqual(owned(), [['a', [0, 1, 2, 3, 4, 5]]]);
    start('b');
    start('c');
    await settle(40000);
    assert.ok(balanced(), `not balanced: ${JSON.stringify(owned())}`);
    const a = owned().find(([n]) => n === 'a')![1];
    assert.equal(a.length, 2);
    // a kept two of its partitions throughout: it only ever revoked the ones that moved.
    const revokedByA = events.filter((e) => e.member === 'a' && e.kind === 'revoked').flatMap((e) => e.partitions);
    assert.equal(revokedByA.length, 4, JSON.stringify(events));
    assert.ok(a.every((p) => !revokedByA.includes(p)));
    // b and c were only ever given partitions a had already revoked
    const firstRevoke = new Map<number, number>();
    events.forEach((e, i) => {
      if (e.member === 'a' && e.kind === 'revoked') for (const p of e.partitions) if (!firstRevoke.has(p)) firstRevoke.set(p, i);
    });
    events.forEach((e, i) => {
      if (e.member !== 'a' && e.kind === 'assigned') for (const p of e.partitions) assert.ok((firstRevoke.get(p) ?? Infinity) < i, `partition ${p} given before a revoked it`);
    });
  } finally {
    running = false;
    await Promise.all(loops);
    for (const c of members.values()) await c.close();
  }
});
