import { randomUUID } from 'node:crypto';
import { EncodeError } from './protocol-errors.js';

/**
 * UUIDs (topic ids, directory ids) are represented as lowercase canonical strings
 * `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`: comparable with ===, usable as Map keys.
 */
export const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'));

/** Formats 16 bytes at `offset` of `buf` as a canonical UUID string. */
export function uuidFromBytes(buf: Buffer, offset = 0): string {
  let s = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) s += '-';
    s += HEX[buf[offset + i]!];
  }
  return s;
}

const UUID_RE = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;

/** Writes the 16 bytes of `uuid` (canonical form, dashes optional) into `buf` at `offset`. */
export function uuidToBytes(uuid: string, buf: Buffer, offset = 0): void {
  if (!UUID_RE.test(uuid)) throw new EncodeError(`invalid uuid ${JSON.stringify(uuid)}`);
  const hex = uuid.length === 36 ? uuid.replace(/-/g, '') : uuid;
  buf.write(hex, offset, 16, 'hex');
}

/** Kafka prints UUIDs (e.g. topic ids) as URL-safe base64 without padding; converts that to our form. */
export function uuidFromBase64(text: string): string {
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.length !== 16) throw new EncodeError(`invalid base64 uuid ${JSON.stringify(text)}`);
  return uuidFromBytes(bytes);
}

/** Formats a UUID the way Kafka's tools print it (URL-safe base64, no padding). */
export function uuidToBase64(uuid: string): string {
  const bytes = Buffer.alloc(16);
  uuidToBytes(uuid, bytes);
  return bytes.toString('base64url');
}

/** A random (version 4) UUID. */
export function randomUuid(): string {
  return randomUUID();
}
