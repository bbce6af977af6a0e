// The JSON of Hydra's oAuth2LogoutRequest (flow.LogoutRequest), members in
// Hydra's order; the client as it is now, without its secret.
import type { OAuth2Client } from '../client/model.js';
import { formatTimestamp } from '../client/wire.js';
import { clientJson, type Json } from '../flow/wire.js';
import type { LogoutRequest } from './model.js';

export function logoutRequestJson(request: LogoutRequest, challenge: string, client: OAuth2Client | undefined): Json {
  return {
    challenge,
    subject: request.subject,
    ...(request.sessionId ? { sid: request.sessionId } : {}),
    request_url: request.requestUrl,
    rp_initiated: request.rpInitiated,
    expires_at: formatTimestamp(request.expiresAt),
    requested_at: formatTimestamp(request.requestedAt),
    client: clientJson(client),
  };
}
