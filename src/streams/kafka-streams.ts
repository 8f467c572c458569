// KafkaStreams: runs a topology against Kafka. Start as many instances (processes) with the same
// application.id as you like: the consumer group spreads the tasks, changelogs move the state.
import { Admin } from '../client/index.js';
import { planTasks, SHUTDOWN_REQUESTED, type GroupAssignment, type TaskPlan } from './assignment/index.js';
import type { StreamsConfig } from './config.js';
import { errorHandlersFromConfig, type ErrorHandlers } from './errors/handler-config.js';
import { addClientMetrics } from './metrics/client-metrics.js';
import type { MetricValue } from './metrics/metric-name.js';
import { toPrometheusText, type PrometheusOptions } from './metrics/prometheus.js';
import { StreamsMetricsRegistry } from './metrics/streams-metrics-registry.js';
import { StreamsError } from './errors/streams-error.js';
import type { TimestampExtractor } from './processor/timestamp-extractor.js';
import type { Serde } from './serdes/serde.js';
import type { Topology } from './topology.js';
import { StateDirectory } from '../state/directory/index.js';
import { GlobalStreamThread } from './runtime/kafka/global-stream-thread.js';
import { InternalTopicManager } from './runtime/kafka/internal-topic-manager.js';
import type { StateRestoreListener } from './runtime/kafka/restore-listener.js';
import { resolveRuntimeConfig, type RuntimeConfig } from './runtime/kafka/runtime-config.js';
import { StreamThread, type StreamThreadState } from './runtime/kafka/stream-thread.js';
import { LiveTopologyMetadata, PatternSubscription, type PatternMatches } from './runtime/kafka/pattern-subscription.js';
import { kafkaStreamsQueryRuntime } from './query/kafka-streams-query-runtime.js';
import { InteractiveQueries, QueryServer, StoreQueryParameters, type KeyMetadataOptions, type KeyQueryMetadata, type LocalThreadMetadata, type QueryServerOptions, type StateQueryRequest, type StateQueryResult, type StreamsMetadata } from './query/index.js';
import type { Serializer } from './serdes/serde.js';

export type { StateRestoreListener } from './runtime/kafka/restore-listener.js';

/** Kafka Streams' KafkaStreams.State. */
export type KafkaStreamsState = 'CREATED' | 'REBALANCING' | 'RUNNING' | 'PENDING_SHUTDOWN' | 'NOT_RUNNING' | 'PENDING_ERROR' | 'ERROR';

/** What to do when a stream thread dies of an exception (Kafka's StreamThreadExceptionResponse). */
export type StreamThreadExceptionResponse = 'REPLACE_THREAD' | 'SHUTDOWN_CLIENT' | 'SHUTDOWN_APPLICATION';

export type StateListener = (newState: KafkaStreamsState, oldState: KafkaStreamsState) => void;
export type StreamsUncaughtExceptionHandler = (error: unknown) => StreamThreadExceptionResponse;

export interface ThreadMetadata {
  threadName: string;
  threadState: StreamThreadState;
  activeTasks: string[];
  standbyTasks: string[];
}

/** the states in the order `client-state` reports them */
const STATES: readonly KafkaStreamsState[] = ['CREATED', 'REBALANCING', 'RUNNING', 'PENDING_SHUTDOWN', 'NOT_RUNNING', 'PENDING_ERROR', 'ERROR'];

const TRANSITIONS: Record<KafkaStreamsState, readonly KafkaStreamsState[]> = {
  CREATED: ['REBALANCING', 'PENDING_SHUTDOWN', 'PENDING_ERROR'],
  REBALANCING: ['RUNNING', 'REBALANCING', 'PENDING_SHUTDOWN', 'PENDING_ERROR'],
  RUNNING: ['REBALANCING', 'PENDING_SHUTDOWN', 'PENDING_ERROR'],
  PENDING_SHUTDOWN: ['NOT_RUNNING'],
  NOT_RUNNING: [],
  PENDING_ERROR: ['ERROR'],
  ERROR: [],
};

