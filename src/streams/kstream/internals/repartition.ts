import type { Serde } from '../../serdes/serde.js';
import type { StreamPartitioner } from '../functions.js';
import type { NameProvider } from './name-provider.js';
import { ProcessorParameters } from './graph/graph-node.js';
import type { RepartitionParts } from './graph/repartition-nodes.js';
import { filterSupplier } from './processors/stream-processors.js';

export const REPARTITION_TOPIC_SUFFIX = '-repartition';
const GENERATED = /^KSTREAM.*-[0-9]{10}$/;

/**
 * Names and parts of a repartition (Kafka Streams' `createRepartitionedSource`): the topic is
 * `<prefix>-repartition`; sink, filter and source take generated names when the prefix itself was
 * generated, else `<topic>-sink`, `<topic>-filter`, `<topic>-source`. Three indexes are used up either way.
 */
export function createRepartitionParts(
  names: NameProvider,
  options: { prefix: string; keySerde: Serde<unknown> | undefined; valueSerde: Serde<unknown> | undefined; partitioner?: StreamPartitioner<unknown, unknown>; numberOfPartitions?: number },
): RepartitionParts {
  const topic = options.prefix.endsWith(REPARTITION_TOPIC_SUFFIX) ? options.prefix : options.prefix + REPARTITION_TOPIC_SUFFIX;
  const genSink = names.newProcessorName('KSTREAM-SINK-');
  const genFilter = names.newProcessorName('KSTREAM-FILTER-');
  const genSource = names.newProcessorName('KSTREAM-SOURCE-');
  const generated = GENERATED.test(options.prefix);
  const sinkName = generated ? genSink : `${topic}-sink`;
  const filterName = generated ? genFilter : `${topic}-filter`;
  const sourceName = generated ? genSource : `${topic}-source`;
  return {
    sourceName,
    sinkName,
    repartitionTopic: topic,
    keySerde: options.keySerde,
    valueSerde: options.valueSerde,
    // passes everything until the optimizer decides whether null keys may be dropped
    processorParameters: new ProcessorParameters(filterSupplier(() => true, false), filterName),
    partitioner: options.partitioner,
    numberOfPartitions: options.numberOfPartitions,
  };
}
