// What a request handler is, and the registry the handler files add themselves to.
import type { ApiDefinition } from '../../protocol/api-definition.js';
import type { BrokerState } from '../state/broker-state.js';
import type { SaslSession } from '../security/sasl-session.js';

export interface RequestContext {
  readonly state: BrokerState;
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
  /** "/address" of the client, as Kafka reports it in DescribeGroups. */
  readonly clientHost?: string;
  /** The connection's id (for logs). */
  readonly connectionId: number;
  /** The connection's SASL state; null on a listener without SASL. */
  readonly sasl?: SaslSession | null;
  /** Resolves when the connection closes (a long poll stops waiting then). */
  readonly closed: Promise<void>;
}

export interface Handler<Req, Res> {
  readonly api: ApiDefinition<Req, Res>;
  /** Versions this broker implements and advertises (within the generated range). */
  readonly minVersion: number;
  readonly maxVersion: number;
  /** The response body, or null for no response (Produce with acks=0). */
  handle(request: Req, ctx: RequestContext): Res | null | Promise<Res | null>;
  /** Bytes the encoded response will roughly take, when large (Fetch): the encoder allocates once. */
  sizeHint?(response: Res): number;
}

const handlers = new Map<number, Handler<unknown, unknown>>();

export function registerHandler<Req, Res>(handler: Handler<Req, Res>): void {
  const { api, minVersion, maxVersion } = handler;
  if (minVersion < api.minVersion || maxVersion > api.maxVersion) {
    throw new Error(`${api.name}: versions ${minVersion}-${maxVersion} outside the generated ${api.minVersion}-${api.maxVersion}`);
  }
  if (handlers.has(api.apiKey)) throw new Error(`${api.name} registered twice`);
  handlers.set(api.apiKey, handler as unknown as Handler<unknown, unknown>);
}

export function handlerFor(apiKey: number): Handler<unknown, unknown> | undefined {
  return handlers.get(apiKey);
}

/** All registered handlers, by API key. */
export function allHandlers(): Handler<unknown, unknown>[] {
  return [...handlers.values()].sort((a, b) => a.api.apiKey - b.api.apiKey);
}
