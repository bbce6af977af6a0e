// grant_type=client_credentials (RFC 6749 §4.4): a confidential client gets
// an access token for itself, with the scopes and audiences it asks for and
// is allowed. One insert; no refresh token, no ID token.
import { splitScope } from '../../oauth2/scope.js';
import { invalidGrant } from '../../oauth2/errors.js';
import { isPublic } from '../client-authentication.js';
import { expiry, lifespan } from '../lifespans.js';
import { assertClientMayUseGrant, issueAccessTokenOnly, requestedScopeAndAudience, type GrantDeps, type GrantHandler, type TokenRequest } from './grant.js';

export function clientCredentialsGrant(deps: GrantDeps): GrantHandler {
  return async (request) => {
    const { scope, audience } = requestedScopeAndAudience(deps.settings.scopeStrategy, request);
    assertConfidential(request);
    assertClientMayUseGrant(request.client, 'client_credentials');
    const expiresAt = expiry(request.now, lifespan(deps.settings, request.client, 'client_credentials', 'access_token'))!;
    return issueAccessTokenOnly(deps, request, {
      grantType: 'client_credentials',
      subject: request.client.client_id,
      scope: grantedScope(deps, request, scope),
      audience,
      expiresAt,
    });
  };
}

function assertConfidential({ client }: TokenRequest): void {
  if (isPublic(client)) {
    throw invalidGrant("The OAuth 2.0 Client is marked as public and is thus not allowed to use authorization grant 'client_credentials'.");
  }
}

/** oauth2.client_credentials.default_grant_allowed_scope: no scope asked for grants every scope the client has. */
function grantedScope(deps: GrantDeps, { client }: TokenRequest, requested: string[]): string[] {
  if (requested.length === 0 && deps.settings.clientCredentialsDefaultGrantAllowedScope) return splitScope(client.scope);
  return requested;
}
