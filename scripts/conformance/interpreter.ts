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
import type { SessionWindowedKStream } from '../../src/streams/kstream/session-windowed-kstream.js';
import type { CogroupedKStream, SessionWindowedCogroupedKStream, TimeWindowedCogroupedKStream } from '../../src/streams/kstream/cogrouped-kstream.js';
import { buildWindows, windowedKeySinkSerializer, type WindowKind } from './windowing.js';
import * as F from './functions.js';
import { EmitStrategy } from '../../src/streams/kstream/emit-strategy.js';
import { BufferConfig, Suppressed } from '../../src/streams/kstream/suppressed.js';
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
  | { kind: 'timeWindowed'; value: ValueType; windowKind: WindowKind; windowed: TimeWindowedKStream<Val, Val> }
  | { kind: 'sessionWindowed'; value: ValueType; windowKind: WindowKind; windowed: SessionWindowedKStream<Val, Val> }
  | { kind: 'cogrouped'; value: ValueType; cogrouped: CogroupedKStream<Val, Val> }
  | { kind: 'timeWindowedCogrouped'; value: ValueType; windowKind: WindowKind; windowed: TimeWindowedCogroupedKStream<Val, Val> }
  | { kind: 'sessionWindowedCogrouped'; value: ValueType; windowKind: WindowKind; windowed: SessionWindowedCogroupedKStream<Val, Val> };

/** how a named store is read back: its value type and store kind */
export type StoreKind = 'keyValue' | 'window' | 'session';

export interface BuiltVector {
  builder: StreamsBuilder;
  /** topics the events pipe into */
  inputTopics: Set<string>;
  /** output topics with the type of their values */
  outputTopics: Map<string, ValueType>;
  /** named stores with the type of their values */
  stores: Map<string, ValueType>;
  /** the kind of each named store (keyValue unless windowed) */
  storeKinds: Map<string, StoreKind>;
  /** output topics whose keys are windowed */
  windowedOutputs: Set<string>;
}

const WINDOWED_OR_LATER = new Set<string>();

function serdeOf(type: ValueType): Serde<Val> {
  return (type === 'long' ? longSerde : stringSerde) as Serde<Val>;
}

