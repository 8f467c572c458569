// ApiVersions (key 18), versions 0-4. An unsupported version is answered by the connection with
// UNSUPPORTED_VERSION and a v0 body (see server/connection.ts).
import { apiVersionsApi } from '../../protocol/messages/api-versions.js';
import type { ApiVersionsRequest, ApiVersionsResponse } from '../../protocol/messages/api-versions.js';
import { ErrorCode } from '../../protocol/errors/index.js';
import { allHandlers, registerHandler } from './handler.js';

registerHandler<ApiVersionsRequest, ApiVersionsResponse>({
  api: apiVersionsApi,
  minVersion: 0,
  maxVersion: 4,
  handle: () => ({
    errorCode: ErrorCode.NONE,
    apiKeys: allHandlers().map((h) => ({ apiKey: h.api.apiKey, minVersion: h.minVersion, maxVersion: h.maxVersion })),
    throttleTimeMs: 0,
  }),
});
