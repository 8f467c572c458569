/** Where an instance answers interactive queries: its `application.server` (`host:port`). */
export interface HostInfo {
  readonly host: string;
  readonly port: number;
}

/** Parses `host:port` (IPv6 hosts in brackets); undefined for an empty or malformed endpoint. */
export function parseHostInfo(endpoint: string): HostInfo | undefined {
  const sep = endpoint.lastIndexOf(':');
  if (sep <= 0) return undefined;
  let host = endpoint.slice(0, sep);
  const port = Number(endpoint.slice(sep + 1));
  if (!Number.isInteger(port) || port < 0 || port > 65535) return undefined;
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return { host, port };
}

export function hostInfoKey(h: HostInfo): string {
  return h.host.includes(':') ? `[${h.host}]:${h.port}` : `${h.host}:${h.port}`;
}

export function sameHost(a: HostInfo | undefined, b: HostInfo | undefined): boolean {
  return a !== undefined && b !== undefined && a.host === b.host && a.port === b.port;
}
