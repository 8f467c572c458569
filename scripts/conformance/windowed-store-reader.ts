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
  return [...allSessions(store as AggregationSessionStore<string, string | number>)].map((kv) => ({
    key: { key: kv.key.key, start: kv.key.window.start, end: kv.key.window.end },
    value: kv.value,
  }));
}

/** every session: the state layer's session store reads them with fetchKeyRange(null, null) */
function allSessions<V>(store: AggregationSessionStore<string, V> & { fetchKeyRange?: (from: null, to: null) => Iterable<{ key: AggregationSessionKey; value: V }> }) {
  return store.fetchKeyRange ? store.fetchKeyRange(null, null) : store.all();
}
type AggregationSessionKey = { key: string; window: { start: number; end: number } };
