import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Record, Serdes, PunctuationType, type Processor, type ProcessorContext } from '../../src/index.js';
import { Stores, type KeyValueStore } from '../../src/state/index.js';
import { MockProcessorContext } from '../../src/test-utils/index.js';

/** counts values per key; emits counts every 10 ms of stream time; forwards big counts to "alerts" */
class CountingProcessor implements Processor<string, string, string, number> {
  private ctx!: ProcessorContext<string, number>;
  private store!: KeyValueStore<string, number>;
  init(ctx: ProcessorContext<string, number>): void {
    this.ctx = ctx;
    this.store = ctx.getStateStore('counts');
    ctx.schedule(10, PunctuationType.STREAM_TIME, (ts) => {
      for (const { key, value } of this.store.all()) ctx.forward(new Record(key, value, ts));
      ctx.commit();
    });
  }
  process(r: Record<string, string>): void {
    const n = (this.store.get(r.key) ?? 0) + 1;
    this.store.put(r.key, n);
    if (n > 1) this.ctx.forward(r.withValue(n), 'alerts');
  }
}

test('MockProcessorContext captures forwards, punctuations and commit requests', () => {
  const ctx = new MockProcessorContext<string, number>({ config: { 'application.id': 'unit' } });
  const store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('counts'), Serdes.String(), Serdes.Long()).withLoggingDisabled().build();
  store.init(ctx.getStateStoreContext(), store);
  ctx.addStateStore(store);

  const p = new CountingProcessor();
  p.init(ctx);
  ctx.setRecordMetadata('in', 0, 7);
  p.process(new Record('a', 'x', 1));
  assert.deepEqual(ctx.forwarded(), []);
  p.process(new Record('a', 'y', 2));
  const [fwd] = ctx.forwarded('alerts');
  assert.equal(fwd!.record.value, 2);
  assert.equal(fwd!.childName, 'alerts');
  assert.deepEqual(ctx.recordMetadata(), { topic: 'in', partition: 0, offset: 7 });

  const [punctuator] = ctx.scheduledPunctuators();
  assert.equal(punctuator!.intervalMs, 10);
  assert.equal(punctuator!.type, PunctuationType.STREAM_TIME);
  ctx.resetForwards();
  punctuator!.punctuator(10);
  assert.deepEqual(
    ctx.forwarded().map((f) => [f.record.key, f.record.value, f.record.timestamp, f.childName]),
    [['a', 2, 10, undefined]],
  );
  assert.equal(ctx.committed(), true);
  ctx.resetCommit();
  assert.equal(ctx.committed(), false);
  assert.equal(ctx.applicationId, 'unit');
  assert.throws(() => ctx.getStateStore('missing'), /no store named missing/);
});

test('MockProcessorContext: times are set by the test, cancellation is visible', () => {
  const ctx = new MockProcessorContext();
  ctx.setCurrentStreamTimeMs(50);
  ctx.setCurrentSystemTimeMs(1234);
  assert.equal(ctx.currentStreamTimeMs(), 50);
  assert.equal(ctx.currentSystemTimeMs(), 1234);
  const c = ctx.schedule(5, PunctuationType.WALL_CLOCK_TIME, () => {});
  c.cancel();
  assert.equal(ctx.scheduledPunctuators()[0]!.cancelled, true);
  assert.throws(() => ctx.schedule(0, PunctuationType.WALL_CLOCK_TIME, () => {}), RangeError);
  assert.equal(ctx.recordMetadata(), null);
});

test('MockProcessorContext store context captures changelog writes of logged stores', () => {
  const ctx = new MockProcessorContext({ config: { 'application.id': 'unit' } });
  const store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('st'), Serdes.String(), Serdes.String()).build();
  ctx.setRecordTimestamp(99);
  store.init(ctx.getStateStoreContext(), store);
  store.put('k', 'v');
  const [rec] = ctx.changelogRecords();
  assert.equal(rec!.topic, 'unit-st-changelog');
  assert.equal(rec!.key!.toString(), 'k');
  assert.equal(rec!.timestamp, 99);
});
