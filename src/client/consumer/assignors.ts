// Built-in assignors: range (eager, the Java default), round-robin (eager) and cooperative-sticky
// (keeps partitions where they are and moves only what balance needs).
import type { Assignment, TopicPartitions } from './consumer-protocol.js';
import type { AssignmentInput, PartitionAssignor } from './types.js';

function toAssignment(map: Map<string, Map<string, number[]>>, memberIds: string[]): Map<string, Assignment> {
  const out = new Map<string, Assignment>();
  for (const id of memberIds) {
    const topics = map.get(id) ?? new Map<string, number[]>();
    const partitions: TopicPartitions[] = [...topics].map(([topic, ps]) => ({ topic, partitions: ps.sort((a, b) => a - b) }));
    out.set(id, { partitions, userData: null });
  }
  return out;
}

function add(map: Map<string, Map<string, number[]>>, member: string, topic: string, partition: number): void {
  let t = map.get(member);
  if (!t) map.set(member, (t = new Map()));
  const l = t.get(topic);
  if (l) l.push(partition);
  else t.set(topic, [partition]);
}

function memberKey(m: { memberId: string; groupInstanceId: string | null }): string {
  return m.groupInstanceId ?? m.memberId;
}

export const rangeAssignor: PartitionAssignor = {
  name: 'range',
  assign(input: AssignmentInput) {
    const result = new Map<string, Map<string, number[]>>();
    for (const [topic, count] of input.partitionsPerTopic) {
      const members = input.members
        .filter((m) => m.subscription.topics.includes(topic))
        .sort((a, b) => (memberKey(a) < memberKey(b) ? -1 : memberKey(a) > memberKey(b) ? 1 : 0));
      if (members.length === 0) continue;
      const per = Math.floor(count / members.length);
      const extra = count % members.length;
      let p = 0;
      members.forEach((m, i) => {
        const n = per + (i < extra ? 1 : 0);
        for (let k = 0; k < n; k++) add(result, m.memberId, topic, p++);
      });
    }
    return toAssignment(result, input.members.map((m) => m.memberId));
  },
};

export const roundRobinAssignor: PartitionAssignor = {
  name: 'roundrobin',
  assign(input: AssignmentInput) {
    const result = new Map<string, Map<string, number[]>>();
    const members = [...input.members].sort((a, b) => (memberKey(a) < memberKey(b) ? -1 : 1));
    const topics = [...input.partitionsPerTopic.keys()].sort();
    let i = 0;
    for (const topic of topics) {
      for (let p = 0; p < input.partitionsPerTopic.get(topic)!; p++) {
        for (let tries = 0; tries < members.length; tries++) {
          const m = members[i++ % members.length]!;
          if (m.subscription.topics.includes(topic)) {
            add(result, m.memberId, topic, p);
            break;
          }
        }
      }
    }
    return toAssignment(result, input.members.map((m) => m.memberId));
  },
};

/**
 * Sticky and balanced: every member keeps what it owned (if still subscribed and not over its share),
 * the rest goes to the least loaded subscribed members. With the cooperative protocol, the consumer
 * withholds partitions still owned by another member until that member has revoked them.
 */
export const cooperativeStickyAssignor: PartitionAssignor = {
  name: 'cooperative-sticky',
  rebalanceProtocol: 'cooperative',
  assign(input: AssignmentInput) {
    const result = new Map<string, Map<string, number[]>>();
    const load = new Map<string, number>(input.members.map((m) => [m.memberId, 0]));
    const total = [...input.partitionsPerTopic.values()].reduce((a, b) => a + b, 0);
    const maxShare = Math.ceil(total / Math.max(1, input.members.length));
    const taken = new Set<string>();
    // Keep owned partitions, up to the fair share, highest generation claims first.
    const members = [...input.members].sort((a, b) => b.subscription.generationId - a.subscription.generationId);
    for (const m of members) {
      for (const tp of m.subscription.ownedPartitions) {
        const count = input.partitionsPerTopic.get(tp.topic);
        if (count === undefined || !m.subscription.topics.includes(tp.topic)) continue;
        for (const p of tp.partitions) {
          const key = `${tp.topic}\u0000${p}`;
          if (p >= count || taken.has(key) || load.get(m.memberId)! >= maxShare) continue;
          taken.add(key);
          add(result, m.memberId, tp.topic, p);
          load.set(m.memberId, load.get(m.memberId)! + 1);
        }
      }
    }
    for (const topic of [...input.partitionsPerTopic.keys()].sort()) {
      for (let p = 0; p < input.partitionsPerTopic.get(topic)!; p++) {
        if (taken.has(`${topic}\u0000${p}`)) continue;
        let best: string | undefined;
        for (const m of input.members) {
          if (!m.subscription.topics.includes(topic)) continue;
          if (best === undefined || load.get(m.memberId)! < load.get(best)!) best = m.memberId;
        }
        if (best === undefined) continue;
        add(result, best, topic, p);
        load.set(best, load.get(best)! + 1);
      }
    }
    return toAssignment(result, input.members.map((m) => m.memberId));
  },
};
