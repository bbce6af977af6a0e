// ID tokens (OpenID Connect Core §2) with Hydra's claims: the consent's extra
// claims first, then the protected claims set or removed over them, so the
// consent app can never supply sub, iss, aud, jti, iat, exp, rat, auth_time,
// nonce, at_hash, c_hash, acr, amr or sid. Signed with the newest key of
// 'hydra.openid.id-token', header typ JWT and kid.
import { createHash, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { ID_TOKEN_SET, type KeyService } from '../jwk/service.js';
import type { GrantSession, OidcRequest } from '../oauth2/grant.js';
import { insufficientEntropy, serverError } from '../oauth2/errors.js';

export interface IdTokenInput {
  clientId: string;
  session: GrantSession;
  nonce?: string | undefined;
  /** The access token issued alongside (at_hash); none for response_type=id_token. */
  accessToken?: string | undefined;
  /** The authorization code issued alongside by the authorization endpoint (hybrid flow: c_hash). */
  code?: string | undefined;
  now: Date;
  expiresAt: Date;
  /** The authorization request's OIDC parameters; absent on refresh, where Hydra skips the max_age and prompt checks. */
  oidc?: OidcRequest | undefined;
}

const secondsOf = (date: Date) => Math.floor(date.getTime() / 1000);

export class IdTokens {
  constructor(
    private readonly keys: KeyService,
    private readonly issuer: string,
  ) {}

  async sign(input: IdTokenInput): Promise<string> {
    const claims = idTokenClaims(this.issuer, input);
    const key = await this.keys.signingKey(ID_TOKEN_SET);
    return new SignJWT(claims).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' }).sign(key.key);
  }
}

/** The claims of an ID token; the checks Hydra makes at the token endpoint fail with its errors. */
export function idTokenClaims(issuer: string, input: IdTokenInput): Record<string, unknown> {
  const { session, now } = input;
  const nowSeconds = secondsOf(now);
  let acr = session.acr ?? '';
  if (input.oidc) {
    acr = checkAuthorizationRequest(input.oidc, session, nowSeconds) ?? acr;
  }
  if (input.nonce && input.nonce.length < 8) {
    throw insufficientEntropy("Parameter 'nonce' is set but does not satisfy the minimum entropy of 8 characters.");
  }
  if (input.expiresAt.getTime() < now.getTime()) throw serverError(undefined, 'the ID token would already be expired');

  const claims: Record<string, unknown> = { ...session.idTokenClaims };
  const setOrDelete = (name: string, value: unknown) => {
    const empty = value === undefined || value === '' || value === 0 || (Array.isArray(value) && value.length === 0);
    if (empty) delete claims[name];
    else claims[name] = value;
  };
  setOrDelete('sub', session.idTokenSubject);
  setOrDelete('iss', issuer);
  claims.jti = randomUUID();
  claims.aud = [input.clientId];
  claims.iat = nowSeconds;
  setOrDelete('exp', secondsOf(input.expiresAt));
  setOrDelete('rat', session.requestedAt);
  setOrDelete('auth_time', session.authTime || nowSeconds);
  setOrDelete('nonce', input.nonce);
  setOrDelete('at_hash', input.accessToken && leftHalfHash(input.accessToken));
  setOrDelete('c_hash', input.code && leftHalfHash(input.code));
  setOrDelete('acr', acr);
  setOrDelete('amr', session.amr);
  // Hydra always sets sid from the login session, even when it is empty.
  claims.sid = session.sid ?? '';
  return claims;
}

/**
 * Hydra's GenerateIDToken checks against the authorization request (all
 * server_error). Returns the acr to use when acr_values asked for one and
 * the login gave none.
 */
function checkAuthorizationRequest(oidc: OidcRequest, session: GrantSession, now: number): string | undefined {
  const authTime = session.authTime ?? 0;
  const requestedAt = session.requestedAt ?? 0;
  if (oidc.maxAge !== undefined && oidc.maxAge > 0) {
    if (!authTime) throw serverError(undefined, 'Failed to generate id token because authentication time claim is required when max_age is set.');
    if (authTime + oidc.maxAge < requestedAt) throw serverError(undefined, 'Failed to generate id token because authentication time does not satisfy max_age time.');
  }
  if (oidc.prompt.includes('none') && authTime > requestedAt) {
    throw serverError(undefined, 'Failed to generate id token because prompt was set to none but auth_time happened after the authorization request was registered.');
  }
  if (oidc.prompt.includes('login') && authTime < requestedAt) {
    throw serverError(undefined, 'Failed to generate id token because prompt was set to login but auth_time happened before the authorization request was registered.');
  }
  if (authTime > now + 5) throw serverError(undefined, 'Failed to generate id token because authentication time is in the future.');
  if (oidc.acrValues.length > 0 && !session.acr) return '0';
  return undefined;
}

/** at_hash and c_hash: base64url of the left half of SHA-256 of the token (Hydra's headers never name a larger alg). */
export function leftHalfHash(token: string): string {
  const digest = createHash('sha256').update(token).digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}
