import type { ApiDefinition } from '../api-definition.js';
import type { Decoded } from '../decoded.js';
import { apiRegistry } from '../messages/index.js';
import { decodeRequestHeader, encodeRequestHeader, type RequestHeader } from '../messages/request-header.js';
import { decodeResponseHeader, encodeResponseHeader } from '../messages/response-header.js';
import { MalformedMessageError, UnsupportedVersionError } from '../primitives/protocol-errors.js';
import { Reader } from '../primitives/reader.js';
import { Writer } from '../primitives/writer.js';
import { requestHeaderVersion, responseHeaderVersion } from './header-versions.js';

// A frame on the wire is: int32 size, then `size` bytes (header + body). The encode functions return
// the whole frame including the size prefix; the decode functions take the bytes after the prefix
// (what FrameDecoder yields).

export interface EncodeRequestOptions<Req> {
  api: ApiDefinition<Req, unknown>;
  version: number;
  correlationId: number;
  clientId: string | null;
  data: Req;
  /** Writer to encode into (its capacity is reused; the result is a view of it). Default: a new one. */
  writer?: Writer;
}

/** Size prefix + request header + request body. */
export function encodeRequestFrame<Req>(options: EncodeRequestOptions<Req>): Buffer {
  const w = options.writer ?? new Writer();
  const sizeAt = writeRequestFrame(w, options);
  return w.finish().subarray(sizeAt);
}

/**
 * Like `encodeRequestFrame`, as buffers to write one after the other (a vectored write): record data of
 * `externalChunksFrom` bytes or more (a producer's batches) is not copied but referenced (keep it
 * unchanged until written).
 */
export function encodeRequestFrameChunks<Req>(options: Omit<EncodeRequestOptions<Req>, 'writer'> & { externalChunksFrom: number }): Buffer[] {
  const w = new Writer(256, { externalChunksFrom: options.externalChunksFrom });
  writeRequestFrame(w, options);
  return w.finishChunks();
}

/** Writes the size prefix, header and body into `w` (empty); returns where the frame starts. */
function writeRequestFrame<Req>(w: Writer, options: Omit<EncodeRequestOptions<Req>, 'writer'>): number {
  const { api, version, correlationId, clientId, data } = options;
  const sizeAt = w.reserveInt32();
  const start = w.length;
  encodeRequestHeader(w, requestHeaderVersion(api.apiKey, version), {
    requestApiKey: api.apiKey,
    requestApiVersion: version,
    correlationId,
    clientId,
  });
  api.encodeRequest(w, version, data);
  w.patchInt32(sizeAt, w.length - start);
  return sizeAt;
}

export interface EncodeResponseOptions<Res> {
  api: ApiDefinition<unknown, Res>;
  version: number;
  correlationId: number;
  data: Res;
  writer?: Writer;
}

/** Size prefix + response header + response body. */
export function encodeResponseFrame<Res>(options: EncodeResponseOptions<Res>): Buffer {
  const { api, version, correlationId, data } = options;
  const w = options.writer ?? new Writer();
  const sizeAt = w.reserveInt32();
  const start = w.length;
  encodeResponseHeader(w, responseHeaderVersion(api.apiKey, version), { correlationId });
  api.encodeResponse(w, version, data);
  w.patchInt32(sizeAt, w.length - start);
  return w.finish().subarray(sizeAt);
}

/**
 * Like `encodeResponseFrame`, as buffers to write one after the other (a vectored write): record data of
 * `externalChunksFrom` bytes or more is not copied but referenced (keep it unchanged until written).
 */
export function encodeResponseFrameChunks<Res>(options: Omit<EncodeResponseOptions<Res>, 'writer'> & { initialCapacity?: number; externalChunksFrom: number }): Buffer[] {
  const { api, version, correlationId, data } = options;
  const w = new Writer(options.initialCapacity, { externalChunksFrom: options.externalChunksFrom });
  const sizeAt = w.reserveInt32();
  const start = w.length;
  encodeResponseHeader(w, responseHeaderVersion(api.apiKey, version), { correlationId });
  api.encodeResponse(w, version, data);
  w.patchInt32(sizeAt, w.length - start);
  return w.finishChunks();
}

export interface RequestFrameHeader {
  header: RequestHeader;
  /** The API, or undefined when the key is not one we know. */
  api: ApiDefinition | undefined;
  /** Positioned at the start of the body. */
  reader: Reader;
}

/**
 * Reads the request header of a frame (bytes after the size prefix). The body is left to the caller,
 * who checks the version first: `api.decodeRequest(reader, header.requestApiVersion)`.
 */
export function readRequestHeader(frame: Buffer): RequestFrameHeader {
  const r = new Reader(frame);
  if (frame.length < 4) throw new MalformedMessageError('request frame shorter than api key and version', 0);
  const apiKey = frame.readInt16BE(0);
  const apiVersion = frame.readInt16BE(2);
  const header = decodeRequestHeader(r, requestHeaderVersion(apiKey, apiVersion));
  return { header, api: apiRegistry.get(apiKey), reader: r };
}

/** The correlation id of a request or response frame (bytes after the size prefix). */
export function peekCorrelationId(frame: Buffer, kind: 'request' | 'response'): number {
  const at = kind === 'request' ? 4 : 0;
  if (frame.length < at + 4) throw new MalformedMessageError('frame too short for a correlation id', 0);
  return frame.readInt32BE(at);
}

export interface DecodedRequest<Req = unknown> {
  header: RequestHeader;
  api: ApiDefinition<Req, unknown>;
  body: Decoded<Req>;
}

/**
 * Decodes a whole request frame. Throws UnsupportedVersionError for unknown API keys or versions
 * outside the generated range (a broker answering ApiVersions with UNSUPPORTED_VERSION should use
 * `readRequestHeader` instead and handle that case before decoding the body).
 */
export function decodeRequestFrame(frame: Buffer): DecodedRequest {
  const { header, api, reader } = readRequestHeader(frame);
  if (api === undefined) throw new UnsupportedVersionError(`api key ${header.requestApiKey}`, header.requestApiVersion);
  const body = api.decodeRequest(reader, header.requestApiVersion);
  return { header, api, body };
}

export interface DecodedResponse<Res> {
  correlationId: number;
  body: Decoded<Res>;
}

/** Decodes a response frame (bytes after the size prefix) of `api` at `version`. */
export function decodeResponseFrame<Res>(frame: Buffer, api: ApiDefinition<unknown, Res>, version: number): DecodedResponse<Res> {
  const r = new Reader(frame);
  const header = decodeResponseHeader(r, responseHeaderVersion(api.apiKey, version));
  const body = api.decodeResponse(r, version);
  return { correlationId: header.correlationId, body };
}