export class KafkaStreams {
  private currentState: KafkaStreamsState = 'CREATED';
  private readonly config: RuntimeConfig;
  private readonly appConfigs: StreamsConfig;
  private readonly stateDirectory: StateDirectory;
  private readonly handlers: ErrorHandlers;
  private readonly metricsRegistry: StreamsMetricsRegistry;
  private failedThreads = 0;
  private stateListener: StateListener | undefined;
  private exceptionHandler: StreamsUncaughtExceptionHandler = () => 'SHUTDOWN_CLIENT';
  private restoreListener: StateRestoreListener | undefined;
  private globalRestoreListener: StateRestoreListener | undefined;
  private readonly threads: StreamThread[] = [];
  private globalThread: GlobalStreamThread | undefined;
  private admin: Admin | undefined;
  private topicManager: InternalTopicManager | undefined;
  private processId = '';
  private threadCounter = 0;
  private shutdownRequested = false;
  private closing: Promise<boolean> | undefined;
  private readonly stateWaiters: Array<() => void> = [];
  private sourceTopics: string[] = [];
  private partitionCounts = new Map<string, number>();
  private metadata: LiveTopologyMetadata | undefined;
  private patterns: PatternSubscription | undefined;
  /** last assignment computed by a leader thread of this instance (observability, tests) */
  lastLeaderAssignment: { result: GroupAssignment; plan: TaskPlan } | undefined;

  constructor(
    private readonly topology: Topology,
    config: StreamsConfig,
  ) {
    this.appConfigs = { ...config };
    this.config = resolveRuntimeConfig(config);
    this.handlers = errorHandlersFromConfig(this.appConfigs);
    this.metricsRegistry = StreamsMetricsRegistry.fromConfig(this.appConfigs);
    this.stateDirectory = new StateDirectory({ stateDir: this.config.stateDir, applicationId: this.config.applicationId });
  }

  state(): KafkaStreamsState {
    return this.currentState;
  }

  setStateListener(listener: StateListener): void {
    this.requireCreated('setStateListener');
    this.stateListener = listener;
  }

  setUncaughtExceptionHandler(handler: StreamsUncaughtExceptionHandler): void {
    this.requireCreated('setUncaughtExceptionHandler');
    this.exceptionHandler = handler;
  }

  /** progress of restoring task state from changelogs */
  setStateRestoreListener(listener: StateRestoreListener): void {
    this.requireCreated('setStateRestoreListener');
    this.restoreListener = listener;
  }

  setGlobalStateRestoreListener(listener: StateRestoreListener): void {
    this.requireCreated('setGlobalStateRestoreListener');
    this.globalRestoreListener = listener;
  }

  private requireCreated(what: string): void {
    if (this.currentState !== 'CREATED') throw new StreamsError(`${what} is only allowed in state CREATED, not ${this.currentState}`, { code: 'ILLEGAL_STATE' });
  }

  private setState(next: KafkaStreamsState): boolean {
    const prev = this.currentState;
    if (prev === next && next !== 'REBALANCING') return true;
    if (!TRANSITIONS[prev].includes(next)) return false;
    if (prev === next) return true;
    this.currentState = next;
    this.stateListener?.(next, prev);
    for (const w of this.stateWaiters.splice(0)) w();
    return true;
  }

