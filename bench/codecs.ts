// Compression codec candidates on realistic record batch regions (16 KiB batches of 100-byte and 1 KiB
// records). Candidates that are not installed are skipped; extra candidates can be measured from another
// install directory: `KSTREAMS_CODEC_CANDIDATES=/tmp/codec-eval npx tsx bench/codecs.ts`.
// Figures: compress MB/s of input, decompress MB/s of output, compressed size / input size.

import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { compressionCodec } from '../src/protocol/records/index.js';
import { measure, measureAsync, printTable, recordsRegion } from './record-workload.js';

type Sync = (b: Buffer) => Buffer | Uint8Array;
interface Candidate {
  codec: string;
  name: string;
  compress?: Sync;
  decompress: Sync;
  asyncCompress?: (b: Buffer) => Promise<Buffer>;
  asyncDecompress?: (b: Buffer) => Promise<Buffer>;
  /** Produces the input of decompress when there is no compress of its own. */
  prepare?: Sync;
}

const requireFrom = [createRequire(import.meta.url)];
const extra = process.env['KSTREAMS_CODEC_CANDIDATES'];
if (extra) requireFrom.unshift(createRequire(join(extra, 'package.json')));

function load(name: string): unknown {
  for (const req of requireFrom) {
    try {
      return req(name);
    } catch {
      // try the next location
    }
  }
  return undefined;
}

/* eslint-disable @typescript-eslint/no-unsafe-function-type */
type Mod = Record<string, Function> & Record<string, unknown>;

async function candidates(): Promise<Candidate[]> {
  const out: Candidate[] = [
    { codec: 'gzip', name: 'node:zlib level 6', compress: (b) => gzipSync(b), decompress: (b) => gunzipSync(b) },
    { codec: 'gzip', name: 'node:zlib level 1', compress: (b) => gzipSync(b, { level: 1 }), decompress: (b) => gunzipSync(b) },
  ];
  // The project's chosen codecs, as wired in src/ (includes Kafka framing).
  for (const id of [2, 3, 4]) {
    try {
      const c = compressionCodec(id);
      out.push({ codec: c.name, name: `kstreams (${c.name})`, compress: (b) => c.compress(b), decompress: (b) => c.decompress(b) });
    } catch {
      // not wired yet
    }
  }
  const snappy = load('snappy') as Mod | undefined;
  if (snappy) out.push({ codec: 'snappy', name: 'snappy (napi-rs) raw', compress: (b) => snappy['compressSync']!(b), decompress: (b) => snappy['uncompressSync']!(b, { asBuffer: true }) });
  const snappyjs = load('snappyjs') as Mod | undefined;
  if (snappyjs) out.push({ codec: 'snappy', name: 'snappyjs raw', compress: (b) => snappyjs['compress']!(b), decompress: (b) => snappyjs['uncompress']!(b) });
  const lz4napi = load('lz4-napi') as Mod | undefined;
  if (lz4napi) out.push({ codec: 'lz4', name: 'lz4-napi frame', compress: (b) => lz4napi['compressFrameSync']!(b), decompress: (b) => lz4napi['decompressFrameSync']!(b) });
  const lz4js = load('lz4js') as Mod | undefined;
  if (lz4js) out.push({ codec: 'lz4', name: 'lz4js frame', compress: (b) => Buffer.from(lz4js['compress']!(b) as Uint8Array), decompress: (b) => Buffer.from(lz4js['decompress']!(b) as Uint8Array) });
  const tzstd = load('@toondepauw/node-zstd') as Mod | undefined;
  if (tzstd) {
    const Enc = tzstd['Encoder'] as new (level: number) => { encodeSync(b: Buffer): Buffer };
    const Dec = tzstd['Decoder'] as new () => { decodeSync(b: Buffer): Buffer };
    const enc = new Enc(3);
    const dec = new Dec();
    out.push({ codec: 'zstd', name: '@toondepauw/node-zstd L3', compress: (b) => enc.encodeSync(b), decompress: (b) => dec.decodeSync(b) });
  }
  const bokuweb = load('@bokuweb/zstd-wasm') as Mod | undefined;
  if (bokuweb) {
    await (bokuweb['init'] as () => Promise<void>)();
    out.push({ codec: 'zstd', name: '@bokuweb/zstd-wasm L3', compress: (b) => bokuweb['compress']!(b, 3), decompress: (b) => bokuweb['decompress']!(b) });
  }
  const zstdCodec = load('zstd-codec') as Mod | undefined;
  if (zstdCodec) {
    const simple = await new Promise<Mod>((resolve) => {
      (zstdCodec['ZstdCodec'] as unknown as { run(cb: (z: Mod) => void): void }).run((z) => resolve(new (z['Simple'] as new () => Mod)()));
    });
    out.push({ codec: 'zstd', name: 'zstd-codec (emscripten) L3', compress: (b) => simple['compress']!(b, 3), decompress: (b) => simple['decompress']!(b) });
  }
  const fzstd = load('fzstd') as Mod | undefined;
  if (fzstd && tzstd) {
    const Enc = tzstd['Encoder'] as new (level: number) => { encodeSync(b: Buffer): Buffer };
    const enc = new Enc(3);
    out.push({ codec: 'zstd', name: 'fzstd (decompress only)', prepare: (b) => enc.encodeSync(b), decompress: (b) => fzstd['decompress']!(b) });
  }
  const mongo = load('@mongodb-js/zstd') as Mod | undefined;
  if (mongo) {
    out.push({
      codec: 'zstd',
      name: '@mongodb-js/zstd (async only)',
      decompress: (b) => b,
      asyncCompress: (b) => mongo['compress']!(b, 3) as Promise<Buffer>,
      asyncDecompress: (b) => mongo['decompress']!(b) as Promise<Buffer>,
    });
  }
  return out;
}

const MB = 1024 * 1024;
const rows: Record<string, string | number>[] = [];
const inputs = [
  { label: '100 B x 150', data: recordsRegion(150, 100) },
  { label: '1 KiB x 16', data: recordsRegion(16, 1024) },
];
for (const c of await candidates()) {
  for (const { label, data } of inputs) {
    let packed: Buffer;
    let compressMBs = NaN;
    let decompressMBs: number;
    if (c.asyncCompress && c.asyncDecompress) {
      packed = await c.asyncCompress(data);
      compressMBs = ((await measureAsync(() => c.asyncCompress!(data))) * data.length) / MB;
      decompressMBs = ((await measureAsync(() => c.asyncDecompress!(packed))) * data.length) / MB;
    } else {
      const compress = c.compress ?? c.prepare!;
      packed = Buffer.from(compress(data));
      if (c.compress) compressMBs = (measure(() => c.compress!(data)) * data.length) / MB;
      decompressMBs = (measure(() => c.decompress(packed)) * data.length) / MB;
    }
    const roundTrip = c.asyncDecompress ? await c.asyncDecompress(packed) : Buffer.from(c.decompress(packed));
    rows.push({
      codec: c.codec,
      candidate: c.name,
      records: `${label} (${(data.length / 1024).toFixed(1)} KiB)`,
      'compress MB/s': Number.isNaN(compressMBs) ? '-' : compressMBs.toFixed(0),
      'decompress MB/s': decompressMBs.toFixed(0),
      ratio: (packed.length / data.length).toFixed(3),
      ok: roundTrip.equals(data) ? 'yes' : 'NO',
    });
  }
}
printTable(rows);
