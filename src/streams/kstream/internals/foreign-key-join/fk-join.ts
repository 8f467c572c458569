import type { Serde } from '../../../serdes/serde.js';
import type { Materialized } from '../../materialized.js';
import { KTable } from '../../ktable.js';
import { NamedInternal } from '../name-provider.js';
import { MaterializedInternal } from '../materialized-internal.js';
import { KeyValueStoreMaterializer } from '../store-materializer.js';
import { ProcessorParameters } from '../graph/graph-node.js';
import { ProcessorGraphNode, StatefulProcessorNode, StreamToTableNode } from '../graph/processor-nodes.js';
import { StreamSinkNode, StreamSourceNode } from '../graph/source-sink-nodes.js';
import type { TopologyPort } from '../topology-port.js';
import { KTableSourceSupplier } from '../processors/ktable-source.js';
import { foreignTableJoinSupplier, responseJoinSupplier, subscriptionJoinSupplier, subscriptionReceiveSupplier, subscriptionSendSupplier } from './processors.js';
import { SubscriptionStoreNode } from './subscription-store.js';
import { jsonFallbackSerde, responseWrapperSerde, subscriptionWrapperSerde } from './wrappers.js';

const P = {
  SUBSCRIPTION_REGISTRATION: 'KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-',
  SUBSCRIPTION_RESPONSE: 'KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-',
  SUBSCRIPTION_PROCESSOR: 'KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-',
  RESPONSE_RESOLVER: 'KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-RESOLVER-PROCESSOR-',
  STATE_STORE: 'KTABLE-FK-JOIN-SUBSCRIPTION-STATE-STORE-',
  OUTPUT: 'KTABLE-FK-JOIN-OUTPUT-',
  SINK: 'KTABLE-SINK-',
  SOURCE: 'KTABLE-SOURCE-',
} as const;
const TOPIC_SUFFIX = '-topic';

/** Options of a foreign-key join. */
export interface ForeignKeyJoinOptions<K, VR> {
  /** names the processors, topics and stores (Kafka Streams' `TableJoined.as`) */
  name?: string;
  materialized?: Materialized<K, VR>;
  /**
   * kstreams only (left joins): when a row moves from one foreign key to another, emit only the
   * result for the new foreign key. Kafka Streams first emits `joiner(row, null)` for the old one
   * (default false: match Kafka Streams).
   */
  singleLeftJoinResult?: boolean;
}

/** A sink to an internal topic of the join (declared so the runtime creates it). */
class InternalTopicSinkNode extends StreamSinkNode {
  constructor(
    nodeName: string,
    private readonly internalTopic: string,
    options: { keySerde?: Serde<unknown>; valueSerde?: Serde<unknown> },
  ) {
    super(nodeName, internalTopic, options);
  }

  override writeToTopology(topology: TopologyPort): void {
    topology.addInternalTopic(this.internalTopic);
    super.writeToTopology(topology);
  }
}

/**
 * `KTable.joinByForeignKey` / `leftJoinByForeignKey` (Kafka Streams' `KTableImpl.doJoinOnForeignKey`),
 * with Kafka's node, topic and store names: the left table subscribes each row to the foreign key
 * its value names (subscription topic, keyed by foreign key); the foreign side keeps the
 * subscriptions and answers on the response topic (keyed by the left key) whenever a subscription or
 * a foreign row changes; the left side joins the answer with its current value, dropping answers
 * for values that changed meanwhile (by hash).
 */
