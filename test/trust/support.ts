// Keys, trusts and assertions for the jwt-bearer grant tests.
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { OAuth2Api, TrustOAuth2JwtGrantIssuer } from '@ory/hydra-client';

export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface IssuerKey {
  privateKey: CryptoKey;
  /** The public JWK with kid, alg and use, as an operator would register it. */
  jwk: JWK & { kid: string; alg: string; kty: string; use: string };
}

export async function issuerKey(): Promise<IssuerKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' } as IssuerKey['jwk'];
  return { privateKey, jwk };
}

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

export function trustBody(key: IssuerKey, overrides: Partial<TrustOAuth2JwtGrantIssuer> = {}): TrustOAuth2JwtGrantIssuer {
  return { issuer: 'https://idp.example', subject: 'alice@example.com', scope: ['read', 'write'], jwk: key.jwk as never, expires_at: inAnHour(), ...overrides };
}

export async function trust(api: OAuth2Api, key: IssuerKey, overrides: Partial<TrustOAuth2JwtGrantIssuer> = {}) {
  return (await api.trustOAuth2JwtGrantIssuer({ trustOAuth2JwtGrantIssuer: trustBody(key, overrides) })).data;
}

export interface AssertionOptions {
  iss?: string;
  sub?: string;
  aud: string | string[];
  /** Seconds from now; undefined for no exp. */
  expiresIn?: number | undefined;
  iat?: number | undefined;
  nbf?: number;
  jti?: string | undefined;
  kid?: string | undefined;
  signWith?: CryptoKey;
}

export async function assertion(key: IssuerKey, options: AssertionOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    iss: options.iss ?? 'https://idp.example',
    sub: options.sub ?? 'alice@example.com',
    aud: options.aud,
    ...('iat' in options ? options.iat !== undefined && { iat: options.iat } : { iat: now }),
    ...('expiresIn' in options ? options.expiresIn !== undefined && { exp: now + options.expiresIn } : { exp: now + 300 }),
    ...(options.nbf !== undefined && { nbf: options.nbf }),
    ...('jti' in options ? options.jti !== undefined && { jti: options.jti } : { jti: randomUUID() }),
  };
  const kid = 'kid' in options ? options.kid : key.jwk.kid;
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', ...(kid !== undefined && { kid }) }).sign(options.signWith ?? key.privateKey);
}
