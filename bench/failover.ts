// Failover after kill -9, with and without a standby (num.standby.replicas 1 and 0). Two instances, each
// its own process (bench/failover-instance.ts), share a count of `keys` distinct keys over 4 partitions;
// once all is processed and committed, one is killed and the other takes its tasks over. Measured from
// the kill: until the survivor leaves RUNNING for the rebalance (the group notices the death after
// session.timeout.ms), and until it has the moved state back and runs again (restored from the
// changelog, or a promoted standby's tail). The bundled broker runs in this process.
// Run: npx tsx bench/failover.ts [keys=400000] [session.timeout.ms=3000] [store=memory|persistent]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker } from '../src/broker/index.js';
import { Admin } from '../src/client/index.js';
import { fillTopic } from './runtime-workload.js';
import { Instance, type InstanceEvent } from '../test/runtime/instances.js';

const KEYS = Number(process.argv[2] ?? 400_000);
const SESSION_MS = Number(process.argv[3] ?? 3000);
const STORE = process.argv[4] === 'persistent' ? 'persistent' : 'memory';
const TASKS = ['0_0', '0_1', '0_2', '0_3'];

/** the latest event of this kind an instance printed */
function last(i: Instance, kind: InstanceEvent['event']): InstanceEvent | undefined {
  for (let n = i.events.length - 1; n >= 0; n--) if (i.events[n]!.event === kind) return i.events[n];
  return undefined;
}

async function until(what: string, pred: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

// Kafka's group.initial.rebalance.delay.ms (3 s): both instances, started together, are in the first
// assignment (one joining later would get warm-up tasks only, until a probing rebalance)
const broker = await startBroker({ port: 0, coordinators: { initialRebalanceDelayMs: 3000 } });
const admin = new Admin({ bootstrapServers: broker.address });
const scratch = mkdtempSync(join(tmpdir(), 'bench-failover-'));
const rows: Array<Record<string, string>> = [];

async function failover(standbys: number): Promise<void> {
  const app = `bench-failover-${standbys}`;
  const script = new URL('./failover-instance.ts', import.meta.url).pathname;
  const instances = [0, 1].map((i) => new Instance(`${app}-${i}`, [broker.address, app, join(scratch, `${app}-${i}`), String(standbys), String(SESSION_MS), STORE], {}, script));
  try {
    const active = (i: Instance): string[] => i.tasks().active;
    await until('both instances have active tasks', () => instances.every((i) => active(i).length > 0 && i.state() === 'RUNNING'));
    if (standbys > 0) await until('standbys placed', () => instances.every((i) => i.tasks().standby.length > 0));
    await until('every record processed', () => instances.reduce((n, i) => n + (last(i, 'progress')?.processed ?? 0), 0) >= KEYS);
    await new Promise((r) => setTimeout(r, 2500)); // a commit (1 s) goes by; standbys apply the changelog tail

    const [victim, survivor] = instances as [Instance, Instance];
    const moved = active(victim);
    const from = survivor.events.length;
    const killedAt = Date.now();
    await victim.kill9();
    const since = (): InstanceEvent[] => survivor.events.slice(from);
    await until('the survivor runs every task', () => TASKS.every((t) => active(survivor).includes(t)));
    await until('the moved state is back', () => since().filter((e) => e.event === 'restored').length >= moved.length && survivor.state() === 'RUNNING');
    // the survivor leaves RUNNING when the group rebalances (it noticed the death) and is back when the moved state is
    const rebalancedAt = since().find((e) => e.event === 'state' && e.state !== 'RUNNING')!.t;
    const runningAt = Math.max(...since().filter((e) => e.event === 'restored' || (e.event === 'state' && e.state === 'RUNNING')).map((e) => e.t));
    const restored = since().filter((e) => e.event === 'restored').reduce((n, e) => n + (e.restored ?? 0), 0);
    const row = {
      'num.standby.replicas': String(standbys),
      'moved tasks': moved.join(' '),
      'restored records': restored.toLocaleString('en-US'),
      'kill → rebalance ms': String(rebalancedAt - killedAt),
      'rebalance → running ms': String(runningAt - rebalancedAt),
      'failover ms': String(runningAt - killedAt),
    };
    console.error(JSON.stringify(row));
    rows.push(row);
  } finally {
    for (const i of instances) await i.kill9();
  }
}

try {
  await fillTopic(admin, broker.address, 'failover-in', KEYS, (i) => `k${i}`);
  await failover(0);
  await failover(1);
  console.table(rows);
  console.log(`${KEYS.toLocaleString('en-US')} keys (${STORE} stores), session.timeout.ms=${SESSION_MS}`);
} finally {
  await admin.close();
  await broker.close();
  rmSync(scratch, { recursive: true, force: true });
}
