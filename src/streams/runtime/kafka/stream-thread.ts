// One stream thread (Kafka Streams' StreamThread) as an async loop on the event loop: a group consumer
// with the `stream` assignor, a producer, a restore consumer; it creates and closes tasks as the
// assignment says, restores their state, feeds polled records into them, processes, punctuates and
// commits (at-least-once: caches and stores flushed, producer flushed, then offsets committed;
// exactly-once v2: the same inside the thread producer's transaction, see streams-producer.ts and the
// `eos*` methods below: no checkpoint while a task runs, dirty closes wipe, fencing means rejoin).
import { FetchedBatch } from '../raw-record-batch.js';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Admin, Consumer, type FetchedRecords, type TopicPartition } from '../../../client/index.js';
import { LATEST_OFFSET, SUBSCRIPTION_INFO_VERSION, type AssignmentInfo, type SubscriptionInfo, type TaskPlan, type GroupAssignment, type TopologyMetadata } from '../../assignment/index.js';
import type { InternalTopologyBuilder } from '../../internals/internal-topology-builder.js';
import { TaskId } from '../../processor/task-id.js';
import type { RecordCollector, StateStore } from '../../processor/state-store.js';
import type { TimestampExtractor } from '../../processor/timestamp-extractor.js';
import type { ErrorHandlers } from '../../errors/handler-config.js';
import { nowMs } from '../../metrics/sensors.js';
import type { StreamsMetricsRegistry } from '../../metrics/streams-metrics-registry.js';
import { TaskMetrics } from '../../metrics/task-metrics.js';
import { ThreadMetrics } from '../../metrics/thread-metrics.js';
import type { Serde } from '../../serdes/serde.js';
import { StreamsError } from '../../errors/streams-error.js';
import { RecordCache } from '../../../state/record-cache.js';
import type { StateDirectory } from '../../../state/directory/index.js';
import { StreamTask } from '../stream-task.js';
import { topicPartitionKey } from '../raw-record.js';
import { ChangelogRestorer } from './changelog-restorer.js';
import { commitMigration, describeCommitMigration } from './commit-migration.js';
import { threadTransactionalId } from './eos-config.js';
import { asEosFailure, MAX_CONSECUTIVE_CORRUPTIONS, TaskCorruptedError, type EosFailure } from './eos-errors.js';
import type { KafkaRecordCollector } from './kafka-record-collector.js';
import { StreamsProducer } from './streams-producer.js';
import type { InternalTopicManager } from './internal-topic-manager.js';
import type { StateRestoreListener } from './restore-listener.js';
import type { RuntimeConfig } from './runtime-config.js';
import { StreamsAssignor } from './streams-assignor.js';
import { TaskIdling } from './task-idling.js';
import { PromotableCollector } from './promotable-collector.js';
import { rewindToCommitted, samePartitions } from './task-partitions.js';

export type StreamThreadState = 'CREATED' | 'STARTING' | 'PARTITIONS_ASSIGNED' | 'RUNNING' | 'PENDING_SHUTDOWN' | 'DEAD';

export interface StreamThreadOptions {
  name: string;
  config: RuntimeConfig;
  appConfigs: Readonly<Record<string, unknown>>;
  builder: InternalTopologyBuilder;
  topology: TopologyMetadata;
  processId: string;
  /** 1-based index of the thread in its instance (exactly-once v2 transactional.id); parsed from the name if absent */
  threadIndex?: number;
  stateDirectory: StateDirectory;
  admin: Admin;
  topics: InternalTopicManager;
  sourceTopics: string[];
  partitionCounts: ReadonlyMap<string, number>;
  keySerde: Serde<unknown> | undefined;
  valueSerde: Serde<unknown> | undefined;
  timestampExtractor: TimestampExtractor | undefined;
  /** the application's error handlers and dead-letter topic (`errorHandlersFromConfig`) */
  handlers: ErrorHandlers;
  /** the client's metrics registry; the thread adds its own and its tasks' sensors */
  metrics: StreamsMetricsRegistry;
  restoreListener: () => StateRestoreListener | undefined;
  onStateChange: (thread: StreamThread, state: StreamThreadState) => void;
  /** the application asked to shut down (AssignmentInfo error code) */
  onShutdownRequested: () => void;
  onLeaderAssignment?: (result: GroupAssignment, plan: TaskPlan) => void;
  /** 0 normally; SHUTDOWN_REQUESTED to ask the leader to stop the application */
  errorCode: () => number;
}

interface ActiveEntry {
  task: StreamTask;
  partitions: TopicPartition[];
  restoring: boolean;
  paused: boolean;
}

interface StandbyEntry {
  task: StreamTask;
  /** refuses writes until the task is promoted to active in place */
  collector: PromotableCollector;
  partitions: TopicPartition[];
}

