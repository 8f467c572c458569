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

let binary: string | undefined;

export function buildMockBroker(): string {
  if (binary) return binary;
  const out = join(mkdtempSync(join(tmpdir(), 'kstreams-mock-')), 'rdkafka-mock-broker');
  const flags = execFileSync('pkg-config', ['--cflags', '--libs', 'rdkafka'], { encoding: 'utf8' }).trim().split(/\s+/);
  execFileSync('gcc', ['-O2', '-o', out, findSource(), ...flags]);
  binary = out;
  return out;
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
