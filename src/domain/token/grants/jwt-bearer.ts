// grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer (RFC 7523 §2.1), as
// fosite's rfc7523 handler checks it: the assertion is verified with the key
// of a trusted issuer (Hydra's trust API), its claims against the
// oauth2.grant.jwt.* settings, its scope against the client and the trust,
// and its jti is spent; then an access token for the assertion's subject is
// issued (no refresh or ID token). Cost: the client (1q), the trusted key
// (1q), the jti (1q), the token insert (1q), and one signature verification.
import { createHash } from 'node:crypto';
import { compactVerify, decodeJwt, decodeProtectedHeader, type JWK, type JWTPayload } from 'jose';
import { invalidGrant, invalidRequest, invalidScope, jtiKnown } from '../../oauth2/errors.js';
import { firstDisallowedScope, splitScope } from '../../oauth2/scope.js';
import type { ImportedKeys } from '../imported-keys.js';
import { expiry, lifespan } from '../lifespans.js';
import {
  assertClientMayRequestScope,
  assertClientMayUseGrant,
  issueAccessTokenOnly,
  type GrantDeps,
  type GrantHandler,
  type TokenRequest,
} from './grant.js';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** A trusted key, with the scopes its trust allows. */
export interface TrustedKey {
  publicJwk: JWK;
  scope: string[];
}

/** Where the grant finds trusted keys: TrustService. */
export interface TrustedKeySource {
  /** Unexpired trusts of the issuer for the subject (or any subject); only that of keyId when given. */
  trustedKeys(issuer: string, subject: string, keyId: string | undefined, now: Date): Promise<TrustedKey[]>;
}

export interface JwtBearerDeps {
  trust: TrustedKeySource;
  keys: ImportedKeys;
  /** The token endpoint URLs the assertion's `aud` must name one of. */
  tokenUrls: readonly string[];
}

