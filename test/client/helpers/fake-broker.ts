// A tiny Kafka-speaking server for connection tests: ApiVersions, SaslHandshake, SaslAuthenticate
// (PLAIN, SCRAM-SHA-256/512 server side) and Metadata (one broker: itself, one topic), over TCP or TLS.
// Requests other than ApiVersions/SASL before authentication close the connection, as Kafka does.
import net from 'node:net';
import tls from 'node:tls';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { FrameDecoder } from '../../../src/protocol/framing/frame-decoder.js';
import { encodeResponseFrame, readRequestHeader } from '../../../src/protocol/framing/frames.js';
import { apiVersionsApi } from '../../../src/protocol/messages/api-versions.js';
import { metadataApi } from '../../../src/protocol/messages/metadata.js';
import { saslAuthenticateApi } from '../../../src/protocol/messages/sasl-authenticate.js';
import { saslHandshakeApi } from '../../../src/protocol/messages/sasl-handshake.js';
import type { ApiDefinition } from '../../../src/protocol/api-definition.js';
import { scramKeys, type ScramMechanism } from '../../../src/client/sasl/scram.js';

export interface FakeBrokerOptions {
  tls?: { key: string; cert: string };
  /** Mechanisms offered; none means no SASL. */
  mechanisms?: string[];
  users?: Record<string, string>;
}

export interface FakeBroker {
  port: number;
  /** Authenticated user names, in order. */
  authenticated: string[];
  close(): Promise<void>;
}

const SUPPORTED: Array<ApiDefinition<never, never>> = [apiVersionsApi, saslHandshakeApi, saslAuthenticateApi, metadataApi] as unknown as Array<ApiDefinition<never, never>>;

export async function startFakeBroker(options: FakeBrokerOptions = {}): Promise<FakeBroker> {
  const authenticated: string[] = [];
  const sockets = new Set<net.Socket>();
  const handler = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const decoder = new FrameDecoder();
    let mechanism: string | undefined;
    let authed = !options.mechanisms || options.mechanisms.length === 0;
    let scram: { user: string; clientFirstBare: string; serverFirst: string; nonce: string; salt: Buffer } | undefined;
    const reply = <Res>(api: ApiDefinition<unknown, Res>, version: number, correlationId: number, data: Res): void => {
      socket.write(encodeResponseFrame({ api, version, correlationId, data }));
    };
    socket.on('data', (chunk: Buffer) => {
      for (const frame of decoder.push(chunk)) {
        const { header, reader } = readRequestHeader(frame);
        const { requestApiKey: key, requestApiVersion: version, correlationId } = header;
        if (key === apiVersionsApi.apiKey) {
          reply(apiVersionsApi, version <= 3 ? version : 0, correlationId, {
            errorCode: version <= 3 ? 0 : 35,
            apiKeys: SUPPORTED.map((a) => ({ apiKey: a.apiKey, minVersion: a.minVersion, maxVersion: a.apiKey === apiVersionsApi.apiKey ? 3 : a.maxVersion })),
            throttleTimeMs: 0,
          });
        } else if (key === saslHandshakeApi.apiKey) {
          const req = saslHandshakeApi.decodeRequest(reader, version);
          const ok = options.mechanisms?.includes(req.mechanism) ?? false;
          if (ok) mechanism = req.mechanism;
          reply(saslHandshakeApi, version, correlationId, { errorCode: ok ? 0 : 33, mechanisms: options.mechanisms ?? [] });
        } else if (key === saslAuthenticateApi.apiKey) {
          const req = saslAuthenticateApi.decodeRequest(reader, version);
          const fail = (): void => reply(saslAuthenticateApi, version, correlationId, { errorCode: 58, errorMessage: 'Authentication failed', authBytes: Buffer.alloc(0), sessionLifetimeMs: 0n });
          const ok = (bytes: Buffer): void => reply(saslAuthenticateApi, version, correlationId, { errorCode: 0, errorMessage: null, authBytes: bytes, sessionLifetimeMs: 0n });
          const text = req.authBytes.toString('utf8');
          if (mechanism === 'PLAIN') {
            const [, user, password] = text.split('\u0000');
            if (user !== undefined && options.users?.[user] === password) {
              authed = true;
              authenticated.push(user);
              ok(Buffer.alloc(0));
            } else fail();
          } else if (mechanism?.startsWith('SCRAM-') && !scram) {
            const bare = text.slice(3);
            const user = (/n=([^,]*)/.exec(bare)?.[1] ?? '').replace(/=2C/g, ',').replace(/=3D/g, '=');
            const nonce = (/r=([^,]*)/.exec(bare)?.[1] ?? '') + randomBytes(8).toString('hex');
            const salt = randomBytes(16);
            const serverFirst = `r=${nonce},s=${salt.toString('base64')},i=4096`;
            scram = { user, clientFirstBare: bare, serverFirst, nonce, salt };
            ok(Buffer.from(serverFirst));
          } else if (mechanism?.startsWith('SCRAM-') && scram) {
            const password = options.users?.[scram.user];
            const hash = mechanism === 'SCRAM-SHA-512' ? 'sha512' : 'sha256';
            const withoutProof = text.slice(0, text.indexOf(',p='));
            const proof = Buffer.from(text.slice(text.indexOf(',p=') + 3), 'base64');
            if (password === undefined || !withoutProof.includes(`r=${scram.nonce}`)) return fail();
            const keys = scramKeys(mechanism as ScramMechanism, password, scram.salt, 4096);
            const authMessage = `${scram.clientFirstBare},${scram.serverFirst},${withoutProof}`;
            const signature = createHmac(hash, keys.storedKey).update(authMessage).digest();
            const clientKey = Buffer.from(proof.map((b, i) => b ^ signature[i]!));
            const stored = createHash(hash).update(clientKey).digest();
            if (stored.length !== keys.storedKey.length || !timingSafeEqual(stored, keys.storedKey)) return fail();
            authed = true;
            authenticated.push(scram.user);
            ok(Buffer.from(`v=${createHmac(hash, keys.serverKey).update(authMessage).digest('base64')}`));
          } else fail();
        } else if (key === metadataApi.apiKey) {
          if (!authed) return socket.destroy();
          const port = (server.address() as net.AddressInfo).port;
          reply(metadataApi, version, correlationId, {
            throttleTimeMs: 0,
            brokers: [{ nodeId: 1, host: '127.0.0.1', port, rack: null }],
            clusterId: 'fake',
            controllerId: 1,
            topics: [{ errorCode: 0, name: 'fake-topic', topicId: '00000000-0000-0000-0000-000000000000', isInternal: false, partitions: [{ errorCode: 0, partitionIndex: 0, leaderId: 1, leaderEpoch: 0, replicaNodes: [1], isrNodes: [1], offlineReplicas: [] }], topicAuthorizedOperations: -2147483648 }],
            clusterAuthorizedOperations: -2147483648,
          });
        } else {
          socket.destroy();
        }
      }
    });
  };
  const server: net.Server = options.tls ? tls.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : net.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    authenticated,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
