export { Reader } from './reader.js';
export { Writer, uvarintSize } from './writer.js';
export { MalformedMessageError, EncodeError, UnsupportedVersionError } from './protocol-errors.js';
export type { UnknownTaggedField } from './tagged-field.js';
export { ZERO_UUID, uuidFromBytes, uuidToBytes, uuidFromBase64, uuidToBase64, randomUuid } from './uuid.js';