export class StreamThread {
  readonly name: string;
  state: StreamThreadState = 'CREATED';
  private readonly consumer: Consumer;
  /** the thread's producer; transactional under exactly-once v2 */
  readonly streamsProducer: StreamsProducer;
  private readonly eos: boolean;
  /** exactly-once failures recovered from since the last successful commit */
  private eosFailuresInARow = 0;
  /** exactly-once failures recovered from since start (tests, logs) */
  eosRecoveries = 0;
  private crashRequested = false;
  private readonly restoreConsumer: Consumer;
  private readonly restorer: ChangelogRestorer;
  private readonly recordCache: RecordCache;
  private readonly idling: TaskIdling;
  /** the thread's sensors (`stream-thread-metrics`), removed when the thread ends */
  readonly threadMetrics: ThreadMetrics;
  private readonly active = new Map<string, ActiveEntry>();
  private readonly standby = new Map<string, StandbyEntry>();
  /** input partition key -> task id */
  private readonly taskOfPartition = new Map<string, string>();
  private assignment: AssignmentInfo | null = null;
  private assignmentApplied = true;
  private prevActive = new Set<string>();
  private prevStandby = new Set<string>();
  private nextRebalanceMs = -1;
  private lastCommitMs = Date.now();
  private lastPurgeMs = Date.now();
  private readonly committedForPurge = new Map<string, { topic: string; partition: number; offset: number }>();
  private stopRequested = false;
  private loopDone: Promise<void> | undefined;
  private uniqueField = 0;
  /** records processed since start */
  processed = 0;
  lastError: unknown;

  /** what the consumer subscribes to; pattern sources change it (`updateSourceTopics`) */
  private sourceTopics: string[];

  constructor(private readonly options: StreamThreadOptions) {
    this.name = options.name;
    this.sourceTopics = options.sourceTopics;
    const { config } = options;
    this.threadMetrics = new ThreadMetrics(options.metrics, options.name);
    this.eos = config.processingGuarantee === 'exactly_once_v2';
    const threadIndex = options.threadIndex ?? Number(/(\d+)$/.exec(options.name)?.[1] ?? 1);
    this.streamsProducer = new StreamsProducer({
      clientOptions: config.clientOptions,
      clientId: `${options.name}-producer`,
      partitionCounts: options.partitionCounts,
      ...(this.eos ? { transactionalId: threadTransactionalId(config.applicationId, options.processId, threadIndex), transactionTimeoutMs: config.transactionTimeoutMs } : {}),
    });
    this.recordCache = new RecordCache(Math.max(0, Math.floor(config.cacheMaxBytes / Math.max(1, config.numStreamThreads))));
    const assignor = new StreamsAssignor({
      host: {
        subscriptionInfo: () => this.subscriptionInfo(),
        onAssignment: (info) => {
          this.assignment = info;
          this.assignmentApplied = false;
          // at once: a follow-up rebalance inside the same poll may replace this assignment before it is applied
          if (info.errorCode !== 0) this.options.onShutdownRequested();
        },
      },
      topology: options.topology,
      admin: options.admin,
      topics: options.topics,
      config,
      ...(options.onLeaderAssignment ? { onLeaderAssignment: options.onLeaderAssignment } : {}),
    });
    this.consumer = new Consumer({
      ...config.clientOptions,
      clientId: `${options.name}-consumer`,
      groupId: config.applicationId,
      assignors: [assignor],
      autoOffsetReset: config.autoOffsetReset,
      sessionTimeoutMs: config.sessionTimeoutMs,
      heartbeatIntervalMs: config.heartbeatIntervalMs,
      maxPollRecords: config.maxPollRecords,
      ...(this.eos ? { isolationLevel: 'read_committed' as const } : {}),
      onRevoked: (tps) => this.onRevoked(tps),
      onLost: (tps) => this.onLost(tps),
      onAssigned: () => this.applyAssignment(),
    });
    this.restoreConsumer = new Consumer({
      ...config.clientOptions,
      clientId: `${options.name}-restore-consumer`,
      autoOffsetReset: 'earliest',
      ...(this.eos ? { isolationLevel: 'read_committed' as const } : {}),
    });
    this.restorer = new ChangelogRestorer(this.restoreConsumer, options.admin, options.restoreListener, { readCommitted: this.eos });
    this.idling = new TaskIdling(this.consumer, config.maxTaskIdleMs);
  }

  /** sink, repartition and changelog writes of active tasks (the current producer's) */
  private get collector(): KafkaRecordCollector {
    return this.streamsProducer.collector;
  }

  private setState(state: StreamThreadState): void {
    if (this.state === state) return;
    this.state = state;
    this.options.onStateChange(this, state);
  }

  start(): void {
    this.setState('STARTING');
    this.consumer.subscribe(this.sourceTopics);
    this.loopDone = this.runLoop();
  }

