// startBroker(): the development broker as a library call.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { BrokerState } from './state/broker-state.js';
import { TcpServer } from './server/tcp-server.js';
import type { RequestInterceptor } from './server/intercept.js';
import type { FsyncPolicy } from './log/partition-log.js';
import type { CoordinatorSettings } from './txn/coordinators.js';
import type { SecurityOptions } from './security/security-config.js';
import { LogCleaner } from './cleaner/log-cleaner.js';
import './handlers/index.js';

export interface BrokerOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind and advertise; default 127.0.0.1. */
  host?: string;
  /** Directory for the logs; absent: everything is kept in memory. */
  dataDir?: string;
  /** Partitions of auto-created topics (and of CreateTopics with numPartitions -1); default 1. */
  partitions?: number;
  /** Create unknown topics on Metadata/Produce; default true. */
  autoCreateTopics?: boolean;
  /**
   * When appended data is fsynced (disk mode). Default `{ kind: 'interval', intervalMs: 1000 }`: every
   * acknowledged batch is already written to the OS when the producer gets its answer, so it survives
   * kill -9 of the broker; a machine crash can lose up to the last second. `always` syncs before answering.
   */
  fsync?: FsyncPolicy;
  /** Largest request frame accepted; default 100 MiB. */
  maxFrameBytes?: number;
  /** Node id reported in Metadata; default 1. */
  nodeId?: number;
  /** Where log lines go; default: none (the CLI passes console.error). */
  log?: (message: string) => void;
  /** Group and transaction coordinator settings (rebalance delay, session and txn timeout bounds). */
  coordinators?: CoordinatorSettings;
  /** SASL (PLAIN, SCRAM-SHA-256/512) and TLS of the listener; default plaintext without authentication. */
  security?: SecurityOptions;
  /** Log cleaner (retention and compaction): how often it visits the next partition; default 1000 ms. */
  cleanerIntervalMs?: number;
  /** Test hook: sees each request before its handler (see server/intercept.ts). */
  interceptor?: RequestInterceptor;
}

export interface Broker {
  readonly host: string;
  readonly port: number;
  /** 'host:port' */
  readonly address: string;
  /** Adds a request interceptor; returns a function that removes it. */
  intercept(interceptor: RequestInterceptor): () => void;
  close(): Promise<void>;
}

export async function startBroker(options: BrokerOptions = {}): Promise<Broker> {
  const log = options.log ?? (() => {});
  const host = options.host ?? '127.0.0.1';
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const fsync = options.fsync ?? { kind: 'interval', intervalMs: 1000 };
  const state = new BrokerState(
    {
      nodeId: options.nodeId ?? 1,
      clusterId: clusterIdFor(dataDir),
      host,
      port: 0,
      autoCreateTopics: options.autoCreateTopics ?? true,
      defaultPartitions: options.partitions ?? 1,
      ...(dataDir ? { dataDir } : {}),
      fsync,
      ...(options.coordinators ? { coordinators: options.coordinators } : {}),
    },
    log,
  );
  const interceptors: RequestInterceptor[] = options.interceptor ? [options.interceptor] : [];
  const server = new TcpServer({ state, maxFrameBytes: options.maxFrameBytes ?? 100 * 1024 * 1024, interceptors, log, security: options.security });
  let bound: { host: string; port: number };
  try {
    bound = await server.listen(host, options.port ?? 0);
  } catch (err) {
    state.coordinators.close();
    state.topics.close();
    throw err;
  }
  state.settings.port = bound.port;
  const cleaner = new LogCleaner({ topics: state.topics, intervalMs: options.cleanerIntervalMs ?? 1000, log });
  cleaner.start();
  const flushTimer =
    fsync.kind === 'interval' && dataDir ? setInterval(() => state.topics.flushAll(), fsync.intervalMs) : undefined;
  flushTimer?.unref();
  let closing: Promise<void> | undefined;
  return {
    host: bound.host,
    port: bound.port,
    address: `${bound.host}:${bound.port}`,
    intercept(interceptor) {
      interceptors.push(interceptor);
      return () => {
        const i = interceptors.indexOf(interceptor);
        if (i >= 0) interceptors.splice(i, 1);
      };
    },
    close() {
      closing ??= (async () => {
        if (flushTimer) clearInterval(flushTimer);
        cleaner.stop();
        await server.close();
        state.coordinators.close();
        state.topics.close();
      })();
      return closing;
    },
  };
}

function clusterIdFor(dataDir: string | undefined): string {
  // 22 characters of URL-safe base64, like Kafka's; stable per data directory is not needed for clients.
  void dataDir;
  return randomBytes(16).toString('base64url');
}