  /** Resolves once the state is `state` (or rejects when the instance ends up elsewhere for good / on timeout). */
  async waitForState(state: KafkaStreamsState, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.currentState !== state) {
      if (TRANSITIONS[this.currentState].length === 0) throw new StreamsError(`instance is ${this.currentState}, will never be ${state}`, { code: 'ILLEGAL_STATE' });
      const left = deadline - Date.now();
      if (left <= 0) throw new StreamsError(`timed out waiting for state ${state} (now ${this.currentState})`, { code: 'TIMEOUT', retriable: true });
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.stateWaiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /**
   * Starts the instance: binds the topology, checks the source topics, creates internal topics, loads
   * global tables completely, then starts the stream threads. Resolves when the threads run (the state
   * is REBALANCING until they have their tasks restored).
   */
  async start(): Promise<void> {
    if (this.currentState !== 'CREATED') throw new StreamsError(`start() called in state ${this.currentState}`, { code: 'ILLEGAL_STATE' });
    this.setState('REBALANCING');
    try {
      const builder = this.topology.internalTopologyBuilder;
      builder.rewriteTopology(this.appConfigs);
      this.processId = this.stateDirectory.initialize();
      addClientMetrics(this.metricsRegistry, {
        clientId: `${this.config.applicationId}-${this.processId}`,
        aliveStreamThreads: () => this.threads.filter((t) => t.state !== 'DEAD').length,
        failedStreamThreads: () => this.failedThreads,
        state: () => STATES.indexOf(this.currentState),
      });
      this.admin = new Admin(this.config.clientOptions);
      await this.admin.connect();
      this.topicManager = new InternalTopicManager(this.admin, this.config.replicationFactor);

      this.patterns = new PatternSubscription({ patterns: builder.sourcePatternsByNode(), admin: this.admin, applicationId: this.config.applicationId, refreshIntervalMs: this.config.metadataMaxAgeMs });
      const subtopologies = builder.subtopologyToTopicsInfo(await this.patterns.resolve());
      this.metadata = new LiveTopologyMetadata({ subtopologies, copartitionGroups: builder.copartitionGroups() });
      const sources = new Set<string>();
      const external = new Set<string>();
      const sinks = new Set<string>();
      for (const info of subtopologies.values()) {
        for (const t of info.sourceTopics) {
          sources.add(t);
          if (!info.repartitionSourceTopics.has(t)) external.add(t);
        }
        for (const t of info.sinkTopics) sinks.add(t);
      }
      this.sourceTopics = [...sources].sort();
      const counts = await this.topicManager.partitionCounts([...external, ...sinks, ...builder.globalTopicNames()]);
      const missing = [...external, ...builder.globalTopicNames()].filter((t) => !counts.has(t));
      if (missing.length > 0) throw new StreamsError(`source topics missing: ${missing.sort().join(', ')}`, { code: 'MISSING_SOURCE_TOPIC' });
      const plan = planTasks(this.metadata, counts);
      await this.topicManager.ensure(plan.internalTopics);
      for (const t of plan.internalTopics) counts.set(t.name, t.partitions);
      this.partitionCounts = counts;

      if (builder.hasGlobalStores()) {
        this.globalThread = new GlobalStreamThread({
          config: this.config,
          appConfigs: this.appConfigs,
          builder,
          stateDirectory: this.stateDirectory,
          admin: this.admin,
          topics: this.topicManager,
          keySerde: this.appConfigs['default.key.serde'],
          valueSerde: this.appConfigs['default.value.serde'],
          deserializationHandler: this.handlers.deserialization,
          restoreListener: () => this.globalRestoreListener,
          onError: (e) => void this.onThreadError(undefined, e),
        });
        await this.globalThread.bootstrap();
      }
      for (let i = 0; i < this.config.numStreamThreads; i++) this.addThread();
      this.patterns.start((matches) => this.onPatternMatchesChanged(matches));
      await this.startConfiguredQueryServer(); // interactive queries hook
    } catch (e) {
      this.setState('PENDING_ERROR');
      await this.release();
      this.setState('ERROR');
      throw e;
    }
  }

  private addThread(): StreamThread {
    const threadIndex = ++this.threadCounter;
    const name = `${this.config.applicationId}-${this.processId}-StreamThread-${threadIndex}`;
    const thread = new StreamThread({
      name,
      threadIndex,
      config: this.config,
      appConfigs: this.appConfigs,
      builder: this.topology.internalTopologyBuilder,
      topology: this.metadata!,
      processId: this.processId,
      stateDirectory: this.stateDirectory,
      admin: this.admin!,
      topics: this.topicManager!,
      sourceTopics: this.sourceTopics,
      partitionCounts: this.partitionCounts,
      keySerde: this.appConfigs['default.key.serde'] as Serde<unknown> | undefined,
      valueSerde: this.appConfigs['default.value.serde'] as Serde<unknown> | undefined,
      timestampExtractor: this.appConfigs['default.timestamp.extractor'] as TimestampExtractor | undefined,
      handlers: this.handlers,
      metrics: this.metricsRegistry,
      restoreListener: () => this.restoreListener,
      onStateChange: () => this.onThreadStateChange(),
      onShutdownRequested: () => void this.shutdownFromApplication(),
      onLeaderAssignment: (result, plan) => {
        this.lastLeaderAssignment = { result, plan };
      },
      errorCode: () => (this.shutdownRequested ? SHUTDOWN_REQUESTED : 0),
    });
    this.threads.push(thread);
    thread.start();
    thread.done().catch((e: unknown) => this.onThreadError(thread, e));
    return thread;
  }

  private onThreadStateChange(): void {
    if (this.currentState !== 'RUNNING' && this.currentState !== 'REBALANCING') return;
    const live = this.threads.filter((t) => t.state !== 'DEAD' && t.state !== 'PENDING_SHUTDOWN');
    if (live.length === 0) return;
    this.setState(live.every((t) => t.state === 'RUNNING') ? 'RUNNING' : 'REBALANCING');
  }

  private async onThreadError(thread: StreamThread | undefined, error: unknown): Promise<void> {
    if (this.currentState === 'PENDING_SHUTDOWN' || this.currentState === 'NOT_RUNNING' || this.currentState === 'ERROR' || this.currentState === 'PENDING_ERROR') return;
    let response: StreamThreadExceptionResponse;
    try {
      response = this.exceptionHandler(error);
    } catch {
      response = 'SHUTDOWN_CLIENT';
    }
    if (thread !== undefined) {
      this.failedThreads++;
      this.threads.splice(this.threads.indexOf(thread), 1);
    }
    if (response === 'REPLACE_THREAD' && thread !== undefined) {
      this.addThread();
      return;
    }
    if (response === 'SHUTDOWN_APPLICATION') {
      // the next join carries the request; the leader tells every instance to stop (assignment error code).
      // Without a live thread, a new one joins only to carry it (its assignment is empty), as in Kafka.
      this.shutdownRequested = true;
      const live = this.threads.filter((t) => t.state !== 'DEAD');
      if (live.length > 0) live[0]!.requestRejoin('shutdown of the application requested');
      else this.addThread();
      return;
    }
    await this.shutDownWithError();
  }

  private async shutdownFromApplication(): Promise<void> {
    await this.shutDownWithError();
  }

  private async shutDownWithError(): Promise<void> {
    if (!this.setState('PENDING_ERROR')) return;
    await this.release();
    this.setState('ERROR');
  }

  /**
   * Stops the threads (each commits, closes its tasks and leaves the group) and the global thread.
   * Returns false when that did not finish within `timeoutMs` (the instance still ends up NOT_RUNNING).
   */
  close(options: { timeoutMs?: number } = {}): Promise<boolean> {
    if (this.closing) return this.closing;
    if (this.currentState === 'ERROR' || this.currentState === 'NOT_RUNNING') return Promise.resolve(true);
    this.setState('PENDING_SHUTDOWN');
    const work = this.release().then(() => true);
    const timeout = options.timeoutMs ?? Number.MAX_SAFE_INTEGER;
    this.closing = Promise.race([work, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), Math.min(timeout, 2 ** 31 - 1)).unref())]).then((ok) => {
      this.setState('NOT_RUNNING');
      return ok;
    });
    return this.closing;
  }

  /** pattern sources match other topics now: new topology metadata, partition counts, subscriptions (a rebalance) */
  private async onPatternMatchesChanged(matches: PatternMatches): Promise<void> {
    const builder = this.topology.internalTopologyBuilder;
    const subtopologies = builder.subtopologyToTopicsInfo(matches);
    const metadata = { subtopologies, copartitionGroups: builder.copartitionGroups() };
    const sources = new Set<string>();
    const unknown = new Set<string>();
    for (const info of subtopologies.values()) {
      for (const t of info.sourceTopics) sources.add(t);
      for (const t of [...info.sourceTopics, ...info.sinkTopics]) if (!this.partitionCounts.has(t) && !info.repartitionSourceTopics.has(t)) unknown.add(t);
    }
    for (const [t, n] of await this.topicManager!.partitionCounts([...unknown])) this.partitionCounts.set(t, n);
    const plan = planTasks(metadata, this.partitionCounts);
    await this.topicManager!.ensure(plan.internalTopics);
    for (const t of plan.internalTopics) this.partitionCounts.set(t.name, t.partitions);
    this.metadata!.update(metadata);
    this.sourceTopics = [...sources].sort();
    for (const t of this.threads) t.updateSourceTopics(this.sourceTopics);
  }

  private async release(): Promise<void> {
    this.patterns?.stop();
    await this.queryServer?.close().catch(() => undefined); // interactive queries hook
    await Promise.all(this.threads.map((t) => t.stop()));
    await this.globalThread?.stop().catch(() => undefined);
    await this.admin?.close().catch(() => undefined);
    this.stateDirectory.close();
  }

  /**
   * @internal Test hook: stops this instance the way kill -9 would, as far as the outside can tell: no
   * commit, no transaction abort, no checkpoint, no LeaveGroup (its stores are closed to free the files).
   * The instance ends NOT_RUNNING.
   */
  async crashForTesting(): Promise<void> {
    this.closing ??= (async () => {
      this.setState('PENDING_SHUTDOWN');
      await this.queryServer?.close().catch(() => undefined);
      await Promise.all(this.threads.map((t) => t.crash()));
      await this.globalThread?.stop().catch(() => undefined);
      await this.admin?.close().catch(() => undefined);
      this.stateDirectory.close();
      this.setState('NOT_RUNNING');
      return true;
    })();
    await this.closing;
  }

  /** Deletes this application's local state (only when not running). */
  cleanUp(): void {
    if (this.currentState !== 'CREATED' && this.currentState !== 'NOT_RUNNING' && this.currentState !== 'ERROR') {
      throw new StreamsError('cleanUp() is only allowed before start() or after close()', { code: 'ILLEGAL_STATE' });
    }
    this.stateDirectory.cleanUp();
  }

  localThreadsMetadata(): ThreadMetadata[] {
    return this.threads.map((t) => ({ threadName: t.name, threadState: t.state, activeTasks: t.activeTaskIds(), standbyTasks: t.standbyTaskIds() }));
  }

  /**
   * Kafka Streams' metrics of this client: `stream-metrics` (client), `stream-thread-metrics`,
   * `stream-task-metrics`, and per `metrics.recording.level` processor-node and state-store metrics.
   * Values are read when called; a thread's and a task's metrics go when they end.
   */
  metrics(): MetricValue[] {
    return this.metricsRegistry.metrics();
  }

  /** `metrics()` in the Prometheus text exposition format (for a `/metrics` endpoint) */
  metricsText(options: PrometheusOptions = {}): string {
    return toPrometheusText(this.metricsRegistry.metrics(), options);
  }

  /** records processed by all threads, and records restored from changelogs (cheap counters for tests and benches) */
  progress(): { processed: number; restored: number; globalApplied: number } {
    return {
      processed: this.threads.reduce((s, t) => s + t.processed, 0),
      restored: this.threads.reduce((s, t) => s + t.restoredRecords(), 0),
      globalApplied: this.globalThread?.applied ?? 0,
    };
  }

  /**
   * Interactive queries: `store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()))`
   * gives a read-only view over all local tasks of the store (see src/streams/query). With a plain
   * name: a global store, or the raw store of one of its active tasks (by task id).
   */
  store<T>(params: StoreQueryParameters<T>): T;
  store<S = unknown>(name: string, taskId?: string): S | undefined;
  store(nameOrParams: string | StoreQueryParameters<unknown>, taskId?: string): unknown {
    if (nameOrParams instanceof StoreQueryParameters) return this.interactiveQueries().store(nameOrParams);
    const name = nameOrParams;
    const global = this.globalThread?.store(name);
    if (global !== undefined) return global;
    for (const t of this.threads) {
      for (const id of taskId === undefined ? t.activeTaskIds() : [taskId]) {
        const s = t.activeStore(id, name);
        if (s !== undefined) return s;
      }
    }
    return undefined;
  }

  /** the stores of that name across all local active tasks */
  stores<S = unknown>(name: string): S[] {
    const out: S[] = [];
    for (const t of this.threads) for (const id of t.activeTaskIds()) {
      const s = t.activeStore(id, name);
      if (s !== undefined) out.push(s as S);
    }
    return out;
  }

  // ---- interactive queries (src/streams/query): delegation only ----

  private iq: InteractiveQueries | undefined;
  private queryServer: QueryServer | undefined;

  interactiveQueries(): InteractiveQueries {
    this.iq ??= new InteractiveQueries(
      kafkaStreamsQueryRuntime({
        state: () => this.currentState,
        applicationServer: this.config.applicationServer,
        builder: this.topology.internalTopologyBuilder,
        started: () => this.metadata !== undefined,
        partitionCount: (topic) => this.partitionCounts.get(topic),
        threads: () => this.threads,
        globalStore: (name) => this.globalThread?.store(name),
      }),
    );
    return this.iq;
  }

  /** IQv2: a query against the local partitions of a store, with per-partition results */
  query<R>(request: StateQueryRequest<R>): StateQueryResult<R> {
    return this.interactiveQueries().query(request);
  }

  queryMetadataForKey<K>(storeName: string, key: K, keySerializer: Serializer<K> | KeyMetadataOptions<K>): KeyQueryMetadata {
    return this.interactiveQueries().queryMetadataForKey(storeName, key, keySerializer);
  }

  streamsMetadataForStore(storeName: string): StreamsMetadata[] {
    return this.interactiveQueries().streamsMetadataForStore(storeName);
  }

  allMetadata(): StreamsMetadata[] {
    return this.interactiveQueries().allMetadata();
  }

  metadataForLocalThreads(): LocalThreadMetadata[] {
    return this.interactiveQueries().metadataForLocalThreads();
  }

  /**
   * Starts the HTTP router for interactive queries (also started by `interactive.queries.http.port`).
   * It should listen where `application.server` points, so peers can forward to it.
   */
  async startQueryServer(options: QueryServerOptions = {}): Promise<QueryServer> {
    if (this.queryServer !== undefined) return this.queryServer;
    const server = new QueryServer(this.interactiveQueries(), { ...(this.appConfigs['interactive.queries.http.options'] as QueryServerOptions | undefined), ...options });
    this.queryServer = server;
    await server.start();
    return server;
  }

  private async startConfiguredQueryServer(): Promise<void> {
    const port = this.appConfigs['interactive.queries.http.port'];
    if (port === undefined || port === null) return;
    const host = this.appConfigs['interactive.queries.http.host'];
    await this.startQueryServer({ port: Number(port), ...(typeof host === 'string' ? { host } : {}) });
  }
}