  /** resolves when the loop has ended (cleanly or not) */
  done(): Promise<void> {
    return this.loopDone ?? Promise.resolve();
  }

  activeTaskIds(): string[] {
    return [...this.active.keys()].sort();
  }

  standbyTaskIds(): string[] {
    return [...this.standby.keys()].sort();
  }

  restoredRecords(): number {
    return this.restorer.totalRestored;
  }

  /** the stores of a running active task (interactive queries) */
  activeStore(taskId: string, storeName: string): unknown {
    return this.active.get(taskId)?.task.stateManager.store(storeName);
  }

  // ---- interactive queries hook (src/streams/query reads these; nothing else) ----

  /** this thread's tasks with their stores: active (running or restoring) and standby */
  queryableTasks(): Array<{ taskId: string; subtopology: number; partition: number; active: boolean; running: boolean; caughtUp: boolean; store(name: string): StateStore | undefined }> {
    const out: Array<{ taskId: string; subtopology: number; partition: number; active: boolean; running: boolean; caughtUp: boolean; store(name: string): StateStore | undefined }> = [];
    for (const [id, e] of this.active) {
      out.push({ taskId: id, subtopology: e.task.id.subtopology, partition: e.task.id.partition, active: true, running: !e.restoring, caughtUp: !e.restoring, store: (n) => e.task.stateManager.store(n) });
    }
    for (const [id, e] of this.standby) {
      out.push({ taskId: id, subtopology: e.task.id.subtopology, partition: e.task.id.partition, active: false, running: true, caughtUp: this.restorer.caughtUp(id), store: (n) => e.task.stateManager.store(n) });
    }
    return out;
  }

  /** the latest assignment this thread received (its host maps describe the whole application) */
  latestAssignment(): AssignmentInfo | null {
    return this.assignment;
  }

  private subscriptionInfo(): SubscriptionInfo {
    if (this.state === 'RUNNING') this.setState('PARTITIONS_ASSIGNED');
    const mine = new Set([...this.active.keys(), ...this.standby.keys()]);
    const sums = this.options.stateDirectory.taskOffsetSums(mine);
    for (const t of this.active.keys()) sums.set(t, LATEST_OFFSET);
    for (const t of this.standby.keys()) {
      const pos = this.restorer.positions(t);
      if (pos.size > 0) sums.set(t, [...pos.values()].reduce((a, b) => a + b, 0));
    }
    this.uniqueField = (this.uniqueField + 1) & 0x7f;
    return {
      version: SUBSCRIPTION_INFO_VERSION,
      latestSupportedVersion: SUBSCRIPTION_INFO_VERSION,
      processId: this.options.processId,
      userEndPoint: this.options.config.applicationServer,
      prevActiveTasks: [...this.active.keys()],
      prevStandbyTasks: [...this.standby.keys()],
      taskOffsetSums: sums,
      uniqueField: this.uniqueField,
      errorCode: this.options.errorCode(),
      clientTags: new Map(),
    };
  }

  // ---- the loop ----

  private async runLoop(): Promise<void> {
    try {
      await this.streamsProducer.init();
      while (!this.stopRequested) {
        try {
          await this.runOnce();
          // An event-loop turn after every iteration, even when the consumer had records at hand (its poll
          // then resolves without one): the producer's acknowledgements are read and its next requests
          // sent, fetch responses come in. Without it the producer fell behind (only its in-flight
          // window per turn went out) and each commit waited ~400 ms for the backlog to flush.
          await nextTurn();
        } catch (e) {
          if (this.crashRequested) break;
          const failure = this.eos ? asEosFailure(e) : undefined;
          if (failure === undefined) throw e;
          await this.recoverFromEosFailure(failure, { rewind: true, rejoin: true });
        }
      }
      if (this.crashRequested) await this.abandon();
      else await this.shutdown(true);
    } catch (e) {
      if (this.crashRequested) {
        await this.abandon();
        return;
      }
      this.lastError = e;
      await this.shutdown(false).catch(() => undefined);
      throw e;
    } finally {
      this.setState('DEAD');
    }
  }

  private async runOnce(): Promise<void> {
    const restoring = this.restorer.restoringActive();
    const pollStart = nowMs();
    const fetched = await this.consumer.pollFetched({ timeoutMs: restoring ? 0 : this.idling.pollTimeout(this.active.values(), this.options.config.pollMs, Date.now()) });
    let polled = 0;
    for (const f of fetched) polled += f.remaining;
    this.threadMetrics.recordPoll(polled, nowMs() - pollStart);
    if (!this.assignmentApplied) await this.applyAssignment();
    if (this.stopRequested) return;
    this.addRecords(fetched);
    this.idling.updateLags(this.active.values());
    if (this.restorer.hasWork()) {
      await this.restorer.poll(restoring ? 50 : 0);
      this.completeRestoration();
    }
    this.process();
    this.punctuate();
    const now = Date.now();
    if (now - this.lastCommitMs >= this.options.config.commitIntervalMs || this.commitRequested()) await this.commitAll();
    if (this.nextRebalanceMs >= 0 && now >= this.nextRebalanceMs) {
      this.nextRebalanceMs = -1;
      this.consumer.enforceRebalance('follow-up or probing rebalance scheduled by the assignor');
    }
    this.updateRunningState();
  }

