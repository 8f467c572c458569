// Enrichment with a foreign key: each order names a product ("<item>:<productId>"); the result
// table holds every order with its product's details, and follows changes on both sides: a product
// renamed updates all its orders, an order moved to another product is re-joined, deletes remove
// (inner join) or blank (left join) the enrichment.
//
// Topics: `orders` (key: order id) and `products` (key: product id) -> `enriched-orders`.
// Runnable today through the TopologyTestDriver (see test/examples/fk-enrichment.test.ts); against
// the bundled broker once the runtime lands.
import { StreamsBuilder, Materialized, Serdes, type Topology, type StreamsConfig } from '../src/index.js';

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

// `npx tsx examples/fk-enrichment.ts` prints the topology
if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(enrichmentTopology({ keepUnmatched: true }).describe().toString());
}
