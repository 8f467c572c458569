// Public entry point of kstreams/test-utils: re-exports only.
export { TopologyTestDriver, type TopologyTestDriverOptions } from './topology-test-driver.js';
export { TestInputTopic, type InputTopicOptions } from './test-input-topic.js';
export { TestOutputTopic, NoSuchElementError, type ProducedRecord } from './test-output-topic.js';
export { TestRecord, type KeyValuePair } from './test-record.js';
export { MockProcessorContext, type CapturedForward, type CapturedPunctuator, type CapturedChangelogRecord, type MockProcessorContextOptions } from './mock-processor-context.js';