  private commitRequested(): boolean {
    for (const e of this.active.values()) if (e.task.commitRequested) return true;
    return false;
  }

  private updateRunningState(): void {
    if (this.state === 'PENDING_SHUTDOWN' || this.state === 'DEAD') return;
    if (this.assignment === null) return;
    const restoring = [...this.active.values()].some((e) => e.restoring);
    this.setState(restoring || !this.assignmentApplied ? 'PARTITIONS_ASSIGNED' : 'RUNNING');
  }

  /** hands each partition's fetched records (decoded later, as they are processed) to its task */
  private addRecords(fetched: FetchedRecords[]): void {
    if (fetched.length === 0) return;
    for (const f of fetched) {
      const id = this.taskOfPartition.get(`${f.topic}-${f.partition}`);
      const entry = id === undefined ? undefined : this.active.get(id);
      if (entry === undefined) continue; // partition of a task being created or already closed
      entry.task.addRecords(f, new FetchedBatch(f));
    }
    // backpressure: stop fetching for tasks whose queues are full
    const limit = this.options.config.bufferedRecordsPerPartition;
    for (const e of this.active.values()) {
      const full = e.task.numBuffered() > limit * e.partitions.length;
      if (full && !e.paused) {
        this.consumer.pause(e.partitions);
        e.paused = true;
      }
    }
  }

  private process(): void {
    const start = nowMs();
    const deadline = Date.now() + Math.min(100, this.options.config.commitIntervalMs);
    let processed = 0;
    let any = true;
    while (any && Date.now() < deadline) {
      any = false;
      const now = Date.now();
      for (const e of this.active.values()) {
        if (e.restoring) continue;
        if (!e.task.isProcessable(now)) {
          this.idling.unblock(e); // max.task.idle.ms: waiting for an empty partition
          continue;
        }
        for (let i = 0; i < 1000 && e.task.isProcessable(now) && e.task.process(now); i++) {
          processed++;
          any = true;
        }
        if (e.paused && e.task.numBuffered() <= (this.options.config.bufferedRecordsPerPartition * e.partitions.length) / 2) {
          this.consumer.resume(e.partitions);
          e.paused = false;
        }
      }
    }
    this.processed += processed;
    this.threadMetrics.recordProcess(processed, nowMs() - start);
  }

  private punctuate(): void {
    for (const e of this.active.values()) {
      if (e.restoring) continue;
      e.task.maybePunctuateStreamTime();
      e.task.maybePunctuateSystemTime();
    }
  }

  // ---- commit ----

  /** flushes the tasks' caches and stores (tasks still restoring are left out); the offsets they owe */
  private prepareCommit(entries: Iterable<ActiveEntry>): Array<{ topic: string; partition: number; offset: number }> {
    const offsets: Array<{ topic: string; partition: number; offset: number }> = [];
    for (const e of entries) {
      if (e.restoring) continue;
      const byKey = e.task.commit();
      if (byKey.size === 0) continue;
      for (const tp of e.partitions) {
        const o = byKey.get(topicPartitionKey(tp));
        if (o !== undefined) offsets.push({ topic: tp.topic, partition: tp.partition, offset: o });
      }
    }
    return offsets;
  }

  /** commits `entries` (under exactly-once: every active task); `closing` are about to be closed cleanly */
  private async commitTasks(entries: ActiveEntry[], closing: ActiveEntry[] = []): Promise<void> {
    if (this.eos) {
      await this.eosCommit(closing);
      return;
    }
    const offsets = this.prepareCommit(entries);
    // at-least-once: what the processed records produced must be acknowledged before their offsets are committed
    await this.collector.flushAll();
    if (offsets.length > 0) {
      try {
        await this.consumer.commit(offsets);
      } catch (e) {
        const kind = commitMigration(e);
        if (kind === undefined) throw e;
        console.warn(describeCommitMigration(this.name, e, kind));
        // a rebalance under way: the tasks it leaves here still owe these offsets, committed again after it
        // (the next commit sends them even with no new record); a migrated task is closed dirty anyway
        if (kind === 'rebalancing') for (const entry of entries) if (!entry.restoring) entry.task.commitNeeded = true;
        // no checkpoint: another owner may have written to the changelogs since, and a checkpoint at
        // their end would make a later restoration skip those writes
        return;
      }
    }
    for (const o of offsets) if (this.options.builder.isInternalTopic(stripApp(o.topic, this.options.config.applicationId))) this.committedForPurge.set(`${o.topic}:${o.partition}`, o);
    await this.writeCheckpoints(entries.filter((e) => !e.restoring).map((e) => e.task));
  }