export function buildVector(vector: Vector): BuiltVector {
  const builder = new StreamsBuilder();
  const ids = new Map<string, Entry>();
  const inputTopics = new Set<string>();
  const outputTopics = new Map<string, ValueType>();
  const stores = new Map<string, ValueType>();
  const storeKinds = new Map<string, StoreKind>();
  const windowedOutputs = new Set<string>();
  /** ids of streams/tables whose keys are windowed */
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
  const windowedMaterialized = (step: Step, type: ValueType, windowKind: WindowKind): Materialized<Val, Val> => {
    const m = materialized(step, type, true)!;
    if (step.store !== undefined) storeKinds.set(step.store, windowKind === 'session' ? 'session' : 'window');
    return typeof step.retention === 'number' ? { ...m, retentionMs: step.retention } : m;
  };
  const expectStream = (e: Entry, op: string): Extract<Entry, { kind: 'stream' }> => {
    if (e.kind !== 'stream') throw new Error(`${op} needs a stream, got ${e.kind}`);
    return e;
  };

  for (const step of vector.topology) {
    if (WINDOWED_OR_LATER.has(step.op)) throw new UnsupportedOperationError(step.op);
    const fromIds = step.from === undefined ? [] : Array.isArray(step.from) ? step.from : [step.from];
    if (step.id !== undefined && fromIds.some((f) => windowedIds.has(f))) windowedIds.add(step.id);
    const stepWindowed = fromIds.some((f) => windowedIds.has(f));
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
      case 'windowedBy': {
        const e = fromOne(step);
        const w = buildWindows(step.window as Record<string, number | string>);
        if (e.kind === 'groupedStream') {
          if (w.kind === 'session') {
            const sw = e.grouped.windowedBy(w.windows);
            if (step.emitStrategy === 'onWindowClose') sw.emitStrategy(EmitStrategy.onWindowClose());
            put(step, { kind: 'sessionWindowed', value: e.value, windowKind: 'session', windowed: sw });
          } else {
            const tw = e.grouped.windowedBy(w.windows);
            if (step.emitStrategy === 'onWindowClose') tw.emitStrategy(EmitStrategy.onWindowClose());
            put(step, { kind: 'timeWindowed', value: e.value, windowKind: w.kind, windowed: tw });
          }
        } else if (e.kind === 'cogrouped') {
          if (w.kind === 'session') put(step, { kind: 'sessionWindowedCogrouped', value: e.value, windowKind: 'session', windowed: e.cogrouped.windowedBy(w.windows) });
          else put(step, { kind: 'timeWindowedCogrouped', value: e.value, windowKind: w.kind, windowed: e.cogrouped.windowedBy(w.windows) });
        } else throw new Error(`windowedBy on ${e.kind}`);
        break;
      }
      case 'fkJoin':
      case 'fkLeftJoin': {
        const [left, right] = fromList(step);
        if (left!.kind !== 'table' || right!.kind !== 'table') throw new Error(`${step.op} of ${left!.kind} and ${right!.kind}`);
        const extract = F.keyFunction(step.extractor!);
        const joiner = F.joiner(step.joiner!);
        const options = { ...named, materialized: materialized(step, 'string', true) };
        const rightTable = right!.table as KTable<string, Val>;
        const t =
          step.op === 'fkJoin'
            ? left!.table.joinByForeignKey<string, Val, Val>(rightTable, (v: Val) => extract(null, v) as string | null, (l: Val, r: Val) => joiner(l, r, null), options)
            : left!.table.leftJoinByForeignKey<string, Val, Val>(rightTable, (v: Val) => extract(null, v) as string | null, (l: Val, r: Val | null) => joiner(l, r, null), options);
        put(step, { kind: 'table', value: 'string', table: t });
        break;
      }
      case 'suppress': {
        const e = fromOne(step);
        if (e.kind !== 'table') throw new Error(`suppress on ${e.kind}`);
        const opts = step.name !== undefined ? { name: step.name } : {};
        const suppressed =
          step.until === 'windowCloses'
            ? Suppressed.untilWindowCloses(BufferConfig.unbounded(), opts)
            : Suppressed.untilTimeLimit(step.timeLimitMs as number, typeof step.maxRecords === 'number' ? BufferConfig.maxRecords(step.maxRecords) : BufferConfig.unbounded(), opts);
        put(step, { ...e, table: e.table.suppress(suppressed) });
        break;
      }
      case 'cogroup': {
        const list = fromList(step);
        const aggs = (step.aggregators as F.FnRef[]).map((a) => F.aggregator(a));
        let cg: CogroupedKStream<Val, Val> | undefined;
        list.forEach((e, i) => {
          if (e.kind !== 'groupedStream') throw new Error(`cogroup of ${e.kind}`);
          cg = cg === undefined ? e.grouped.cogroup(aggs[i]!) : cg.cogroup(e.grouped, aggs[i]!);
        });
        put(step, { kind: 'cogrouped', value: 'string', cogrouped: cg! });
        break;
      }
      case 'count': {
        const e = fromOne(step);
        if (e.kind === 'timeWindowed' || e.kind === 'sessionWindowed') {
          const options = { ...named, materialized: windowedMaterialized(step, 'long', e.windowKind) as Materialized<Val, number> };
          const t = e.kind === 'timeWindowed' ? e.windowed.count(options) : e.windowed.count(options);
          windowedIds.add(step.id!);
          put(step, { kind: 'table', value: 'long', table: t as unknown as KTable<Val, Val> });
          break;
        }
        const options = { ...named, materialized: materialized(step, 'long', true) as Materialized<Val, number> | undefined };
        if (e.kind === 'groupedStream') put(step, { kind: 'table', value: 'long', table: e.grouped.count(options) as KTable<Val, Val> });
        else if (e.kind === 'groupedTable') put(step, { kind: 'table', value: 'long', table: e.grouped.count(options) as KTable<Val, Val> });
        else throw new Error(`count on ${e.kind}`);
        break;
      }
      case 'reduce': {
        const e = fromOne(step);
        if (e.kind === 'timeWindowed' || e.kind === 'sessionWindowed') {
          const options = { ...named, materialized: windowedMaterialized(step, e.value, e.windowKind) };
          const t = e.kind === 'timeWindowed' ? e.windowed.reduce(F.reducer(step.reducer!), options) : e.windowed.reduce(F.reducer(step.reducer!), options);
          windowedIds.add(step.id!);
          put(step, { kind: 'table', value: e.value, table: t as unknown as KTable<Val, Val> });
          break;
        }
        const options = { ...named, materialized: materialized(step, e.value, true) };
        if (e.kind === 'groupedStream') put(step, { kind: 'table', value: e.value, table: e.grouped.reduce(F.reducer(step.reducer!), options) });
        else if (e.kind === 'groupedTable') put(step, { kind: 'table', value: e.value, table: e.grouped.reduce(F.reducer(step.adder!), F.reducer(step.subtractor!), options) });
        else throw new Error(`reduce on ${e.kind}`);
        break;
      }
      case 'aggregate': {
        const e = fromOne(step);
        if (e.kind === 'timeWindowed' || e.kind === 'sessionWindowed' || e.kind === 'timeWindowedCogrouped' || e.kind === 'sessionWindowedCogrouped') {
          const options = { ...named, materialized: windowedMaterialized(step, 'string', e.windowKind) };
          const init = F.initializer(step.initializer!);
          let t: unknown;
          if (e.kind === 'timeWindowed') t = e.windowed.aggregate(init, F.aggregator(step.aggregator!), options);
          else if (e.kind === 'sessionWindowed') t = e.windowed.aggregate(init, F.aggregator(step.aggregator!), F.merger(step.merger!), options);
          else if (e.kind === 'timeWindowedCogrouped') t = e.windowed.aggregate(init, options);
          else t = e.windowed.aggregate(init, F.merger(step.merger!), options);
          windowedIds.add(step.id!);
          put(step, { kind: 'table', value: 'string', table: t as KTable<Val, Val> });
          break;
        }
        if (e.kind === 'cogrouped') {
          put(step, { kind: 'table', value: 'string', table: e.cogrouped.aggregate(F.initializer(step.initializer!), { ...named, materialized: materialized(step, 'string', true) }) });
          break;
        }
        const options = { ...named, materialized: materialized(step, 'string', true) };
        const init = F.initializer(step.initializer!);
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
          const w = step.window as { before: number; after: number; grace?: number };
          const options = {
            windows: { beforeMs: w.before, afterMs: w.after, graceMs: w.grace ?? 0 },
            keySerde: key,
            valueSerde: serdeOf(left!.value),
            otherValueSerde: serdeOf(right!.value),
            ...named,
            ...(step.storeName !== undefined ? { storeName: step.storeName as string } : {}),
          };
          const s =
            step.op === 'join'
              ? left!.stream.join(right!.stream, joiner, options)
              : step.op === 'leftJoin'
                ? left!.stream.leftJoin(right!.stream, joiner, options)
                : left!.stream.outerJoin(right!.stream, joiner, options);
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
        if (stepWindowed) windowedOutputs.add(step.topic!);
        e.stream.to(step.topic!, { keySerde: stepWindowed ? (windowedKeySinkSerializer as unknown as Serde<Val>) : key, valueSerde: serdeOf(e.value), ...named });
        break;
      }
      default:
        throw new UnsupportedOperationError(step.op);
    }
  }
  return { builder, inputTopics, outputTopics, stores, storeKinds, windowedOutputs };
}
