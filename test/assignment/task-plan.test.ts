import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssignmentError, planTasks, type SubtopologyTopics, type TopologyMetadata } from '../../src/streams/assignment/index.js';

function sub(opts: { sources: string[]; sinks?: string[]; repartition?: Record<string, number | undefined>; changelogs?: string[] }): SubtopologyTopics {
  return {
    sourceTopics: new Set(opts.sources),
    sinkTopics: new Set(opts.sinks ?? []),
    repartitionSourceTopics: new Map(Object.entries(opts.repartition ?? {}).map(([t, n]) => [t, n === undefined ? {} : { numberOfPartitions: n }])),
    stateChangelogTopics: new Map((opts.changelogs ?? []).map((t) => [t, { store: t.replace(/-changelog$/, ''), config: {} }])),
  };
}

// word count: 0 reads text, writes the repartition topic; 1 counts and writes the output
const wordCount: TopologyMetadata = {
  subtopologies: new Map([
    [0, sub({ sources: ['text'], sinks: ['wc-counts-repartition'] })],
    [1, sub({ sources: ['wc-counts-repartition'], sinks: ['out'], repartition: { 'wc-counts-repartition': undefined }, changelogs: ['wc-counts-changelog'] })],
  ]),
  copartitionGroups: [],
};

test('one task per sub-topology and partition; repartition topic takes its upstream partition count', () => {
  const plan = planTasks(wordCount, new Map([['text', 3]]));
  assert.deepEqual([...plan.tasks.keys()], ['0_0', '0_1', '0_2', '1_0', '1_1', '1_2']);
  assert.deepEqual([...plan.statefulTasks], ['1_0', '1_1', '1_2']);
  assert.deepEqual(plan.tasks.get('1_2')!.inputPartitions, [{ topic: 'wc-counts-repartition', partition: 2 }]);
  assert.deepEqual(plan.tasks.get('1_2')!.changelogPartitions, [{ topic: 'wc-counts-changelog', partition: 2 }]);
  assert.equal(plan.taskForPartition.get('text:1'), '0_1');
  const topics = Object.fromEntries(plan.internalTopics.map((t) => [t.name, [t.kind, t.partitions, t.config['cleanup.policy']]]));
  assert.deepEqual(topics, {
    'wc-counts-repartition': ['repartition', 3, 'delete'],
    'wc-counts-changelog': ['changelog', 3, 'compact'],
  });
});

test('repartition counts follow chains, take the max over several upstream topics, and honour fixed counts', () => {
  const topology: TopologyMetadata = {
    subtopologies: new Map([
      [0, sub({ sources: ['a', 'b'], sinks: ['r1'] })],
      [1, sub({ sources: ['r1'], sinks: ['r2'], repartition: { r1: undefined } })],
      [2, sub({ sources: ['r2'], sinks: ['r3'], repartition: { r2: undefined } })],
      [3, sub({ sources: ['r3'], repartition: { r3: 7 } })],
    ]),
    copartitionGroups: [],
  };
  const plan = planTasks(topology, new Map([['a', 2], ['b', 5]]));
  const counts = Object.fromEntries(plan.internalTopics.map((t) => [t.name, t.partitions]));
  assert.deepEqual(counts, { r1: 5, r2: 5, r3: 7 });
  // sub-topology 0 reads a (2 partitions) and b (5): five tasks, the upper ones read only b
  assert.deepEqual(plan.tasks.get('0_4')!.inputPartitions, [{ topic: 'b', partition: 4 }]);
  assert.deepEqual(plan.tasks.get('0_1')!.inputPartitions, [{ topic: 'a', partition: 1 }, { topic: 'b', partition: 1 }]);
  assert.equal([...plan.tasks.keys()].filter((t) => t.startsWith('3_')).length, 7);
});

test('co-partitioning: a repartition topic joined with a table gets the table topic count; mismatched inputs are refused', () => {
  const join: TopologyMetadata = {
    subtopologies: new Map([
      [0, sub({ sources: ['clicks'], sinks: ['app-rekey-repartition'] })],
      [1, sub({ sources: ['app-rekey-repartition', 'regions'], repartition: { 'app-rekey-repartition': undefined }, changelogs: ['app-regions-changelog'] })],
    ]),
    copartitionGroups: [new Set(['app-rekey-repartition', 'regions'])],
  };
  const plan = planTasks(join, new Map([['clicks', 8], ['regions', 4]]));
  assert.equal(plan.internalTopics.find((t) => t.name === 'app-rekey-repartition')!.partitions, 4);
  assert.equal(plan.tasks.size, 8 + 4);

  const bad: TopologyMetadata = {
    subtopologies: new Map([[0, sub({ sources: ['left', 'right'] })]]),
    copartitionGroups: [new Set(['left', 'right'])],
  };
  assert.throws(() => planTasks(bad, new Map([['left', 3], ['right', 4]])), (e: unknown) => e instanceof AssignmentError && e.code === 'COPARTITION_MISMATCH');
  assert.throws(() => planTasks(wordCount, new Map()), (e: unknown) => e instanceof AssignmentError && e.code === 'INCOMPLETE_SOURCE_TOPIC_METADATA' && e.retriable);
});

test('repartition topics feeding each other (foreign-key join subscription/response) get counts; co-partitioning then aligns each with its table', () => {
  // 0 reads orders and the responses, writes subscriptions; 1 reads products and subscriptions, writes responses
  const fkJoin: TopologyMetadata = {
    subtopologies: new Map([
      [0, sub({ sources: ['orders', 'response'], sinks: ['registration'], repartition: { response: undefined } })],
      [1, sub({ sources: ['products', 'registration'], sinks: ['response'], repartition: { registration: undefined } })],
    ]),
    copartitionGroups: [new Set(['products', 'registration']), new Set(['orders', 'response'])],
  };
  const plan = planTasks(fkJoin, new Map([['orders', 2], ['products', 3]]));
  const counts = Object.fromEntries(plan.internalTopics.map((t) => [t.name, t.partitions]));
  assert.deepEqual(counts, { registration: 3, response: 2 });
  assert.equal([...plan.tasks.keys()].filter((t) => t.startsWith('0_')).length, 2);
  assert.equal([...plan.tasks.keys()].filter((t) => t.startsWith('1_')).length, 3);
  // a missing user topic still fails rather than guessing
  assert.throws(() => planTasks(fkJoin, new Map([['orders', 2]])), (e: unknown) => e instanceof AssignmentError && e.code === 'INCOMPLETE_SOURCE_TOPIC_METADATA');
});