  private async commitAll(): Promise<void> {
    this.lastCommitMs = Date.now();
    const start = nowMs();
    await this.commitTasks([...this.active.values()]);
    this.threadMetrics.recordCommit(nowMs() - start);
    for (const [id, s] of this.standby) {
      s.task.stateManager.flush();
      this.checkpointStandby(id, s);
    }
    if (Date.now() - this.lastPurgeMs >= this.options.config.repartitionPurgeIntervalMs && this.committedForPurge.size > 0) {
      this.lastPurgeMs = Date.now();
      const requests = [...this.committedForPurge.values()];
      this.committedForPurge.clear();
      await this.options.admin.deleteRecords(requests).catch(() => undefined); // best effort, retried next time
    }
  }

  /** checkpoints of persistent stores: the changelog end offsets, which after a flush cover everything the stores hold */
  private async writeCheckpoints(tasks: StreamTask[]): Promise<void> {
    const wanted: Array<{ task: StreamTask; topic: string; partition: number }> = [];
    for (const task of tasks) {
      for (const store of task.stateManager.allStores()) {
        const reg = task.stateManager.registration(store.name);
        if (reg?.changelogTopic === undefined || !store.persistent()) continue;
        wanted.push({ task, topic: reg.changelogTopic, partition: task.id.partition });
      }
    }
    if (wanted.length === 0) return;
    // exactly-once: the last stable offset, so a zombie's still-open records are read (and skipped) by the next restore
    const ends = await this.options.admin.listOffsets(
      wanted.map((w) => ({ topic: w.topic, partition: w.partition, spec: 'latest' as const })),
      this.eos ? { isolationLevel: 'read_committed' } : {},
    );
    const byTask = new Map<StreamTask, Map<string, number>>();
    for (const w of wanted) {
      const end = ends.find((r) => r.topic === w.topic && r.partition === w.partition);
      if (end === undefined) continue;
      let m = byTask.get(w.task);
      if (!m) byTask.set(w.task, (m = new Map()));
      m.set(`${w.topic}:${w.partition}`, Number(end.offset));
    }
    for (const [task, offsets] of byTask) this.options.stateDirectory.writeCheckpoint(task.id.toString(), offsets);
  }

  /** a standby's (or a restoring active task's) checkpoint: the changelog positions its stores applied */
  private checkpointStandby(id: string, s: { task: StreamTask }): void {
    const positions = this.restorer.positions(id);
    const persistent = new Set<string>();
    for (const store of s.task.stateManager.allStores()) {
      const reg = s.task.stateManager.registration(store.name);
      if (reg?.changelogTopic !== undefined && store.persistent()) persistent.add(`${reg.changelogTopic}:${s.task.id.partition}`);
    }
    const offsets = new Map([...positions].filter(([k]) => persistent.has(k)));
    if (offsets.size > 0) this.options.stateDirectory.writeCheckpoint(id, offsets);
  }

  // ---- assignment ----

  private async onRevoked(tps: TopicPartition[]): Promise<void> {
    const revoked = new Set(tps.map((tp) => `${tp.topic}-${tp.partition}`));
    const entries = [...this.active.entries()].filter(([, e]) => e.partitions.some((tp) => revoked.has(`${tp.topic}-${tp.partition}`)));
    if (entries.length === 0) return;
    try {
      await this.commitTasks(
        entries.map(([, e]) => e),
        entries.map(([, e]) => e),
      );
    } catch (e) {
      const failure = this.eos && !this.crashRequested ? asEosFailure(e) : undefined;
      if (failure === undefined) throw e;
      // inside the rebalance: no new join, but the partitions kept must restart from their committed offsets
      await this.recoverFromEosFailure(failure, { rewind: true, rejoin: false });
      return;
    }
    for (const [id] of entries) this.closeActive(id, true);
  }

  private async onLost(_tps: TopicPartition[]): Promise<void> {
    if (this.eos && this.active.size > 0) {
      // another member may own the tasks now: what this thread did since its last commit must go
      await this.recoverFromEosFailure(new TaskCorruptedError('partitions lost', undefined), { rewind: false, rejoin: false, counts: false });
      return;
    }
    for (const id of [...this.active.keys()]) this.closeActive(id, false);
  }

