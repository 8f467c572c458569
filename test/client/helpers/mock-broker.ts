// Builds and runs librdkafka's mock cluster (../shared/tools/rdkafka-mock-broker.c) as an
// independent Kafka broker for client tests. Built once per process into a temp dir.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function findSource(): string {
  const candidates = [
    resolve(here, '../../../../shared/tools/rdkafka-mock-broker.c'),
    resolve(here, '../../../shared/tools/rdkafka-mock-broker.c'),
    '/work/shared/tools/rdkafka-mock-broker.c',
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('rdkafka-mock-broker.c not found');
  return found;
}

const binaries = new Map<string, string>();

function build(source: string, name: string): string {
  const cached = binaries.get(name);
  if (cached) return cached;
  const out = join(mkdtempSync(join(tmpdir(), 'kstreams-mock-')), name);
  const flags = execFileSync('pkg-config', ['--cflags', '--libs', 'rdkafka'], { encoding: 'utf8' }).trim().split(/\s+/);
  execFileSync('gcc', ['-O2', '-o', out, source, ...flags]);
  binaries.set(name, out);
  return out;
}

export function buildMockBroker(): string {
  return build(findSource(), 'rdkafka-mock-broker');
}

export interface MockBroker {
  bootstrap: string;
  stop(): Promise<void>;
}

/** Starts the mock cluster with `brokers` brokers and the given `topic:partitions` topics. */
export async function startMockBroker(options: { brokers?: number; topics?: string[] } = {}): Promise<MockBroker> {
  const bin = buildMockBroker();
  const child: ChildProcess = spawn(bin, [String(options.brokers ?? 1), ...(options.topics ?? [])], {
    stdio: ['ignore', 'pipe', process.env.MOCK_DEBUG ? 'inherit' : 'pipe'],
  });
  const bootstrap = await new Promise<string>((res, rej) => {
    let buf = '';
    const onData = (d: Buffer): void => {
      buf += d.toString();
      const m = /BOOTSTRAP=(\S+)/.exec(buf);
      if (m) {
        child.stdout?.off('data', onData);
        res(m[1]!);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.resume();
    child.once('exit', (code) => rej(new Error(`mock broker exited with ${String(code)}`)));
  });
  return {
    bootstrap,
    stop: () =>
      new Promise<void>((res) => {
        if (child.exitCode !== null) return res();
        child.once('exit', () => res());
        child.kill('SIGTERM');
      }),
  };
}

export interface ControlledMockBroker extends MockBroker {
  /** Sends one control command (see rdkafka-mock-control.c) and waits for its answer. */
  command(line: string): Promise<void>;
}

/** The mock cluster with fault injection: brokers down/up, leader moves, injected request errors. */
export async function startControlledMockBroker(options: { brokers?: number; topics?: string[] } = {}): Promise<ControlledMockBroker> {
  const bin = build(join(here, 'rdkafka-mock-control.c'), 'rdkafka-mock-control');
  const child = spawn(bin, [String(options.brokers ?? 1), ...(options.topics ?? [])], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderr.resume();
  const lines: string[] = [];
  const waiters: Array<(line: string) => void> = [];
  let buf = '';
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      const w = waiters.shift();
      if (w) w(line);
      else lines.push(line);
    }
  });
  const next = (): Promise<string> =>
    new Promise((res) => {
      const l = lines.shift();
      if (l !== undefined) res(l);
      else waiters.push(res);
    });
  const first = await Promise.race([
    next(),
    new Promise<string>((_, rej) => child.once('exit', (code) => rej(new Error(`mock broker exited with ${String(code)}`)))),
  ]);
  const m = /BOOTSTRAP=(\S+)/.exec(first);
  if (!m) throw new Error(`unexpected mock output ${first}`);
  return {
    bootstrap: m[1]!,
    async command(line: string) {
      child.stdin.write(line + '\n');
      const answer = await next();
      if (answer !== 'OK') throw new Error(`mock command ${line}: ${answer}`);
    },
    stop: () =>
      new Promise<void>((res) => {
        if (child.exitCode !== null) return res();
        child.once('exit', () => res());
        child.kill('SIGTERM');
      }),
  };
}
