// The client's view of the cluster: a pool of connections per broker and the metadata cache
// (brokers, topics, partition leaders). Metadata is fetched from any broker (bootstrap addresses first,
// tried in turn), refreshed when a caller reports a stale leader or unknown topic, and on a timer.
import { metadataApi, type MetadataResponse } from '../../protocol/messages/metadata.js';
import type { Decoded } from '../../protocol/decoded.js';
import { findCoordinatorApi } from '../../protocol/messages/find-coordinator.js';
import { brokerError, COORDINATOR_CODES } from '../broker-error.js';
import { ClientClosedError, ConnectionError, KafkaClientError } from '../errors.js';
import type { ResolvedClientOptions } from '../options.js';
import { plainExchange } from '../sasl/plain.js';
import { scramExchange } from '../sasl/scram.js';
import type { SaslExchange } from '../sasl/mechanism.js';
import { backoffDelay, sleep, withRetry } from '../retry.js';
import { Connection } from './connection.js';

export interface BrokerAddress {
  nodeId: number;
  host: string;
  port: number;
  rack: string | null;
}

export interface PartitionInfo {
  partition: number;
  leader: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
}

export interface TopicInfo {
  name: string;
  topicId: string | undefined;
  isInternal: boolean;
  partitions: PartitionInfo[];
}

/**
 * Connections to one broker are kept per lane, so a long-polling fetch does not delay group traffic
 * ('fetch-wait': a consumer's fetch of partitions that are all caught up, which may wait at the broker,
 * beside its 'fetch' of partitions with records to read).
 */
export type ConnectionLane = 'default' | 'fetch' | 'fetch-wait' | 'group' | 'produce';

const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

export class Cluster {
  readonly options: ResolvedClientOptions;
  private readonly brokers = new Map<number, BrokerAddress>();
  private readonly topics = new Map<string, TopicInfo>();
  /** Topics whose metadata the client keeps fresh. */
  private readonly wanted = new Set<string>();
  private readonly connections = new Map<string, Connection>();
  private readonly bootstrapConnections: Connection[] = [];
  private refreshing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastRefreshMs = 0;
  private closed = false;
  controllerId = -1;
  clusterId: string | null = null;
  /** When false, metadata requests do not ask the broker to create missing topics. */
  allowAutoTopicCreation: boolean;

