// `kstreams broker`: runs the development broker until SIGTERM/SIGINT.
import { startBroker } from '../broker/index.js';
import type { BrokerOptions } from '../broker/index.js';
import { brokerUsage, parseBrokerArgs } from './broker-args.js';
import type { Command } from './command.js';

/** What the listener expects of clients, e.g. "SASL_SSL: PLAIN, SCRAM-SHA-256". */
function describeListener(options: BrokerOptions): string {
  const security = options.security;
  const protocol = `${security?.sasl ? 'SASL_' : ''}${security?.tls ? 'SSL' : 'PLAINTEXT'}`;
  const mechanisms = security?.sasl ? `: ${(security.sasl.mechanisms ?? ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']).join(', ')}` : '';
  return `${protocol}${mechanisms}`;
}

export const command: Command = {
  name: 'broker',
  summary: 'run the Kafka-compatible development broker',
  async run(args) {
    let options: BrokerOptions;
    try {
      const parsed = parseBrokerArgs(args);
      if (parsed.help) {
        console.log(brokerUsage);
        return 0;
      }
      options = parsed.quiet ? parsed.options : { ...parsed.options, log: (m: string) => console.error(`[broker] ${m}`) };
    } catch (err) {
      console.error(`kstreams broker: ${(err as Error).message}\n${brokerUsage}`);
      return 2;
    }
    const broker = await startBroker(options);
    const storage = options.dataDir ? `data in ${options.dataDir}` : 'in memory';
    console.log(`kstreams broker listening on ${broker.address} (${describeListener(options)}, ${storage})`);
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
