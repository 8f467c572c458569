import type { StateStore, StateStoreContext } from '../../../processor/state-store.js';
import type { StoreBuilder } from '../../../../state/store-builder.js';
import type { Serde } from '../../../serdes/serde.js';
import type { Change } from '../change.js';
import type { WindowedKey } from '../windowing/window-spec.js';

/** A buffered update: the key, its latest change, the value before the first buffered update. */
export interface BufferedRecord {
  readonly key: unknown;
  readonly change: Change<unknown>;
  /** the value downstream last saw for the key (what a value getter reads while it is buffered) */
  readonly priorValue: unknown;
  readonly timestamp: number;
  readonly bufferTime: number;
  readonly sizeBytes: number;
}

/**
 * The buffer of a suppression (Kafka Streams' `InMemoryTimeOrderedKeyValueChangeBuffer`): one entry
 * per key, ordered by buffer time, then key bytes. Re-buffering a key replaces its update but
 * keeps the time and prior value of its first buffering. In memory; not changelogged yet.
 */
export class SuppressionBuffer implements StateStore {
  private readonly index = new Map<string, BufferedRecord & { id: string }>();
  private sorted: (BufferedRecord & { id: string })[] = [];
  private sortedDirty = false;
  private bytes = 0;
  private open = false;

  constructor(
    readonly name: string,
    private readonly keySerde: Serde<unknown> | undefined,
    private readonly valueSerde: Serde<unknown> | undefined,
  ) {}

  init(_context: StateStoreContext): void {
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

  private keyId(key: unknown): string {
    const w = key as Partial<WindowedKey<unknown>> | null;
    if (w !== null && typeof w === 'object' && w.window !== undefined && 'key' in w) {
      // a windowed key sorts as Kafka's windowed serdes write it: key bytes, then the window
      // (sessions differ in their end too)
      return `${this.plainKeyId(w.key)}\u0000${w.window.start.toString(16).padStart(14, '0')}${w.window.end.toString(16).padStart(14, '0')}`;
    }
    return this.plainKeyId(key);
  }

  private plainKeyId(key: unknown): string {
    if (this.keySerde) {
      try {
        const b = this.keySerde.serialize('', key);
        if (b !== null) return b.toString('latin1');
      } catch {
        // a key the serde cannot write (a windowed key with a plain serde): fall through
      }
    }
    return typeof key === 'string' ? key : JSON.stringify(key);
  }

  private valueSize(value: unknown): number {
    if (value === null || value === undefined) return 0;
    if (this.valueSerde) {
      try {
        return this.valueSerde.serialize('', value)?.length ?? 0;
      } catch {
        // fall through to an estimate
      }
    }
    return typeof value === 'string' ? Buffer.byteLength(value) : 8;
  }

  get numRecords(): number {
    return this.index.size;
  }

  get bufferSize(): number {
    return this.bytes;
  }

  minTimestamp(): number {
    this.sort();
    return this.sorted.length === 0 ? Number.MAX_SAFE_INTEGER : this.sorted[0]!.bufferTime;
  }

  put(bufferTime: number, key: unknown, change: Change<unknown>, timestamp: number): void {
    const id = this.keyId(key);
    const previous = this.index.get(id);
    const priorValue = previous ? previous.priorValue : change.oldValue;
    if (previous) this.bytes -= previous.sizeBytes;
    // key, prior/old/new values, and the record metadata Kafka counts (timestamp, offset, partition)
    const sizeBytes = id.length + this.valueSize(priorValue) + this.valueSize(change.oldValue) + this.valueSize(change.newValue) + 8 + 8 + 4 + 8;
    // non-resetting: a key buffered again keeps the buffer time of its first buffering
    const entry = { id, key, change, priorValue, timestamp, bufferTime: previous ? previous.bufferTime : bufferTime, sizeBytes };
    this.index.set(id, entry);
    this.bytes += sizeBytes;
    if (previous) {
      this.sorted[this.sorted.indexOf(previous)] = entry;
    } else {
      this.sorted.push(entry);
      this.sortedDirty = true;
    }
  }

  private sort(): void {
    if (!this.sortedDirty) return;
    this.sorted.sort((a, b) => a.bufferTime - b.bufferTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.sortedDirty = false;
  }

  /** evicts the oldest entries while `predicate` holds, handing each to `emit` */
  evictWhile(predicate: () => boolean, emit: (record: BufferedRecord) => void): void {
    this.sort();
    while (this.sorted.length > 0 && predicate()) {
      const entry = this.sorted.shift()!;
      this.index.delete(entry.id);
      this.bytes -= entry.sizeBytes;
      emit(entry);
    }
  }

  /** the value a getter should read for a buffered key, or undefined when the key is not buffered */
  priorValueFor(key: unknown): { value: unknown } | undefined {
    const e = this.index.get(this.keyId(key));
    return e ? { value: e.priorValue } : undefined;
  }
}

export function suppressionBufferBuilder(name: string, keySerde: Serde<unknown> | undefined, valueSerde: Serde<unknown> | undefined): StoreBuilder<StateStore> {
  let logging = true;
  let logConfig: Readonly<Record<string, string>> = {};
  const builder: StoreBuilder<StateStore> = {
    name,
    cachingEnabled: false,
    get loggingEnabled() {
      return logging;
    },
    get logConfig() {
      return logConfig;
    },
    withCachingEnabled: () => builder,
    withCachingDisabled: () => builder,
    withLoggingEnabled(config = {}) {
      logging = true;
      logConfig = config;
      return builder;
    },
    withLoggingDisabled() {
      logging = false;
      return builder;
    },
    build: () => new SuppressionBuffer(name, keySerde, valueSerde),
  };
  return builder;
}
