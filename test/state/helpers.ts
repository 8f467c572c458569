import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChangelogReader, ChangelogRecord, ChangelogRecordView, RecordCollector, StateStoreContext, StoreRegistration } from '../../src/streams/processor/state-store.js';
import type { Serde } from '../../src/streams/serdes/serde.js';
import { TaskId } from '../../src/streams/processor/task-id.js';
import type { RecordCache } from '../../src/state/record-cache.js';

export interface SentRecord {
  topic: string;
  partition: number | undefined;
  key: Buffer | null;
  value: Buffer | null;
  timestamp: number;
}

/** A collector that keeps what it is sent. */
export class CapturingCollector implements RecordCollector {
  readonly sent: SentRecord[] = [];
  send(record: Parameters<RecordCollector['send']>[0]): void {
    this.sent.push({ topic: record.topic, partition: record.partition, key: record.key, value: record.value, timestamp: record.timestamp });
  }
}

export interface TestContext extends StateStoreContext {
  readonly collector: CapturingCollector;
  readonly registrations: StoreRegistration[];
  timestamp: number;
  streamTime: number;
}

export function testContext(options: { stateDir?: string; recordCache?: RecordCache; appConfigs?: Record<string, unknown> } = {}): TestContext {
  const collector = new CapturingCollector();
  const registrations: StoreRegistration[] = [];
  const ctx: TestContext = {
    applicationId: 'app',
    taskId: new TaskId(0, 1),
    stateDir: options.stateDir ?? '/nonexistent-state-dir',
    appConfigs: options.appConfigs ?? {},
    changelogFor: (store: string) => `app-${store}-changelog`,
    changelogPartition: 1,
    recordCollector: collector,
    collector,
    registrations,
    timestamp: 0,
    streamTime: 0,
    currentRecordTimestamp: () => ctx.timestamp,
    currentStreamTimeMs: () => ctx.streamTime,
    register: (r: StoreRegistration) => {
      registrations.push(r);
    },
    ...(options.recordCache ? { recordCache: options.recordCache } : {}),
  };
  return ctx;
}

/** A fresh temporary directory, removed when `cleanup` is called. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kstreams-state-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const stringSerde: Serde<string> = {
  serialize: (_t, data) => (data === null ? null : Buffer.from(data, 'utf8')),
  deserialize: (_t, data) => (data === null ? null : data.toString('utf8')),
};

/** big-endian 8-byte longs, as Java's LongSerde */
export const longSerde: Serde<number> = {
  serialize: (_t, data) => {
    if (data === null) return null;
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(BigInt(data));
    return b;
  },
  deserialize: (_t, data) => (data === null ? null : Number(data.readBigInt64BE(0))),
};

export const backends = [
  { name: 'in-memory', persistent: false },
  { name: 'lmdb', persistent: true },
] as const;

/**
 * A changelog reader over records laid out in one buffer, as a consumer's fetched bytes hold them
 * (with a byte of filler around each field); `data` is that buffer.
 */
export function readerOver(records: readonly ChangelogRecord[]): { reader: ChangelogReader; data: Buffer } {
  let size = 1;
  for (const r of records) size += (r.key?.length ?? 0) + (r.value?.length ?? 0) + 2;
  const data = Buffer.alloc(size, 0x2e);
  let pos = 1;
  const place = (bytes: Buffer | null): [number, number] => {
    const start = pos;
    if (bytes !== null) pos += bytes.copy(data, pos);
    pos++;
    return [start, bytes === null ? -1 : bytes.length];
  };
  const views: ChangelogRecordView[] = records.map((r) => {
    const [keyStart, keyLength] = place(r.key);
    const [valueStart, valueLength] = place(r.value);
    return { data, keyStart, keyLength, valueStart, valueLength, timestamp: r.timestamp };
  });
  let i = 0;
  return { reader: { next: () => (i < views.length ? views[i++]! : null) }, data };
}
