// The Kafka wire protocol: primitives, generated message codecs, headers and framing, error codes.
// Record batches live in ./records/ (exported from there).
export * from './primitives/index.js';
export type { ApiDefinition } from './api-definition.js';
export { isFlexibleVersion } from './api-definition.js';
export * from './messages/index.js';
export * from './framing/index.js';
export * from './errors/index.js';
