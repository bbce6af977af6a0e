// What the authorization endpoint itself issues at the end of the browser
// flow (RFC 6749 §4.1.2 and §4.2.2, OIDC Core §3.2.2.5 and §3.3.2.5): an
// authorization code, an access token (implicit and hybrid flows) and an ID
// token carrying at_hash / c_hash for them. Every row belongs to the consent
// (request id = consent id), so revoking the consent revokes them, and a
// replayed hybrid code revokes the access token issued beside it.
//
// Cost: one insert for all rows; one RSA signature per ID token, another for
// a JWT access token. The rules deciding *what* to issue live in the flow
// (src/domain/flow/response-types.ts); this only mints.
import type { ClientRecord } from '../client/repository.js';
import type { AuthorizedRequest } from '../oauth2/grant.js';
import { idTokenFor } from './grants/grant.js';
import type { IdTokens } from './id-token.js';
import { expiry, lifespan } from './lifespans.js';
import type { GrantContext, TokenMinter } from './minting.js';
import type { TokenRepository } from './repository.js';
import type { TokenSettings } from './settings.js';

/** Which parts of the authorization response to issue (the response type, once its rules passed). */
export interface AuthorizeResponseParts {
  code: boolean;
  accessToken: boolean;
  idToken: boolean;
}

export interface AuthorizeResponseTokens {
  code?: string;
  accessToken?: { token: string; expiresIn: number };
  idToken?: string;
}

export interface AuthorizeResponseDeps {
  repo: TokenRepository;
  minter: TokenMinter;
  idTokens: IdTokens;
  settings: TokenSettings;
}

/** The grant every token of a consented authorization request shares. */
export function consentedGrant(client: GrantContext['client'], request: AuthorizedRequest, now: Date): GrantContext {
  return {
    client,
    requestId: request.requestId,
    consentId: request.requestId,
    grantedScope: request.grantedScope,
    grantedAudience: request.grantedAudience,
    session: {
      grant: request.session,
      requestedScope: request.requestedScope,
      requestedAudience: request.requestedAudience,
      claimsIssuedAt: Math.floor(now.getTime() / 1000),
      ...(request.oidc.nonce && { nonce: request.oidc.nonce }),
    },
    now,
  };
}

/** The code's row also keeps what the token request is checked against. */
export function authorizeCodeGrant(grant: GrantContext, request: AuthorizedRequest): GrantContext {
  const authorize = { redirectUri: request.redirectUri, codeChallenge: request.codeChallenge, codeChallengeMethod: request.codeChallengeMethod, oidc: request.oidc };
  return { ...grant, session: { ...grant.session, authorize } };
}

export async function issueAuthorizeResponse(
  deps: AuthorizeResponseDeps,
  client: ClientRecord,
  request: AuthorizedRequest,
  parts: AuthorizeResponseParts,
  now: Date,
): Promise<AuthorizeResponseTokens> {
  const grant = consentedGrant(client, request, now);
  const issued: AuthorizeResponseTokens = {};
  const rows = [];
  if (parts.code) {
    const code = deps.minter.authorizeCode(authorizeCodeGrant(grant, request), expiry(now, deps.settings.ttl.authCode)!);
    issued.code = code.token;
    rows.push(code.record);
  }
  if (parts.accessToken) {
    const expiresAt = expiry(now, lifespan(deps.settings, client, 'implicit', 'access_token'), true)!;
    const accessToken = await deps.minter.accessToken(grant, expiresAt);
    issued.accessToken = { token: accessToken.token, expiresIn: Math.floor((expiresAt.getTime() - now.getTime()) / 1000) };
    rows.push(accessToken.record);
  }
  if (parts.idToken) {
    // The hybrid flow, too, takes the implicit grant's ID-token lifespan (as fosite does).
    issued.idToken = await idTokenFor(deps, client, grant, 'implicit', { accessToken: issued.accessToken?.token, code: issued.code }, request.oidc);
  }
  if (rows.length > 0) await deps.repo.insert(rows);
  return issued;
}
