import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { InteractiveQueries, QueryServer } from '../../../../src/streams/query/index.js';
import { toJsonText } from '../../../../src/streams/query/http/json.js';
import { assignmentOf, buildCluster } from '../harness.js';

const WORDS = ['apple', 'banana', 'cherry', 'date', 'elder', 'fig', 'grape', 'hazel', 'iris', 'jade', 'kiwi', 'lemon'];
const PLAN = [
  { active: [0, 3], standby: [1] },
  { active: [1, 4], standby: [2, 5] },
  { active: [2, 5], standby: [0, 3, 4] },
];

function get(port: number, path: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown> }));
      })
      .on('error', reject);
  });
}

test('three routers: any instance answers every key (forwarding to the holder), ranges gather all partitions, standby fallback', async () => {
  const c = buildCluster(6);
  after(() => c.close());
  WORDS.forEach((w, i) => {
    for (let n = 0; n <= i % 4; n++) c.pipe(w, 'x', 100 + i);
  });
  const runtimes = PLAN.map((p) => c.runtime({ active: p.active, standby: p.standby }));
  const servers = runtimes.map((rt) => new QueryServer(new InteractiveQueries(rt), { forwardTimeoutMs: 500 }));
  after(() => Promise.all(servers.map((s) => s.close())));
  const addrs = await Promise.all(servers.map((s) => s.start()));
  const hostKeys = addrs.map((a) => `${a.host}:${a.port}`);
  const assignment = assignmentOf(PLAN.map((p, i) => ({ host: hostKeys[i]!, ...p })));
  for (const rt of runtimes) rt.options.assignment = assignment;

  for (const [i, w] of WORDS.entries()) {
    const owner = PLAN.findIndex((p) => p.active.includes(c.partitionOf(w)));
    for (const a of addrs) {
      const r = await get(a.port, `/stores/counts/keys/${w}`);
      assert.equal(r.status, 200, `${w} via ${a.port}`);
      assert.equal(r.body['value'], (i % 4) + 1);
      assert.equal(r.body['host'], hostKeys[owner]);
      assert.equal(r.body['stale'], false);
      assert.equal(r.body['partition'], c.partitionOf(w));
    }
  }
  assert.ok(servers.every((s) => s.counters.forwarded > 0), 'each router forwarded some keys');

  const missing = await get(addrs[0]!.port, '/stores/counts/keys/zzz');
  assert.equal(missing.status, 404);
  assert.equal(missing.body['found'], false);
  assert.equal((await get(addrs[1]!.port, '/stores/nope/keys/a')).status, 404);

  const range = await get(addrs[1]!.port, '/stores/counts/all');
  assert.equal(range.status, 200);
  const entries = range.body['entries'] as Array<{ key: string; value: number }>;
  assert.deepEqual(entries.map((e) => e.key).sort(), [...WORDS].sort());
  const bounded = await get(addrs[2]!.port, '/stores/counts/range?from=b&to=d');
  assert.deepEqual((bounded.body['entries'] as Array<{ key: string }>).map((e) => e.key).sort(), ['banana', 'cherry']);

  const win = await get(addrs[0]!.port, '/stores/wcounts/keys/lemon/windows?from=0&to=5000');
  assert.deepEqual(win.body['windows'], [{ start: 0, value: 4 }]);
  // session stores: the sessions of a key, from whichever instance is asked
  for (const [i, w] of WORDS.entries()) {
    for (const a of addrs) {
      const s = await get(a.port, `/stores/scounts/keys/${w}/sessions`);
      assert.equal(s.status, 200, `${w} sessions via ${a.port}`);
      assert.deepEqual(s.body['sessions'], [{ start: 100 + i, end: 100 + i, value: (i % 4) + 1 }]);
      assert.equal(s.body['partition'], c.partitionOf(w));
    }
  }
  assert.equal((await get(addrs[0]!.port, '/stores/counts/keys/lemon/sessions')).status, 503, 'a key-value store cannot answer a sessions query');

  // instance 0 goes away: its partitions (0, 3) are answered by the standby on instance 2
  await servers[0]!.close();
  for (const [i, w] of WORDS.entries()) {
    const p = c.partitionOf(w);
    const r = await get(addrs[1]!.port, `/stores/counts/keys/${w}`);
    assert.equal(r.status, 200, w);
    assert.equal(r.body['value'], (i % 4) + 1);
    if (PLAN[0]!.active.includes(p)) {
      assert.equal(r.body['stale'], true);
      assert.equal(r.body['host'], hostKeys[2]);
    }
  }
  assert.ok(servers[1]!.counters.fallbacks > 0);
  const all = await get(addrs[2]!.port, '/stores/counts/all');
  assert.equal(all.status, 200);
  assert.equal(all.body['stale'], true);

  // a standby still restoring from scratch (a new one after a rebalance) holds partial state: no answer
  // from it (a missing key would be a wrong 404, a low count a wrong value), 503 until it caught up
  const w0 = WORDS.find((w) => PLAN[0]!.active.includes(c.partitionOf(w)))!;
  runtimes[2]!.options.catchingUp = [...PLAN[0]!.active];
  const restoring = await get(addrs[1]!.port, `/stores/counts/keys/${w0}`);
  assert.equal(restoring.status, 503, JSON.stringify(restoring.body));
  assert.equal(restoring.headers['retry-after'], '1');
  runtimes[2]!.options.catchingUp = [];
  assert.equal((await get(addrs[1]!.port, `/stores/counts/keys/${w0}`)).status, 200, 'answered once the standby caught up');

  // instance 2 loses its standbys of 0 and 3 too: those partitions have no holder -> 503 with a retry hint
  runtimes[2]!.options.standby = [];
  const gone = await get(addrs[1]!.port, `/stores/counts/keys/${w0}`);
  assert.equal(gone.status, 503);
  assert.equal(gone.headers['retry-after'], '1');
  assert.equal(gone.body['retriable'], true);
  assert.equal((await get(addrs[1]!.port, '/stores/counts/all')).status, 503);
});