  private async applyAssignment(): Promise<void> {
    const info = this.assignment;
    if (info === null || this.assignmentApplied) return;
    this.assignmentApplied = true;
    if (info.errorCode !== 0) {
      this.options.onShutdownRequested();
      return;
    }
    this.nextRebalanceMs = info.nextRebalanceMs;
    // tasks no longer ours (normally already revoked with their partitions)
    for (const [id, e] of [...this.active]) {
      const assigned = info.activeTasks.get(id);
      // gone, or its input partitions changed (a pattern source matched a new topic): closed, created again below
      if (assigned === undefined || !samePartitions(e.partitions, assigned)) {
        await this.commitTasks([e], [e]);
        if (this.active.get(id) === e) this.closeActive(id, true);
        if (assigned !== undefined) await rewindToCommitted(this.consumer, e.partitions, this.options.config.autoOffsetReset);
      }
    }
    for (const [id, s] of [...this.standby]) {
      const promoted = info.activeTasks.get(id);
      if (promoted !== undefined && samePartitions(s.partitions, promoted)) continue; // promoted in place below
      if (!info.standbyTasks.has(id) || promoted !== undefined) this.closeStandby(id);
    }
    for (const [id, partitions] of info.activeTasks) {
      if (this.active.has(id)) continue;
      if (this.standby.has(id)) await this.promoteStandby(id, partitions);
      else await this.createActive(id, partitions);
    }
    for (const [id, partitions] of info.standbyTasks) {
      if (!this.standby.has(id) && !this.active.has(id)) await this.createStandby(id, partitions);
    }
    this.prevActive = new Set(info.activeTasks.keys());
    this.prevStandby = new Set(info.standbyTasks.keys());
    this.updateRunningState();
  }

  private lockTaskDir(id: string): void {
    const dir = this.options.stateDirectory;
    if (!dir.lockTask(id, this.name)) {
      throw new StreamsError(`task directory of ${id} is locked by another thread or instance`, { code: 'TASK_DIR_LOCKED', retriable: true });
    }
  }

  private newTask(id: string, partitions: readonly TopicPartition[], collector: RecordCollector, active: boolean): StreamTask {
    const taskId = TaskId.parse(id);
    const o = this.options;
    const h = o.handlers;
    const task = new StreamTask({
      id: taskId,
      topology: o.builder.buildSubtopology(taskId.subtopology),
      partitions,
      applicationId: o.config.applicationId,
      appConfigs: o.appConfigs,
      stateDir: o.stateDirectory.taskDir(id),
      keySerde: o.keySerde,
      valueSerde: o.valueSerde,
      defaultTimestampExtractor: o.timestampExtractor,
      deserializationHandler: h.deserialization,
      processingHandler: h.processing,
      productionHandler: h.production,
      deadLetterQueueTopic: h.deadLetterQueueTopic,
      metrics: new TaskMetrics(o.metrics, this.threadMetrics, id, active ? 'active' : 'standby'),
      collector,
      recordCache: this.recordCache,
      ...(active ? { maxTaskIdleMs: o.config.maxTaskIdleMs } : {}),
      clock: Date.now,
    });
    return task;
  }

  /** `from`: where a promoted standby's stores are (its applied changelog positions), else the checkpoint */
  private changelogEntries(task: StreamTask, kind: 'active' | 'standby', from?: ReadonlyMap<string, number>): Parameters<ChangelogRestorer['add']>[0] {
    const id = task.id.toString();
    const checkpoint = (() => {
      try {
        return this.options.stateDirectory.readCheckpoint(id);
      } catch {
        return new Map<string, number>();
      }
    })();
    const out: Parameters<ChangelogRestorer['add']>[0] = [];
    for (const store of task.stateManager.allStores()) {
      const reg = task.stateManager.registration(store.name);
      if (reg?.changelogTopic === undefined) continue;
      const partition = task.id.partition;
      const at = from?.get(`${reg.changelogTopic}:${partition}`);
      const start = at !== undefined ? at : store.persistent() ? (checkpoint.get(`${reg.changelogTopic}:${partition}`) ?? -1) : -1;
      out.push({ topic: reg.changelogTopic, partition, storeName: store.name, store, restore: reg.restore, restoreBatch: reg.restoreBatch, restoreFrom: reg.restoreFrom, startOffset: start, kind, taskId: id, appliedSensor: task.metrics?.restored });
    }
    return out;
  }

  private async createActive(id: string, partitions: TopicPartition[]): Promise<void> {
    this.lockTaskDir(id);
    if (this.eos) this.options.stateDirectory.wipeUnlessCheckpointed(id);
    // exactly-once: a transaction of the previous owner may still hold offsets of these partitions; wait
    // until it has ended (require_stable) before the restoration fixes its end (the changelogs' LSO):
    // if it commits, its changelog writes must be restored, as its offsets will be where input resumes
    if (this.eos) await this.consumer.committed(partitions);
    // a send that fails after the fact goes to this task's production handler
    const collector = this.collector.forTask(id, (error, record) => task.handleProductionError(error, record, 'send'));
    const task: StreamTask = this.newTask(id, partitions, collector, true);
    this.threadMetrics.taskCreated();
    task.initialize();
    await this.startActive(task, partitions, this.changelogEntries(task, 'active'));
  }

