// SaslAuthenticate (key 36), versions 0-2: one round of the exchange chosen by SaslHandshake
// (PLAIN: one round; SCRAM: two). A failure is answered with SASL_AUTHENTICATION_FAILED and the
// connection is closed right after the answer.
import { saslAuthenticateApi } from '../../protocol/messages/sasl-authenticate.js';
import type { SaslAuthenticateRequest, SaslAuthenticateResponse } from '../../protocol/messages/sasl-authenticate.js';
import { ErrorCode } from '../../protocol/errors/index.js';
import { registerHandler } from './handler.js';

registerHandler<SaslAuthenticateRequest, SaslAuthenticateResponse>({
  api: saslAuthenticateApi,
  minVersion: 0,
  maxVersion: 2,
  handle(request, ctx) {
    const session = ctx.sasl ?? null;
    if (session === null) {
      return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, errorMessage: 'this listener does not use SASL', authBytes: Buffer.alloc(0), sessionLifetimeMs: 0n };
    }
    const step = session.authenticate(request.authBytes);
    if (step.kind === 'failed') {
      ctx.state.log(`SASL authentication failed on connection ${ctx.connectionId}: ${step.message}`);
      return { errorCode: step.errorCode, errorMessage: step.message, authBytes: Buffer.alloc(0), sessionLifetimeMs: 0n };
    }
    return { errorCode: ErrorCode.NONE, errorMessage: null, authBytes: step.response, sessionLifetimeMs: 0n };
  },
});
