// A built-in HTTP router for interactive queries (beyond Kafka Streams, which leaves the RPC layer to
// the user). Every instance runs one; any instance answers any key: locally when it holds the key's
// partition, else by forwarding to the active holder, falling back to its standbys.
//
// Routes (JSON answers):
//   GET /stores/:store/keys/:key                      the value of a key          -> {store,key,partition,found,value,host,stale}
//   GET /stores/:store/keys/:key/windows?from=&to=    windows of a key by start   -> {..., windows:[{start,value}]}
//   GET /stores/:store/keys/:key/sessions             sessions of a key (session stores) -> {..., sessions:[{start,end,value}]}
//   GET /stores/:store/range?from=&to=                key range over all partitions -> {store,entries:[{key,value,partition}]}
//   GET /stores/:store/all                            every entry, all partitions
//   GET /metadata                                     allMetadata()
//   GET /local/stores/:store/:op?partitions=&stale=   what peers call: this instance only, per partition
//
// While tasks move: a partition is answered by its active holder; if that fails (unreachable, not yet
// restored, migrated), by a standby (answer marked `stale: true`); if nobody can answer — no
// assignment yet, rebalancing, restoring — the answer is 503 with `Retry-After: 1` and a JSON body
// {error, retriable: true}. A range answers 503 as well when any partition is unavailable (no silent
// partial results). Unknown store: 404 {error: "UNKNOWN_STATE_STORE"}; absent key: 404 {found: false}.
//
// Global stores (a GlobalKTable's) are held whole by every instance: any router answers them locally,
// with `global: true` and partition -1 (never forwarded).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Serializer } from '../../serdes/serde.js';
import { QueryableStoreError } from '../errors.js';
import { hostInfoKey, sameHost, type HostInfo } from '../host-info.js';
import type { InteractiveQueries } from '../interactive-queries.js';
import { keyPartition, storeKeySerializer } from '../key-partition.js';
import { KeyQuery, RangeQuery, WindowKeyQuery, WindowRangeQuery, type Query } from '../queries.js';
import { runQuery } from '../run-query.js';
import type { StateStore } from '../../processor/state-store.js';
import type { WindowedKey } from '../../../state/windowed.js';
import { StateQueryRequest } from '../state-query.js';
import { isAvailable, type KeyQueryMetadata } from '../streams-metadata.js';
import { getFromPeer, PeerUnreachableError } from './forward.js';
import { toJsonText } from './json.js';

/** How the router reads keys from URLs and writes values, per store. */
export interface StoreHttpCodec {
  /** URL path segment / query parameter -> key (default: the string itself) */
  parseKey?: (text: string) => unknown;
  /** key serializer for partitioning (default: the local store's key serde, else UTF-8) */
  keySerializer?: Serializer<unknown>;
  /** value -> JSON-able (default: the value; Buffers base64, bigints as strings) */
  toJson?: (value: unknown) => unknown;
  /** key -> JSON-able in range answers (default: the key) */
  keyToJson?: (key: unknown) => unknown;
}

export interface QueryServerOptions {
  /** listen port (0 = a free one) */
  port?: number;
  /** listen address (default 127.0.0.1) */
  host?: string;
  stores?: Readonly<Record<string, StoreHttpCodec>>;
  /** how long to wait for a peer before trying the next holder (default 2000 ms) */
  forwardTimeoutMs?: number;
  /** after a peer failed, try its partitions' other holders first for this long (default 1000 ms) */
  peerDownMs?: number;
  /**
   * This instance's address as the assignment names it (its `application.server`); default: the
   * runtime's. A key held by this host is answered locally, others are forwarded.
   */
  self?: HostInfo;
}

type Op = 'key' | 'windows' | 'sessions' | 'range';

interface OpArgs {
  op: Op;
  key?: string;
  from?: string;
  to?: string;
}

/** one partition's answer as peers exchange it */
type PartitionAnswer = { ok: true; value: unknown; stale: boolean } | { ok: false; reason: string; message: string; retriable: boolean };

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body['message'] ?? body['error']));
  }
}

