// Cost of metrics on the hot path: records/s of a count topology (stream → groupByKey → count →
// toStream → to) through the TopologyTestDriver with metrics off (no sensors), at INFO and at DEBUG.
// Modes are interleaved over several rounds; the table shows the best round of each.
// Run: npx tsx bench/metrics-overhead.ts [records=200000] [rounds=3]
import { StreamsBuilder } from '../src/streams/kstream/streams-builder.js';
import { Serdes } from '../src/streams/serdes/index.js';
import { TopologyTestDriver } from '../src/test-utils/index.js';

const records = Number(process.argv[2] ?? 200_000);
const rounds = Number(process.argv[3] ?? 3);
const KEYS = 10_000;
const str = Serdes.String();

type Mode = 'off' | 'INFO' | 'DEBUG';

function run(mode: Mode): number {
  const builder = new StreamsBuilder();
  builder.stream<string, string>('in').groupByKey().count().toStream().to('out', { valueSerde: Serdes.Long() });
  const config = {
    'application.id': `metrics-bench-${mode}`,
    'default.key.serde': str,
    'default.value.serde': str,
    'default.dsl.store': 'in_memory',
    'statestore.cache.max.bytes': 0,
    'metrics.recording.level': mode === 'off' ? 'INFO' : mode,
  };
  const driver = new TopologyTestDriver(builder.build(config), config, { initialWallClockTime: 0, recordMetrics: mode !== 'off' });
  const input = driver.createInputTopic('in', str, str);
  const output = driver.createOutputTopic('out', str, Serdes.Long());
  const keys = Array.from({ length: KEYS }, (_, i) => `key-${i}`);
  const start = performance.now();
  for (let i = 0; i < records; i++) {
    input.pipeInput(keys[i % KEYS]!, 'v', i);
    if ((i & 1023) === 1023) output.readRecordsToList();
  }
  const elapsed = performance.now() - start;
  const ms = driver.metrics();
  const total = ms.find((m) => m.group === 'stream-thread-metrics' && m.name === 'process-total')?.value;
  if (mode !== 'off' && total !== records) throw new Error(`process-total ${String(total)} != ${records}`);
  driver.close();
  return (records * 1000) / elapsed;
}

const modes: Mode[] = ['off', 'INFO', 'DEBUG'];
const best = new Map<Mode, number>(modes.map((m) => [m, 0]));
run('off'); // warm-up
for (let r = 0; r < rounds; r++) for (const m of modes) best.set(m, Math.max(best.get(m)!, run(m)));
const base = best.get('off')!;
console.log(`count topology through the TopologyTestDriver, ${records} records, ${KEYS} keys, best of ${rounds}`);
console.log('| metrics          | records/s | vs off |');
console.log('|------------------|----------:|-------:|');
for (const m of modes) {
  const v = best.get(m)!;
  console.log(`| ${m === 'off' ? 'off (no sensors)' : m.padEnd(16)} | ${Math.round(v).toString().padStart(9)} | ${((v / base - 1) * 100).toFixed(1).padStart(5)}% |`);
}
