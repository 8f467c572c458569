// The coordinators answer with Kafka's error codes: the protocol layer's table.
export { ErrorCode } from '../../protocol/errors/index.js';
