// Consumer groups of the client against kstreams' development broker (its own group coordinator):
// a three-member cooperative-sticky group, an eager group with commit/committed, and static membership.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Admin, Consumer, Producer, cooperativeStickyAssignor, type ConsumerOptions, type ConsumerRecord } from '../../src/client/index.js';
import { startBroker, type Broker } from '../../src/broker/index.js';

let broker: Broker;
before(async () => {
  broker = await startBroker({ port: 0, coordinators: { initialRebalanceDelayMs: 50 } });
  const admin = new Admin(common());
  await admin.createTopics([
    { name: 'coop', numPartitions: 6 },
    { name: 'eager', numPartitions: 4 },
    { name: 'static', numPartitions: 4 },
  ]);
  await admin.close();
});
after(async () => {
  await broker?.close();
});

const common = () => ({ bootstrapServers: broker.address, retryBackoffMs: 50, retryBackoffMaxMs: 300, connectionTimeoutMs: 1000, requestTimeoutMs: 5000 });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Members polling in their own loops, as separate applications would. */
class Members {
  readonly consumers = new Map<string, Consumer>();
  private readonly loops = new Map<string, { running: boolean; done: Promise<void> }>();

  start(name: string, options: ConsumerOptions, topics: string[], onRecords?: (name: string, records: ConsumerRecord[]) => void): Consumer {
    const c = new Consumer(options);
    this.consumers.set(name, c);
    c.subscribe(topics);
    const loop = { running: true, done: Promise.resolve() };
    loop.done = (async () => {
      while (loop.running) {
        const records = await c.poll({ timeoutMs: 100 });
        if (records.length > 0) onRecords?.(name, records);
      }
    })();
    this.loops.set(name, loop);
    return c;
  }

  /** Stops polling `name` and closes it (leaves the group). */
  async stop(name: string): Promise<void> {
    const loop = this.loops.get(name);
    if (!loop) return;
    loop.running = false;
    await loop.done;
    this.loops.delete(name);
    await this.consumers.get(name)!.close();
    this.consumers.delete(name);
  }

  async stopAll(): Promise<void> {
    for (const name of [...this.loops.keys()]) await this.stop(name);
  }

  owned(): Array<readonly [string, number[]]> {
    return [...this.consumers].map(([name, c]) => [name, c.assignment().map((p) => p.partition).sort((a, b) => a - b)] as const);
  }

  /** Every one of `partitions` owned exactly once, spread evenly. */
  balanced(partitions: number): boolean {
    const owned = this.owned();
    const all = owned.flatMap(([, ps]) => ps);
    const share = partitions / owned.length;
    return all.length === partitions && new Set(all).size === partitions && owned.every(([, ps]) => ps.length === Math.floor(share) || ps.length === Math.ceil(share));
  }

  /** Waits until the group has been balanced for 1 s. */
  async settle(partitions: number, timeoutMs: number): Promise<void> {
    const end = Date.now() + timeoutMs;
    let stable = 0;
    while (stable < 10 && Date.now() < end) {
      await sleep(100);
      stable = this.balanced(partitions) ? stable + 1 : 0;
    }
    assert.ok(this.balanced(partitions), `not balanced: ${JSON.stringify(this.owned())}`);
  }
}

test('three members, cooperative-sticky: only moved partitions revoked, never owned twice, balanced; a member leaves', async () => {
  type Event = { member: string; kind: 'assigned' | 'revoked' | 'lost'; partitions: number[] };
  const events: Event[] = [];
  // Ownership as the rebalance listeners report it: a partition is assigned to a member between its
  // onAssigned and its onRevoked. A partition given to a second member before the first revoked it is
  // owned twice.
  const owner = new Map<number, string>();
  const doubleOwned: string[] = [];
  const members = new Members();
  const options = (member: string): ConsumerOptions => ({
    ...common(),
    groupId: 'g-coop',
    assignors: [cooperativeStickyAssignor],
    autoOffsetReset: 'earliest',
    sessionTimeoutMs: 6000,
    rebalanceTimeoutMs: 6000,
    heartbeatIntervalMs: 100,
    onAssigned: (ps) => {
      events.push({ member, kind: 'assigned', partitions: ps.map((p) => p.partition) });
      for (const p of ps) {
        const previous = owner.get(p.partition);
        if (previous !== undefined && previous !== member) doubleOwned.push(`${p.partition}: ${previous} and ${member}`);
        owner.set(p.partition, member);
      }
    },
    onRevoked: (ps) => {
      events.push({ member, kind: 'revoked', partitions: ps.map((p) => p.partition) });
      for (const p of ps) if (owner.get(p.partition) === member) owner.delete(p.partition);
    },
    onLost: (ps) => void events.push({ member, kind: 'lost', partitions: ps.map((p) => p.partition) }),
  });
  try {
    members.start('a', options('a'), ['coop']);
    await members.settle(6, 20000);
    assert.deepEqual(members.owned(), [['a', [0, 1, 2, 3, 4, 5]]]);

    members.start('b', options('b'), ['coop']);
    members.start('c', options('c'), ['coop']);
    await members.settle(6, 30000);
    const a = members.owned().find(([n]) => n === 'a')![1];
    assert.equal(a.length, 2);
    // a kept two partitions throughout and revoked only the four that moved, never everything.
    const revokedByA = events.filter((e) => e.member === 'a' && e.kind === 'revoked').flatMap((e) => e.partitions);
    assert.equal(revokedByA.length, 4, JSON.stringify(events));
    assert.ok(a.every((p) => !revokedByA.includes(p)));
    assert.deepEqual(doubleOwned, []);
    assert.deepEqual(events.filter((e) => e.kind === 'lost'), []);

    // c leaves: only its two partitions move; a and b keep theirs and revoke nothing.
    const before = new Map(members.owned());
    const mark = events.length;
    await members.stop('c');
    await members.settle(6, 30000);
    const after = new Map(members.owned());
    for (const name of ['a', 'b']) {
      assert.equal(after.get(name)!.length, 3);
      assert.ok(before.get(name)!.every((p) => after.get(name)!.includes(p)), `${name} kept its partitions`);
    }
    const later = events.slice(mark);
    assert.deepEqual(later.filter((e) => e.member !== 'c' && e.kind !== 'assigned'), [], JSON.stringify(later));
    assert.deepEqual(doubleOwned, []);
  } finally {
    await members.stopAll();
  }
});

