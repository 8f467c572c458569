// Public entry point of kstreams/broker: re-exports only.
export { startBroker } from './start-broker.js';
export type { Broker, BrokerOptions } from './start-broker.js';
export type { FsyncPolicy } from './log/partition-log.js';
export type { RequestInterceptor, InterceptedRequest, InterceptAction } from './server/intercept.js';
