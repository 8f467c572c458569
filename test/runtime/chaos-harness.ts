// The chaos harness of test/runtime/chaos*.test.ts: three KafkaStreams instances as separate processes
// (fixtures/chaos-instance.ts) against a broker of the test process, an input producer that feeds
// keyed records continuously, a loop that kills -9 (or pauses) instances and restarts them, and the
// reading and checking of the output topic. Parameters are env-tunable for longer local runs:
//   CHAOS_KILLS (default 6), CHAOS_MIN_GAP_MS (1500), CHAOS_MAX_GAP_MS (3000), CHAOS_RATE records/s (300),
//   CHAOS_GROUPS (16), CHAOS_SEED (random; printed so a run can be repeated).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Admin, Consumer, Producer } from '../../src/client/index.js';
import { murmur2Partition } from '../../src/client/producer/murmur2.js';
import type { TestContext } from 'node:test';
import { startBroker, type RequestInterceptor } from '../../src/broker/index.js';
import { tempStateDir } from './helpers.js';

const script = fileURLToPath(new URL('./fixtures/chaos-instance.ts', import.meta.url));

export const INPUT = 'chaos-input';
export const OUTPUT = 'chaos-output';
export const PARTITIONS = 6;

export interface ChaosEvent {
  t: number;
  pid: number;
  event: 'state' | 'tasks' | 'restored' | 'restoreStart' | 'error';
  state?: string;
  active?: string[];
  standby?: string[];
  restored?: number;
  message?: string;
  threads?: string[];
}

export function envNumber(name: string, fallback: number): number {
  const v = process.env[name];
  return v === undefined || v === '' ? fallback : Number(v);
}

/** one instance process; `restart()` replaces the process by a new one on the same state directory */
export class ChaosInstance {
  /** events of the current process */
  events: ChaosEvent[] = [];
  /** events of every process this instance ran */
  readonly history: ChaosEvent[] = [];
  /** stderr of every process this instance ran, in order */
  stderr = '';
  starts = 0;
  /** errors reported by any process of this instance, and exits nobody asked for */
  readonly failures: string[] = [];
  private child!: ChildProcess;
  private expectingExit = false;

  constructor(
    readonly name: string,
    private readonly args: string[],
  ) {
    this.spawn();
  }

