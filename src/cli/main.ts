// The `kstreams` command: dispatches to one module per sub-command.
import type { Command } from './command.js';

// One line per sub-command; each module exports a `Command`.
const commands: Record<string, () => Promise<Command>> = {
  broker: async () => (await import('./broker-command.js')).command,
  demo: async () => (await import('./demo-command.js')).command,
  reset: async () => (await import('./reset-command.js')).command,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || !(name in commands)) {
    const list = Object.keys(commands).join(', ');
    console.log(`usage: kstreams <command> [options]\ncommands: ${list}`);
    return name && name !== '--help' && name !== '-h' ? 2 : 0;
  }
  const command = await commands[name]!();
  return command.run(rest);
}
