// The named functions of the conformance vector format (README section 3), as plain JS functions.
// Values are strings, or numbers for longs (after count); S(x) is their text.

import type { KeyValue } from '../../src/streams/kstream/functions.js';

export type FnRef = string | { fn: string; arg?: unknown };
type Val = string | number | null;

export class UnknownFunctionError extends Error {
  constructor(kind: string, ref: FnRef) {
    super(`unknown ${kind} function ${JSON.stringify(ref)}`);
  }
}

const S = (x: unknown): string => (x === null || x === undefined ? 'null' : String(x));
const prefix = (s: string): string => {
  const i = s.indexOf(':');
  return i < 0 ? s : s.slice(0, i);
};
const suffix = (s: string): string | null => {
  const i = s.indexOf(':');
  return i < 0 ? null : s.slice(i + 1);
};
const isNull = (x: unknown): boolean => x === null || x === undefined;

function parse(ref: FnRef): { name: string; arg: unknown } {
  return typeof ref === 'string' ? { name: ref, arg: undefined } : { name: ref.fn, arg: ref.arg };
}

export function predicate(ref: FnRef): (k: Val, v: Val) => boolean {
  const { name, arg } = parse(ref);
  switch (name) {
    case 'valueStartsWith':
      return (_k, v) => !isNull(v) && S(v).startsWith(arg as string);
    case 'valueContains':
      return (_k, v) => !isNull(v) && S(v).includes(arg as string);
    case 'keyStartsWith':
      return (k) => !isNull(k) && S(k).startsWith(arg as string);
    case 'keyIn':
      return (k) => !isNull(k) && (arg as unknown[]).includes(k);
    case 'valueIsNull':
      return (_k, v) => isNull(v);
    case 'keyIsNull':
      return (k) => isNull(k);
    case 'valueGreaterThan':
      return (_k, v) => !isNull(v) && (v as number) > (arg as number);
    default:
      throw new UnknownFunctionError('predicate', ref);
  }
}

/** value mapper (mapValues); `keepsType` = the result keeps a long a long */
export function valueMapper(ref: FnRef): { fn: (v: Val, k: Val) => Val; keepsType: boolean } {
  const { name, arg } = parse(ref);
  switch (name) {
    case 'identity':
      return { fn: (v) => v, keepsType: true };
    case 'upper':
      return { fn: (v) => (isNull(v) ? null : S(v).toUpperCase()), keepsType: false };
    case 'lower':
      return { fn: (v) => (isNull(v) ? null : S(v).toLowerCase()), keepsType: false };
    case 'appendKey':
      return { fn: (v, k) => `${S(v)}@${S(k)}`, keepsType: false };
    case 'prefix':
      return { fn: (v) => (isNull(v) ? null : `${arg as string}${S(v)}`), keepsType: false };
    case 'nullIfStartsWith':
      return { fn: (v) => (isNull(v) || S(v).startsWith(arg as string) ? null : S(v)), keepsType: false };
    default:
      throw new UnknownFunctionError('value mapper', ref);
  }
}

/** key function (selectKey, stream groupBy, keySelector, FK extractor) */
export function keyFunction(ref: FnRef): (k: Val, v: Val) => Val {
  const { name, arg } = parse(ref);
  switch (name) {
    case 'key':
      return (k) => k;
    case 'keyFromValuePrefix':
      return (_k, v) => (isNull(v) ? null : prefix(S(v)));
    case 'keyFromValueSuffix':
      return (_k, v) => (isNull(v) ? null : suffix(S(v)));
    case 'valueAsKey':
      return (_k, v) => (isNull(v) ? null : S(v));
    case 'upperKey':
      return (k) => (isNull(k) ? null : S(k).toUpperCase());
    case 'firstChar':
      return (_k, v) => (isNull(v) || S(v) === '' ? null : S(v)[0]!);
    case 'constant':
      return () => arg as string;
    default:
      throw new UnknownFunctionError('key', ref);
  }
}

