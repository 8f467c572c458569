import http from 'node:http';
import type { HostInfo } from '../host-info.js';

/** Raised when a peer instance cannot be reached or does not answer in time. */
export class PeerUnreachableError extends Error {
  readonly code = 'PEER_UNREACHABLE';
  readonly retriable = true;
}

export interface PeerResponse {
  status: number;
  body: unknown;
}

/** GET `path` on a peer's query server; JSON body. Rejects with PeerUnreachableError on network failure or timeout. */
export function getFromPeer(agent: http.Agent, host: HostInfo, path: string, timeoutMs: number): Promise<PeerResponse> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: host.host, port: host.port, path, agent, headers: { accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: res.statusCode ?? 0, body: text.length === 0 ? null : (JSON.parse(text) as unknown) });
        } catch (e) {
          reject(new PeerUnreachableError(`bad answer from ${host.host}:${host.port}`, { cause: e }));
        }
      });
      res.on('error', (e) => reject(new PeerUnreachableError(`${host.host}:${host.port}: ${e.message}`, { cause: e })));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (e) => reject(new PeerUnreachableError(`${host.host}:${host.port}: ${e.message}`, { cause: e })));
  });
}
