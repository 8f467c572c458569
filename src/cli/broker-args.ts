// Command-line arguments of `kstreams broker` → BrokerOptions (no side effects; throws on bad input).
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import type { BrokerOptions, FsyncPolicy, SaslMechanism, SaslUser, SecurityOptions } from '../broker/index.js';

export const brokerUsage = `usage: kstreams broker [options]
  --port N                              TCP port (default 0: a free one)
  --host HOST                           interface to bind and advertise (default 127.0.0.1)
  --data-dir DIR                        keep logs on disk (default: in memory)
  --partitions N                        partitions of auto-created topics (default 1)
  --auto-create-topics true|false       create unknown topics on use (default true)
  --fsync always|interval|never         when disk data is fsynced (default interval)
  --sasl-users USER:PASSWORD,...        require SASL authentication by these users
  --sasl-mechanisms M,...               PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 (default all three)
  --tls-cert FILE --tls-key FILE        speak TLS with this PEM certificate and key
  --group-initial-rebalance-delay-ms N  group.initial.rebalance.delay.ms (default 100)
  --group-min-session-timeout-ms N      group.min.session.timeout.ms (default 100)
  --group-max-session-timeout-ms N      group.max.session.timeout.ms (default 1800000)
  --transaction-max-timeout-ms N        transaction.max.timeout.ms (default 900000)
  --cleaner-interval-ms N               how often the log cleaner visits the next partition (default 1000)
  --max-frame-bytes N                   largest request accepted (default 104857600)
  --quiet                               no log lines on stderr`;

const MECHANISMS: readonly SaslMechanism[] = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'];

export type ParsedBrokerArgs = { help: true } | { help: false; options: BrokerOptions; quiet: boolean };

export function parseBrokerArgs(args: string[]): ParsedBrokerArgs {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      partitions: { type: 'string' },
      'auto-create-topics': { type: 'string' },
      fsync: { type: 'string' },
      'sasl-users': { type: 'string' },
      'sasl-mechanisms': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'group-initial-rebalance-delay-ms': { type: 'string' },
      'group-min-session-timeout-ms': { type: 'string' },
      'group-max-session-timeout-ms': { type: 'string' },
      'transaction-max-timeout-ms': { type: 'string' },
      'cleaner-interval-ms': { type: 'string' },
      'max-frame-bytes': { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true };
  const auto = values['auto-create-topics'];
  if (auto !== undefined && auto !== 'true' && auto !== 'false') throw new Error(`--auto-create-topics must be true or false, got ${auto}`);
  const fsync = parseFsync(values.fsync);
  const port = parseInteger('port', values.port, 0);
  const partitions = parseInteger('partitions', values.partitions, 1);
  const initialRebalanceDelayMs = parseInteger('group-initial-rebalance-delay-ms', values['group-initial-rebalance-delay-ms'], 0);
  const minSessionTimeoutMs = parseInteger('group-min-session-timeout-ms', values['group-min-session-timeout-ms'], 1);
  const maxSessionTimeoutMs = parseInteger('group-max-session-timeout-ms', values['group-max-session-timeout-ms'], 1);
  const maxTransactionTimeoutMs = parseInteger('transaction-max-timeout-ms', values['transaction-max-timeout-ms'], 1);
  const cleanerIntervalMs = parseInteger('cleaner-interval-ms', values['cleaner-interval-ms'], 1);
  const maxFrameBytes = parseInteger('max-frame-bytes', values['max-frame-bytes'], 1024);
  if (minSessionTimeoutMs !== undefined && maxSessionTimeoutMs !== undefined && minSessionTimeoutMs > maxSessionTimeoutMs) {
    throw new Error('--group-min-session-timeout-ms must not exceed --group-max-session-timeout-ms');
  }
  const coordinators = {
    ...(initialRebalanceDelayMs !== undefined ? { initialRebalanceDelayMs } : {}),
    ...(minSessionTimeoutMs !== undefined ? { minSessionTimeoutMs } : {}),
    ...(maxSessionTimeoutMs !== undefined ? { maxSessionTimeoutMs } : {}),
    ...(maxTransactionTimeoutMs !== undefined ? { maxTransactionTimeoutMs } : {}),
  };
  const security = parseSecurity(values);
  const options: BrokerOptions = {
    ...(port !== undefined ? { port } : {}),
    ...(values.host !== undefined ? { host: values.host } : {}),
    ...(values['data-dir'] !== undefined ? { dataDir: values['data-dir'] } : {}),
    ...(partitions !== undefined ? { partitions } : {}),
    ...(auto !== undefined ? { autoCreateTopics: auto === 'true' } : {}),
    ...(fsync ? { fsync } : {}),
    ...(Object.keys(coordinators).length > 0 ? { coordinators } : {}),
    ...(security ? { security } : {}),
    ...(cleanerIntervalMs !== undefined ? { cleanerIntervalMs } : {}),
    ...(maxFrameBytes !== undefined ? { maxFrameBytes } : {}),
  };
  return { help: false, options, quiet: values.quiet === true };
}

function parseSecurity(values: {
  'sasl-users'?: string | undefined;
  'sasl-mechanisms'?: string | undefined;
  'tls-cert'?: string | undefined;
  'tls-key'?: string | undefined;
}): SecurityOptions | undefined {
  const usersArg = values['sasl-users'];
  const mechanismsArg = values['sasl-mechanisms'];
  if (mechanismsArg !== undefined && usersArg === undefined) throw new Error('--sasl-mechanisms needs --sasl-users');
  const cert = values['tls-cert'];
  const key = values['tls-key'];
  if ((cert === undefined) !== (key === undefined)) throw new Error('--tls-cert and --tls-key go together');
  for (const file of [cert, key]) if (file !== undefined && !existsSync(file)) throw new Error(`no such file: ${file}`);
  const sasl = usersArg === undefined ? undefined : { users: parseUsers(usersArg), ...(mechanismsArg !== undefined ? { mechanisms: parseMechanisms(mechanismsArg) } : {}) };
  if (!sasl && cert === undefined) return undefined;
  return {
    ...(sasl ? { sasl } : {}),
    ...(cert !== undefined && key !== undefined ? { tls: { certFile: cert, keyFile: key } } : {}),
  };
}

/** `alice:s3cret,bob:pw`: the password is everything after the first ':' (it cannot contain ','). */
function parseUsers(value: string): SaslUser[] {
  const users = value.split(',').map((entry) => {
    const colon = entry.indexOf(':');
    if (colon <= 0 || colon === entry.length - 1) throw new Error(`--sasl-users entries are USER:PASSWORD, got ${JSON.stringify(entry)}`);
    return { username: entry.slice(0, colon), password: entry.slice(colon + 1) };
  });
  const names = new Set(users.map((u) => u.username));
  if (names.size !== users.length) throw new Error('--sasl-users names a user twice');
  return users;
}

function parseMechanisms(value: string): SaslMechanism[] {
  const out = new Set<SaslMechanism>();
  for (const name of value.split(',').map((m) => m.trim().toUpperCase())) {
    const mechanism = MECHANISMS.find((m) => m === name);
    if (!mechanism) throw new Error(`--sasl-mechanisms: unknown mechanism ${name} (${MECHANISMS.join(', ')})`);
    out.add(mechanism);
  }
  return [...out];
}

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
