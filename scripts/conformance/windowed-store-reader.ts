// Reads a window or session store the way the vectors list them (README section 7).
import type { StateStore } from '../../src/streams/processor/state-store.js';
import type { AggregationSessionStore, AggregationWindowStore } from '../../src/streams/kstream/internals/windowing/window-spec.js';

type Row = { key: { key: string; start: number; end: number }; value: string | number | null; timestamp?: number };

export function readWindowedStore(store: StateStore | undefined, kind: 'window' | 'session'): Row[] {
  if (!store) throw new Error('no such store');
  if (kind === 'window') {
    return [...(store as AggregationWindowStore<string, string | number>).all()].map((kv) => ({
      key: { key: kv.key.key, start: kv.key.window.start, end: kv.key.window.end },
      value: kv.value.value,
      timestamp: kv.value.timestamp,
    }));
  }
  return [...(store as AggregationSessionStore<string, string | number>).all()].map((kv) => ({
    key: { key: kv.key.key, start: kv.key.window.start, end: kv.key.window.end },
    value: kv.value,
  }));
}
