// kcat (librdkafka 2.0.2) balanced consumers (-G) against the broker: two kcat processes in one
// group split the partitions, each reads to the end (-e) and exits; together they see everything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startBroker } from '../../src/broker/start-broker.js';

function kcat(args: string[], input?: string, timeoutMs = 30_000): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn('kcat', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

test('kcat -G: two balanced consumers share the partitions and together read every record', { timeout: 60_000 }, async (t) => {
  const broker = await startBroker({ partitions: 4, coordinators: { initialRebalanceDelayMs: 3000 } });
  t.after(() => broker.close());
  const input = Array.from({ length: 100 }, (_, i) => `k${i}:v${i}`).join('\n') + '\n';
  const produced = await kcat(['-P', '-b', broker.address, '-t', 'kc', '-K:'], input);
  assert.equal(produced.code, 0, produced.err + produced.out);
  const member = () => kcat(['-b', broker.address, '-G', 'kc-group', '-o', 'beginning', '-e', '-X', 'session.timeout.ms=6000', '-f', '%p %s\n', 'kc']);
  const [a, b] = await Promise.all([member(), member()]);
  const lines = (r: { out: string }) => r.out.split('\n').filter(Boolean);
  const partitionsOf = (r: { out: string }) => new Set(lines(r).map((l) => l.split(' ')[0]));
  const values = new Set([...lines(a), ...lines(b)].map((l) => l.split(' ')[1]));
  assert.equal(values.size, 100, `every record: a=${lines(a).length} b=${lines(b).length} ${a.err.slice(-500)}`);
  assert.ok(partitionsOf(a).size > 0 && partitionsOf(b).size > 0, 'both members got partitions');
  for (const p of partitionsOf(a)) assert.ok(!partitionsOf(b).has(p), `partition ${p} read by both`);
});
