// Builds a vector's topology (README section 2) with the kstreams DSL, the way the Java generator
// called Kafka Streams: explicit String/Long serdes everywhere, names through Named/Consumed/
// Produced/Grouped/Repartitioned/Joined, stores through Materialized.as(store).

import type { Serde } from '../../src/streams/serdes/serde.js';
import { StreamsBuilder } from '../../src/streams/kstream/streams-builder.js';
import type { KStream } from '../../src/streams/kstream/kstream.js';
import type { KTable } from '../../src/streams/kstream/ktable.js';
import type { GlobalKTable } from '../../src/streams/kstream/global-ktable.js';
import type { KGroupedStream } from '../../src/streams/kstream/kgrouped-stream.js';
import type { KGroupedTable } from '../../src/streams/kstream/kgrouped-table.js';
import type { Materialized } from '../../src/streams/kstream/materialized.js';
import type { TimeWindowedKStream } from '../../src/streams/kstream/time-windowed-kstream.js';
import { TimeWindows } from '../../src/streams/kstream/time-windows.js';
import { Suppressed } from '../../src/streams/kstream/suppressed.js';
import type { CogroupedKStream, TimeWindowedCogroupedKStream, SessionWindowedCogroupedKStream } from '../../src/streams/kstream/cogrouped-kstream.js';
import { SessionWindows } from '../../src/streams/kstream/session-windows.js';
import { SlidingWindows } from '../../src/streams/kstream/sliding-windows.js';
import type { SessionWindowedKStream } from '../../src/streams/kstream/session-windowed-kstream.js';
import type { Windowed } from '../../src/streams/kstream/windowed.js';
import * as F from './functions.js';
import type { Step, Vector } from './vector.js';

type Val = string | number | null;
export type ValueType = 'string' | 'long';

/** An operation this implementation does not have yet: the vector is skipped, naming it. */
export class UnsupportedOperationError extends Error {
  constructor(readonly operation: string) {
    super(`operation not implemented: ${operation}`);
  }
}

export const stringSerde: Serde<string> = {
  serialize: (_t, data) => (data === null || data === undefined ? null : Buffer.from(data, 'utf8')),
  deserialize: (_t, data) => (data === null ? null : data.toString('utf8')),
};

export const longSerde: Serde<number> = {
  serialize: (_t, data) => {
    if (data === null || data === undefined) return null;
    const b = Buffer.allocUnsafe(8);
    b.writeBigInt64BE(BigInt(data));
    return b;
  },
  deserialize: (_t, data) => (data === null ? null : Number(data.readBigInt64BE(0))),
};

type Entry =
  | { kind: 'stream'; value: ValueType; stream: KStream<Val, Val> }
  | { kind: 'table'; value: ValueType; table: KTable<Val, Val> }
  | { kind: 'globalTable'; value: ValueType; table: GlobalKTable<Val, Val> }
  | { kind: 'groupedStream'; value: ValueType; grouped: KGroupedStream<Val, Val> }
  | { kind: 'groupedTable'; value: ValueType; grouped: KGroupedTable<Val, Val> }
  | { kind: 'timeWindowedStream'; value: ValueType; windowed: TimeWindowedKStream<Val, Val>; retentionDefault: number }
  | { kind: 'sessionWindowedStream'; value: ValueType; windowed: SessionWindowedKStream<Val, Val> }
  | { kind: 'cogrouped'; value: ValueType; cogrouped: CogroupedKStream<Val, Val> }
  | { kind: 'timeWindowedCogrouped'; value: ValueType; windowed: TimeWindowedCogroupedKStream<Val, Val> }
  | { kind: 'sessionWindowedCogrouped'; value: ValueType; windowed: SessionWindowedCogroupedKStream<Val, Val> };

/** how keys of a stream or table look: plain strings, or windowed keys after a windowed aggregation */
export type KeyType = 'plain' | 'windowed';

export interface BuiltVector {
  builder: StreamsBuilder;
  /** topics the events pipe into */
  inputTopics: Set<string>;
  /** output topics with the type of their values and keys */
  outputTopics: Map<string, ValueType>;
  windowedOutputTopics: Set<string>;
  /** named stores with the type of their values */
  stores: Map<string, ValueType>;
  windowStores: Set<string>;
  sessionStores: Set<string>;
}