  /**
   * A standby of this thread becomes active in place (Kafka's task recycling): its stores stay open with
   * their content, only the changelog tail past what the standby applied is restored.
   */
  private async promoteStandby(id: string, partitions: TopicPartition[]): Promise<void> {
    const s = this.standby.get(id)!;
    const applied = this.restorer.positions(id);
    this.restorer.remove(id);
    this.standby.delete(id);
    s.collector.promote(this.collector.forTask(id, (error, record) => s.task.handleProductionError(error, record, 'send')));
    s.task.attachMetrics(new TaskMetrics(this.options.metrics, this.threadMetrics, id, 'active'));
    this.threadMetrics.taskCreated();
    s.task.initialize(); // the processors; the stores are initialized already
    await this.startActive(s.task, partitions, this.changelogEntries(s.task, 'active', applied));
  }

  private async startActive(task: StreamTask, partitions: TopicPartition[], entries: Parameters<ChangelogRestorer['add']>[0]): Promise<void> {
    const id = task.id.toString();
    // exactly-once: from now on the local state runs ahead of what is committed; a checkpoint comes back on a clean close
    if (this.eos) this.options.stateDirectory.deleteCheckpoint(id);
    task.metrics?.trackRestoreRemaining(() => this.restorer.remaining(id));
    this.active.set(id, { task, partitions, restoring: entries.length > 0, paused: false });
    for (const tp of partitions) this.taskOfPartition.set(`${tp.topic}-${tp.partition}`, id);
    if (entries.length > 0) {
      this.consumer.pause(partitions); // no input until the state is back
      this.active.get(id)!.paused = true;
      await this.restorer.add(entries);
      this.completeRestoration();
    }
  }

  private completeRestoration(): void {
    for (const [id, e] of this.active) {
      if (!e.restoring || !this.restorer.isTaskRestored(id)) continue;
      // the restored records go to disk now: a checkpoint written before the task commits anything
      // covers them, and a kill -9 must not leave them only in a store's write buffer
      e.task.stateManager.flush();
      e.restoring = false;
      this.restorer.remove(id);
      this.consumer.resume(e.partitions);
      e.paused = false;
    }
  }

  private async createStandby(id: string, partitions: TopicPartition[]): Promise<void> {
    this.lockTaskDir(id);
    if (this.eos) this.options.stateDirectory.wipeUnlessCheckpointed(id);
    const collector = new PromotableCollector();
    // built with its input partitions (never fed while standby), so it can be promoted in place
    const task = this.newTask(id, partitions, collector, false);
    this.threadMetrics.taskCreated();
    task.initializeStores();
    this.standby.set(id, { task, collector, partitions });
    await this.restorer.add(this.changelogEntries(task, 'standby'));
  }

  private closeActive(id: string, clean: boolean): void {
    const e = this.active.get(id);
    if (!e) return;
    this.active.delete(id);
    this.threadMetrics.taskClosed();
    this.restorer.remove(id);
    for (const tp of e.partitions) this.taskOfPartition.delete(`${tp.topic}-${tp.partition}`);
    try {
      e.task.close();
    } catch (err) {
      if (clean) throw err;
    }
    // exactly-once: a dirty close leaves uncommitted writes in the stores (Kafka wipes them too)
    if (!clean && this.eos) this.options.stateDirectory.wipeTaskState(id);
    this.options.stateDirectory.unlockTask(id, this.name);
  }

  private closeStandby(id: string): void {
    const s = this.standby.get(id);
    if (!s) return;
    try {
      s.task.stateManager.flush();
      this.checkpointStandby(id, s);
    } finally {
      this.restorer.remove(id);
      this.standby.delete(id);
      this.threadMetrics.taskClosed();
      s.task.metrics?.remove();
      s.task.stateManager.close();
      this.options.stateDirectory.unlockTask(id, this.name);
    }
  }

  // ---- shutdown ----

  /** pattern sources match other topics: subscribe to the new set (the group rebalances) */
  updateSourceTopics(topics: string[]): void {
    this.sourceTopics = topics;
    if (this.state !== 'PENDING_SHUTDOWN' && this.state !== 'DEAD') this.consumer.subscribe(topics);
  }

  /** asks the group for a rebalance (carrying a new subscription, e.g. a shutdown request) */
  requestRejoin(reason = 'the application requested a rebalance'): void {
    this.consumer.enforceRebalance(reason);
  }

  /** asks the loop to stop; resolves when the thread has committed, closed its tasks and left the group */
  async stop(): Promise<void> {
    this.stopRequested = true;
    if (this.state !== 'DEAD') this.setState('PENDING_SHUTDOWN');
    this.consumer.wakeup(); // a poll waiting for records returns now
    await this.done().catch(() => undefined);
  }

