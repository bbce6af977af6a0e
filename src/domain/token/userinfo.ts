// OpenID Connect UserInfo (Core §5.3) as Hydra serves it: the grant's ID-token
// claims without the per-token ones, as JSON, or signed (application/jwt) when
// the client registered userinfo_signed_response_alg=RS256. Failures carry the
// RFC 6750 challenge the HTTP edge sends as WWW-Authenticate.
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { ClientService } from '../client/service.js';
import { OAuth2Error } from '../errors.js';
import { ID_TOKEN_SET, type KeyService } from '../jwk/service.js';
import { REQUEST_UNAUTHORIZED_DEFAULT_HINT, requestUnauthorized, serverError, tokenExpired } from '../oauth2/errors.js';
import { goTime, isExpired, type TokenLookup } from './lookup.js';
import type { TokenSession } from './session.js';

/** An error answered with `WWW-Authenticate: Bearer error="…",error_description="…"`. */
export class BearerChallengeError extends OAuth2Error {
  constructor(
    base: OAuth2Error,
    readonly challenge: { error: string; description: string } = { error: base.error, description: base.message },
  ) {
    super(base.error, base.description, base.status, base.hint, base.debug);
  }
}

export type UserinfoResponse = { type: 'json'; claims: Record<string, unknown> } | { type: 'jwt'; jwt: string };

export interface UserinfoDeps {
  lookup: TokenLookup;
  clients: ClientService;
  keys: KeyService;
  issuer: string;
}

export async function userinfo(deps: UserinfoDeps, accessToken: string, now: Date): Promise<UserinfoResponse> {
  const found = await deps.lookup.find(accessToken, ['access_token', 'refresh_token']);
  if (!found) throw new BearerChallengeError(requestUnauthorized(REQUEST_UNAUTHORIZED_DEFAULT_HINT));
  const { record, session } = found;
  if (record.kind === 'refresh_token') {
    // Hydra answers this with a plain error: the body says nothing, the challenge does.
    throw new BearerChallengeError(new OAuth2Error('error', 'The error is unrecognizable', 401), {
      error: 'invalid_token',
      description: 'Only access tokens are allowed in the authorization header.',
    });
  }
  if (isExpired(record, now)) throw new BearerChallengeError(tokenExpired(`Access token expired at '${goTime(record.expiresAt!)}'.`));

  const claims = userinfoClaims(deps.issuer, record.clientId, session);
  const client = await deps.clients.find(record.clientId);
  const alg = client?.client.userinfo_signed_response_alg ?? '';
  if (alg === '' || alg === 'none') return { type: 'json', claims };
  if (alg !== 'RS256') throw serverError(`Unsupported userinfo signing algorithm '${alg}'.`);
  const key = await deps.keys.signingKey(ID_TOKEN_SET);
  const jwt = await new SignJWT({ ...claims, jti: randomUUID(), iat: Math.floor(now.getTime() / 1000) })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .sign(key.key);
  return { type: 'jwt', jwt };
}

/** The ID-token claims of the grant as made at authorization time, without nonce, at_hash, c_hash, exp, sid and jti. */
export function userinfoClaims(issuer: string, clientId: string, session: TokenSession): Record<string, unknown> {
  const { grant } = session;
  const claims: Record<string, unknown> = { ...grant.idTokenClaims };
  for (const name of ['nonce', 'at_hash', 'c_hash', 'exp', 'sid', 'jti', 'sub', 'iss', 'aud', 'iat', 'rat', 'auth_time', 'acr', 'amr']) delete claims[name];
  if (grant.idTokenSubject) claims.sub = grant.idTokenSubject;
  claims.iss = issuer;
  claims.aud = [clientId];
  if (session.claimsIssuedAt) claims.iat = session.claimsIssuedAt;
  if (grant.requestedAt) claims.rat = grant.requestedAt;
  if (grant.authTime) claims.auth_time = grant.authTime;
  if (grant.acr) claims.acr = grant.acr;
  if (grant.amr?.length) claims.amr = grant.amr;
  return claims;
}
