// JWT access tokens (strategies.access_token=jwt, or a client's
// access_token_strategy=jwt), with Hydra's claims and header, signed with the
// newest key of 'hydra.jwt.access-token'. The row is stored under the JWT's
// signature part; a digest of header.payload in the sealed session makes only
// the JWT as issued match, without an RSA verification per lookup.
import { createHash, randomUUID } from 'node:crypto';
import { constantTimeEqual } from '../crypto/equal.js';
import { SignJWT } from 'jose';
import { ACCESS_TOKEN_SET, type KeyService } from '../jwk/service.js';
import type { TokenSettings } from './settings.js';

/** Claims no session claim may replace (Hydra's reserved top-level names). */
const RESERVED = new Set(['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'client_id', 'scp', 'ext']);

export interface JwtAccessTokenInput {
  subject: string;
  clientId: string;
  grantedScope: string[];
  grantedAudience: string[];
  /** The consent's session.access_token. */
  extra: Record<string, unknown>;
  issuedAt: Date;
  expiresAt: Date;
}

export interface SignedJwt {
  token: string;
  /** The signature part: the row's key. */
  signature: string;
  digest: string;
}

export class JwtAccessTokens {
  constructor(
    private readonly keys: KeyService,
    private readonly settings: TokenSettings,
  ) {}

  async sign(input: JwtAccessTokenInput): Promise<SignedJwt> {
    const key = await this.keys.signingKey(ACCESS_TOKEN_SET);
    const iat = Math.floor(input.issuedAt.getTime() / 1000);
    const claims: Record<string, unknown> = {};
    for (const name of this.settings.allowedTopLevelClaims) {
      if (!RESERVED.has(name) && name in input.extra) claims[name] = input.extra[name];
    }
    Object.assign(claims, {
      iss: this.settings.issuer,
      sub: input.subject,
      aud: input.grantedAudience,
      exp: Math.floor(input.expiresAt.getTime() / 1000),
      iat,
      nbf: iat,
      jti: randomUUID(),
      client_id: input.clientId,
    });
    const scopeClaim = this.settings.jwtScopeClaim;
    if (scopeClaim === 'list' || scopeClaim === 'both') claims.scp = input.grantedScope;
    if (scopeClaim === 'string' || scopeClaim === 'both') claims.scope = input.grantedScope.join(' ');
    if (this.settings.mirrorTopLevelClaims) claims.ext = input.extra;
    const token = await new SignJWT(claims).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' }).sign(key.key);
    return { token, signature: token.slice(token.lastIndexOf('.') + 1), digest: jwtDigest(token) };
  }
}

/** SHA-256 of the JWT's "header.payload". */
export function jwtDigest(token: string): string {
  return createHash('sha256').update(token.slice(0, token.lastIndexOf('.'))).digest('base64url');
}

export function matchesDigest(token: string, digest: string | undefined): boolean {
  return !!digest && constantTimeEqual(jwtDigest(token), digest);
}

export const looksLikeJwt = (token: string) => token.split('.').length === 3;