  private async shutdown(clean: boolean): Promise<void> {
    if (this.state !== 'DEAD') this.setState('PENDING_SHUTDOWN');
    try {
      if (clean) {
        await this.consumer.close(); // revokes everything: commit and close the active tasks
      } else {
        for (const id of [...this.active.keys()]) this.closeActive(id, false);
        await this.consumer.close().catch(() => undefined);
      }
      for (const id of [...this.standby.keys()]) this.closeStandby(id);
    } finally {
      await this.restoreConsumer.close().catch(() => undefined);
      if (this.eos && !clean) await this.streamsProducer.abortQuietly();
      await this.streamsProducer.close();
      this.threadMetrics.remove();
    }
  }

  // ---- exactly-once v2 ----

  /**
   * One transaction covers every active task of the thread: flush caches and stores of all tasks, then
   * the producer commits their sends with their consumed offsets. Checkpoints only for `closing` tasks.
   */
  private async eosCommit(closing: ActiveEntry[]): Promise<void> {
    const offsets = this.prepareCommit(this.active.values());
    await this.streamsProducer.commitTransaction(offsets, () => this.consumer.groupMetadata());
    if (offsets.length > 0) this.eosFailuresInARow = 0; // progress, not just an empty commit
    for (const o of offsets) if (this.options.builder.isInternalTopic(stripApp(o.topic, this.options.config.applicationId))) this.committedForPurge.set(`${o.topic}:${o.partition}`, o);
    const stillOpen = closing.filter((e) => this.active.get(e.task.id.toString()) === e);
    const tasks = stillOpen.filter((e) => !e.restoring).map((e) => e.task);
    if (tasks.length > 0) await this.writeCheckpoints(tasks);
    // a task closed while restoring holds committed data only (read_committed), up to its restore positions
    for (const e of stillOpen.filter((x) => x.restoring)) {
      e.task.stateManager.flush();
      this.checkpointStandby(e.task.id.toString(), e);
    }
  }

  /**
   * Fenced, or the transaction cannot commit: abort it if possible, close every active task dirty (their
   * state is wiped: it holds uncommitted writes), take a new producer (new epoch), move the input back
   * to the committed offsets, and rejoin the group. The thread goes on; it does not go to ERROR.
   */
  private async recoverFromEosFailure(e: EosFailure, how: { rewind: boolean; rejoin: boolean; counts?: boolean }): Promise<void> {
    if (this.crashRequested) throw e;
    if (how.counts !== false && e instanceof TaskCorruptedError && ++this.eosFailuresInARow > MAX_CONSECUTIVE_CORRUPTIONS) throw e;
    this.eosRecoveries++;
    this.lastError = e;
    console.warn(`${this.name}: ${e.message}; closing the active tasks dirty, new producer epoch${how.rejoin ? ', rejoining' : ''}`);
    const partitions = [...this.active.values()].flatMap((x) => x.partitions);
    await this.streamsProducer.abortQuietly();
    for (const id of [...this.active.keys()]) this.closeActive(id, false);
    this.assignmentApplied = false; // the tasks come back with the next assignment (or this one, if it stays)
    await this.streamsProducer.reset();
    // read_committed: the committed offsets are read once no transaction holds offsets of the group pending
    if (how.rewind) await rewindToCommitted(this.consumer, partitions, this.options.config.autoOffsetReset);
    if (how.rejoin) this.consumer.enforceRebalance(`exactly-once: tasks closed dirty (${e.code})`);
  }

  /**
   * Test hook: ends the thread as a killed process would. No commit, no abort, no checkpoint, no
   * LeaveGroup: the group notices after session.timeout.ms, the broker aborts the open transaction after
   * transaction.timeout.ms (or when a producer with the same transactional.id initializes).
   */
  async crash(): Promise<void> {
    this.crashRequested = true;
    this.stopRequested = true;
    // the sockets go first, as in a killed process: whatever the loop awaits fails, nothing more is sent
    await this.streamsProducer.close({ force: true });
    await this.consumer.close({ leaveGroup: false }).catch(() => undefined);
    await this.restoreConsumer.close().catch(() => undefined);
    await this.done().catch(() => undefined);
  }

  private async abandon(): Promise<void> {
    // the stores are closed (files released) but nothing is committed or checkpointed
    for (const [id, e] of [...this.active]) {
      this.active.delete(id);
      try {
        e.task.close();
      } catch {
        // a crash
      }
      this.options.stateDirectory.unlockTask(id, this.name);
    }
    for (const [id, s] of [...this.standby]) {
      this.standby.delete(id);
      try {
        s.task.stateManager.close();
      } catch {
        // a crash
      }
      this.options.stateDirectory.unlockTask(id, this.name);
    }
    this.threadMetrics.remove();
  }
}

function stripApp(topic: string, applicationId: string): string {
  return topic.startsWith(`${applicationId}-`) ? topic.slice(applicationId.length + 1) : topic;
}
