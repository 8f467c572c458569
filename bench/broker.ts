// Broker throughput with librdkafka (kcat 1.7.1 / librdkafka 2.0.2) as the client: produce a file of
// records with `kcat -P`, then consume them all back with `kcat -C`; 100-byte and 1 KiB records, broker
// in memory and on disk. Prints MB/s and records/s per phase and the broker's RSS (VmRSS after the
// phase, VmHWM peak), and writes bench/results/broker.json.
// 'broker CPU %' is the broker's CPU time over the phase's wall time: well under 100 means the
// client (or the round trips) is the limit, not the broker.
// Wall times include kcat's start-up and metadata round trips (~50 ms), so short runs understate rates.
// Run: npx tsx bench/broker.ts [--records100 N] [--records1k N]
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { once } from 'node:events';

const { values } = parseArgs({ options: { records100: { type: 'string' }, records1k: { type: 'string' } } });
const shapes = [
  { label: '100 B', size: 100, count: Number(values.records100 ?? 1_000_000) },
  { label: '1 KiB', size: 1024, count: Number(values.records1k ?? 200_000) },
];
const entry = fileURLToPath(new URL('../src/cli/entry.ts', import.meta.url));
const MB = 1e6;

interface Broker {
  pid: number;
  address: string;
  stop(): Promise<void>;
}

async function startBroker(dataDir: string | undefined): Promise<Broker> {
  const args = ['--import', 'tsx', entry, 'broker', '--port', '0', '--quiet', ...(dataDir ? ['--data-dir', dataDir] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  for await (const chunk of child.stdout!) {
    out += String(chunk);
    const m = /listening on (\S+)/.exec(out);
    if (m) {
      child.stdout!.resume();
      return {
        pid: child.pid!,
        address: m[1]!,
        async stop() {
          child.kill('SIGTERM');
          await once(child, 'exit');
        },
      };
    }
  }
  throw new Error(`broker did not start: ${out}`);
}

function rss(pid: number): { rssMB: number; peakMB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMB: Math.round(kb('VmRSS') / 1024), peakMB: Math.round(kb('VmHWM') / 1024) };
}

/** CPU time (user + system) the process has used so far, in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (100/s)
}

function run(command: string, args: string[], countLines = false): Promise<{ ms: number; lines: number }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let lines = 0;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      if (countLines) for (let i = 0; i < d.length; i++) if (d[i] === 10) lines++;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`${command} ${args.slice(0, 2).join(' ')} exited with ${code}: ${stderr.slice(0, 2000)}`));
      else resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, lines });
    });
  });
}

async function writeRecords(file: string, size: number, count: number): Promise<void> {
  const line = Buffer.alloc(size, 'x');
  line[size - 1] = 10; // the newline is the delimiter, not part of the value
  const chunk = Buffer.concat(Array.from({ length: 1000 }, () => line));
  const out = createWriteStream(file);
  for (let n = 0; n < count; n += 1000) if (!out.write(n + 1000 <= count ? chunk : chunk.subarray(0, (count - n) * size))) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

const work = mkdtempSync(join(tmpdir(), 'kstreams-bench-'));
const rows: Record<string, string | number>[] = [];
try {
  for (const mode of ['memory', 'disk'] as const) {
    for (const shape of shapes) {
      const dataDir = mode === 'disk' ? join(work, `data-${shape.size}`) : undefined;
      const broker = await startBroker(dataDir);
      const file = join(work, `records-${shape.size}.txt`);
      await writeRecords(file, shape.size, shape.count);
      // The value is size-1 bytes (the line without its newline).
      const bytes = (shape.size - 1) * shape.count;
      const cpu0 = cpuMs(broker.pid);
      const produce = await run('kcat', ['-P', '-b', broker.address, '-t', 'bench', '-p', '0', '-l', file,
        '-X', 'linger.ms=5', '-X', 'batch.num.messages=100000', '-X', 'batch.size=1000000', '-X', 'acks=1']);
      const afterProduce = rss(broker.pid);
      const cpu1 = cpuMs(broker.pid);
      const consume = await run('kcat', ['-C', '-b', broker.address, '-t', 'bench', '-p', '0', '-o', 'beginning', '-e', '-q',
        '-f', '%o\n', '-X', 'fetch.message.max.bytes=8388608', '-X', 'fetch.max.bytes=52428800'], true);
      const afterConsume = rss(broker.pid);
      const cpu2 = cpuMs(broker.pid);
      if (consume.lines !== shape.count) throw new Error(`consumed ${consume.lines} of ${shape.count}`);
      for (const [phase, r, mem, cpu] of [['produce', produce, afterProduce, cpu1 - cpu0], ['consume', consume, afterConsume, cpu2 - cpu1]] as const) {
        rows.push({
          mode,
          record: shape.label,
          phase,
          records: shape.count,
          'MB/s': Math.round(bytes / MB / (r.ms / 1000)),
          'records/s': Math.round(shape.count / (r.ms / 1000)),
          ms: Math.round(r.ms),
          // Share of the wall time the broker was on a CPU: well below 100% means the client is the limit.
          'broker CPU %': Math.round((100 * cpu) / r.ms),
          // The broker's cost, robust to a busy machine (wall-clock MB/s is not).
          'MB per broker CPU-s': Math.round(bytes / MB / (cpu / 1000)),
          'RSS MB': mem.rssMB,
          'peak RSS MB': mem.peakMB,
        });
      }
      await broker.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.table(rows);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/broker.json', import.meta.url), JSON.stringify({ date: new Date().toISOString(), client: 'kcat 1.7.1 / librdkafka 2.0.2', rows }, null, 1));
