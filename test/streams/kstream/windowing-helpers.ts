// Helpers for the windowed DSL tests: windowed keys as text, windowed store contents.
import type { KStream } from '../../../src/streams/kstream/kstream.js';
import type { KTable } from '../../../src/streams/kstream/ktable.js';
import { keyValue } from '../../../src/streams/kstream/functions.js';
import type { TopologyTestDriver } from '../../../src/test-utils/index.js';
import type { AggregationSessionStore, AggregationWindowStore, WindowedKey } from '../../../src/streams/kstream/internals/windowing/window-spec.js';
import { str, long } from './harness.js';

export const S = { keySerde: str, valueSerde: str };
export const L = { keySerde: str, valueSerde: long };

/** `key@start/end` */
export function wk(k: WindowedKey<string | null>): string {
  return `${k.key}@${k.window.start}/${k.window.end}`;
}

/** the table's updates with `key@start/end` keys, written to `topic` */
export function toWindowedTopic<V>(table: KTable<WindowedKey<string>, V>, topic: string, valueSerde: typeof str | typeof long): KStream<string, V> {
  const s = table.toStream().map((k, v) => keyValue(wk(k), v));
  s.to(topic, { keySerde: str, valueSerde: valueSerde as never });
  return s;
}

export function windowStore(driver: TopologyTestDriver, name: string): { key: string; value: unknown; timestamp: number }[] {
  const store = driver.getStateStore<AggregationWindowStore<string, unknown>>(name);
  if (!store) throw new Error(`no store ${name}`);
  return [...store.all()].map((kv) => ({ key: wk(kv.key), value: kv.value.value, timestamp: kv.value.timestamp }));
}

export function sessionStore(driver: TopologyTestDriver, name: string): { key: string; value: unknown }[] {
  const store = driver.getStateStore<AggregationSessionStore<string, unknown>>(name);
  if (!store) throw new Error(`no store ${name}`);
  const all = (store as { fetchKeyRange?: (a: null, b: null) => Iterable<{ key: WindowedKey<string>; value: unknown }> }).fetchKeyRange?.(null, null) ?? store.all();
  return [...all].map((kv) => ({ key: wk(kv.key), value: kv.value }));
}