/** Asymmetric signatures only: an assertion is verified with a public key. */
const ASSERTION_ALGS = new Set(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519']);

interface Assertion {
  jwt: string;
  alg: string;
  kid: string | undefined;
  claims: AssertionClaims;
}

interface AssertionClaims {
  iss: string;
  sub: string;
  aud: string[];
  exp?: number | undefined;
  nbf?: number | undefined;
  iat?: number | undefined;
  jti?: string | undefined;
}

export function jwtBearerGrant(deps: GrantDeps, bearer: JwtBearerDeps): GrantHandler {
  return async (request) => {
    assertClientMayUseGrant(request.client, JWT_BEARER_GRANT);
    const assertion = parseAssertion(request);
    const trusted = await verifiedBy(bearer, assertion, request.now);
    checkClaims(deps, bearer, assertion.claims, request.now);
    const scope = splitScope(request.form.get('scope'));
    // Stricter than Hydra, which checks the trust's scopes only: the client's bound the token too.
    assertClientMayRequestScope(deps.settings.scopeStrategy, request.client, scope);
    assertTrustAllowsScope(deps, trusted, assertion.claims, scope);
    await spendJti(deps, assertion.claims, request.now);
    const expiresAt = expiry(request.now, lifespan(deps.settings, request.client, JWT_BEARER_GRANT, 'access_token'), true)!;
    return issueAccessTokenOnly(deps, request, { grantType: JWT_BEARER_GRANT, subject: assertion.claims.sub, scope, audience: [], expiresAt });
  };
}

function parseAssertion({ form }: TokenRequest): Assertion {
  const jwt = form.get('assertion');
  if (!jwt) throw invalidRequest(`The assertion request parameter must be set when using grant_type of '${JWT_BEARER_GRANT}'.`);
  let header: { alg?: unknown; kid?: unknown };
  try {
    header = decodeProtectedHeader(jwt);
  } catch (err) {
    throw invalidGrant("Unable to parse JSON Web Token passed in 'assertion' request parameter.", (err as Error).message);
  }
  const claims = readClaims(jwt);
  if (!claims.iss) throw invalidGrant("The JWT in 'assertion' request parameter MUST contain an 'iss' (issuer) claim.");
  if (!claims.sub) throw invalidGrant("The JWT in 'assertion' request parameter MUST contain a 'sub' (subject) claim.");
  return {
    jwt,
    alg: typeof header.alg === 'string' ? header.alg : '',
    kid: typeof header.kid === 'string' && header.kid !== '' ? header.kid : undefined,
    claims,
  };
}

/** The registered claims, typed as go-jose decodes them: a claim of the wrong type means no claims at all. */
function readClaims(jwt: string): AssertionClaims {
  const noClaims = (debug: string) => invalidGrant("Looks like there are no claims in JWT in 'assertion' request parameter.", debug);
  let payload: JWTPayload;
  try {
    payload = decodeJwt(jwt);
  } catch (err) {
    throw noClaims((err as Error).message);
  }
  const optional = <T>(name: string, type: 'string' | 'number'): T | undefined => {
    const value = payload[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== type) throw noClaims(`claim '${name}' must be a ${type}`);
    return value as T;
  };
  const aud = payload.aud;
  if (aud !== undefined && typeof aud !== 'string' && !(Array.isArray(aud) && aud.every((a) => typeof a === 'string'))) {
    throw noClaims("claim 'aud' must be a string or an array of strings");
  }
  return {
    iss: optional<string>('iss', 'string') ?? '',
    sub: optional<string>('sub', 'string') ?? '',
    aud: aud === undefined ? [] : typeof aud === 'string' ? [aud] : aud,
    exp: optional<number>('exp', 'number'),
    nbf: optional<number>('nbf', 'number'),
    iat: optional<number>('iat', 'number'),
    jti: optional<string>('jti', 'string'),
  };
}

/**
 * The trusted key that signed the assertion: the one its kid names, or else
 * the first of the issuer's keys that verifies it.
 */
async function verifiedBy(bearer: JwtBearerDeps, { jwt, alg, kid, claims }: Assertion, now: Date): Promise<TrustedKey> {
  const candidates = await bearer.trust.trustedKeys(claims.iss, claims.sub, kid, now);
  const notTrusted = invalidGrant(
    `No public JWK was registered for issuer '${claims.iss}' and subject '${claims.sub}', and public key is required to check signature of JWT in 'assertion' request parameter.`,
  );
  if (candidates.length === 0) throw notTrusted;
  for (const candidate of candidates) {
    if (await verifies(bearer, jwt, alg, candidate.publicJwk)) return candidate;
  }
  if (kid) throw invalidGrant("Unable to verify the integrity of the 'assertion' value.");
  throw notTrusted;
}

async function verifies(bearer: JwtBearerDeps, jwt: string, alg: string, jwk: JWK): Promise<boolean> {
  if (!ASSERTION_ALGS.has(alg) || (jwk.alg && jwk.alg !== alg)) return false;
  try {
    await compactVerify(jwt, await bearer.keys.import(jwk, alg), { algorithms: [alg] });
    return true;
  } catch {
    return false;
  }
}

/** fosite's validateTokenClaims, in its order (the jti is spent later, once the scope is known to be allowed). */
function checkClaims(deps: GrantDeps, bearer: JwtBearerDeps, claims: AssertionClaims, now: Date): void {
  const nowMs = now.getTime();
  if (claims.aud.length === 0) throw invalidGrant("The JWT in 'assertion' request parameter MUST contain an 'aud' (audience) claim.");
  if (!bearer.tokenUrls.some((url) => claims.aud.includes(url))) {
    throw invalidGrant(
      `The JWT in 'assertion' request parameter MUST contain an 'aud' (audience) claim containing a value '${bearer.tokenUrls.join("' or '")}' that identifies the authorization server as an intended audience.`,
    );
  }
  if (claims.exp === undefined) throw invalidGrant("The JWT in 'assertion' request parameter MUST contain an 'exp' (expiration time) claim.");
  if (claims.exp * 1000 < nowMs) throw invalidGrant("The JWT in 'assertion' request parameter expired.");
  if (claims.nbf !== undefined && claims.nbf * 1000 >= nowMs) {
    throw invalidGrant(
      `The JWT in 'assertion' request parameter contains an 'nbf' (not before) claim, that identifies the time '${rfc3339(claims.nbf * 1000)}' before which the token MUST NOT be accepted.`,
    );
  }
  const { iatOptional, jtiOptional, maxTtl } = deps.settings.jwtBearer;
  if (!iatOptional && claims.iat === undefined) throw invalidGrant("The JWT in 'assertion' request parameter MUST contain an 'iat' (issued at) claim.");
  const issuedAt = claims.iat !== undefined ? claims.iat * 1000 : nowMs;
  if (claims.exp * 1000 - issuedAt > maxTtl) {
    throw invalidGrant(
      `The JWT in 'assertion' request parameter contains an 'exp' (expiration time) claim with value '${rfc3339(claims.exp * 1000)}' that is unreasonably far in the future, considering token issued at '${rfc3339(issuedAt)}'.`,
    );
  }
  if (!jtiOptional && !claims.jti) throw invalidGrant("The JWT in 'assertion' request parameter MUST contain an 'jti' (JWT ID) claim.");
}

function assertTrustAllowsScope(deps: GrantDeps, trusted: TrustedKey, claims: AssertionClaims, scope: readonly string[]): void {
  const disallowed = firstDisallowedScope(deps.settings.scopeStrategy, trusted.scope, scope);
  if (disallowed !== undefined) {
    throw invalidScope(`The public key registered for issuer '${claims.iss}' and subject '${claims.sub}' is not allowed to request scope '${disallowed}'.`);
  }
}

/**
 * An assertion is exchanged once: its jti is recorded (hashed, per issuer)
 * until the assertion expires, in the table private_key_jwt uses. One
 * conditional insert, so two concurrent exchanges cannot both pass.
 */
async function spendJti(deps: GrantDeps, claims: AssertionClaims, now: Date): Promise<void> {
  if (!claims.jti) return;
  const signature = createHash('sha256').update(`${JWT_BEARER_GRANT}\0${claims.iss}\0${claims.jti}`).digest('hex');
  if (!(await deps.repo.useJti(signature, new Date(claims.exp! * 1000), now))) throw jtiKnown();
}

const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
