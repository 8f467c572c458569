// `kstreams reset`: the application reset tool (see streams/runtime/kafka/application-reset.ts).
import { parseArgs } from 'node:util';
import { resetApplication } from '../streams/runtime/kafka/application-reset.js';
import type { Command } from './command.js';

const usage = `usage: kstreams reset --application-id ID --bootstrap-server HOST:PORT [--input-topics a,b]
                      [--to-earliest | --to-latest] [--state-dir DIR] [--dry-run]`;

export const command: Command = {
  name: 'reset',
  summary: 'reset a streams application: input offsets, internal topics, local state',
  async run(args) {
    let values;
    try {
      values = parseArgs({
        args,
        options: {
          'application-id': { type: 'string' },
          'bootstrap-server': { type: 'string' },
          'bootstrap-servers': { type: 'string' },
          'input-topics': { type: 'string' },
          'to-earliest': { type: 'boolean' },
          'to-latest': { type: 'boolean' },
          'state-dir': { type: 'string' },
          'dry-run': { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      }).values;
    } catch (e) {
      console.error(`${e instanceof Error ? e.message : String(e)}\n${usage}`);
      return 2;
    }
    if (values.help) {
      console.log(usage);
      return 0;
    }
    const applicationId = values['application-id'];
    const bootstrap = values['bootstrap-server'] ?? values['bootstrap-servers'];
    if (!applicationId || !bootstrap || (values['to-earliest'] && values['to-latest'])) {
      console.error(usage);
      return 2;
    }
    try {
      const result = await resetApplication({
        client: { bootstrapServers: bootstrap },
        applicationId,
        inputTopics: (values['input-topics'] ?? '').split(',').filter((t) => t.length > 0),
        to: values['to-latest'] ? 'latest' : 'earliest',
        ...(values['state-dir'] === undefined ? {} : { stateDir: values['state-dir'] }),
        dryRun: values['dry-run'] ?? false,
      });
      const verb = values['dry-run'] ? 'would' : '';
      for (const o of result.resetOffsets) console.log(`${verb ? 'would reset' : 'reset'} ${o.topic}-${o.partition} to offset ${o.offset}`);
      for (const t of result.deletedTopics) console.log(`${verb ? 'would delete' : 'deleted'} internal topic ${t}`);
      if (result.cleanedStateDir !== null) console.log(`${verb ? 'would remove' : 'removed'} local state ${result.cleanedStateDir}`);
      console.log(values['dry-run'] ? 'dry run: nothing changed' : `application ${applicationId} reset`);
      return 0;
    } catch (e) {
      console.error(`reset failed: ${e instanceof Error ? e.message : String(e)}`);
      return 1;
    }
  },
};
