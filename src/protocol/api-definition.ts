import type { Decoded } from './decoded.js';
import type { Reader } from './primitives/reader.js';
import type { Writer } from './primitives/writer.js';

/**
 * What the generated module of one API exports for dispatch (broker) and negotiation (client):
 * its key and version range, and the four codecs. Bodies only; headers and framing are separate.
 */
export interface ApiDefinition<Req = unknown, Res = unknown> {
  readonly apiKey: number;
  /** Kafka's name for the API, e.g. 'Produce'. */
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  /** First flexible version (compact encodings, tagged fields), or null when no version is flexible. */
  readonly flexibleMinVersion: number | null;
  /** The spec marks the highest version unstable: not advertised by default. */
  readonly latestVersionUnstable: boolean;
  encodeRequest(w: Writer, version: number, data: Req): void;
  decodeRequest(r: Reader, version: number): Decoded<Req>;
  encodeResponse(w: Writer, version: number, data: Res): void;
  decodeResponse(r: Reader, version: number): Decoded<Res>;
}

/** True when `version` of `api` uses the flexible format. */
export function isFlexibleVersion(api: ApiDefinition, version: number): boolean {
  return api.flexibleMinVersion !== null && version >= api.flexibleMinVersion;
}
