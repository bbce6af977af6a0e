// What every grant handler receives and returns, and the rules they share.
import { uuidV7 } from '../../crypto/ids.js';
import { invalidRequest, invalidScope, unauthorizedClient } from '../../oauth2/errors.js';
import { audienceParameter, firstDisallowedAudience, firstDisallowedScope, splitScope, type ScopeStrategy } from '../../oauth2/scope.js';
import type { ClientRecord } from '../../client/repository.js';
import type { OidcRequest } from '../../oauth2/grant.js';
import type { Form } from '../form.js';
import type { TokenHooks } from '../hooks.js';
import type { IdTokens } from '../id-token.js';
import type { TokenLookup } from '../lookup.js';
import { expiry, lifespan, type Grant } from '../lifespans.js';
import type { GrantContext, TokenMinter } from '../minting.js';
import type { TokenRepository } from '../repository.js';
import type { TokenSettings } from '../settings.js';

/** An authenticated token request. */
export interface TokenRequest {
  form: Form;
  client: ClientRecord;
  now: Date;
}

/** RFC 6749 §5.1, members in the order Hydra writes them (sorted). */
export interface TokenResponse {
  access_token: string;
  expires_in: number;
  id_token?: string;
  refresh_token?: string;
  scope: string;
  token_type: 'bearer';
}

export interface GrantDeps {
  repo: TokenRepository;
  lookup: TokenLookup;
  minter: TokenMinter;
  idTokens: IdTokens;
  hooks: TokenHooks;
  settings: TokenSettings;
}

export type GrantHandler = (request: TokenRequest) => Promise<TokenResponse>;

/** The client's grant_types (authorization_code when none), compared case-insensitively as Hydra does. */
export function clientHasGrant(client: ClientRecord, grant: string): boolean {
  const grants = client.grant_types.length > 0 ? client.grant_types : ['authorization_code'];
  return grants.some((g) => g.toLowerCase() === grant);
}

/** unauthorized_client unless the client registered the grant type. */
export function assertClientMayUseGrant(client: ClientRecord, grant: string): void {
  if (!clientHasGrant(client, grant)) throw unauthorizedClient(`The OAuth 2.0 Client is not allowed to use authorization grant '${grant}'.`);
}

/** Hydra issues a refresh token only for offline access the client may refresh. */
export function mayIssueRefreshToken(client: ClientRecord, grantedScope: readonly string[]): boolean {
  const offline = grantedScope.some((s) => ['offline', 'offline_access'].includes(s.toLowerCase()));
  return offline && clientHasGrant(client, 'refresh_token');
}

export function tokenResponse(
  accessToken: string,
  expiresAt: Date,
  now: Date,
  grantedScope: readonly string[],
  extra: { idToken?: string | undefined; refreshToken?: string | undefined } = {},
): TokenResponse {
  return {
    access_token: accessToken,
    expires_in: Math.floor((expiresAt.getTime() - now.getTime()) / 1000),
    ...(extra.idToken !== undefined && { id_token: extra.idToken }),
    ...(extra.refreshToken !== undefined && { refresh_token: extra.refreshToken }),
    scope: grantedScope.join(' '),
    token_type: 'bearer',
  };
}

/** invalid_scope unless the client registered every requested scope (under strategies.scope). */
export function assertClientMayRequestScope(scopeStrategy: ScopeStrategy, client: ClientRecord, scope: readonly string[]): void {
  const disallowed = firstDisallowedScope(scopeStrategy, splitScope(client.scope), scope);
  if (disallowed !== undefined) throw invalidScope(`The OAuth 2.0 Client is not allowed to request scope '${disallowed}'.`);
}

/** The scope and audience parameters, each of which the client must be allowed (fosite's scope and audience checks). */
export function requestedScopeAndAudience(scopeStrategy: ScopeStrategy, { client, form }: Pick<TokenRequest, 'client' | 'form'>) {
  const scope = splitScope(form.get('scope'));
  assertClientMayRequestScope(scopeStrategy, client, scope);
  const audience = audienceParameter(form.all('audience'));
  assertClientMayRequestAudience(client, audience);
  return { scope, audience };
}

/** invalid_request unless the client registered every requested audience. */
export function assertClientMayRequestAudience(client: ClientRecord, audience: readonly string[]): void {
  const disallowed = firstDisallowedAudience(client.audience, audience);
  if (disallowed !== undefined) throw invalidRequest(`Requested audience '${disallowed}' has not been whitelisted by the OAuth 2.0 Client.`);
}

/**
 * The grant's ID token when it includes openid (one RSA signature), with the
 * grant type's ID-token lifespan; `hashed` are the tokens issued beside it
 * (at_hash, c_hash).
 */
export async function idTokenFor(
  deps: Pick<GrantDeps, 'idTokens' | 'settings'>,
  client: ClientRecord,
  grant: GrantContext,
  lifespanOf: Grant,
  hashed: { accessToken?: string | undefined; code?: string | undefined },
  oidc?: OidcRequest,
): Promise<string | undefined> {
  if (!grant.grantedScope.includes('openid')) return undefined;
  return deps.idTokens.sign({
    clientId: client.client_id,
    session: grant.session.grant,
    nonce: grant.session.nonce,
    ...(oidc && { oidc }),
    accessToken: hashed.accessToken,
    code: hashed.code,
    now: grant.now,
    expiresAt: expiry(grant.now, lifespan(deps.settings, client, lifespanOf, 'id_token'))!,
  });
}

/**
 * A grant without consent or refresh (client_credentials, jwt-bearer): the
 * token hook, then one access token for `subject` under its own request id,
 * one insert.
 */
export async function issueAccessTokenOnly(
  deps: GrantDeps,
  { client, form, now }: TokenRequest,
  grant: { grantType: string; subject: string; scope: string[]; audience: string[]; expiresAt: Date },
): Promise<TokenResponse> {
  const { expiresAt, scope, audience } = grant;
  const session = await deps.hooks.run({
    client,
    grantType: grant.grantType,
    form,
    consentId: null,
    grantedScope: scope,
    grantedAudience: audience,
    session: {
      grant: { subject: grant.subject, idTokenSubject: '', idTokenClaims: {}, accessTokenClaims: {} },
      requestedScope: scope,
      requestedAudience: audience,
      claimsIssuedAt: Math.floor(now.getTime() / 1000),
    },
  });
  const accessToken = await deps.minter.accessToken(
    { client, requestId: uuidV7(), consentId: null, grantedScope: scope, grantedAudience: audience, session, now },
    expiresAt,
  );
  await deps.repo.insert([accessToken.record]);
  return tokenResponse(accessToken.token, expiresAt, now, scope);
}