const LATER = new Set(['fkJoin', 'fkLeftJoin']);

/** Windowed keys on a sink: JSON {"key","start","end"} (the runner's own sink-only format). */
export const windowedKeySerde: Serde<Windowed<Val>> = {
  serialize: (_t, d) => (d === null || d === undefined ? null : Buffer.from(JSON.stringify({ key: d.key, start: d.window.start, end: d.window.end }))),
  deserialize: () => {
    throw new Error('windowed keys are read back with windowedKeyReader');
  },
};

export function windowedKeyReader(data: Buffer | null): { key: string; start: number; end: number } | null {
  return data === null ? null : (JSON.parse(data.toString()) as { key: string; start: number; end: number });
}

function serdeOf(type: ValueType): Serde<Val> {
  return (type === 'long' ? longSerde : stringSerde) as Serde<Val>;
}

export function buildVector(vector: Vector): BuiltVector {
  const builder = new StreamsBuilder();
  const ids = new Map<string, Entry>();
  const inputTopics = new Set<string>();
  const outputTopics = new Map<string, ValueType>();
  const stores = new Map<string, ValueType>();
  const windowStores = new Set<string>();
  const sessionStores = new Set<string>();
  const windowedOutputTopics = new Set<string>();
  /** ids whose keys are windowed */
  const windowedIds = new Set<string>();
  const key = stringSerde as Serde<Val>;

  const get = (id: string): Entry => {
    const e = ids.get(id);
    if (!e) throw new Error(`step refers to unknown id ${id}`);
    return e;
  };
  const fromOne = (step: Step): Entry => get(step.from as string);
  const fromList = (step: Step): Entry[] => (Array.isArray(step.from) ? step.from : [step.from as string]).map(get);
  const put = (step: Step, entry: Entry): void => {
    if (step.id !== undefined) ids.set(step.id, entry);
  };
  const materialized = (step: Step, type: ValueType, always: boolean): Materialized<Val, Val> | undefined => {
    if (step.store !== undefined) {
      stores.set(step.store, type);
      return { storeName: step.store, keySerde: key, valueSerde: serdeOf(type) };
    }
    return always ? { keySerde: key, valueSerde: serdeOf(type) } : undefined;
  };
  const expectStream = (e: Entry, op: string): Extract<Entry, { kind: 'stream' }> => {
    if (e.kind !== 'stream') throw new Error(`${op} needs a stream, got ${e.kind}`);
    return e;
  };

  for (const step of vector.topology) {
    if (LATER.has(step.op)) throw new UnsupportedOperationError(step.op);
    const fromIds = step.from === undefined ? [] : Array.isArray(step.from) ? step.from : [step.from];
    if (step.id !== undefined && fromIds.some((id) => windowedIds.has(id))) windowedIds.add(step.id);
    const named = step.name !== undefined ? { name: step.name } : {};
    switch (step.op) {
      case 'stream': {
        const topics = step.topics ?? [step.topic!];
        for (const t of topics) inputTopics.add(t);
        put(step, { kind: 'stream', value: 'string', stream: builder.stream<Val, Val>(topics, { keySerde: key, valueSerde: stringSerde as Serde<Val>, ...named }) });
        break;
      }
      case 'table':
      case 'globalTable': {
        inputTopics.add(step.topic!);
        const options = { consumed: { keySerde: key, valueSerde: stringSerde as Serde<Val>, ...named }, materialized: materialized(step, 'string', false) };
        if (step.op === 'table') put(step, { kind: 'table', value: 'string', table: builder.table<Val, Val>(step.topic!, options) });
        else put(step, { kind: 'globalTable', value: 'string', table: builder.globalTable<Val, Val>(step.topic!, options) });
        break;
      }
      case 'filter':
      case 'filterNot': {
        const e = fromOne(step);
        const pred = F.predicate(step.predicate!);
        const not = step.op === 'filterNot';
        if (e.kind === 'stream') {
          put(step, { ...e, stream: not ? e.stream.filterNot(pred, named) : e.stream.filter(pred, named) });
        } else if (e.kind === 'table') {
          const options = { ...named, materialized: materialized(step, e.value, false) };
          put(step, { ...e, table: not ? e.table.filterNot(pred, options) : e.table.filter(pred, options) });
        } else throw new Error(`${step.op} on ${e.kind}`);
        break;
      }
      case 'mapValues': {
        const e = fromOne(step);
        const m = F.valueMapper(step.mapper!);
        const type: ValueType = m.keepsType ? e.value : 'string';
        if (e.kind === 'stream') put(step, { kind: 'stream', value: type, stream: e.stream.mapValues(m.fn, named) });
        else if (e.kind === 'table') put(step, { kind: 'table', value: type, table: e.table.mapValues(m.fn, { ...named, materialized: materialized(step, type, false) }) });
        else throw new Error(`mapValues on ${e.kind}`);
        break;
      }
      case 'map': {
        const e = expectStream(fromOne(step), 'map');
        const m = F.keyValueMapper(step.mapper!);
        put(step, { kind: 'stream', value: m.keepsType ? e.value : 'string', stream: e.stream.map(m.fn, named) });
        break;
      }
      case 'flatMap': {
        const e = expectStream(fromOne(step), 'flatMap');
        put(step, { kind: 'stream', value: 'string', stream: e.stream.flatMap(F.flatMapMapper(step.mapper!), named) });
        break;
      }
      case 'flatMapValues': {
        const e = expectStream(fromOne(step), 'flatMapValues');
        put(step, { kind: 'stream', value: 'string', stream: e.stream.flatMapValues(F.flatMapValuesMapper(step.mapper!), named) });
        break;
      }
      case 'selectKey': {
        const e = expectStream(fromOne(step), 'selectKey');
        put(step, { ...e, stream: e.stream.selectKey(F.keyFunction(step.mapper!), named) });
        break;
      }
      case 'merge': {
        const list = fromList(step).map((e) => expectStream(e, 'merge'));
        let merged = list[0]!.stream;
        for (let i = 1; i < list.length; i++) merged = merged.merge(list[i]!.stream, list.length === 2 ? named : {});
        put(step, { kind: 'stream', value: list[0]!.value, stream: merged });
        break;
      }
      case 'split': {
        const e = expectStream(fromOne(step), 'split');
        const split = e.stream.split(named);
        for (const b of step.branches ?? []) {
          split.branch(F.predicate(b.predicate), {
            name: b.name,
            chain: (s) => {
              ids.set(b.id, { kind: 'stream', value: e.value, stream: s });
              return s;
            },
          });
        }
        if (step.defaultBranch) {
          const d = step.defaultBranch;
          split.defaultBranch({
            name: d.name,
            chain: (s) => {
              ids.set(d.id, { kind: 'stream', value: e.value, stream: s });
              return s;
            },
          });
        } else {
          split.noDefaultBranch();
        }
        break;
      }
      case 'repartition': {
        const e = expectStream(fromOne(step), 'repartition');
        put(step, { ...e, stream: e.stream.repartition({ keySerde: key, valueSerde: serdeOf(e.value), ...named }) });
        break;
      }
      case 'toTable': {
        const e = expectStream(fromOne(step), 'toTable');
        put(step, { kind: 'table', value: e.value, table: e.stream.toTable({ ...named, materialized: materialized(step, e.value, true) }) });
        break;
      }
      case 'suppress': {
        const e = fromOne(step);
        if (e.kind !== 'table') throw new Error(`suppress on ${e.kind}`);
        const suppressed =
          step.until === 'windowCloses'
            ? Suppressed.untilWindowCloses(named)
            : Suppressed.untilTimeLimit(step.timeLimitMs as number, { ...named, ...(step.maxRecords !== undefined ? { maxRecords: step.maxRecords as number } : {}) });
        put(step, { ...e, table: e.table.suppress(suppressed) });
        break;
      }
      case 'toStream': {
        const e = fromOne(step);
        if (e.kind !== 'table') throw new Error(`toStream on ${e.kind}`);
        put(step, { kind: 'stream', value: e.value, stream: e.table.toStream(named) });
        break;
      }
      case 'groupByKey': {
        const e = expectStream(fromOne(step), 'groupByKey');
        put(step, { kind: 'groupedStream', value: e.value, grouped: e.stream.groupByKey({ keySerde: key, valueSerde: serdeOf(e.value), ...named }) });
        break;
      }
      case 'groupBy': {
        const e = fromOne(step);
        if (e.kind === 'stream') {
          put(step, { kind: 'groupedStream', value: e.value, grouped: e.stream.groupBy(F.keyFunction(step.mapper!), { keySerde: key, valueSerde: serdeOf(e.value), ...named }) });
        } else if (e.kind === 'table') {
          const m = F.keyValueMapper(step.mapper!);
          const type: ValueType = m.keepsType ? e.value : 'string';
          put(step, { kind: 'groupedTable', value: type, grouped: e.table.groupBy(m.fn, { keySerde: key, valueSerde: serdeOf(type), ...named }) });
        } else throw new Error(`groupBy on ${e.kind}`);
        break;
      }
      case 'cogroup': {
        const list = fromList(step);
        const aggregators = (step.aggregators as F.FnRef[]).map((a) => F.aggregator(a));
        let cg: CogroupedKStream<Val, Val> | undefined;
        list.forEach((e, i) => {
          if (e.kind !== 'groupedStream') throw new Error(`cogroup of ${e.kind}`);
          cg = cg === undefined ? e.grouped.cogroup(aggregators[i]!) : cg.cogroup(e.grouped, aggregators[i]!);
        });
        put(step, { kind: 'cogrouped', value: 'string', cogrouped: cg! });
        break;
      }
      case 'windowedBy': {
        const e = fromOne(step);
        if (e.kind === 'cogrouped') {
          const w = step.window as { type: string; size?: number; advance?: number; grace?: number; inactivityGap?: number };
          if (w.type === 'sliding') {
            const sw = SlidingWindows.ofTimeDifferenceAndGrace((step.window as { timeDifference: number }).timeDifference, w.grace ?? 0);
            put(step, { kind: 'timeWindowedCogrouped', value: e.value, windowed: e.cogrouped.windowedBy(sw) as unknown as TimeWindowedCogroupedKStream<Val, Val> });
          } else if (w.type === 'session') {
            put(step, { kind: 'sessionWindowedCogrouped', value: e.value, windowed: e.cogrouped.windowedBy(SessionWindows.ofInactivityGapAndGrace(w.inactivityGap!, w.grace ?? 0)) });
          } else if (w.type === 'tumbling' || w.type === 'hopping') {
            let windows = TimeWindows.ofSizeAndGrace(w.size!, w.grace ?? 0);
            if (w.type === 'hopping') windows = TimeWindows.advanceBy(windows, w.advance!);
            put(step, { kind: 'timeWindowedCogrouped', value: e.value, windowed: e.cogrouped.windowedBy(windows) });
          } else {
            throw new UnsupportedOperationError(`${w.type} windows`);
          }
          if (step.id !== undefined) windowedIds.add(step.id);
          break;
        }
        if (e.kind !== 'groupedStream') throw new Error(`windowedBy on ${e.kind}`);
        const w = step.window as { type: string; size?: number; advance?: number; grace?: number };
        if (step.emitStrategy === 'onWindowClose' && w.type !== 'tumbling' && w.type !== 'hopping') {
          throw new UnsupportedOperationError(`emitStrategy onWindowClose on ${w.type} windows`);
        }
        if (w.type === 'session') {
          if (vector.config['statestore.cache.max.bytes']) throw new UnsupportedOperationError('session stores with caching');
          const gap = (step.window as { inactivityGap: number }).inactivityGap;
          put(step, { kind: 'sessionWindowedStream', value: e.value, windowed: e.grouped.windowedBy(SessionWindows.ofInactivityGapAndGrace(gap, w.grace ?? 0)) });
          if (step.id !== undefined) windowedIds.add(step.id);
          break;
        }
        if (w.type === 'sliding') {
          const sw = SlidingWindows.ofTimeDifferenceAndGrace((step.window as { timeDifference: number }).timeDifference, w.grace ?? 0);
          put(step, { kind: 'timeWindowedStream', value: e.value, windowed: e.grouped.windowedBy(sw) as unknown as TimeWindowedKStream<Val, Val>, retentionDefault: 0 });
          if (step.id !== undefined) windowedIds.add(step.id);
          break;
        }
        if (w.type !== 'tumbling' && w.type !== 'hopping') throw new UnsupportedOperationError(`${w.type} windows`);
        let windows = TimeWindows.ofSizeAndGrace(w.size!, w.grace ?? 0);
        if (w.type === 'hopping') windows = TimeWindows.advanceBy(windows, w.advance!);
        const twk = e.grouped.windowedBy(windows);
        if (step.emitStrategy === 'onWindowClose') twk.emitStrategy('onWindowClose');
        put(step, { kind: 'timeWindowedStream', value: e.value, windowed: twk, retentionDefault: windows.sizeMs + windows.graceMs });
        // what aggregates downstream of this step is keyed by windows
        if (step.id !== undefined) windowedIds.add(step.id);
        break;
      }
      case 'count': {
        const e = fromOne(step);
        const options = { ...named, materialized: materialized(step, 'long', true) as Materialized<Val, number> | undefined };
        if (e.kind === 'sessionWindowedStream') {
          put(step, { kind: 'table', value: 'long', table: e.windowed.count(windowOptions(step, options, 'long', true)) as unknown as KTable<Val, Val> });
          break;
        }
        if (e.kind === 'timeWindowedStream') {
          put(step, { kind: 'table', value: 'long', table: e.windowed.count(windowOptions(step, options, 'long')) as unknown as KTable<Val, Val> });
          break;
        }
        if (e.kind === 'groupedStream') put(step, { kind: 'table', value: 'long', table: e.grouped.count(options) as KTable<Val, Val> });
        else if (e.kind === 'groupedTable') put(step, { kind: 'table', value: 'long', table: e.grouped.count(options) as KTable<Val, Val> });
        else throw new Error(`count on ${e.kind}`);
        break;
      }
      case 'reduce': {
        const e = fromOne(step);
        const options = { ...named, materialized: materialized(step, e.value, true) };
        if (e.kind === 'sessionWindowedStream') {
          put(step, { kind: 'table', value: e.value, table: e.windowed.reduce(F.reducer(step.reducer!), windowOptions(step, options, e.value, true)) as unknown as KTable<Val, Val> });
          break;
        }
        if (e.kind === 'timeWindowedStream') {
          put(step, { kind: 'table', value: e.value, table: e.windowed.reduce(F.reducer(step.reducer!), windowOptions(step, options, e.value)) as unknown as KTable<Val, Val> });
          break;
        }
        if (e.kind === 'groupedStream') put(step, { kind: 'table', value: e.value, table: e.grouped.reduce(F.reducer(step.reducer!), options) });
        else if (e.kind === 'groupedTable') put(step, { kind: 'table', value: e.value, table: e.grouped.reduce(F.reducer(step.adder!), F.reducer(step.subtractor!), options) });
        else throw new Error(`reduce on ${e.kind}`);
        break;
      }
      case 'aggregate': {
        const e = fromOne(step);
        const options = { ...named, materialized: materialized(step, 'string', true) };
        const init = F.initializer(step.initializer!);
        if (e.kind === 'cogrouped') {
          put(step, { kind: 'table', value: 'string', table: e.cogrouped.aggregate(init, options) });
          break;
        }
        if (e.kind === 'timeWindowedCogrouped') {
          put(step, { kind: 'table', value: 'string', table: e.windowed.aggregate(init, windowOptions(step, options, 'string')) as unknown as KTable<Val, Val> });
          break;
        }
        if (e.kind === 'sessionWindowedCogrouped') {
          put(step, { kind: 'table', value: 'string', table: e.windowed.aggregate(init, F.merger(step.merger!), windowOptions(step, options, 'string', true)) as unknown as KTable<Val, Val> });
          break;
        }
        if (e.kind === 'sessionWindowedStream') {
          const table = e.windowed.aggregate(init, F.aggregator(step.aggregator!), F.merger(step.merger!), windowOptions(step, options, 'string', true));
          put(step, { kind: 'table', value: 'string', table: table as unknown as KTable<Val, Val> });
          break;
        }
        if (e.kind === 'timeWindowedStream') {
          put(step, { kind: 'table', value: 'string', table: e.windowed.aggregate(init, F.aggregator(step.aggregator!), windowOptions(step, options, 'string')) as unknown as KTable<Val, Val> });
          break;
        }
        if (e.kind === 'groupedStream') put(step, { kind: 'table', value: 'string', table: e.grouped.aggregate(init, F.aggregator(step.aggregator!), options) });
        else if (e.kind === 'groupedTable') put(step, { kind: 'table', value: 'string', table: e.grouped.aggregate(init, F.aggregator(step.adder!), F.aggregator(step.subtractor!), options) });
        else throw new Error(`aggregate on ${e.kind}`);
        break;
      }
      case 'join':
      case 'leftJoin':
      case 'outerJoin': {
        const [left, right] = fromList(step);
        const joiner = F.joiner(step.joiner!);
        if (left!.kind === 'stream' && right!.kind === 'stream') {
          // left/outer stream-stream joins come with the windowing issue
          if (step.op !== 'join') throw new UnsupportedOperationError(`stream-stream ${step.op}`);
          const w = step.window as { before: number; after: number; grace?: number };
          const s = left!.stream.join(right!.stream, joiner, {
            windows: { beforeMs: w.before, afterMs: w.after, graceMs: w.grace ?? 0 },
            keySerde: key,
            valueSerde: serdeOf(left!.value),
            otherValueSerde: serdeOf(right!.value),
            ...named,
            ...(step.storeName !== undefined ? { storeName: step.storeName as string } : {}),
          });
          put(step, { kind: 'stream', value: 'string', stream: s });
          break;
        }
        if (left!.kind === 'stream' && right!.kind === 'table') {
          const joined = { keySerde: key, valueSerde: serdeOf(left!.value), otherValueSerde: serdeOf(right!.value), ...named };
          const s = step.op === 'join' ? left!.stream.join(right!.table, joiner, joined) : left!.stream.leftJoin(right!.table, joiner, joined);
          put(step, { kind: 'stream', value: 'string', stream: s });
        } else if (left!.kind === 'stream' && right!.kind === 'globalTable') {
          const options = { keySelector: F.keyFunction(step.keySelector ?? 'key'), ...named };
          const s = step.op === 'join' ? left!.stream.join(right!.table, joiner, options) : left!.stream.leftJoin(right!.table, joiner, options);
          put(step, { kind: 'stream', value: 'string', stream: s });
        } else if (left!.kind === 'table' && right!.kind === 'table') {
          const tableJoiner = (l: Val, r: Val) => joiner(l, r, null);
          const options = { ...named, materialized: materialized(step, 'string', false) };
          const t =
            step.op === 'join'
              ? left!.table.join(right!.table, tableJoiner, options)
              : step.op === 'leftJoin'
                ? left!.table.leftJoin(right!.table, tableJoiner, options)
                : left!.table.outerJoin(right!.table, tableJoiner, options);
          put(step, { kind: 'table', value: 'string', table: t });
        } else {
          throw new Error(`${step.op} of ${left!.kind} and ${right!.kind}`);
        }
        break;
      }
      case 'to': {
        const e = expectStream(fromOne(step), 'to');
        outputTopics.set(step.topic!, e.value);
        const windowedKeys = windowedIds.has(step.from as string);
        if (windowedKeys) windowedOutputTopics.add(step.topic!);
        e.stream.to(step.topic!, { keySerde: windowedKeys ? (windowedKeySerde as unknown as Serde<Val>) : key, valueSerde: serdeOf(e.value), ...named });
        break;
      }
      default:
        throw new UnsupportedOperationError(step.op);
    }
  }
  function windowOptions<T>(step: Step, options: { name?: string; materialized?: Materialized<Val, T> }, type: ValueType, session = false) {
    if (step.store !== undefined) (session ? sessionStores : windowStores).add(step.store);
    const retention = step.retention as number | undefined;
    return { ...options, materialized: { ...(options.materialized ?? { keySerde: key, valueSerde: serdeOf(type) as Serde<T> }), ...(retention !== undefined ? { retentionMs: retention } : {}) } };
  }

  return { builder, inputTopics, outputTopics, windowedOutputTopics, stores, windowStores, sessionStores };
}