  constructor(options: ResolvedClientOptions, settings: { allowAutoTopicCreation?: boolean } = {}) {
    this.options = options;
    this.allowAutoTopicCreation = settings.allowAutoTopicCreation ?? false;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Fetches metadata from a bootstrap server and starts the refresh timer. */
  async connect(): Promise<void> {
    await this.refreshMetadata();
    if (!this.timer && !this.closed) {
      this.timer = setInterval(() => {
        if (Date.now() - this.lastRefreshMs >= this.options.metadataMaxAgeMs) this.refreshMetadata().catch(() => undefined);
      }, Math.min(this.options.metadataMaxAgeMs, 60_000));
      this.timer.unref();
    }
  }

  private saslFactory(): (() => SaslExchange) | undefined {
    const o = this.options;
    if (!o.saslMechanism) return undefined;
    const mechanism = o.saslMechanism;
    if (mechanism === 'PLAIN') return () => plainExchange({ username: o.saslUsername, password: o.saslPassword });
    return () => scramExchange({ mechanism, username: o.saslUsername, password: o.saslPassword });
  }

  private newConnection(host: string, port: number): Connection {
    const o = this.options;
    const useTls = o.securityProtocol === 'SSL' || o.securityProtocol === 'SASL_SSL';
    return new Connection({
      host,
      port,
      clientId: o.clientId,
      tls: useTls ? (o.ssl ?? {}) : undefined,
      sasl: this.saslFactory(),
      requestTimeoutMs: o.requestTimeoutMs,
      connectionTimeoutMs: o.connectionTimeoutMs,
    });
  }

  /** A ready connection to broker `nodeId` on `lane`, opened on demand. */
  async connection(nodeId: number, lane: ConnectionLane = 'default'): Promise<Connection> {
    if (this.closed) throw new ClientClosedError();
    const key = `${nodeId}/${lane}`;
    let conn = this.connections.get(key);
    if (!conn || conn.isClosed) {
      let broker = this.brokers.get(nodeId);
      if (!broker) {
        await this.refreshMetadata();
        broker = this.brokers.get(nodeId);
        if (!broker) throw new ConnectionError(`broker ${nodeId} is not in the cluster metadata`);
      }
      conn = this.newConnection(broker.host, broker.port);
      const created = conn;
      created.onClose(() => {
        if (this.connections.get(key) === created) this.connections.delete(key);
      });
      this.connections.set(key, conn);
    }
    await conn.connect();
    return conn;
  }

  /** A connection to some live broker (known brokers first, then the bootstrap list). */
  async anyConnection(): Promise<Connection> {
    if (this.closed) throw new ClientClosedError();
    for (const c of this.connections.values()) if (c.isReady) return c;
    let lastError: unknown;
    const ids = [...this.brokers.keys()];
    for (const id of ids) {
      try {
        return await this.connection(id);
      } catch (err) {
        lastError = err;
      }
    }
    for (const c of this.bootstrapConnections) if (c.isReady) return c;
    for (const addr of this.options.bootstrapServers) {
      const conn = this.newConnection(addr.host, addr.port);
      try {
        await conn.connect();
        this.bootstrapConnections.push(conn);
        conn.onClose(() => {
          const i = this.bootstrapConnections.indexOf(conn);
          if (i >= 0) this.bootstrapConnections.splice(i, 1);
        });
        return conn;
      } catch (err) {
        lastError = err;
      }
    }
    if (lastError instanceof KafkaClientError) throw lastError;
    throw new ConnectionError('no broker reachable', lastError);
  }

  /** Adds topics to the set kept in the cache and loads their metadata if missing. */
  async ensureTopics(topics: Iterable<string>): Promise<void> {
    let missing = false;
    for (const t of topics) {
      this.wanted.add(t);
      if (!this.topics.has(t)) missing = true;
    }
    if (missing) await this.refreshMetadata();
  }

  /** Forgets topics no longer needed (they stay cached until the next refresh). */
  setWantedTopics(topics: Iterable<string>): void {
    this.wanted.clear();
    for (const t of topics) this.wanted.add(t);
  }

  /** Reloads metadata; concurrent callers share one request. */
  refreshMetadata(): Promise<void> {
    this.refreshing ??= withRetry(() => this.fetchMetadata(), {
      retries: this.options.retries,
      retryBackoffMs: this.options.retryBackoffMs,
      retryBackoffMaxMs: this.options.retryBackoffMaxMs,
      aborted: () => this.closed,
    }).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** Metadata for explicit topics (or all topics when `topics` is null), without caching rules. */
  async metadata(topics: string[] | null): Promise<Decoded<MetadataResponse>> {
    const conn = await this.anyConnection();
    const version = conn.versionFor(metadataApi);
    return conn.request(
      metadataApi,
      {
        topics: topics === null ? null : topics.map((name) => ({ name, topicId: ZERO_UUID })),
        // Before v4 brokers decide on auto-creation themselves.
        ...(version >= 4 ? { allowAutoTopicCreation: this.allowAutoTopicCreation } : {}),
      },
      { version },
    );
  }

  private async fetchMetadata(): Promise<void> {
    const res = await this.metadata([...this.wanted]);
    this.lastRefreshMs = Date.now();
    this.brokers.clear();
    for (const b of res.brokers) this.brokers.set(b.nodeId, { nodeId: b.nodeId, host: b.host, port: b.port, rack: b.rack ?? null });
    this.controllerId = res.controllerId ?? -1;
    this.clusterId = res.clusterId ?? null;
    let retriable: KafkaClientError | undefined;
    for (const t of res.topics) {
      if (t.name === null) continue;
      if (t.errorCode !== 0) {
        this.topics.delete(t.name);
        this.countedTopic = undefined;
        const err = brokerError(t.errorCode, `metadata for topic ${t.name}`);
        // A topic being created reports LEADER_NOT_AVAILABLE / UNKNOWN_TOPIC: retried by the caller.
        if (!err.retriable) throw err;
        retriable = err;
        continue;
      }
      const partitions = t.partitions
        .map((p) => ({
          partition: p.partitionIndex,
          leader: p.errorCode === 0 || p.errorCode === 9 ? p.leaderId : p.leaderId,
          leaderEpoch: p.leaderEpoch ?? -1,
          replicas: p.replicaNodes,
          isr: p.isrNodes,
        }))
        .sort((a, b) => a.partition - b.partition);
      if (partitions.some((p) => p.leader < 0)) retriable ??= brokerError(5, `metadata for topic ${t.name}`);
      this.topics.set(t.name, { name: t.name, topicId: t.topicId, isInternal: t.isInternal ?? false, partitions });
      this.countedTopic = undefined;
    }
    if (retriable) throw retriable;
  }

  topic(name: string): TopicInfo | undefined {
    return this.topics.get(name);
  }

  /** the topic `partitionCount` answered last and its answer (a producer asks once per record, mostly for one topic) */
  private countedTopic: string | undefined;
  private lastCount: number | undefined;

  partitionCount(topic: string): number | undefined {
    if (topic === this.countedTopic) return this.lastCount;
    const count = this.topics.get(topic)?.partitions.length;
    this.countedTopic = topic;
    this.lastCount = count;
    return count;
  }

  leaderFor(topic: string, partition: number): number | undefined {
    const p = this.topics.get(topic)?.partitions[partition];
    return p && p.leader >= 0 ? p.leader : undefined;
  }

  topicIdOf(topic: string): string | undefined {
    return this.topics.get(topic)?.topicId;
  }

  topicNameById(topicId: string): string | undefined {
    for (const t of this.topics.values()) if (t.topicId === topicId) return t.name;
    return undefined;
  }

  brokerList(): BrokerAddress[] {
    return [...this.brokers.values()];
  }

  /** Finds the group (keyType 0) or transaction (keyType 1) coordinator, retrying while it loads. */
  async findCoordinator(key: string, keyType: 0 | 1): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      const conn = await this.anyConnection();
      const version = conn.versionFor(findCoordinatorApi);
      const res = await conn.request(findCoordinatorApi, version >= 4 ? { key: '', keyType, coordinatorKeys: [key] } : { key, keyType });
      let errorCode = res.errorCode ?? 0;
      let nodeId = res.nodeId ?? -1;
      let host = res.host ?? '';
      let port = res.port ?? 0;
      let message = res.errorMessage ?? null;
      if (version >= 4) {
        const c = res.coordinators?.[0];
        errorCode = c?.errorCode ?? -1;
        nodeId = c?.nodeId ?? -1;
        host = c?.host ?? '';
        port = c?.port ?? 0;
        message = c?.errorMessage ?? null;
      }
      if (errorCode === 0) {
        if (!this.brokers.has(nodeId)) this.brokers.set(nodeId, { nodeId, host, port, rack: null });
        return nodeId;
      }
      const err = brokerError(errorCode, `FindCoordinator(${key})`, message);
      if (!(COORDINATOR_CODES.has(errorCode) || err.retriable) || attempt >= Math.max(this.options.retries, 10) || this.closed) throw err;
      await sleep(backoffDelay(this.options, attempt));
    }
  }

  /** Drops cached connections to `nodeId` (after a failure) so the next call reconnects. */
  resetConnections(nodeId: number): void {
    for (const [key, conn] of this.connections) {
      if (key.startsWith(`${nodeId}/`)) {
        conn.close();
        this.connections.delete(key);
      }
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    for (const c of this.connections.values()) c.close();
    for (const c of this.bootstrapConnections) c.close();
    this.connections.clear();
    this.bootstrapConnections.length = 0;
  }
}
