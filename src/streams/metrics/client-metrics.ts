import { CLIENT_GROUP } from './metric-name.js';
import type { StreamsMetricsRegistry } from './streams-metrics-registry.js';

/** What a Streams client reports about itself; the registry reads these when metrics are read. */
export interface ClientMetricsSource {
  /** the client id (`<application.id>-<process uuid>` in Kafka) */
  readonly clientId: string;
  aliveStreamThreads(): number;
  failedStreamThreads(): number;
  /** the client state as a number (the runtime's choice of encoding, e.g. the index in its state list) */
  state?(): number;
}

/**
 * The client-level INFO metrics of Kafka Streams (`stream-metrics`, tag `client-id`) that have
 * numeric values: `alive-stream-threads`, `failed-stream-threads`, and `client-state` when given.
 */
export function addClientMetrics(registry: StreamsMetricsRegistry, source: ClientMetricsSource): void {
  const tags = { 'client-id': source.clientId };
  const scope = `client:${source.clientId}`;
  registry.addMetric(scope, { name: 'alive-stream-threads', group: CLIENT_GROUP, description: 'The current number of alive stream threads', tags }, () => source.aliveStreamThreads());
  registry.addMetric(scope, { name: 'failed-stream-threads', group: CLIENT_GROUP, description: 'The number of failed stream threads since the start of the client', tags }, () => source.failedStreamThreads());
  const state = source.state;
  if (state !== undefined) registry.addMetric(scope, { name: 'client-state', group: CLIENT_GROUP, description: 'The state of the Kafka Streams client, as a number', tags }, () => state.call(source));
}
