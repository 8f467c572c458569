// Keeps global tables (GlobalKTable, global stores) up to date from all partitions of their topics.
// bootstrap() reads every partition up to its end offset before the stream threads start, so the first
// record processed already sees a complete table; afterwards a background loop applies new records.
import { Consumer, type Admin } from '../../../client/index.js';
import type { InternalTopologyBuilder } from '../../internals/internal-topology-builder.js';
import { GlobalStateTask } from '../global-state-task.js';
import type { StateDirectory } from '../../../state/directory/index.js';
import type { DeserializationExceptionHandler } from '../../errors/deserialization-handler.js';
import type { Serde } from '../../serdes/serde.js';
import type { InternalTopicManager } from './internal-topic-manager.js';
import type { RuntimeConfig } from './runtime-config.js';
import type { StateRestoreListener } from './restore-listener.js';

const GLOBAL_DIR = 'global';

export class GlobalStreamThread {
  private readonly consumer: Consumer;
  private task: GlobalStateTask | undefined;
  private readonly positions = new Map<string, { topic: string; partition: number; offset: number }>();
  private stopRequested = false;
  private loop: Promise<void> | undefined;
  /** records applied so far */
  applied = 0;
  lastError: unknown;

  constructor(
    private readonly options: {
      config: RuntimeConfig;
      appConfigs: Readonly<Record<string, unknown>>;
      builder: InternalTopologyBuilder;
      stateDirectory: StateDirectory;
      admin: Admin;
      topics: InternalTopicManager;
      keySerde: Serde<unknown> | undefined;
      valueSerde: Serde<unknown> | undefined;
      deserializationHandler: DeserializationExceptionHandler | undefined;
      restoreListener: () => StateRestoreListener | undefined;
      onError: (error: unknown) => void;
    },
  ) {
    this.consumer = new Consumer({
      ...options.config.clientOptions,
      clientId: `${options.config.applicationId}-global-consumer`,
      autoOffsetReset: 'earliest',
      // exactly-once: global tables see committed data only, up to the last stable offset
      ...(options.config.processingGuarantee === 'exactly_once_v2' ? { isolationLevel: 'read_committed' as const } : {}),
    });
  }

  /** Loads every global topic up to its current end. */
  async bootstrap(): Promise<void> {
    const o = this.options;
    const topology = o.builder.buildGlobalStateTopology();
    if (topology === null) return;
    this.task = new GlobalStateTask(topology, {
      applicationId: o.config.applicationId,
      appConfigs: o.appConfigs,
      stateDir: o.stateDirectory.taskDir(GLOBAL_DIR),
      keySerde: o.keySerde,
      valueSerde: o.valueSerde,
      deserializationHandler: o.deserializationHandler,
      clock: Date.now,
    });
    this.task.initialize();
    const topics = topology.sourceTopics();
    const counts = await o.topics.partitionCounts(topics);
    const partitions = topics.flatMap((topic) => Array.from({ length: counts.get(topic) ?? 0 }, (_, partition) => ({ topic, partition })));
    const persistent = [...topology.globalStateStores.values()].some((s) => s.persistent());
    const checkpoint = persistent ? safeRead(() => o.stateDirectory.readCheckpoint(GLOBAL_DIR)) : new Map<string, number>();
    this.consumer.assign(partitions);
    const ends = new Map<string, number>();
    if (partitions.length > 0) {
      const [latest, earliest] = await Promise.all([
        o.admin.listOffsets(
          partitions.map((tp) => ({ ...tp, spec: 'latest' as const })),
          o.config.processingGuarantee === 'exactly_once_v2' ? { isolationLevel: 'read_committed' } : {},
        ),
        o.admin.listOffsets(partitions.map((tp) => ({ ...tp, spec: 'earliest' as const }))),
      ]);
      for (const r of latest) ends.set(`${r.topic}:${r.partition}`, Number(r.offset));
      for (const r of earliest) {
        const k = `${r.topic}:${r.partition}`;
        const start = Math.max(Number(r.offset), checkpoint.get(k) ?? 0);
        this.positions.set(k, { topic: r.topic, partition: r.partition, offset: start });
        this.consumer.seek({ topic: r.topic, partition: r.partition, offset: start });
        const storeName = [...topology.globalStateStores.keys()][0] ?? r.topic;
        o.restoreListener()?.onRestoreStart?.({ topic: r.topic, partition: r.partition }, storeName, start, ends.get(k) ?? 0);
      }
    }
    const behind = (): boolean => [...this.positions].some(([k, p]) => p.offset < (ends.get(k) ?? 0));
    while (behind()) {
      const n = await this.pollOnce(200);
      if (n === 0) {
        for (const p of this.positions.values()) p.offset = Math.max(p.offset, await this.consumer.position(p));
      }
    }
    this.task.flushState();
    this.checkpoint();
    this.loop = this.run();
  }

  private async pollOnce(timeoutMs: number): Promise<number> {
    const records = await this.consumer.poll({ timeoutMs, maxRecords: 10_000 });
    const task = this.task!;
    const n = records.length;
    // records arrive grouped by partition: a run of one partition is applied record by record (each
    // consumer record as it is, no copy), its position looked up once and moved past what was applied
    for (let i = 0; i < n; ) {
      const first = records[i]!;
      let j = i + 1;
      while (j < n && records[j]!.partition === first.partition && records[j]!.topic === first.topic) j++;
      const p = this.positions.get(`${first.topic}:${first.partition}`);
      let k = i;
      try {
        for (; k < j; k++) task.update(records[k]!);
      } finally {
        if (p !== undefined && k > i) p.offset = records[k - 1]!.offset + 1;
        this.applied += k - i;
      }
      i = j;
    }
    return n;
  }

  private async run(): Promise<void> {
    let lastFlush = Date.now();
    try {
      while (!this.stopRequested) {
        await this.pollOnce(this.options.config.pollMs);
        if (Date.now() - lastFlush >= this.options.config.commitIntervalMs) {
          lastFlush = Date.now();
          this.task!.flushState();
          this.checkpoint();
        }
      }
    } catch (e) {
      this.lastError = e;
      this.options.onError(e);
    }
  }

  private checkpoint(): void {
    if (!this.task) return;
    const persistent = [...this.task.topology.globalStateStores.values()].some((s) => s.persistent());
    if (!persistent) return;
    this.options.stateDirectory.writeCheckpoint(GLOBAL_DIR, new Map([...this.positions].map(([k, p]) => [k, p.offset])));
  }

  /** the global store of that name (interactive queries, tests) */
  store(name: string): unknown {
    return this.task?.topology.globalStateStores.get(name);
  }

  async stop(): Promise<void> {
    this.stopRequested = true;
    await this.loop;
    if (this.task) {
      this.task.flushState();
      this.checkpoint();
      this.task.close();
    }
    await this.consumer.close().catch(() => undefined);
  }
}

function safeRead(read: () => Map<string, number>): Map<string, number> {
  try {
    return read();
  } catch {
    return new Map();
  }
}