export function joinOnForeignKey<K, V, KO, VO, VR>(
  left: KTable<K, V>,
  right: KTable<KO, VO>,
  extractor: (value: V) => KO | null,
  joiner: (value: V, other: VO | null) => VR,
  options: ForeignKeyJoinOptions<K, VR>,
  leftJoin: boolean,
): KTable<K, VR> {
  const builder = left.parts.builder;
  right.enableSendingOldValues(true);
  left.enableSendingOldValues(true);
  const renamed = new NamedInternal(options.name);
  const keySerde = (left.parts.keySerde ?? jsonFallbackSerde) as Serde<unknown>;
  const valueSerde = (left.parts.valueSerde ?? jsonFallbackSerde) as Serde<unknown>;
  const foreignKeySerde = (right.parts.keySerde ?? jsonFallbackSerde) as Serde<unknown>;
  const foreignValueSerde = (right.parts.valueSerde ?? jsonFallbackSerde) as Serde<unknown>;

  const subscriptionTopic = renamed.suffixWithOrElseGet('-subscription-registration', builder, P.SUBSCRIPTION_REGISTRATION) + TOPIC_SUFFIX;
  const sendName = renamed.suffixWithOrElseGet('-subscription-registration-processor', builder, P.SUBSCRIPTION_REGISTRATION);
  const sendNode = new ProcessorGraphNode(
    sendName,
    new ProcessorParameters(
      {
        get: subscriptionSendSupplier({
          extractor: extractor as (v: unknown) => unknown,
          foreignKeySerializer: foreignKeySerde,
          valueSerializer: valueSerde,
          leftJoin,
          singleLeftJoinResult: options.singleLeftJoinResult ?? false,
        }) as never,
      },
      sendName,
    ),
  );
  builder.addGraphNode(left.parts.graphNode, sendNode);

  const subscriptionSerde = subscriptionWrapperSerde(keySerde) as Serde<unknown>;
  const subscriptionSink = new InternalTopicSinkNode(renamed.suffixWithOrElseGet('-subscription-registration-sink', builder, P.SINK), subscriptionTopic, {
    keySerde: foreignKeySerde,
    valueSerde: subscriptionSerde,
  });
  builder.addGraphNode(sendNode, subscriptionSink);
  const subscriptionSourceName = renamed.suffixWithOrElseGet('-subscription-registration-source', builder, P.SOURCE);
  const subscriptionSource = new StreamSourceNode(subscriptionSourceName, [subscriptionTopic], undefined, { keySerde: foreignKeySerde, valueSerde: subscriptionSerde });
  builder.addGraphNode(subscriptionSink, subscriptionSource);
  builder.copartition([right.parts.subTopologySourceNodes, new Set([subscriptionSourceName])]);

  const storeName = renamed.suffixWithOrElseGet('-subscription-store', builder, P.STATE_STORE);
  builder.addGraphNode(builder.root, new SubscriptionStoreNode(storeName, keySerde));

  const receiveName = renamed.suffixWithOrElseGet('-subscription-receive', builder, P.SUBSCRIPTION_PROCESSOR);
  const receiveNode = new StatefulProcessorNode(receiveName, new ProcessorParameters({ get: subscriptionReceiveSupplier(storeName, foreignKeySerde, keySerde) as never }, receiveName), { storeNames: () => [storeName] });
  builder.addGraphNode(subscriptionSource, receiveNode);

  const foreignValues = right.valueGetterSupplier();
  const joinForeignName = renamed.suffixWithOrElseGet('-subscription-join-foreign', builder, P.SUBSCRIPTION_PROCESSOR);
  const joinForeignNode = new StatefulProcessorNode(joinForeignName, new ProcessorParameters({ get: subscriptionJoinSupplier(foreignValues) as never }, joinForeignName), {
    storeNames: () => foreignValues.storeNames(),
  });
  builder.addGraphNode(receiveNode, joinForeignNode);

  const foreignTableJoinName = renamed.suffixWithOrElseGet('-foreign-join-subscription', builder, P.SUBSCRIPTION_PROCESSOR);
  const foreignTableJoinNode = new StatefulProcessorNode(foreignTableJoinName, new ProcessorParameters({ get: foreignTableJoinSupplier(storeName, foreignKeySerde, keySerde) as never }, foreignTableJoinName), {
    storeNames: () => [storeName],
  });
  builder.addGraphNode(right.parts.graphNode, foreignTableJoinNode);

  const responseTopic = renamed.suffixWithOrElseGet('-subscription-response', builder, P.SUBSCRIPTION_RESPONSE) + TOPIC_SUFFIX;
  const responseSerde = responseWrapperSerde(foreignValueSerde) as Serde<unknown>;
  const responseSink = new InternalTopicSinkNode(renamed.suffixWithOrElseGet('-subscription-response-sink', builder, P.SINK), responseTopic, { keySerde, valueSerde: responseSerde });
  builder.addGraphNode(joinForeignNode, responseSink);
  builder.addGraphNode(foreignTableJoinNode, responseSink);
  const responseSourceName = renamed.suffixWithOrElseGet('-subscription-response-source', builder, P.SOURCE);
  const responseSource = new StreamSourceNode(responseSourceName, [responseTopic], undefined, { keySerde, valueSerde: responseSerde });
  builder.addGraphNode(responseSink, responseSource);
  const resultSources = builder.copartition([left.parts.subTopologySourceNodes, new Set([responseSourceName])]);

  const leftValues = left.valueGetterSupplier();
  const resolverName = renamed.suffixWithOrElseGet('-subscription-response-resolver', builder, P.RESPONSE_RESOLVER);
  const resolverNode = new StatefulProcessorNode(
    resolverName,
    new ProcessorParameters(
      { get: responseJoinSupplier({ leftValues, valueSerializer: valueSerde, joiner: joiner as (l: unknown, r: unknown) => unknown, leftJoin }) as never },
      resolverName,
    ),
    { storeNames: () => leftValues.storeNames() },
  );
  builder.addGraphNode(responseSource, resolverNode);

  const resultName = renamed.suffixWithOrElseGet('-result', builder, P.OUTPUT);
  const m = new MaterializedInternal<unknown, unknown>(options.materialized as Materialized<unknown, unknown> | undefined, builder, P.OUTPUT);
  m.keySerde ??= keySerde;
  const resultSupplier = new KTableSourceSupplier(m.storeName, m.queryableStoreName);
  // as in Kafka, the result is materialized when the store is named or a downstream operator needs it
  const resultNode = new StreamToTableNode(resultName, new ProcessorParameters(resultSupplier as never, resultName), new KeyValueStoreMaterializer(m));
  builder.addGraphNode(resolverNode, resultNode);
  return new KTable<K, VR>(
    { name: resultName, keySerde: left.parts.keySerde, valueSerde: m.valueSerde as Serde<VR> | undefined, subTopologySourceNodes: resultSources, graphNode: resultNode, builder },
    resultSupplier,
    m.queryableStoreName,
  );
}
