// examples/client-produce-consume.ts runs as users run it: alone (it starts the bundled broker in-process),
// and against a broker given on the command line, where a second run resumes from the group's commits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startBroker } from '../../src/broker/index.js';

const example = fileURLToPath(new URL('../../examples/client-produce-consume.ts', import.meta.url));

async function runExample(args: string[]): Promise<string> {
  // A separate process: with a broker in this test's event loop, a synchronous child would deadlock it.
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', example, ...args], { encoding: 'utf8', timeout: 60_000 });
  return stdout;
}

const consumed = (out: string) => [...out.matchAll(/^consumed client-example-(\d+)@(\d+) key=(\w+) value=(.*)$/gm)].map((m) => ({ partition: Number(m[1]), offset: Number(m[2]), key: m[3]!, value: m[4]! }));

test('with no bootstrap address the example starts the development broker and runs its producer and group member', { timeout: 60_000 }, async () => {
  const out = await runExample([]);
  assert.match(out, /^started the development broker on 127\.0\.0\.1:\d+$/m);
  assert.equal((out.match(/^produced to client-example-\d at offset \d+$/gm) ?? []).length, 3);
  assert.match(out, /^assigned client-example-0, client-example-1, client-example-2$/m);
  assert.deepEqual(consumed(out).map((r) => r.key).sort(), ['alice', 'bob', 'carol']);
  assert.deepEqual(JSON.parse(consumed(out).find((r) => r.key === 'bob')!.value), { name: 'bob', visits: 2 });
  assert.match(out, /^done: 3 records produced and consumed by group client-example-group$/m);
});

test('against a given broker, a second run of the group resumes after the offsets the first one committed', { timeout: 90_000 }, async (t) => {
  const broker = await startBroker({ port: 0, partitions: 3 });
  t.after(() => broker.close());
  const first = await runExample([broker.address]);
  assert.doesNotMatch(first, /started the development broker/);
  const firstRecords = consumed(first);
  assert.equal(firstRecords.length, 3);
  const second = await runExample([broker.address]);
  const secondRecords = consumed(second);
  // Same keys, same partitions; the group starts after what the first run committed, so only the new records come.
  assert.deepEqual(secondRecords.map((r) => r.key).sort(), ['alice', 'bob', 'carol']);
  for (const r of secondRecords) {
    const before = firstRecords.filter((f) => f.partition === r.partition);
    assert.ok(r.offset > Math.max(...before.map((f) => f.offset)), `${r.key} at ${r.partition}@${r.offset} was not consumed again`);
  }
  assert.match(second, /^committed client-example-\d: next offset [2-6]$/m);
});
