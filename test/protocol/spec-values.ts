// Test helper: builds message values straight from the JSON specs (independently of the generator), so
// round-trip tests exercise every field of every version with non-trivial values.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const SPEC_DIR = join(import.meta.dirname, '../../spec/kafka-message-specs');

export interface SpecField {
  name: string;
  type: string;
  versions: string;
  nullableVersions?: string;
  taggedVersions?: string;
  tag?: number;
  default?: string | number | boolean;
  fields?: SpecField[];
}

export interface Spec {
  apiKey?: number;
  name: string;
  validVersions: string;
  flexibleVersions: string;
  fields: SpecField[];
  commonStructs?: { name: string; fields: SpecField[] }[];
}

export function loadSpec(file: string): Spec {
  const text = readFileSync(join(SPEC_DIR, file), 'utf8')
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('//'))
    .join('\n');
  return JSON.parse(text) as Spec;
}

/** API names that have a Request/Response pair in the spec folder. */
export function specApis(): string[] {
  return readdirSync(SPEC_DIR)
    .filter((f) => f.endsWith('Request.json') && f !== 'RequestHeader.json')
    .map((f) => f.slice(0, -'Request.json'.length))
    .sort();
}

export function inRange(range: string | undefined, v: number): boolean {
  if (range === undefined || range === 'none') return false;
  if (range.endsWith('+')) return v >= Number(range.slice(0, -1));
  const [lo, hi] = range.split('-');
  return v >= Number(lo) && v <= Number(hi ?? lo);
}

export function versionBounds(range: string): [number, number] {
  const [lo, hi] = range.split('-');
  return [Number(lo), Number(hi ?? lo)];
}

/** How values are chosen: every field filled, everything minimal (nulls, empties, defaults), or random. */
export type Mode = 'full' | 'minimal' | 'random';

/** Small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function camel(name: string): string {
  return name[0]!.toLowerCase() + name.slice(1);
}

const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

export class ValueBuilder {
  private readonly structs = new Map<string, SpecField[]>();
  private readonly rand: () => number;
  private readonly flexible: string;

  constructor(
    private readonly spec: Spec,
    private readonly mode: Mode,
    seed: number,
  ) {
    this.rand = rng(seed);
    this.flexible = spec.flexibleVersions;
    for (const c of spec.commonStructs ?? []) this.structs.set(c.name, c.fields);
    const collect = (fields: SpecField[]): void => {
      for (const f of fields) {
        if (f.fields) {
          this.structs.set(f.type.replace(/^\[\]/, ''), f.fields);
          collect(f.fields);
        }
      }
    };
    collect(spec.fields);
    for (const c of spec.commonStructs ?? []) collect(c.fields);
  }

  /** The top-level value for `version`: what decode(encode(value)) must return. */
  build(version: number): Record<string, unknown> {
    return this.struct(this.spec.fields, version, 0, true);
  }

  private pick(): boolean {
    return this.mode === 'full' ? true : this.mode === 'minimal' ? false : this.rand() < 0.5;
  }

  private int(bits: number): number {
    const span = 2 ** bits;
    const v = Math.floor(this.rand() * span) - span / 2;
    return v === 0 ? 1 : v;
  }

  private struct(fields: SpecField[], version: number, depth: number, top: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const validRange = this.spec.validVersions;
    const [lo, hi] = versionBounds(validRange);
    for (const f of fields) {
      let anyVersion = false;
      for (let v = lo; v <= hi; v++) if (inRange(f.versions, v)) anyVersion = true;
      if (!anyVersion) continue;
      out[camel(f.name)] = inRange(f.versions, version) ? this.value(f, version, depth) : this.defaultValue(f, version);
    }
    if (this.mode === 'full' && inRange(this.flexible, version) && (top || depth <= 2)) {
      // tags no spec uses, higher than any known tag: must survive a round trip
      out.unknownTaggedFields = [{ tag: 90 + depth, data: Buffer.from([1, 2, 3, depth]) }];
    }
    return out;
  }

  defaultValue(f: SpecField, version: number): unknown {
    const d = f.default;
    if (d === 'null') return null;
    const t = f.type;
    if (t.startsWith('[]')) return [];
    switch (t) {
      case 'int8':
      case 'int16':
      case 'int32':
      case 'uint16':
      case 'uint32':
      case 'float64':
        return d === undefined ? 0 : Number(d);
      case 'int64':
        return d === undefined ? 0n : BigInt(d);
      case 'bool':
        return d === true || d === 'true';
      case 'string':
        return d === undefined ? '' : String(d);
      case 'uuid':
        return ZERO_UUID;
      case 'bytes':
        return Buffer.alloc(0);
      case 'records':
        return null;
      default: {
        const fields = this.structs.get(t)!;
        const out: Record<string, unknown> = {};
        for (const sf of fields) out[camel(sf.name)] = this.defaultValue(sf, version);
        return out;
      }
    }
  }

  private value(f: SpecField, version: number, depth: number): unknown {
    const nullable = inRange(f.nullableVersions, version);
    const tagged = inRange(f.taggedVersions, version);
    if (tagged && !this.pick()) return this.defaultValue(f, version);
    if (nullable && (this.mode === 'minimal' || (this.mode === 'random' && this.rand() < 0.3))) return null;
    return this.nonNull(f, f.type, version, depth);
  }

  private nonNull(f: SpecField, t: string, version: number, depth: number): unknown {
    if (t.startsWith('[]')) {
      const n = this.mode === 'minimal' ? 0 : this.mode === 'full' ? 2 : Math.floor(this.rand() * 3);
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) out.push(this.nonNull(f, t.slice(2), version, depth + 1));
      return out;
    }
    const r = this.rand();
    switch (t) {
      case 'int8':
        return this.int(8);
      case 'int16':
        return this.int(16);
      case 'int32':
        return this.int(32);
      case 'uint16':
        return Math.floor(r * 65535) + 1;
      case 'uint32':
        return Math.floor(r * 0xffffffff) + 1;
      case 'float64':
        return r * 1e6 - 5e5 + 0.25;
      case 'int64': {
        // the full range: producer ids and epochs in the high bits must survive
        const hi = BigInt(this.int(32));
        return (hi << 32n) + BigInt(Math.floor(this.rand() * 2 ** 32));
      }
      case 'bool':
        return !(f.default === true || f.default === 'true');
      case 'string': {
        if (this.mode === 'minimal') return '';
        const len = Math.floor(r * 5);
        return `${f.name}-${'é✓x'.repeat(len)}-${Math.floor(this.rand() * 1000)}`;
      }
      case 'uuid': {
        const b = Buffer.alloc(16);
        for (let i = 0; i < 16; i++) b[i] = Math.floor(this.rand() * 256);
        const h = b.toString('hex');
        return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
      }
      case 'bytes':
      case 'records': {
        const n = this.mode === 'minimal' ? 0 : 1 + Math.floor(r * 300);
        const b = Buffer.alloc(n);
        for (let i = 0; i < n; i++) b[i] = Math.floor(this.rand() * 256);
        return b;
      }
      default: {
        const fields = this.structs.get(t);
        if (!fields) throw new Error(`unknown struct ${t}`);
        return this.struct(fields, version, depth + 1, false);
      }
    }
  }
}
