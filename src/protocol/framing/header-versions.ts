import { apiRegistry } from '../messages/index.js';

const API_VERSIONS_KEY = 18;
const CONTROLLED_SHUTDOWN_KEY = 7;

function firstFlexible(apiKey: number): number | null | undefined {
  const api = apiRegistry.get(apiKey);
  return api === undefined ? undefined : api.flexibleMinVersion;
}

/**
 * Request header version for an API version: 2 for flexible versions (tagged fields in the header),
 * else 1 (client id). Version 0 (no client id) is only used by ControlledShutdown v0. A version above
 * the API's range still counts as flexible when it is past the first flexible version, which is what
 * lets a broker read an ApiVersions request of a version it does not know yet.
 * Unknown API keys get header version 1.
 */
export function requestHeaderVersion(apiKey: number, apiVersion: number): number {
  if (apiKey === CONTROLLED_SHUTDOWN_KEY && apiVersion === 0) return 0;
  const flex = firstFlexible(apiKey);
  return flex !== undefined && flex !== null && apiVersion >= flex ? 2 : 1;
}

/**
 * Response header version: 1 (tagged fields after the correlation id) for flexible versions, else 0.
 * ApiVersions responses always use header version 0, so a client can read the answer even when the
 * broker did not accept the version it asked for.
 */
export function responseHeaderVersion(apiKey: number, apiVersion: number): number {
  if (apiKey === API_VERSIONS_KEY) return 0;
  const flex = firstFlexible(apiKey);
  return flex !== undefined && flex !== null && apiVersion >= flex ? 1 : 0;
}
