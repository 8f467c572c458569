// Interactive query latency: local reads (store view, IQv2) and through the HTTP router, answered
// locally or forwarded to the instance holding the key (three in-process routers on 127.0.0.1), and
// the standby fallback when the holder is down. Stores are real StreamTask stores (in memory).
// Usage: npx tsx bench/iq.ts [queries-per-row]
import http from 'node:http';
import { InteractiveQueries, KeyQuery, QueryableStoreTypes, QueryServer, StateQueryRequest, StoreQueryParameters } from '../src/streams/query/index.js';
import { assignmentOf, buildCluster } from '../test/streams/query/harness.js';

const N = Number(process.argv[2] ?? 2000);
const KEYS = 2000;
const PLAN = [
  { active: [0, 3], standby: [1] },
  { active: [1, 4], standby: [2, 5] },
  { active: [2, 5], standby: [0, 3, 4] },
];

const cluster = buildCluster(6);
const keys = Array.from({ length: KEYS }, (_, i) => `key-${i}`);
for (const k of keys) cluster.pipe(k, 'v', 1);
const runtimes = PLAN.map((p) => cluster.runtime({ active: p.active, standby: p.standby }));
const iqs = runtimes.map((rt) => new InteractiveQueries(rt));
const servers = iqs.map((iq) => new QueryServer(iq, { forwardTimeoutMs: 1000 }));
const addrs = await Promise.all(servers.map((s) => s.start()));
const assignment = assignmentOf(PLAN.map((p, i) => ({ host: `${addrs[i]!.host}:${addrs[i]!.port}`, ...p })));
for (const rt of runtimes) rt.options.assignment = assignment;

const owner = (k: string): number => PLAN.findIndex((p) => p.active.includes(cluster.partitionOf(k)));
const localKeys = keys.filter((k) => owner(k) === 0);
const remoteKeys = keys.filter((k) => owner(k) !== 0);
const fallbackKeys = keys.filter((k) => owner(k) === 1 && PLAN[2]!.standby.includes(cluster.partitionOf(k)));

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function get(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

function pct(samples: number[], q: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

const rows: Array<{ name: string; n: number; p50: number; p99: number; perSec: number }> = [];
async function measure(name: string, pool: string[], run: (k: string) => unknown): Promise<void> {
  for (let i = 0; i < Math.min(200, N); i++) await run(pool[i % pool.length]!); // warm-up
  const samples: number[] = [];
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    const s = process.hrtime.bigint();
    await run(pool[(i * 7) % pool.length]!);
    samples.push(Number(process.hrtime.bigint() - s) / 1000);
  }
  const total = Number(process.hrtime.bigint() - t0) / 1e9;
  rows.push({ name, n: N, p50: pct(samples, 0.5), p99: pct(samples, 0.99), perSec: N / total });
}

const view = iqs[0]!.store(StoreQueryParameters.fromNameAndType('counts', QueryableStoreTypes.keyValueStore<string, number>()));
await measure('store view get (local)', localKeys, (k) => {
  if (view.get(k) !== 1) throw new Error(`bad answer for ${k}`);
});
await measure('IQv2 KeyQuery (local partition)', localKeys, (k) => {
  const r = iqs[0]!.query(StateQueryRequest.inStore('counts').withQuery(KeyQuery.withKey<string, number>(k)).withPartitions([cluster.partitionOf(k)]));
  if (r.onlyPartition().getResult() !== 1) throw new Error('bad answer');
});
const check = async (port: number, k: string): Promise<void> => {
  const status = await get(port, `/stores/counts/keys/${k}`);
  if (status !== 200) throw new Error(`HTTP ${status} for ${k}`);
};
await measure('HTTP key, held locally', localKeys, (k) => check(addrs[0]!.port, k));
await measure('HTTP key, routed to holder', remoteKeys, (k) => check(addrs[0]!.port, k));
await servers[1]!.close(); // the holder of fallbackKeys is down: the router tries it, then the standby
await measure('HTTP key, holder down -> standby', fallbackKeys, (k) => check(addrs[0]!.port, k));

agent.destroy();
await Promise.all(servers.map((s) => s.close()));
cluster.close();
console.log(`interactive queries, ${KEYS} keys over 6 partitions, 3 instances; ${N} sequential queries per row`);
console.log('| query | p50 µs | p99 µs | queries/s |');
console.log('|---|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.name} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${Math.round(r.perSec)} |`);
