// SaslHandshake (key 17), versions 0-1: picks the mechanism for SaslAuthenticate. On a listener
// without SASL every mechanism is unsupported.
import { saslHandshakeApi } from '../../protocol/messages/sasl-handshake.js';
import type { SaslHandshakeRequest, SaslHandshakeResponse } from '../../protocol/messages/sasl-handshake.js';
import { ErrorCode } from '../../protocol/errors/index.js';
import { registerHandler } from './handler.js';

registerHandler<SaslHandshakeRequest, SaslHandshakeResponse>({
  api: saslHandshakeApi,
  minVersion: 0,
  maxVersion: 1,
  handle(request, ctx) {
    const session = ctx.sasl ?? null;
    if (session === null) return { errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM, mechanisms: [] };
    if (session.authenticated) return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms: [...session.enabledMechanisms()] };
    const ok = session.handshake(request.mechanism);
    return { errorCode: ok ? ErrorCode.NONE : ErrorCode.UNSUPPORTED_SASL_MECHANISM, mechanisms: [...session.enabledMechanisms()] };
  },
});
