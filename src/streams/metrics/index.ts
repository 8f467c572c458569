// Streams metrics (re-exports only). How a runtime wires them:
//   registry = StreamsMetricsRegistry.fromConfig(config)            one per KafkaStreams client; metrics() = registry.metrics()
//   addClientMetrics(registry, { clientId, aliveStreamThreads, failedStreamThreads, state })
//   thread = new ThreadMetrics(registry, threadName)                 per stream thread; thread.remove() when it ends
//     per loop: recordPoll(n, ms), recordProcess(n, ms), recordCommit(ms); taskCreated() / taskClosed()
//   new StreamTask({ ..., metrics: new TaskMetrics(registry, thread, taskId.toString()) })   task.close() removes them
//   recordStoreRestore(store, ms) per restored batch
export { type RecordingLevel, parseRecordingLevel, shouldRecord } from './recording-level.js';
export { type MetricName, type MetricValue, THREAD_GROUP, TASK_GROUP, NODE_GROUP, STATE_GROUP, CLIENT_GROUP } from './metric-name.js';
export { StreamsMetricsRegistry, type StreamsMetricsRegistryOptions } from './streams-metrics-registry.js';
export { ThreadMetrics } from './thread-metrics.js';
export { TaskMetrics, NodeMetrics } from './task-metrics.js';
export { bindStoreMetrics, recordStoreRestore } from './store-metrics-binding.js';
export { toPrometheusText, prometheusMetricName, prometheusLabelName, escapeLabelValue, type PrometheusOptions } from './prometheus.js';
export { CountSensor, ValueSensor, nowMs } from './sensors.js';
export { addClientMetrics, type ClientMetricsSource } from './client-metrics.js';
