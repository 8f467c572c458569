import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toPrometheusText, addClientMetrics, StreamsMetricsRegistry, ThreadMetrics, TaskMetrics, type MetricValue } from '../../../src/streams/metrics/index.js';
import { StreamsBuilder } from '../../../src/streams/kstream/streams-builder.js';
import { Serdes } from '../../../src/streams/serdes/index.js';
import { TopologyTestDriver } from '../../../src/test-utils/index.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** a strict reader of the Prometheus text format (0.0.4), to check what the exporter writes */
function parsePrometheus(text: string): { help: Map<string, string>; type: Map<string, string>; samples: Sample[] } {
  assert.ok(text.endsWith('\n'), 'ends with a line feed');
  const help = new Map<string, string>();
  const type = new Map<string, string>();
  const samples: Sample[] = [];
  const nameRe = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
  for (const line of text.slice(0, -1).split('\n')) {
    if (line.startsWith('# HELP ')) {
      const [, name, doc] = /^# HELP (\S+) (.*)$/.exec(line) ?? [];
      assert.ok(name !== undefined && nameRe.test(name), line);
      assert.ok(!help.has(name), `one HELP per family: ${name}`);
      help.set(name, doc!.replace(/\\n/g, '\n').replace(/\\\\/g, '\\'));
      continue;
    }
    if (line.startsWith('# TYPE ')) {
      const [, name, t] = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line) ?? [];
      assert.ok(name !== undefined, line);
      assert.ok(!type.has(name), `one TYPE per family: ${name}`);
      assert.ok(!samples.some((s) => s.name === name), 'TYPE before the samples');
      type.set(name, t!);
      continue;
    }
    const m = nameRe.exec(line);
    assert.ok(m, `sample line: ${line}`);
    const name = m[0];
    let i = name.length;
    const labels: Record<string, string> = {};
    if (line[i] === '{') {
      i++;
      while (line[i] !== '}') {
        const ln = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(line.slice(i));
        assert.ok(ln, `label name in ${line}`);
        i += ln[0].length;
        assert.equal(line.slice(i, i + 2), '="');
        i += 2;
        let v = '';
        while (line[i] !== '"') {
          if (line[i] === '\\') {
            const e = line[i + 1];
            v += e === 'n' ? '\n' : e;
            i += 2;
          } else v += line[i++];
        }
        i++;
        labels[ln[0]] = v;
        if (line[i] === ',') i++;
      }
      i++;
    }
    assert.equal(line[i], ' ');
    const raw = line.slice(i + 1);
    assert.match(raw, /^(NaN|[+-]Inf|-?\d+(\.\d+)?(e[+-]?\d+)?)$/, `value ${raw}`);
    samples.push({ name, labels, value: raw === 'NaN' ? Number.NaN : raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw) });
  }
  for (const s of samples) assert.ok(type.has(s.name), `TYPE for ${s.name}`);
  return { help, type, samples };
}

test('names, labels, types and escaping follow the text format', () => {
  const metrics: MetricValue[] = [
    { name: 'process-total', group: 'stream-thread-metrics', description: 'The total number\nof records', tags: { 'thread-id': 'app "1"\\a\nb' }, kind: 'counter', value: 42 },
    { name: 'process-total', group: 'stream-thread-metrics', description: 'The total number\nof records', tags: { 'thread-id': 't2' }, kind: 'counter', value: 7 },
    { name: 'process-latency-avg', group: 'stream-thread-metrics', description: 'avg \\ latency', tags: { 'thread-id': 't2' }, kind: 'gauge', value: Number.NaN },
    { name: 'put-rate', group: 'stream-state-metrics', description: 'rate', tags: { 'in-memory-state-id': 's', '9bad': 'x' }, kind: 'gauge', value: 1.5e-7 },
  ];
  const text = toPrometheusText(metrics);
  const parsed = parsePrometheus(text);
  assert.equal(parsed.type.get('kafka_streams_stream_thread_metrics_process_total'), 'counter');
  assert.equal(parsed.type.get('kafka_streams_stream_thread_metrics_process_latency_avg'), 'gauge');
  assert.equal(parsed.help.get('kafka_streams_stream_thread_metrics_process_total'), 'The total number\nof records');
  assert.equal(parsed.help.get('kafka_streams_stream_thread_metrics_process_latency_avg'), 'avg \\ latency');
  const totals = parsed.samples.filter((s) => s.name === 'kafka_streams_stream_thread_metrics_process_total');
  assert.deepEqual(
    totals.map((s) => [s.labels['thread_id'], s.value]),
    [
      ['app "1"\\a\nb', 42],
      ['t2', 7],
    ],
  );
  assert.ok(Number.isNaN(parsed.samples.find((s) => s.name.endsWith('latency_avg'))!.value));
  const put = parsed.samples.find((s) => s.name === 'kafka_streams_stream_state_metrics_put_rate')!;
  assert.deepEqual(put.labels, { in_memory_state_id: 's', _9bad: 'x' });
  assert.equal(put.value, 1.5e-7);
});