test('while rebalancing (no assignment yet) a key query answers 503 with a retry hint; local keys answer without host info', async () => {
  const c = buildCluster(2);
  after(() => c.close());
  c.pipe('apple', 'x', 1);
  const rt = c.runtime({ active: [], state: 'REBALANCING' });
  const server = new QueryServer(new InteractiveQueries(rt));
  after(() => server.close());
  const a = await server.start();
  const r = await get(a.port, '/stores/counts/keys/apple');
  assert.equal(r.status, 503);
  assert.equal(r.headers['retry-after'], '1');
  rt.options.active = [0, 1];
  rt.options.state = 'RUNNING';
  const ok = await get(a.port, '/stores/counts/keys/apple');
  assert.equal(ok.status, 200);
  assert.equal(ok.body['value'], 1);
});

test('JSON answers: Buffers as base64, bigints as strings, Maps as objects', () => {
  assert.equal(toJsonText({ b: Buffer.from('hi'), n: 12n, m: new Map([['k', 1]]) }), '{"b":"aGk=","n":"12","m":{"k":1}}');
  assert.equal(toJsonText(Buffer.from('hi')), '"aGk="');
  assert.equal(toJsonText([Buffer.from('x')]), '["eA=="]');
});

test('without application.server (assignment without host info) a router answers the partitions it holds', async () => {
  const c = buildCluster(2);
  after(() => c.close());
  c.pipe('apple', 'x', 1);
  c.pipe('fig', 'x', 1);
  const pa = c.partitionOf('apple');
  assert.notEqual(c.partitionOf('fig'), pa);
  const rt = c.runtime({ active: [pa], assignment: { partitionsByHost: new Map(), standbyPartitionsByHost: new Map() } });
  const server = new QueryServer(new InteractiveQueries(rt));
  after(() => server.close());
  const a = await server.start();
  const r = await get(a.port, '/stores/counts/keys/apple');
  assert.equal(r.status, 200);
  assert.equal(r.body['value'], 1);
  assert.equal((await get(a.port, '/stores/counts/keys/fig')).status, 503, 'fig lives on a partition not held here');
});