  private spawn(): void {
    this.starts++;
    this.events = [];
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...this.args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        try {
          const event = JSON.parse(line) as ChaosEvent;
          if (event.event === 'error') this.failures.push(`${this.name}: ${event.message}`);
          this.history.push(event);
          if (child === this.child) this.events.push(event);
        } catch {
          this.stderr += `${line}\n`; // not an event line: keep it with the log
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    this.expectingExit = false;
    child.on('exit', (code, signal) => {
      if (child === this.child && !this.expectingExit) this.failures.push(`${this.name} exited by itself (code ${code}, signal ${signal})`);
    });
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  activeTasks(): string[] {
    for (let i = this.events.length - 1; i >= 0; i--) if (this.events[i]!.event === 'tasks') return this.events[i]!.active ?? [];
    return [];
  }

  state(): string | undefined {
    for (let i = this.events.length - 1; i >= 0; i--) if (this.events[i]!.event === 'state') return this.events[i]!.state;
    return undefined;
  }

  async kill9(): Promise<void> {
    if (!this.alive) return;
    this.expectingExit = true;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM: the instance closes cleanly (commits) and exits */
  async stop(): Promise<void> {
    if (!this.alive) return;
    this.expectingExit = true;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    await exited;
  }

  async restart(): Promise<void> {
    await this.kill9();
    this.stderr += `--- restart ${this.starts} ---\n`;
    this.spawn();
  }

  pause(): void {
    this.child.kill('SIGSTOP');
  }

  resume(): void {
    this.child.kill('SIGCONT');
  }
}

/** a small seeded PRNG (mulberry32), so a failing run can be repeated with CHAOS_SEED */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Feeds the input continuously: record seq goes to group g<seq % groups> as that group's next index;
 * key r<seq> (so the input partition differs from the group's partition: the topology must repartition).
 */
export class InputFeeder {
  /** records per group sent (all acknowledged once `stop()` resolved) */
  readonly perGroup: number[];
  sent = 0;
  private running = true;
  private loop: Promise<void>;
  private readonly producer: Producer;

  /** `after`: continue the sequence of an earlier feeder */
  constructor(bootstrap: string, readonly groups: number, ratePerSecond: number, after?: InputFeeder) {
    this.perGroup = after ? [...after.perGroup] : new Array<number>(groups).fill(0);
    this.sent = after?.sent ?? 0;
    const producer = new Producer({ bootstrapServers: bootstrap, lingerMs: 2 });
    this.producer = producer;
    const tickMs = 50;
    const perTick = Math.max(1, Math.round((ratePerSecond * tickMs) / 1000));
    this.loop = (async () => {
      while (this.running) {
        const t0 = Date.now();
        for (let i = 0; i < perTick; i++) this.produceNext();
        await producer.flush();
        const wait = tickMs - (Date.now() - t0);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    })();
  }

  private produceNext(): void {
    const seq = this.sent++;
    const g = seq % this.groups;
    const index = this.perGroup[g]!++;
    this.producer.produce({ topic: INPUT, key: `r${seq}`, value: `g${g}|${index}` });
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await this.producer.close();
  }
}

export interface Tally {
  count: number;
  dup: number;
  bits: Buffer;
}

export function parseTally(text: string): Tally {
  const [c, d, b] = text.split(';');
  return { count: Number(c), dup: Number(d), bits: Buffer.from(b ?? '', 'base64') };
}

export function popcount(bits: Buffer): number {
  let n = 0;
  for (const byte of bits) for (let x = byte; x !== 0; x &= x - 1) n++;
  return n;
}

/** indexes < n whose bit is clear (lost), and set bits >= n (invented) */
export function compareBits(bits: Buffer, n: number): { missing: number[]; extra: number[] } {
  const missing: number[] = [];
  const extra: number[] = [];
  for (let i = 0; i < Math.max(n, bits.length * 8); i++) {
    const set = i >> 3 < bits.length && (bits[i >> 3]! & (1 << (i & 7))) !== 0;
    if (i < n && !set) missing.push(i);
    if (i >= n && set) extra.push(i);
  }
  return { missing, extra };
}

/** reads the output topic from the start and keeps every update per group, in offset order */
export class OutputReader {
  readonly updates = new Map<string, Tally[]>();
  records = 0;
  private readonly consumer: Consumer;

  constructor(bootstrap: string, readCommitted: boolean) {
    this.consumer = new Consumer({ bootstrapServers: bootstrap, autoOffsetReset: 'earliest', ...(readCommitted ? { isolationLevel: 'read_committed' as const } : {}) });
    this.consumer.assign(Array.from({ length: PARTITIONS }, (_, partition) => ({ topic: OUTPUT, partition })));
  }

  async pollOnce(timeoutMs = 200): Promise<number> {
    const records = await this.consumer.poll({ timeoutMs });
    for (const r of records) {
      if (r.key === null || r.value === null) continue;
      this.records++;
      const key = r.key.toString();
      let list = this.updates.get(key);
      if (!list) this.updates.set(key, (list = []));
      list.push(parseTally(r.value.toString()));
    }
    return records.length;
  }

  latest(group: string): Tally | undefined {
    const list = this.updates.get(group);
    return list?.[list.length - 1];
  }

  /** true when every group's latest tally has all its expected bits */
  complete(perGroup: readonly number[]): boolean {
    return perGroup.every((n, g) => {
      const t = this.latest(`g${g}`);
      return n === 0 || (t !== undefined && compareBits(t.bits, n).missing.length === 0);
    });
  }

  close(): Promise<void> {
    return this.consumer.close();
  }
}

export async function createChaosTopics(bootstrap: string): Promise<void> {
  const admin = new Admin({ bootstrapServers: bootstrap });
  try {
    await admin.createTopics([INPUT, OUTPUT].map((name) => ({ name, numPartitions: PARTITIONS, replicationFactor: 1, configs: {} })));
  } finally {
    await admin.close();
  }
}

/**
 * A chaos test's stage: a broker with the chaos topics and three state directories. `track` hands it a
 * list of instances (the live list a run keeps up to date): at the end they are killed first, then the
 * broker stops, then the directories go (hooks run in the order registered).
 */
export async function chaosStage(t: TestContext): Promise<{
  broker: Awaited<ReturnType<typeof startBroker>>;
  dirs: [string, string, string];
  track: (instances: ChaosInstance[]) => void;
}> {
  const lists: ChaosInstance[][] = [];
  t.after(async () => {
    for (const list of lists) for (const i of list) await i.kill9();
  });
  const broker = await startBroker({ port: 0 });
  t.after(() => broker.close());
  await createChaosTopics(broker.address);
  return { broker, dirs: [tempStateDir(t), tempStateDir(t), tempStateDir(t)], track: (instances) => void lists.push(instances) };
}

export const allTasks = (): string[] => [0, 1].flatMap((s) => Array.from({ length: PARTITIONS }, (_, p) => `${s}_${p}`)).sort();

/** every task active exactly once over the live instances */
export function coversExactly(instances: readonly ChaosInstance[]): boolean {
  const active = instances.filter((i) => i.alive).flatMap((i) => i.activeTasks()).sort();
  return JSON.stringify(active) === JSON.stringify(allTasks());
}

export async function waitFor(instances: readonly ChaosInstance[], pred: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await pred())) {
    const errors = instances.flatMap((i) => i.failures);
    if (errors.length > 0) throw new Error(`instance failed while waiting for ${what}:\n${errors.join('\n')}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${describe(instances)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function describe(instances: readonly ChaosInstance[]): string {
  return instances.map((i) => `${i.name} alive=${i.alive} starts=${i.starts} state=${i.state()} active=${JSON.stringify(i.activeTasks())}\n${i.stderr.slice(-3000)}`).join('\n');
}

export interface ChaosRunOptions {
  bootstrap: string;
  applicationId: string;
  guarantee: 'at_least_once' | 'exactly_once_v2';
  stateDirs: [string, string, string];
  ratePerSecond: number;
  groups: number;
  log: (line: string) => void;
}

export interface KillChaosOptions extends ChaosRunOptions {
  kills: number;
  minGapMs: number;
  maxGapMs: number;
  seed: number;
}

export interface ZombieOptions extends ChaosRunOptions {
  /** how long the zombie stays paused after the group evicted it */
  pausedAfterEvictionMs: number;
  /**
   * Pause the zombie exactly inside a transaction commit (exactly-once): its offsets are in the
   * transaction (TxnOffsetCommit accepted) and its EndTxn is held at the broker until it is resumed.
   * Needs the broker's interceptor.
   */
  pauseInCommit?: (interceptor: RequestInterceptor) => () => void;
}

export interface ChaosRunResult {
  reader: OutputReader;
  perGroup: number[];
  sent: number;
  /** what was done to the instances, in order */
  actions: string[];
  chaosMs: number;
  drainMs: number;
  totalMs: number;
}

/** starts three instances and waits until each has tasks */
async function startGroup(o: ChaosRunOptions, onInstances: (instances: ChaosInstance[]) => void): Promise<ChaosInstance[]> {
  const started = Date.now();
  const instances = o.stateDirs.map((dir, i) => new ChaosInstance(`instance-${i}`, [o.bootstrap, o.applicationId, dir, o.guarantee]));
  onInstances(instances);
  await waitFor(instances, () => coversExactly(instances) && instances.every((i) => i.activeTasks().length > 0), 60_000, 'initial assignment over three instances');
  o.log(`initial assignment after ${Date.now() - started} ms`);
  return instances;
}

/**
 * After the input stopped: reads the output (read_committed under exactly-once) until every input
 * record's effect is there, the group has settled and nothing more arrives. Closes the reader if it throws.
 */
async function drain(o: ChaosRunOptions, instances: ChaosInstance[], perGroup: readonly number[]): Promise<OutputReader> {
  const reader = new OutputReader(o.bootstrap, o.guarantee !== 'at_least_once');
  try {
    await waitFor(
      instances,
      async () => {
        await reader.pollOnce();
        return reader.complete(perGroup);
      },
      envNumber('CHAOS_DRAIN_TIMEOUT_MS', 60_000),
      'every input record in the output',
    ).catch((e: Error) => {
      const missing = perGroup.map((n, g) => {
        const last = reader.latest(`g${g}`);
        const m = last === undefined ? [] : compareBits(last.bits, n).missing;
        return `g${g} (partition ${murmur2Partition(Buffer.from(`g${g}`), PARTITIONS)}): ${n} sent, latest count ${last?.count}, dup ${last?.dup}, missing ${m.length} (${m.slice(0, 8).join(',')})`;
      });
      const events = instances.map((i) => `${i.name}: ${i.history.filter((ev) => ev.event !== 'state').map((ev) => JSON.stringify(ev)).join('\n  ')}`);
      throw new Error(`${e.message}\n${missing.join('\n')}\n${events.join('\n')}`);
    });
    await waitFor(instances, () => coversExactly(instances) && instances.every((i) => i.state() === 'RUNNING'), 30_000, 'a settled group');
    for (let quiet = 0; quiet < 5; ) quiet = (await reader.pollOnce(300)) === 0 ? quiet + 1 : 0;
    return reader;
  } catch (e) {
    await reader.close();
    throw e;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Starts three instances, feeds input while killing -9 a random instance and restarting it `kills`
 * times, then stops the input and reads the output until every input record's effect is there.
 * The caller closes `reader` and kills the instances it got from `onInstances`, also when this throws.
 */
export async function runKillChaos(o: KillChaosOptions, onInstances: (instances: ChaosInstance[]) => void): Promise<ChaosRunResult> {
  const started = Date.now();
  const random = seededRandom(o.seed);
  const instances = await startGroup(o, onInstances);
  const feeder = new InputFeeder(o.bootstrap, o.groups, o.ratePerSecond);
  const chaosStart = Date.now();
  const actions: string[] = [];
  try {
    for (let k = 0; k < o.kills; k++) {
      const gap = o.minGapMs + random() * (o.maxGapMs - o.minGapMs);
      const deadline = Date.now() + gap;
      await waitFor(instances, () => Date.now() >= deadline, gap + 1000, `chaos gap ${k}`);
      // hurt an instance that is doing work when there is one (a freshly restarted one has no tasks yet)
      const working = instances.filter((i) => i.activeTasks().length > 0);
      const pool = working.length > 0 ? working : instances;
      const victim = pool[Math.floor(random() * pool.length)]!;
      actions.push(`kill -9 ${victim.name}@${Date.now() - chaosStart}ms(${victim.state() ?? 'starting'},${victim.activeTasks().length} tasks)`);
      await victim.restart();
    }
    await sleep(1000); // a little more input after the last kill, while the group settles
  } finally {
    await feeder.stop();
  }
  const chaosMs = Date.now() - chaosStart;
  o.log(`chaos: ${actions.length} kills in ${chaosMs} ms, ${feeder.sent} records sent: ${actions.join(' ')}`);
  const drainStart = Date.now();
  const reader = await drain(o, instances, feeder.perGroup);
  return { reader, perGroup: feeder.perGroup, sent: feeder.sent, actions, chaosMs, drainMs: Date.now() - drainStart, totalMs: Date.now() - started };
}

/**
 * The zombie run: while input flows, pauses (SIGSTOP) the instance with the most tasks until the group
 * has evicted it and its tasks run on the two others, keeps it paused `pausedAfterEvictionMs` longer,
 * resumes it (SIGCONT), and waits until it has rejoined and holds tasks again. Returns the zombie's
 * log written after it was resumed in `zombieLog`.
 */
export async function runZombie(o: ZombieOptions, onInstances: (instances: ChaosInstance[]) => void): Promise<ChaosRunResult & { zombie: string; zombieLog: string; evictedAfterMs: number }> {
  const started = Date.now();
  const instances = await startGroup(o, onInstances);
  const feeder = new InputFeeder(o.bootstrap, o.groups, o.ratePerSecond);
  const chaosStart = Date.now();
  const actions: string[] = [];
  let zombie: ChaosInstance;
  let evictedAfterMs: number;
  let logFrom: number;
  try {
    await sleep(2000);
    // pause an instance in the middle of steady processing, not in a rebalance (where it may hold no tasks)
    const steadySince = (i: ChaosInstance): number => Math.max(0, ...i.events.filter((e) => e.event === 'tasks' || e.event === 'state').map((e) => e.t));
    await waitFor(
      instances,
      () => instances.every((i) => i.state() === 'RUNNING' && i.activeTasks().length > 0 && Date.now() - steadySince(i) > 1000) && coversExactly(instances),
      30_000,
      'a steady group before the pause',
    );
    zombie = [...instances].sort((a, b) => b.activeTasks().length - a.activeTasks().length)[0]!;
    const survivors = instances.filter((i) => i !== zombie);
    const held = zombie.activeTasks();
    let release: () => void = () => undefined;
    if (o.pauseInCommit) {
      const z = zombie;
      const thread = [...z.events].reverse().find((e) => e.threads)?.threads?.[0] ?? '';
      const txnPrefix = thread.replace(/-StreamThread-\d+$/, '-');
      let caught = false;
      let resumed: () => void = () => undefined;
      const resumedP = new Promise<void>((r) => (resumed = r));
      const remove = o.pauseInCommit(async (req) => {
        const body = req.body as { transactionalId?: string; committed?: boolean } | undefined;
        if (caught || req.apiKey !== 26 || body?.committed !== true || !body.transactionalId?.startsWith(txnPrefix)) return;
        caught = true;
        z.pause();
        await resumedP;
        return { action: 'continue' };
      });
      release = () => {
        resumed();
        remove();
      };
      await waitFor(instances, () => caught, 10_000, `${z.name} commits a transaction`);
    } else {
      zombie.pause();
    }
    const pausedAt = Date.now();
    actions.push(`SIGSTOP ${zombie.name}@${pausedAt - chaosStart}ms(${held.join(',')})`);
    await waitFor(survivors, () => coversExactly(survivors), 60_000, `the survivors take over the tasks of the paused ${zombie.name}`);
    evictedAfterMs = Date.now() - pausedAt;
    actions.push(`tasks moved after ${evictedAfterMs}ms`);
    await sleep(o.pausedAfterEvictionMs);
    logFrom = zombie.stderr.length;
    const resumedAt = Date.now();
    zombie.resume();
    release();
    actions.push(`SIGCONT ${zombie.name}@${resumedAt - chaosStart}ms`);
    // its task list must change after the resume (its tasks closed, new ones assigned): the old list is stale
    const freshTasks = (): boolean => zombie.events.some((e) => e.event === 'tasks' && e.t > resumedAt + 50);
    await waitFor(
      instances,
      () => freshTasks() && coversExactly(instances) && zombie.activeTasks().length > 0 && instances.every((i) => i.state() === 'RUNNING'),
      60_000,
      `${zombie.name} rejoins and gets tasks again`,
    );
    actions.push(`${zombie.name} back with ${zombie.activeTasks().length} tasks@${Date.now() - chaosStart}ms`);
    await sleep(1500);
  } finally {
    await feeder.stop();
  }
  const chaosMs = Date.now() - chaosStart;
  o.log(`zombie run: ${feeder.sent} records sent: ${actions.join(' ')}`);
  const drainStart = Date.now();
  const reader = await drain(o, instances, feeder.perGroup);
  return {
    reader,
    perGroup: feeder.perGroup,
    sent: feeder.sent,
    actions,
    chaosMs,
    drainMs: Date.now() - drainStart,
    totalMs: Date.now() - started,
    zombie: zombie.name,
    zombieLog: zombie.stderr.slice(logFrom),
    evictedAfterMs,
  };
}

/** at-least-once: nothing lost or invented; returns the duplicates (state and output) */
export function checkNoLoss(r: ChaosRunResult): { stateDuplicates: number; extraUpdates: number; problems: string[] } {
  const problems: string[] = [];
  let stateDuplicates = 0;
  let extraUpdates = 0;
  for (const [g, n] of r.perGroup.entries()) {
    const updates = r.reader.updates.get(`g${g}`) ?? [];
    const last = updates[updates.length - 1];
    if (last === undefined) {
      if (n > 0) problems.push(`g${g} (${n} records) has no output at all`);
      continue;
    }
    const { missing, extra } = compareBits(last.bits, n);
    if (missing.length > 0) problems.push(`g${g} lost ${missing.length} of ${n} records (first indexes ${missing.slice(0, 10).join(',')})`);
    if (extra.length > 0) problems.push(`g${g} has ${extra.length} records nobody sent`);
    // each application of a record either set its bit or counted as a duplicate
    if (last.count !== n + last.dup) problems.push(`g${g} count ${last.count} != ${n} records + ${last.dup} duplicates`);
    stateDuplicates += last.dup;
    extraUpdates += updates.length - n;
  }
  return { stateDuplicates, extraUpdates, problems };
}

/**
 * exactly-once, read_committed: per group the updates are exactly count 1, 2, …, N in order, none a
 * duplicate, the last one holding every record; the output holds exactly one update per input record.
 */
export function checkExact(r: ChaosRunResult): string[] {
  const problems: string[] = [];
  for (const [g, n] of r.perGroup.entries()) {
    const updates = r.reader.updates.get(`g${g}`) ?? [];
    const wrong = updates.findIndex((u, k) => u.count !== k + 1 || u.dup !== 0);
    if (wrong >= 0) {
      const around = updates.slice(Math.max(0, wrong - 2), wrong + 3).map((u) => `${u.count}/${u.dup}/${popcount(u.bits)}`);
      problems.push(`g${g}: update #${wrong + 1} has count ${updates[wrong]!.count}, dup ${updates[wrong]!.dup} (count/dup/bits around it: ${around.join(' ')})`);
    }
    if (updates.length !== n) problems.push(`g${g}: ${updates.length} updates for ${n} records`);
    const last = updates[updates.length - 1];
    if (last !== undefined) {
      const { missing, extra } = compareBits(last.bits, n);
      if (missing.length > 0 || extra.length > 0) problems.push(`g${g}: final tally misses ${missing.length} and invents ${extra.length} records`);
    } else if (n > 0) problems.push(`g${g} (${n} records) has no output at all`);
  }
  return problems;
}