test('the metrics of a driven topology export and parse back with the same values', (t) => {
  const str = Serdes.String();
  const builder = new StreamsBuilder();
  builder.stream<string, string>('in').groupByKey().count().toStream().to('out', { valueSerde: Serdes.Long() });
  const config = { 'application.id': 'prom', 'default.key.serde': str, 'default.value.serde': str, 'metrics.recording.level': 'DEBUG', 'default.dsl.store': 'in_memory' };
  const driver = new TopologyTestDriver(builder.build(config), config);
  t.after(() => driver.close());
  const input = driver.createInputTopic('in', str, str);
  for (let i = 0; i < 20; i++) input.pipeInput(`k${i % 3}`, 'v');
  const metrics = driver.metrics();
  const parsed = parsePrometheus(toPrometheusText(metrics));
  assert.equal(parsed.samples.length, metrics.length);
  const total = parsed.samples.find((s) => s.name === 'kafka_streams_stream_thread_metrics_process_total' && s.labels['thread_id'] === 'main');
  assert.equal(total?.value, 20);
  const taskTotal = parsed.samples.find((s) => s.name === 'kafka_streams_stream_task_metrics_process_total' && s.labels['task_id'] === '0_0');
  assert.equal(taskTotal?.value, 20);
  assert.ok(parsed.samples.some((s) => s.name === 'kafka_streams_stream_state_metrics_put_latency_avg' && s.labels['in_memory_state_id'] !== undefined));
});

test('rates use a sliding window over the clock; thread and task scopes are removed', () => {
  let now = 0;
  const registry = new StreamsMetricsRegistry({ recordingLevel: 'DEBUG', clock: () => now, sampleWindowMs: 1000 });
  const thread = new ThreadMetrics(registry, 't1');
  const task = new TaskMetrics(registry, thread, '1_2');
  const read = (group: string, name: string): number => registry.metrics().find((m) => m.group === group && m.name === name)!.value;
  task.dropped.record(10);
  now = 500;
  assert.equal(read('stream-task-metrics', 'dropped-records-rate'), 20); // 10 in 0.5 s
  now = 1000; // window rolls: [0, 1000) kept as the previous sample
  assert.equal(read('stream-task-metrics', 'dropped-records-rate'), 10);
  task.dropped.record(30);
  now = 2000;
  // samples [1000, 2000): 30 records over 1 s; the 10 before fall out
  assert.equal(read('stream-task-metrics', 'dropped-records-rate'), 30);
  assert.equal(read('stream-task-metrics', 'dropped-records-total'), 40);
  thread.recordProcess(4, 8);
  assert.equal(read('stream-thread-metrics', 'process-total'), 4);
  assert.equal(read('stream-thread-metrics', 'process-latency-avg'), 2);
  assert.equal(read('stream-thread-metrics', 'process-records-max'), 4);
  task.remove();
  assert.ok(!registry.metrics().some((m) => m.tags['task-id'] === '1_2'));
  thread.remove();
  assert.deepEqual(registry.metrics(), []);
});

test('client metrics read their source when metrics are read', () => {
  const registry = new StreamsMetricsRegistry();
  let alive = 2;
  addClientMetrics(registry, { clientId: 'app-1', aliveStreamThreads: () => alive, failedStreamThreads: () => 0 });
  const read = () => registry.metrics().find((m) => m.group === 'stream-metrics' && m.name === 'alive-stream-threads' && m.tags['client-id'] === 'app-1')?.value;
  assert.equal(read(), 2);
  alive = 1;
  assert.equal(read(), 1);
  assert.match(toPrometheusText(registry.metrics()), /^kafka_streams_stream_metrics_alive_stream_threads\{client_id="app-1"\} 1$/m);
});
