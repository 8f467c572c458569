// The Kafka wire protocol: primitives, generated message codecs, headers and framing, error codes, record batches.
export * from './primitives/index.js';
export type { ApiDefinition } from './api-definition.js';
export { isFlexibleVersion } from './api-definition.js';
export type { Decoded } from './decoded.js';
export * from './messages/index.js';
export * from './framing/index.js';
export * from './errors/index.js';
export * from './records/index.js';
