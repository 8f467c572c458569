import { join } from 'node:path';
import type { StateStore, StateStoreContext } from '../../streams/processor/state-store.js';
import type { BytesTable, BytesTableProvider, BytesTableProviderFactory } from './bytes-table.js';
import type { ChangelogBinding } from './key-value-bytes-store.js';
import { readLong, writeLong } from './bytes.js';
import { PUT_RETURN_CODE_NOT_PUT, PUT_RETURN_CODE_VALID_TO_UNDEFINED } from '../versioned-key-value-store.js';
import { StateStoreError, storeNotOpen } from '../errors.js';

/** One version of a key, in bytes; `value === null` is a deletion (tombstone). */
export interface VersionBytes {
  timestamp: number;
  value: Buffer | null;
}

/** A version as a query returns it. */
export interface VersionedBytesRecord {
  value: Buffer;
  timestamp: number;
  validTo: number | undefined;
}

const STREAM_TIME_KEY = Buffer.from('observedStreamTime');

/**
 * The versions of a key are kept together under the key, newest first:
 * repeated `<8-byte timestamp><4-byte length, -1 for a deletion><value>`.
 */
function decode(bytes: Buffer): VersionBytes[] {
  const out: VersionBytes[] = [];
  let p = 0;
  while (p < bytes.length) {
    const timestamp = readLong(bytes, p);
    const len = bytes.readInt32BE(p + 8);
    p += 12;
    if (len < 0) out.push({ timestamp, value: null });
    else {
      out.push({ timestamp, value: bytes.subarray(p, p + len) });
      p += len;
    }
  }
  return out;
}

function encode(versions: readonly VersionBytes[]): Buffer {
  let size = 0;
  for (const v of versions) size += 12 + (v.value === null ? 0 : v.value.length);
  const out = Buffer.allocUnsafe(size);
  let p = 0;
  for (const v of versions) {
    writeLong(out, p, v.timestamp);
    out.writeInt32BE(v.value === null ? -1 : v.value.length, p + 8);
    p += 12;
    if (v.value !== null) p += v.value.copy(out, p);
  }
  return out;
}

/**
 * The innermost layer of a versioned key-value store. History retention is measured on stream
 * time (the largest timestamp put): versions that stopped being valid before
 * `streamTime - historyRetention` are removed when their key is next written, and queries older
 * than that return null. The latest version of a key is always kept.
 */
export class RawVersionedStore {
  private provider: BytesTableProvider | undefined;
  private versions: BytesTable | undefined;
  private meta: BytesTable | undefined;
  private observedStreamTime = Number.MIN_SAFE_INTEGER;

  constructor(
    readonly name: string,
    private readonly backend: BytesTableProviderFactory,
    readonly historyRetention: number,
  ) {}

  init(context: StateStoreContext, _root: StateStore): void {
    if (this.provider) throw new StateStoreError('STORE_ALREADY_INITIALIZED', `state store ${this.name} is already initialised`);
    this.provider = this.backend.open(join(context.stateDir, this.name));
    this.versions = this.provider.table('versions');
    this.meta = this.provider.table('meta');
    const t = this.meta.get(STREAM_TIME_KEY);
    if (t) this.observedStreamTime = readLong(t, 0);
  }

  private table(): BytesTable {
    if (!this.versions) throw storeNotOpen(this.name);
    return this.versions;
  }

  flush(): void {
    if (this.meta) {
      const b = Buffer.allocUnsafe(8);
      writeLong(b, 0, this.observedStreamTime);
      this.meta.put(STREAM_TIME_KEY, b);
    }
    this.provider?.flush();
  }

  close(): void {
    if (this.provider) this.flush();
    this.provider?.close();
    this.provider = undefined;
    this.versions = undefined;
    this.meta = undefined;
  }

  persistent(): boolean {
    return this.backend.persistent;
  }

  isOpen(): boolean {
    return this.versions !== undefined;
  }

  private historyStart(): number {
    return this.observedStreamTime - this.historyRetention;
  }

  put(key: Buffer, value: Buffer | null, timestamp: number): number {
    const table = this.table();
    if (timestamp > this.observedStreamTime) this.observedStreamTime = timestamp;
    if (timestamp < this.historyStart()) return PUT_RETURN_CODE_NOT_PUT;
    const stored = table.get(key);
    const versions = stored ? decode(stored) : [];
    // newest first: find where the new version goes
    let i = 0;
    while (i < versions.length && versions[i]!.timestamp > timestamp) i++;
    const validTo = i === 0 ? PUT_RETURN_CODE_VALID_TO_UNDEFINED : versions[i - 1]!.timestamp;
    if (i < versions.length && versions[i]!.timestamp === timestamp) versions[i] = { timestamp, value };
    else versions.splice(i, 0, { timestamp, value });
    // drop versions that stopped being valid before the history retention (keep the latest)
    const horizon = this.historyStart();
    let keep = versions.length;
    for (let j = 1; j < versions.length; j++) {
      if (versions[j - 1]!.timestamp <= horizon) {
        keep = j;
        break;
      }
    }
    versions.length = keep;
    if (versions.length === 1 && versions[0]!.value === null && versions[0]!.timestamp <= horizon) table.delete(key);
    else table.put(key, encode(versions));
    return validTo;
  }

  /** the version valid at `asOf` (latest when undefined), with its validTo; tombstones give null */
  get(key: Buffer, asOf?: number): VersionedBytesRecord | null {
    const table = this.table();
    if (asOf !== undefined && asOf < this.historyStart()) return null;
    const stored = table.get(key);
    if (!stored) return null;
    const versions = decode(stored);
    let i = 0;
    if (asOf !== undefined) while (i < versions.length && versions[i]!.timestamp > asOf) i++;
    const v = versions[i];
    if (!v || v.value === null) return null;
    return { value: v.value, timestamp: v.timestamp, validTo: i === 0 ? undefined : versions[i - 1]!.timestamp };
  }

  approximateNumEntries(): number {
    return this.table().approximateCount();
  }

  changelogBinding(): ChangelogBinding {
    return { restore: (key, value, timestamp) => void this.put(key, value, timestamp) };
  }
}
