// Enrichment with a foreign key: each order names a product ("<item>:<productId>"); the result
// table holds every order with its product's details, and follows changes on both sides: a product
// renamed updates all its orders, an order moved to another product is re-joined, deletes remove
// (inner join) or blank (left join) the enrichment.
//
// Topics: `orders` (key: order id) and `products` (key: product id) -> `enriched-orders`.
// Tested with the TopologyTestDriver (test/examples/fk-enrichment.test.ts) and on the bundled broker
// (test/runtime/examples.test.ts). `npx tsx examples/fk-enrichment.ts` (bundled broker, in process) or
// `BOOTSTRAP_SERVERS=host:9092 npx tsx examples/fk-enrichment.ts` runs it with KafkaStreams.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KafkaStreams, StreamsBuilder, Materialized, Serdes, type Topology, type StreamsConfig } from '../src/index.js';
import { createTopics, latestValues, send, withKafka } from './support/local-kafka.js';

export const ORDERS_TOPIC = 'orders';
export const PRODUCTS_TOPIC = 'products';
export const ENRICHED_TOPIC = 'enriched-orders';
export const ENRICHED_STORE = 'enriched-orders-store';

/** the product id an order refers to, or null when it names none */
export function productIdOf(order: string): string | null {
  const i = order.indexOf(':');
  return i < 0 ? null : order.slice(i + 1);
}

export function enrichmentTopology(options: { keepUnmatched: boolean }, config: StreamsConfig = {}): Topology {
  const builder = new StreamsBuilder();
  const S = { keySerde: Serdes.String(), valueSerde: Serdes.String() };
  const orders = builder.table<string, string>(ORDERS_TOPIC, { consumed: S });
  const products = builder.table<string, string>(PRODUCTS_TOPIC, { consumed: S });
  const materialized = { ...Materialized.as<string, string>(ENRICHED_STORE), ...S };
  const enriched = options.keepUnmatched
    ? orders.leftJoinByForeignKey(products, productIdOf, (order, product) => `${order} (${product ?? 'unknown product'})`, {
        materialized,
        // one result when an order moves to another product (Kafka Streams emits an extra "unknown" first)
        singleLeftJoinResult: true,
      })
    : orders.joinByForeignKey(products, productIdOf, (order, product) => `${order} (${product})`, { materialized });
  enriched.toStream().to(ENRICHED_TOPIC, S);
  return builder.build(config);
}

export interface EnrichmentRun {
  /** the latest enriched value per order after orders and products arrived */
  joined: Map<string, string>;
  /** the same after product p1 was renamed and order o2 moved to product p1 */
  afterChanges: Map<string, string>;
}

/**
 * Runs the left foreign-key join with KafkaStreams (its subscription topics are created at start):
 * products and orders first (one order names a product that does not exist), then a product rename
 * and an order moving to another product. Reads the enriched orders back after each step.
 */
export interface EnrichmentOptions {
  /** how long each read of the output lasts (at most, when `until` is given) */
  readMs?: number;
  /** ends a read early once the latest values satisfy it (tests pass the state they expect) */
  until?: (step: keyof EnrichmentRun, latest: ReadonlyMap<string, string>) => boolean;
}

export async function runEnrichment(bootstrapServers: string, options: EnrichmentOptions = {}): Promise<EnrichmentRun> {
  const readMs = options.readMs ?? 1500;
  const until = options.until;
  // the two tables need not be co-partitioned: the join routes by the foreign key through internal topics
  await createTopics(bootstrapServers, [
    { name: ORDERS_TOPIC, partitions: 2 },
    { name: PRODUCTS_TOPIC, partitions: 3 },
    { name: ENRICHED_TOPIC, partitions: 2 },
  ]);
  const streams = new KafkaStreams(enrichmentTopology({ keepUnmatched: true }), {
    'application.id': 'fk-enrichment-example',
    'bootstrap.servers': bootstrapServers,
    'state.dir': mkdtempSync(join(tmpdir(), 'enrichment-')),
    'commit.interval.ms': 200,
  });
  const read = (step: keyof EnrichmentRun): Promise<Map<string, string>> =>
    latestValues(bootstrapServers, ENRICHED_TOPIC, 2, (k, v) => [k.toString(), v.toString()], readMs, until && ((latest) => until(step, latest)));
  await streams.start();
  try {
    await send(bootstrapServers, PRODUCTS_TOPIC, [
      { key: 'p1', value: 'Apple, 1 kg' },
      { key: 'p2', value: 'Pear, 500 g' },
    ]);
    await send(bootstrapServers, ORDERS_TOPIC, [
      { key: 'o1', value: 'apples:p1' },
      { key: 'o2', value: 'pears:p2' },
      { key: 'o3', value: 'plums:p9' }, // no such product
    ]);
    const joined = await read('joined');
    await send(bootstrapServers, PRODUCTS_TOPIC, [{ key: 'p1', value: 'Apple, 2 kg' }]);
    await send(bootstrapServers, ORDERS_TOPIC, [{ key: 'o2', value: 'more apples:p1' }]);
    const afterChanges = await read('afterChanges');
    return { joined, afterChanges };
  } finally {
    await streams.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await withKafka(async (bootstrap) => {
    const { joined, afterChanges } = await runEnrichment(bootstrap);
    console.log('enriched orders:');
    for (const [order, value] of [...joined].sort()) console.log(`  ${order}: ${value}`);
    console.log('after renaming p1 and moving o2 to p1:');
    for (const [order, value] of [...afterChanges].sort()) console.log(`  ${order}: ${value}`);
  });
}
