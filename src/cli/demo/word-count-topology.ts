// The demo's application: WordCount (flatMapValues → groupBy → count → toStream → to).
import { Materialized, Serdes, StreamsBuilder, type Topology } from '../../streams/index.js';

export function demoWordCount(input: string, output: string): Topology {
  const builder = new StreamsBuilder();
  builder
    .stream<string, string>(input, { keySerde: Serdes.String(), valueSerde: Serdes.String() })
    .flatMapValues((line) => line.toLowerCase().split(/\W+/).filter((w) => w.length > 0))
    .groupBy((_key, word) => word, { keySerde: Serdes.String(), valueSerde: Serdes.String() })
    .count({ materialized: { ...Materialized.as<string, number>('counts'), keySerde: Serdes.String(), valueSerde: Serdes.Long() } })
    .toStream()
    .to(output, { keySerde: Serdes.String(), valueSerde: Serdes.Long() });
  return builder.build();
}

/** the text the demo feeds, one line at a time */
export const DEMO_TEXT = [
  'all streams flow to the sea',
  'yet the sea is not full',
  'to the place where the streams flow',
  'there they flow again',
  'a stream is a table in motion',
  'a table is a stream at rest',
];
