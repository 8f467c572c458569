import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Topology, Serdes, Record, PunctuationType, type Processor, type ProcessorContext } from '../../src/index.js';
import { TopologyTestDriver } from '../../src/test-utils/index.js';

class Upper implements Processor<string, string, string, string> {
  private ctx!: ProcessorContext<string, string>;
  init(ctx: ProcessorContext<string, string>): void {
    this.ctx = ctx;
  }
  process(r: Record<string, string>): void {
    this.ctx.forward(r.withValue(r.value.toUpperCase()));
  }
}

test('a source -> processor -> sink topology pipes records through the driver', () => {
  const t = new Topology()
    .addSource('in', 'input', { keyDeserializer: Serdes.String(), valueDeserializer: Serdes.String() })
    .addProcessor('upper', () => new Upper(), 'in')
    .addSink('out', 'output', { keySerializer: Serdes.String(), valueSerializer: Serdes.String() }, 'upper');
  const driver = new TopologyTestDriver(t, {}, { initialWallClockTime: 0 });
  const input = driver.createInputTopic('input', Serdes.String(), Serdes.String());
  const output = driver.createOutputTopic('output', Serdes.String(), Serdes.String());
  input.pipeInput('k', 'hello', 5);
  const r = output.readRecord();
  assert.equal(r.key, 'k');
  assert.equal(r.value, 'HELLO');
  assert.equal(r.timestamp, 5);
  assert.ok(output.isEmpty());
  driver.close();
});

test('punctuation on stream time and wall clock', () => {
  const fired: string[] = [];
  const t = new Topology()
    .addSource('in', 'input', { keyDeserializer: Serdes.String(), valueDeserializer: Serdes.String() })
    .addProcessor(
      'p',
      () => ({
        init(ctx: ProcessorContext<never, never>) {
          ctx.schedule(10, PunctuationType.STREAM_TIME, (ts) => fired.push(`stream@${ts}`));
          ctx.schedule(100, PunctuationType.WALL_CLOCK_TIME, (ts) => fired.push(`wall@${ts}`));
        },
        process() {},
      }),
      'in',
    );
  const driver = new TopologyTestDriver(t, {}, { initialWallClockTime: 1000 });
  const input = driver.createInputTopic('input', Serdes.String(), Serdes.String());
  input.pipeInput('a', 'x', 3);
  input.pipeInput('a', 'x', 25);
  driver.advanceWallClockTime(150);
  assert.deepEqual(fired, ['stream@3', 'stream@25', 'wall@1150']);
});
