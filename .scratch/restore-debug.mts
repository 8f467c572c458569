import { startBroker } from '/work/wt-runtime/src/broker/index.js';
import { KafkaStreams } from '/work/wt-runtime/src/index.js';
import { wordCountTopology } from '/work/wt-runtime/examples/first-topology.js';
import { createTopics, produce } from '/work/wt-runtime/test/runtime/helpers.js';
import { mkdtempSync } from 'node:fs';
const broker = await startBroker({ port: 0 });
const b = broker.address;
await createTopics(b, [{ name: 'text-lines', partitions: 2 }, { name: 'word-counts', partitions: 2 }]);
await produce(b, 'text-lines', Array.from({ length: 100 }, (_, i) => ({ key: String(i), value: `a b c ${i}` })));
for (let run = 0; run < 2; run++) {
  const s = new KafkaStreams(wordCountTopology(), { 'application.id': 'dbg', 'bootstrap.servers': b, 'state.dir': mkdtempSync('/tmp/dbg-'), 'commit.interval.ms': 100 });
  s.setStateRestoreListener({
    onRestoreStart: (tp, st, a, e) => console.log('start', run, tp, st, a, e),
    onRestoreEnd: (tp, st, n) => console.log('end', run, tp, st, n),
  });
  s.setUncaughtExceptionHandler((e) => { console.log('ERR', e); return 'SHUTDOWN_CLIENT'; });
  await s.start();
  await s.waitForState('RUNNING');
  await new Promise((r) => setTimeout(r, 1500));
  console.log(run, s.metrics());
  await s.close();
}
await broker.close();
