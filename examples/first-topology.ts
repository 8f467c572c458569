// Your first topology: count words in lines of text (see README, "Your first topology").
// Reads `text-lines` (key: anything, value: a line of text) and writes to `word-counts` the running
// count of every word (key: the word, value: a long), updated each time the word appears.
import { StreamsBuilder, Materialized, Serdes, type Topology, type StreamsConfig } from '../src/index.js';

export const INPUT_TOPIC = 'text-lines';
export const OUTPUT_TOPIC = 'word-counts';
export const COUNTS_STORE = 'counts-store';

export function wordCountTopology(config: StreamsConfig = {}): Topology {
  const builder = new StreamsBuilder();
  builder
    // 1. a stream of the records of a topic, with the serdes to read it
    .stream<string, string>(INPUT_TOPIC, { keySerde: Serdes.String(), valueSerde: Serdes.String() })
    // 2. one record per word, same key
    .flatMapValues((line) => line.toLowerCase().split(/\W+/).filter((word) => word.length > 0))
    // 3. group by the word: a new key, so kstreams repartitions through an internal topic
    .groupBy((_key, word) => word, { keySerde: Serdes.String(), valueSerde: Serdes.String() })
    // 4. count per word, in a store you can query by name
    .count({ materialized: { ...Materialized.as<string, number>(COUNTS_STORE), keySerde: Serdes.String(), valueSerde: Serdes.Long() } })
    // 5. the table's updates as a stream, written to the output topic
    .toStream()
    .to(OUTPUT_TOPIC, { keySerde: Serdes.String(), valueSerde: Serdes.Long() });
  return builder.build(config);
}

// `npx tsx examples/first-topology.ts` prints the topology
if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(wordCountTopology().describe().toString());
}
