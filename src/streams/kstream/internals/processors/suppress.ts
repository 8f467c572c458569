import type { Processor } from '../../../processor/processor.js';
import { Record } from '../../../processor/record.js';
import type { Headers } from '../../../processor/headers.js';
import type { StateStore, StateStoreContext } from '../../../processor/state-store.js';
import type { Serde } from '../../../serdes/serde.js';
import type { StoreBuilder } from '../../../../state/store-builder.js';
import { SessionWindow, Windowed } from '../../windowed.js';
import { Change } from '../change.js';
import type { ChangeContext, KTableProcessorSupplier, KTableValueGetterSupplier } from './table-support.js';
import type { ParentTable } from './ktable-ops.js';

interface Buffered {
  time: number;
  keyBytes: Buffer;
  key: unknown;
  change: Change<unknown>;
  timestamp: number;
  headers: Headers;
}

/**
 * The in-memory buffer of a suppression (Kafka Streams' `InMemoryTimeOrderedKeyValueChangeBuffer`):
 * entries ordered by buffer time, then key bytes; a key buffered again keeps its place and time and
 * takes the latest change. Not changelogged yet: after a restart the buffer starts empty.
 */
export class SuppressionBuffer implements StateStore {
  private readonly entries: Buffered[] = [];
  private readonly byKey = new Map<string, Buffered>();
  private open = false;

  constructor(
    readonly name: string,
    private readonly keyBytesOf: (key: unknown) => Buffer,
  ) {}

  init(context: StateStoreContext, root: StateStore): void {
    context.register({ store: root, restore: () => {} });
    this.open = true;
  }
  flush(): void {}
  close(): void {
    this.open = false;
  }
  persistent(): boolean {
    return false;
  }
  isOpen(): boolean {
    return this.open;
  }

  get numRecords(): number {
    return this.entries.length;
  }

  minTimestamp(): number {
    return this.entries.length === 0 ? Number.POSITIVE_INFINITY : this.entries[0]!.time;
  }

  put(time: number, record: Record<unknown, Change<unknown>>): void {
    const keyBytes = this.keyBytesOf(record.key);
    const id = keyBytes.toString('latin1');
    const existing = this.byKey.get(id);
    if (existing) {
      existing.change = record.value;
      existing.timestamp = record.timestamp;
      existing.headers = record.headers;
      return;
    }
    const entry: Buffered = { time, keyBytes, key: record.key, change: record.value, timestamp: record.timestamp, headers: record.headers };
    let i = this.entries.length;
    while (i > 0 && compare(this.entries[i - 1]!, entry) > 0) i--;
    this.entries.splice(i, 0, entry);
    this.byKey.set(id, entry);
  }

  /** removes and hands over entries, oldest first, while `predicate` holds */
  evictWhile(predicate: () => boolean, emit: (entry: Buffered) => void): void {
    while (this.entries.length > 0 && predicate()) {
      const entry = this.entries.shift()!;
      this.byKey.delete(entry.keyBytes.toString('latin1'));
      emit(entry);
    }
  }
}

function compare(a: Buffered, b: Buffered): number {
  return a.time - b.time || Buffer.compare(a.keyBytes, b.keyBytes);
}

/** Key bytes as Kafka orders them: windowed keys are [key][start] (time) or [key][end][start] (session). */
export function bufferKeyBytes(keySerde: Serde<unknown>): (key: unknown) => Buffer {
  const long = (n: number): Buffer => {
    const b = Buffer.allocUnsafe(8);
    b.writeBigInt64BE(BigInt(n));
    return b;
  };
  return (key) => {
    if (key instanceof Windowed) {
      const inner = keySerde.serialize('', key.key) ?? Buffer.alloc(0);
      return key.window instanceof SessionWindow
        ? Buffer.concat([inner, long(key.window.end), long(key.window.start)])
        : Buffer.concat([inner, long(key.window.start)]);
    }
    return keySerde.serialize('', key) ?? Buffer.alloc(0);
  };
}

/** Builds the buffer store; the key serde may come from the application config. */
export class SuppressionBufferBuilder implements StoreBuilder<StateStore> {
  private keySerde: Serde<unknown> | undefined;

  constructor(
    readonly name: string,
    keySerde: Serde<unknown> | undefined,
  ) {
    this.keySerde = keySerde;
  }

  get loggingEnabled(): boolean {
    return false;
  }
  get cachingEnabled(): boolean {
    return false;
  }
  get logConfig(): Readonly<globalThis.Record<string, string>> {
    return {};
  }
  withCachingEnabled(): this {
    return this;
  }
  withCachingDisabled(): this {
    return this;
  }
  withLoggingEnabled(): this {
    return this;
  }
  withLoggingDisabled(): this {
    return this;
  }
  configure(config: Readonly<globalThis.Record<string, unknown>>): void {
    this.keySerde ??= config['default.key.serde'] as Serde<unknown> | undefined;
  }
  build(): StateStore {
    if (!this.keySerde) throw new TypeError(`suppression buffer ${this.name}: no key serde and no default key serde`);
    return new SuppressionBuffer(this.name, bufferKeyBytes(this.keySerde));
  }
}

/**
 * `KTable.suppress` (Kafka Streams' `KTableSuppressProcessorSupplier`): buffers each update under a
 * buffer time (the record time, or the window end for final results) and emits entries once stream
 * time minus `suppressMs` reaches their time, or early when the buffer holds more than `maxRecords`.
 */
export class KTableSuppressSupplier implements KTableProcessorSupplier {
  constructor(
    private readonly parent: ParentTable,
    private readonly storeName: string,
    private readonly options: { suppressMs: number; maxRecords: number; windowEndTime: boolean; safeToDropTombstones: boolean },
  ) {
    // the buffer keeps old values so that what it emits carries them
    parent.enableSendingOldValues(true);
  }

  enableSendingOldValues(forceMaterialization: boolean): boolean {
    return this.parent.enableSendingOldValues(forceMaterialization);
  }

  view(): KTableValueGetterSupplier<unknown, unknown> {
    throw new Error('reading a suppressed table (join, groupBy source) is not supported yet');
  }

  get(): Processor<unknown, Change<unknown>, unknown, Change<unknown>> {
    const { storeName } = this;
    const { suppressMs, maxRecords, windowEndTime, safeToDropTombstones } = this.options;
    let context: ChangeContext;
    let buffer: SuppressionBuffer;
    let observedStreamTime = -1;
    const emit = (e: Buffered): void => {
      if (e.change.newValue === null && safeToDropTombstones) return;
      context.forward(new Record(e.key, e.change, e.timestamp, e.headers));
    };
    return {
      init(ctx) {
        context = ctx;
        buffer = ctx.getStateStore<SuppressionBuffer>(storeName);
      },
      process(record) {
        observedStreamTime = Math.max(observedStreamTime, record.timestamp);
        const time = windowEndTime ? (record.key as Windowed<unknown>).window.end : record.timestamp;
        buffer.put(time, record);
        const expiryTime = observedStreamTime - suppressMs;
        buffer.evictWhile(() => buffer.minTimestamp() <= expiryTime, emit);
        if (buffer.numRecords > maxRecords) buffer.evictWhile(() => buffer.numRecords > maxRecords, emit);
      },
    };
  }
}
