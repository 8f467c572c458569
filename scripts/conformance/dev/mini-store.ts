// TEMPORARY development harness: an in-memory timestamped key-value store (until the state layer lands).
import type { StateStore } from '../../../src/streams/processor/state-store.js';
import type { StoreBuilder } from '../../../src/state/store-builder.js';
import type { Serde } from '../../../src/streams/serdes/serde.js';

export class MiniStore implements StateStore {
  map = new Map<string, { key: unknown; value: unknown }>();
  constructor(readonly name: string, private readonly keySerde: Serde<unknown> | undefined) {}
  private k(key: unknown): string {
    return this.keySerde ? this.keySerde.serialize('', key)!.toString('hex') : String(key);
  }
  get(key: unknown): unknown { return this.map.get(this.k(key))?.value ?? null; }
  put(key: unknown, value: unknown): void {
    if (value === null || value === undefined) this.map.delete(this.k(key));
    else this.map.set(this.k(key), { key, value });
  }
  all(): { key: unknown; value: unknown }[] {
    return [...this.map.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((e) => e[1]);
  }
  init(): void {}
  flush(): void {}
  close(): void {}
  persistent(): boolean { return false; }
  isOpen(): boolean { return true; }
}

export function miniStoreBuilder(name: string, keySerde: Serde<unknown> | undefined): StoreBuilder<StateStore> {
  const b = {
    name,
    loggingEnabled: true,
    cachingEnabled: false,
    logConfig: {},
    withCachingEnabled: () => b,
    withCachingDisabled: () => b,
    withLoggingEnabled: () => b,
    withLoggingDisabled: () => b,
    build: () => new MiniStore(name, keySerde),
  };
  return b as unknown as StoreBuilder<StateStore>;
}

export class MiniWindowStore extends MiniStore {
  rows: { k: string; key: unknown; ts: number; value: unknown; seq: number }[] = [];
  private seq = 0;
  constructor(name: string, private readonly ks: Serde<unknown> | undefined) { super(name, ks); }
  private kk(key: unknown): string { return this.ks ? this.ks.serialize('', key)!.toString('hex') : String(key); }
  override put(key: unknown, value: unknown, ts?: number): void {
    if (value === null || value === undefined) return;
    this.rows.push({ k: this.kk(key), key, ts: ts!, value, seq: this.seq++ });
  }
  fetchWindows(key: unknown, from: number, to: number): { key: number; value: unknown }[] {
    const k = this.kk(key);
    return this.rows.filter((r) => r.k === k && r.ts >= from && r.ts <= to).sort((a, b) => a.ts - b.ts || a.seq - b.seq).map((r) => ({ key: r.ts, value: r.value }));
  }
}
export function miniWindowStoreBuilder(name: string, keySerde: Serde<unknown> | undefined): StoreBuilder<StateStore> {
  const b = miniStoreBuilder(name, keySerde) as unknown as { build: () => StateStore };
  b.build = () => new MiniWindowStore(name, keySerde);
  return b as unknown as StoreBuilder<StateStore>;
}