test('eager group: members split the partitions, process each record once, commit, and committed() reports it', async () => {
  const producer = new Producer(common());
  for (let i = 0; i < 40; i++) producer.produce({ topic: 'eager', partition: i % 4, value: `e${i}` });
  await producer.flush();

  const seen: string[] = [];
  const revokedAll: Array<{ member: string; partitions: number }> = [];
  const members = new Members();
  const options = (member: string): ConsumerOptions => ({
    ...common(),
    groupId: 'g-eager',
    autoOffsetReset: 'earliest',
    sessionTimeoutMs: 6000,
    rebalanceTimeoutMs: 6000,
    heartbeatIntervalMs: 100,
    // Eager: before a rebalance a member gives up everything it owns and commits what it processed.
    onRevoked: async (ps) => {
      revokedAll.push({ member, partitions: ps.length });
      await members.consumers.get(member)?.commit();
    },
  });
  try {
    members.start('x', options('x'), ['eager'], (_, rs) => seen.push(...rs.map((r) => r.value!.toString())));
    await members.settle(4, 20000);
    members.start('y', options('y'), ['eager'], (_, rs) => seen.push(...rs.map((r) => r.value!.toString())));
    await members.settle(4, 30000);
    // x gave up all four partitions in the eager rebalance, not just the two that moved.
    assert.ok(revokedAll.some((r) => r.member === 'x' && r.partitions === 4), JSON.stringify(revokedAll));

    for (let i = 40; i < 60; i++) producer.produce({ topic: 'eager', partition: i % 4, value: `e${i}` });
    await producer.flush();
    const end = Date.now() + 15000;
    while (seen.length < 60 && Date.now() < end) await sleep(100);
    assert.deepEqual(
      [...seen].sort(),
      Array.from({ length: 60 }, (_, i) => `e${i}`).sort(),
      'every record once (positions carried over the rebalance by the commit in onRevoked)',
    );
    for (const c of members.consumers.values()) await c.commit();
    const x = members.consumers.get('x')!;
    const committed = await x.committed([0, 1, 2, 3].map((partition) => ({ topic: 'eager', partition })));
    assert.deepEqual(committed.map((o) => [o.partition, o.offset]).sort((p, q) => p[0]! - q[0]!), [[0, 15], [1, 15], [2, 15], [3, 15]]);

    // Explicit offsets with metadata.
    const ownedByX = x.assignment()[0]!;
    await x.commit([{ ...ownedByX, offset: 7, metadata: 'checkpoint' }]);
    const [back] = await x.committed([ownedByX]);
    assert.equal(back!.offset, 7);
    assert.equal(back!.metadata, 'checkpoint');
  } finally {
    await members.stopAll();
    await producer.close();
  }
});

test('static membership: a member that restarts with the same group.instance.id keeps its partitions without a rebalance', async () => {
  const assignedTo = new Map<string, number[][]>();
  const members = new Members();
  const options = (instance: string): ConsumerOptions => ({
    ...common(),
    groupId: 'g-static',
    groupInstanceId: instance,
    autoOffsetReset: 'earliest',
    sessionTimeoutMs: 10000,
    rebalanceTimeoutMs: 6000,
    heartbeatIntervalMs: 100,
    onAssigned: (ps) => {
      const list = assignedTo.get(instance) ?? [];
      list.push(ps.map((p) => p.partition).sort((a, b) => a - b));
      assignedTo.set(instance, list);
    },
  });
  try {
    members.start('s1', options('s1'), ['static']);
    members.start('s2', options('s2'), ['static']);
    await members.settle(4, 30000);
    const before = new Map(members.owned());
    const s2Before = before.get('s2')!;
    const s1Assignments = assignedTo.get('s1')!.length;

    // A static member's close does not leave the group (LeaveGroup is not sent): the group keeps its
    // assignment, and the restarted instance gets the same partitions back.
    await members.stop('s2');
    await sleep(300);
    members.start('s2', options('s2'), ['static']);
    await members.settle(4, 30000);
    assert.deepEqual(new Map(members.owned()), before);
    assert.deepEqual(assignedTo.get('s2')!.at(-1), s2Before);
    // s1 was not disturbed: no new assignment for it.
    assert.equal(assignedTo.get('s1')!.length, s1Assignments);
  } finally {
    await members.stopAll();
  }
});
