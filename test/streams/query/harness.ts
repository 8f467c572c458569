// Drives real StreamTasks (one per partition) of a counting topology, and exposes them to interactive
// queries as a QueryRuntime per "instance" with a synthetic assignment.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StreamsBuilder } from '../../../src/streams/kstream/streams-builder.js';
import { Materialized } from '../../../src/streams/kstream/materialized.js';
import { TimeWindows } from '../../../src/streams/kstream/time-windows.js';
import { SessionWindows } from '../../../src/streams/kstream/session-windows.js';
import { Serdes, Headers, TaskId, type RecordCollector } from '../../../src/index.js';
import { StreamTask } from '../../../src/streams/runtime/stream-task.js';
import { murmur2Partition } from '../../../src/client/index.js';
import { topologyStoreLayout, parseHostInfo } from '../../../src/streams/query/index.js';
import type { ClusterAssignment, LocalTask, QueryRuntime, RuntimeState, TopicPartitionRef } from '../../../src/streams/query/index.js';

export const TOPIC = 'words';
const str = Serdes.String();
const long = Serdes.Long();

export interface Cluster {
  numPartitions: number;
  tasks: StreamTask[];
  /** feeds a record to the task of its key's partition (as the producer's default partitioner places it) */
  pipe(key: string, value: string, timestamp: number): void;
  partitionOf(key: string): number;
  runtime(options: InstanceOptions): FakeRuntime;
  /** closes the tasks and deletes their state directories */
  close(): void;
}

export interface InstanceOptions {
  host?: string;
  /** partitions of active tasks here */
  active: number[];
  /** partitions of standby tasks here */
  standby?: number[];
  /** active partitions still restoring */
  restoring?: number[];
  /** partitions here (standby or restoring) whose stores are still filled from scratch (`LocalTask.caughtUp` false) */
  catchingUp?: number[];
  assignment?: ClusterAssignment;
  state?: RuntimeState;
}

export interface FakeRuntime extends QueryRuntime {
  options: InstanceOptions;
}

export function buildCluster(numPartitions: number): Cluster {
  const b = new StreamsBuilder();
  const grouped = b.stream<string, string>(TOPIC, { keySerde: str, valueSerde: str }).groupByKey();
  grouped.count({ materialized: { ...Materialized.as<string, number>('counts'), keySerde: str, valueSerde: long } });
  grouped.windowedBy(TimeWindows.ofSizeAndGrace(1000, 10_000)).count({ materialized: { ...Materialized.as<string, number>('wcounts'), keySerde: str, valueSerde: long } });
  grouped.windowedBy(SessionWindows.ofInactivityGapAndGrace(1000, 10_000)).count({ materialized: { ...Materialized.as<string, number>('scounts'), keySerde: str, valueSerde: long } });
  const topology = b.build();
  const builder = topology.internalTopologyBuilder.rewriteTopology({ 'application.id': 'iq' });
  const collector: RecordCollector = { send: () => undefined };
  const tasks: StreamTask[] = [];
  const stateDir = mkdtempSync(join(tmpdir(), 'kstreams-iq-'));
  for (let p = 0; p < numPartitions; p++) {
    const task = new StreamTask({
      id: new TaskId(0, p),
      topology: builder.buildSubtopology(0),
      partitions: [{ topic: TOPIC, partition: p }],
      applicationId: 'iq',
      stateDir: join(stateDir, `0_${p}`),
      appConfigs: { 'statestore.cache.max.bytes': 0 },
      collector,
      clock: () => 0,
    });
    task.initialize();
    tasks.push(task);
  }
  const offsets = new Array<number>(numPartitions).fill(0);
  const partitionOf = (key: string): number => murmur2Partition(Buffer.from(key), numPartitions);
  const layout = topologyStoreLayout(builder, (t) => (t === TOPIC ? numPartitions : undefined));
  return {
    numPartitions,
    tasks,
    partitionOf,
    close() {
      for (const t of tasks) t.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
    pipe(key, value, timestamp) {
      const p = partitionOf(key);
      tasks[p]!.addRecords({ topic: TOPIC, partition: p }, [
        { topic: TOPIC, partition: p, offset: offsets[p]!++, timestamp, key: Buffer.from(key), value: Buffer.from(value), headers: new Headers() },
      ]);
      while (tasks[p]!.process());
    },
    runtime(options) {
      const localTasks = (): LocalTask[] => {
        const out: LocalTask[] = [];
        const add = (p: number, active: boolean): void => {
          const task = tasks[p]!;
          out.push({
            taskId: `0_${p}`,
            subtopology: 0,
            partition: p,
            active,
            running: !active || !(options.restoring ?? []).includes(p),
            ...((options.catchingUp ?? []).includes(p) ? { caughtUp: false } : {}),
            store: (n) => task.stateManager.store(n),
          });
        };
        for (const p of options.active) add(p, true);
        for (const p of options.standby ?? []) add(p, false);
        return out;
      };
      return {
        options,
        state: () => options.state ?? 'RUNNING',
        thisHost: options.host === undefined ? undefined : parseHostInfo(options.host),
        layout,
        localTasks,
        clusterAssignment: () => options.assignment,
        localThreads: () => [{ threadName: 't1', activeTasks: options.active.map((p) => `0_${p}`), standbyTasks: (options.standby ?? []).map((p) => `0_${p}`) }],
      };
    },
  };
}

const tps = (ps: number[]): TopicPartitionRef[] => ps.map((partition) => ({ topic: TOPIC, partition }));

/** a synthetic assignment of `hosts` with their active and standby partitions */
export function assignmentOf(hosts: ReadonlyArray<{ host: string; active: number[]; standby: number[] }>): ClusterAssignment {
  return {
    partitionsByHost: new Map(hosts.map((h) => [h.host, tps(h.active)])),
    standbyPartitionsByHost: new Map(hosts.filter((h) => h.standby.length > 0).map((h) => [h.host, tps(h.standby)])),
  };
}
