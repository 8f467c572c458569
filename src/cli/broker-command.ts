// `kstreams broker`: runs the development broker until SIGTERM/SIGINT.
import { parseArgs } from 'node:util';
import { startBroker } from '../broker/index.js';
import type { FsyncPolicy } from '../broker/index.js';
import type { Command } from './command.js';

const usage = `usage: kstreams broker [--port N] [--host HOST] [--data-dir DIR] [--partitions N]
                       [--auto-create-topics true|false] [--fsync always|interval|never] [--quiet]`;

function parseFsync(value: string | undefined): FsyncPolicy | undefined {
  if (value === undefined) return undefined;
  if (value === 'always' || value === 'never') return { kind: value };
  if (value === 'interval') return { kind: 'interval', intervalMs: 1000 };
  throw new Error(`--fsync must be always, interval or never, got ${value}`);
}

function parseInteger(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got ${value}`);
  return n;
}

export const command: Command = {
  name: 'broker',
  summary: 'run the Kafka-compatible development broker',
  async run(args) {
    let options;
    try {
      const { values } = parseArgs({
        args,
        options: {
          port: { type: 'string' },
          host: { type: 'string' },
          'data-dir': { type: 'string' },
          partitions: { type: 'string' },
          'auto-create-topics': { type: 'string' },
          fsync: { type: 'string' },
          quiet: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      });
      if (values.help) {
        console.log(usage);
        return 0;
      }
      const auto = values['auto-create-topics'];
      if (auto !== undefined && auto !== 'true' && auto !== 'false') throw new Error(`--auto-create-topics must be true or false, got ${auto}`);
      const fsync = parseFsync(values.fsync);
      const port = parseInteger('port', values.port, 0);
      const partitions = parseInteger('partitions', values.partitions, 1);
      options = {
        ...(port !== undefined ? { port } : {}),
        ...(values.host !== undefined ? { host: values.host } : {}),
        ...(values['data-dir'] !== undefined ? { dataDir: values['data-dir'] } : {}),
        ...(partitions !== undefined ? { partitions } : {}),
        ...(auto !== undefined ? { autoCreateTopics: auto === 'true' } : {}),
        ...(fsync ? { fsync } : {}),
        ...(values.quiet ? {} : { log: (m: string) => console.error(`[broker] ${m}`) }),
      };
    } catch (err) {
      console.error(`kstreams broker: ${(err as Error).message}\n${usage}`);
      return 2;
    }
    const broker = await startBroker(options);
    console.log(`kstreams broker listening on ${broker.address}${options.dataDir ? ` (data in ${options.dataDir})` : ' (in memory)'}`);
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        console.error(`[broker] ${signal}: stopping`);
        resolve();
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
    await broker.close();
    return 0;
  },
};