const UTF8: Serializer<unknown> = { serialize: (_t, v) => (v === null || v === undefined ? null : Buffer.from(String(v), 'utf8')) };

export class QueryServer {
  private readonly server: http.Server;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  private readonly forwardTimeoutMs: number;
  private listening: HostInfo | undefined;
  /** `host:port` -> until when it counts as down */
  private readonly downUntil = new Map<string, number>();
  /** requests answered here, and forwarded to peers (observability, tests) */
  readonly counters = { requests: 0, forwarded: 0, fallbacks: 0 };

  constructor(
    private readonly queries: InteractiveQueries,
    private readonly options: QueryServerOptions = {},
  ) {
    this.forwardTimeoutMs = options.forwardTimeoutMs ?? 2000;
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5000;
  }

  async start(): Promise<HostInfo> {
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, host, () => resolve());
    });
    const addr = this.server.address() as AddressInfo;
    this.listening = { host, port: addr.port };
    return this.listening;
  }

  /** the address the server listens on (after start) */
  address(): HostInfo | undefined {
    return this.listening;
  }

  async close(): Promise<void> {
    this.agent.destroy();
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private self(): HostInfo | undefined {
    return this.options.self ?? this.queries.runtime.thisHost ?? this.listening;
  }

  private codec(store: string): StoreHttpCodec {
    return this.options.stores?.[store] ?? {};
  }

  private parseKey(store: string, text: string): unknown {
    const parse = this.codec(store).parseKey;
    return parse === undefined ? text : parse(text);
  }

  private keySerializer(store: string): Serializer<unknown> {
    const configured = this.codec(store).keySerializer;
    if (configured !== undefined) return configured;
    for (const t of this.queries.runtime.localTasks()) {
      const s = storeKeySerializer(t.store(store));
      if (s !== undefined) return s;
    }
    return UTF8;
  }

  // ---- HTTP ----

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.counters.requests++;
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method !== 'GET') throw new HttpError(405, { error: 'METHOD_NOT_ALLOWED' });
      const parts = url.pathname.split('/').filter((p) => p.length > 0).map(decodeURIComponent);
      const q = url.searchParams;
      const arg = (name: string): string | undefined => q.get(name) ?? undefined;
      let body: unknown;
      if (parts[0] === 'metadata' && parts.length === 1) {
        body = this.queries.allMetadata().map((m) => ({ host: hostInfoKey(m.hostInfo), stores: [...m.stateStoreNames], partitions: m.topicPartitions, standbyStores: [...m.standbyStateStoreNames], standbyPartitions: m.standbyTopicPartitions }));
      } else if (parts[0] === 'local' && parts[1] === 'stores' && parts.length === 4) {
        const partitions = (arg('partitions') ?? '').split(',').filter((s) => s.length > 0).map(Number);
        const op = parts[3] as Op;
        body = { answers: Object.fromEntries(this.answerLocally(parts[2]!, { op, key: arg('key'), from: arg('from'), to: arg('to') }, partitions, arg('stale') === '1')) };
      } else if (parts[0] === 'stores' && parts[2] === 'keys' && parts.length === 4) {
        body = await this.keyed(parts[1]!, { op: 'key', key: parts[3]! }, res);
      } else if (parts[0] === 'stores' && parts[2] === 'keys' && parts[4] === 'windows' && parts.length === 5) {
        body = await this.keyed(parts[1]!, { op: 'windows', key: parts[3]!, from: arg('from') ?? '0', to: arg('to') ?? String(Number.MAX_SAFE_INTEGER) }, res);
      } else if (parts[0] === 'stores' && parts[2] === 'keys' && parts[4] === 'sessions' && parts.length === 5) {
        body = await this.keyed(parts[1]!, { op: 'sessions', key: parts[3]! }, res);
      } else if (parts[0] === 'stores' && (parts[2] === 'range' || parts[2] === 'all') && parts.length === 3) {
        body = await this.ranged(parts[1]!, parts[2] === 'all' ? { op: 'range' } : { op: 'range', from: arg('from'), to: arg('to') }, res);
      } else {
        throw new HttpError(404, { error: 'NOT_FOUND', message: `no route ${url.pathname}` });
      }
      this.send(res, res.statusCode === 404 ? 404 : 200, body);
    } catch (e) {
      if (e instanceof HttpError) {
        if (e.status === 503) res.setHeader('retry-after', '1');
        this.send(res, e.status, e.body);
      } else if (e instanceof QueryableStoreError) {
        if (e.retriable || e.code === 'STREAMS_STOPPED') res.setHeader('retry-after', '1');
        this.send(res, e.code === 'UNKNOWN_STATE_STORE' ? 404 : e.code === 'INVALID_PARTITION' ? 400 : 503, { error: e.code, retriable: e.retriable, message: e.message });
      } else {
        this.send(res, 500, { error: 'INTERNAL', message: e instanceof Error ? e.message : String(e) });
      }
    }
  }

  private send(res: http.ServerResponse, status: number, body: unknown): void {
    const text = toJsonText(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  // ---- local answers ----

  private buildQuery(store: string, args: OpArgs): Query<unknown> {
    switch (args.op) {
      case 'key':
        return KeyQuery.withKey(this.parseKey(store, args.key ?? ''));
      case 'windows':
        return WindowKeyQuery.withKeyAndWindowStartRange(this.parseKey(store, args.key ?? ''), Number(args.from ?? 0), Number(args.to ?? Number.MAX_SAFE_INTEGER));
      case 'sessions':
        return WindowRangeQuery.withKey(this.parseKey(store, args.key ?? ''));
      case 'range':
        return RangeQuery.withRange(args.from === undefined ? null : this.parseKey(store, args.from), args.to === undefined ? null : this.parseKey(store, args.to));
      default:
        throw new HttpError(400, { error: 'BAD_REQUEST', message: `unknown operation ${String(args.op)}` });
    }
  }

  /** runs the query on these local partitions: JSON-ready answers per partition */
  private answerLocally(store: string, args: OpArgs, partitions: readonly number[], stale: boolean): Map<number, PartitionAnswer> {
    const out = new Map<number, PartitionAnswer>();
    let request = StateQueryRequest.inStore(store).withQuery(this.buildQuery(store, args)).withPartitions(partitions);
    if (!stale) request = request.requireActive();
    let result;
    try {
      result = this.queries.query(request);
    } catch (e) {
      if (!(e instanceof QueryableStoreError) || e.code === 'UNKNOWN_STATE_STORE') throw e;
      for (const p of partitions) out.set(p, { ok: false, reason: e.code, message: e.message, retriable: e.retriable });
      return out;
    }
    for (const [p, r] of result.partitionResults) {
      if (r.isFailure()) {
        out.set(p, { ok: false, reason: r.failureReason!, message: r.failureMessage ?? '', retriable: r.failureReason === 'NOT_ACTIVE' || r.failureReason === 'NOT_PRESENT' });
        continue;
      }
      out.set(p, { ok: true, value: this.toJsonAnswer(store, args, r.getResult()), stale: r.stale });
    }
    return out;
  }

  /** one store's query result as JSON-ready data */
  private toJsonAnswer(store: string, args: OpArgs, v: unknown): unknown {
    const codec = this.codec(store);
    const toJson = codec.toJson ?? ((x: unknown) => x);
    const keyToJson = codec.keyToJson ?? ((k: unknown) => k);
    if (args.op === 'key') return v === null ? null : toJson(v);
    const it = v as Iterable<{ key: unknown; value: unknown }>;
    if (args.op === 'windows') return [...it].map((kv) => ({ start: kv.key, value: toJson(kv.value) }));
    if (args.op === 'sessions') {
      return [...it].map((kv) => {
        const w = (kv.key as WindowedKey<unknown>).window;
        return { start: w.start, end: w.end, value: toJson(kv.value) };
      });
    }
    return [...it].map((kv) => ({ key: keyToJson(kv.key), value: toJson(kv.value) }));
  }

  /** a global store: every instance holds all of it, so the answer is local */
  private answerGlobal(store: string, global: StateStore, args: OpArgs, res: http.ServerResponse): unknown {
    const r = runQuery(this.buildQuery(store, args), global, false);
    if (r.isFailure()) throw new HttpError(400, { error: r.failureReason, message: r.failureMessage });
    const value = this.toJsonAnswer(store, args, r.getResult());
    const self = this.self();
    const base = { store, global: true, partition: -1, host: self === undefined ? null : hostInfoKey(self), stale: false };
    if (args.op === 'range') return { ...base, partitions: 1, entries: value };
    if (args.op === 'windows') return { ...base, key: args.key, windows: value };
    if (args.op === 'sessions') return { ...base, key: args.key, sessions: value };
    if (value === null) res.statusCode = 404;
    return { ...base, key: args.key, found: value !== null, value };
  }

  /** asks one host (this one or a peer) for some partitions */
  private async ask(store: string, host: HostInfo, args: OpArgs, partitions: readonly number[], stale: boolean): Promise<Map<number, PartitionAnswer>> {
    if (sameHost(host, this.self())) return this.answerLocally(store, args, partitions, stale);
    const q = new URLSearchParams({ partitions: partitions.join(','), stale: stale ? '1' : '0' });
    if (args.key !== undefined) q.set('key', args.key);
    if (args.from !== undefined) q.set('from', args.from);
    if (args.to !== undefined) q.set('to', args.to);
    this.counters.forwarded++;
    const r = await getFromPeer(this.agent, host, `/local/stores/${encodeURIComponent(store)}/${args.op}?${q.toString()}`, this.forwardTimeoutMs);
    this.downUntil.delete(hostInfoKey(host));
    if (r.status !== 200) throw new PeerUnreachableError(`${hostInfoKey(host)} answered ${r.status}`);
    const answers = (r.body as { answers: Record<string, PartitionAnswer> }).answers;
    return new Map(Object.entries(answers).map(([p, a]) => [Number(p), a]));
  }

  /**
   * Answers partitions from their holders: each round asks every partition's next candidate (the
   * active first, then standbys) until all are answered or candidates run out.
   */
  private async gather(store: string, args: OpArgs, metas: readonly KeyQueryMetadata[]): Promise<{ answers: Map<number, PartitionAnswer & { host: string }>; failed: Map<number, string> }> {
    const answers = new Map<number, PartitionAnswer & { host: string }>();
    const failed = new Map<number, string>();
    const candidates = new Map<number, Array<{ host: HostInfo; stale: boolean }>>();
    for (const m of metas) {
      let list = [...(isAvailable(m) ? [{ host: m.activeHost, stale: false }] : []), ...m.standbyHosts.map((host) => ({ host, stale: true }))];
      // holders that failed recently go last (still tried when nobody else can answer)
      const now = Date.now();
      const down = (h: HostInfo): boolean => (this.downUntil.get(hostInfoKey(h)) ?? 0) > now;
      list = [...list.filter((c) => !down(c.host)), ...list.filter((c) => down(c.host))];
      // no holder with host info (e.g. application.server not set): this instance may still hold it
      const self = this.self();
      if (list.length === 0 && self !== undefined) list = [{ host: self, stale: false }];
      candidates.set(m.partition, list);
      if (list.length === 0) failed.set(m.partition, 'no instance holds this partition (no assignment yet, or rebalancing)');
    }
    for (let round = 0; ; round++) {
      const byHost = new Map<string, { host: HostInfo; stale: boolean; partitions: number[] }>();
      for (const [p, list] of candidates) {
        if (answers.has(p)) continue;
        const c = list[round];
        if (c === undefined) continue;
        const k = `${hostInfoKey(c.host)}|${c.stale}`;
        let g = byHost.get(k);
        if (!g) byHost.set(k, (g = { host: c.host, stale: c.stale, partitions: [] }));
        g.partitions.push(p);
      }
      if (byHost.size === 0) break;
      if (round > 0) this.counters.fallbacks++;
      await Promise.all(
        [...byHost.values()].map(async (g) => {
          try {
            const got = await this.ask(store, g.host, args, g.partitions, g.stale);
            for (const p of g.partitions) {
              const a = got.get(p);
              if (a?.ok) {
                answers.set(p, { ...a, host: hostInfoKey(g.host) });
                failed.delete(p);
              } else failed.set(p, `${hostInfoKey(g.host)}: ${a === undefined ? 'no answer' : `${a.reason} ${a.message}`}`);
            }
          } catch (e) {
            if (!(e instanceof PeerUnreachableError)) throw e;
            this.downUntil.set(hostInfoKey(g.host), Date.now() + (this.options.peerDownMs ?? 1000));
            for (const p of g.partitions) failed.set(p, e.message);
          }
        }),
      );
    }
    return { answers, failed };
  }

  private unavailable(store: string, failed: Map<number, string>): HttpError {
    return new HttpError(503, {
      error: 'UNAVAILABLE',
      retriable: true,
      message: `store ${store}: partitions ${[...failed.keys()].join(', ')} cannot be answered now (rebalancing, restoring, or holders unreachable); retry`,
      partitions: Object.fromEntries(failed),
    });
  }

  private async keyed(store: string, args: OpArgs, res: http.ServerResponse): Promise<unknown> {
    const global = this.queries.globalStore(store);
    if (global !== undefined) return this.answerGlobal(store, global, args, res);
    const key = this.parseKey(store, args.key ?? '');
    let meta = this.queries.queryMetadataForKey(store, key, this.keySerializer(store));
    if (!isAvailable(meta) && meta.partition < 0) {
      // no host info (no application.server, or no assignment yet): answer from local tasks if possible
      const self = this.self();
      const local = this.localPartitionOf(store, key);
      if (self === undefined || local === undefined) throw this.unavailable(store, new Map([[-1, 'no assignment with host info yet']]));
      meta = { activeHost: self, standbyHosts: [], partition: local };
    }
    const { answers, failed } = await this.gather(store, args, [meta]);
    const a = answers.get(meta.partition);
    if (a === undefined || !a.ok) throw this.unavailable(store, failed);
    const base = { store, key: args.key, partition: meta.partition, host: a.host, stale: a.stale };
    if (args.op === 'windows') return { ...base, windows: a.value };
    if (args.op === 'sessions') return { ...base, sessions: a.value };
    if (a.value === null) res.statusCode = 404;
    return { ...base, found: a.value !== null, value: a.value };
  }

  private localPartitionOf(store: string, key: unknown): number | undefined {
    try {
      return keyPartition(this.queries.local.topicsOf(store), key, { serializer: this.keySerializer(store) });
    } catch {
      return undefined;
    }
  }

  private async ranged(store: string, args: OpArgs, res: http.ServerResponse): Promise<unknown> {
    const global = this.queries.globalStore(store);
    if (global !== undefined) return this.answerGlobal(store, global, args, res);
    let metas = this.queries.metadata.partitionsMetadata(store);
    if (metas.length === 0) {
      this.queries.local.topicsOf(store); // unknown store -> 404, not started -> 503
      throw this.unavailable(store, new Map([[-1, 'no assignment with host info yet']]));
    }
    metas = [...metas].sort((a, b) => a.partition - b.partition);
    const { answers, failed } = await this.gather(store, args, metas);
    if (failed.size > 0) throw this.unavailable(store, failed);
    const entries: unknown[] = [];
    let stale = false;
    for (const m of metas) {
      const a = answers.get(m.partition)!;
      if (!a.ok) continue;
      stale ||= a.stale;
      for (const e of a.value as Array<{ key: unknown; value: unknown }>) entries.push({ ...e, partition: m.partition });
    }
    return { store, partitions: metas.length, stale, entries };
  }
}