/** key-value mapper (map, table groupBy); `keepsType` = the value keeps its type */
export function keyValueMapper(ref: FnRef): { fn: (k: Val, v: Val) => KeyValue<Val, Val>; keepsType: boolean } {
  const { name } = parse(ref);
  switch (name) {
    case 'identity':
      return { fn: (k, v) => ({ key: k, value: v }), keepsType: true };
    case 'swap':
      return { fn: (k, v) => ({ key: isNull(v) ? null : S(v), value: k }), keepsType: false };
    case 'keyFromValuePrefix':
      return { fn: (_k, v) => ({ key: isNull(v) ? null : prefix(S(v)), value: v }), keepsType: true };
    case 'keyFromValueSuffix':
      return { fn: (_k, v) => ({ key: isNull(v) ? null : suffix(S(v)), value: v }), keepsType: true };
    case 'upperKey':
      return { fn: (k, v) => ({ key: isNull(k) ? null : S(k).toUpperCase(), value: v }), keepsType: true };
    case 'splitPair':
      return {
        fn: (_k, v) => {
          if (isNull(v)) return { key: null, value: null };
          const s = S(v);
          return { key: prefix(s), value: s.includes(':') ? suffix(s) : s };
        },
        keepsType: false,
      };
    default:
      throw new UnknownFunctionError('key-value mapper', ref);
  }
}

const splitSpace = (s: string): string[] => s.split(' ');

export function flatMapMapper(ref: FnRef): (k: Val, v: Val) => KeyValue<Val, Val>[] {
  const { name } = parse(ref);
  switch (name) {
    case 'wordsAsKeys':
      return (_k, v) => (isNull(v) ? [] : splitSpace(S(v)).map((w) => ({ key: w, value: w })));
    case 'dup':
      return (k, v) => [
        { key: k, value: isNull(v) ? null : S(v) },
        { key: k, value: `${S(v)}#2` },
      ];
    case 'none':
      return () => [];
    default:
      throw new UnknownFunctionError('flatMap', ref);
  }
}

export function flatMapValuesMapper(ref: FnRef): (v: Val) => Val[] {
  const { name } = parse(ref);
  switch (name) {
    case 'splitWords':
      return (v) => (isNull(v) ? [] : splitSpace(S(v)));
    case 'dup':
      return (v) => [isNull(v) ? null : S(v), `${S(v)}#2`];
    case 'none':
      return () => [];
    default:
      throw new UnknownFunctionError('flatMapValues', ref);
  }
}

export function reducer(ref: FnRef): (agg: Val, v: Val) => Val {
  const { name } = parse(ref);
  switch (name) {
    case 'concat':
      return (agg, v) => `${S(agg)}+${S(v)}`;
    case 'minus':
      return (agg, v) => `${S(agg)}-${S(v)}`;
    case 'latest':
      return (_agg, v) => v;
    case 'max':
      return (agg, v) => (S(v) > S(agg) ? v : agg);
    default:
      throw new UnknownFunctionError('reducer', ref);
  }
}

export function aggregator(ref: FnRef): (k: Val, v: Val, agg: Val) => Val {
  const { name, arg } = parse(ref);
  switch (name) {
    case 'add':
      return (_k, v, agg) => `${S(agg)}+${S(v)}`;
    case 'sub':
      return (_k, v, agg) => `${S(agg)}-${S(v)}`;
    case 'addTagged':
      return (_k, v, agg) => `${S(agg)}+${arg as string}${S(v)}`;
    case 'addKeyed':
      return (k, v, agg) => `${S(agg)}+${S(k)}=${S(v)}`;
    default:
      throw new UnknownFunctionError('aggregator', ref);
  }
}

export function initializer(ref: FnRef): () => Val {
  const { name } = parse(ref);
  switch (name) {
    case '0':
      return () => '0';
    case 'empty':
      return () => '';
    default:
      throw new UnknownFunctionError('initializer', ref);
  }
}

export function merger(ref: FnRef): (k: Val, a: Val, b: Val) => Val {
  const { name } = parse(ref);
  if (name === 'pipe') return (_k, a, b) => `${S(a)}|${S(b)}`;
  throw new UnknownFunctionError('merger', ref);
}

/** joiner as (left, right, key) */
export function joiner(ref: FnRef): (l: Val, r: Val, k: Val) => Val {
  const { name } = parse(ref);
  switch (name) {
    case 'concat':
      return (l, r) => `${S(l)}+${S(r)}`;
    case 'withKey':
      return (l, r, k) => `${S(k)}:${S(l)}+${S(r)}`;
    default:
      throw new UnknownFunctionError('joiner', ref);
  }
}
