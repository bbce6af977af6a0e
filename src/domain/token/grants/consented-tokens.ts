// The tokens of a grant the user consented to (authorization_code and
// device_code): the token hooks first, then an access token, a refresh token
// for offline access, an ID token for openid, written in one insert.
import type { OidcRequest } from '../../oauth2/grant.js';
import { expiry, lifespan, type Grant } from '../lifespans.js';
import type { GrantContext } from '../minting.js';
import type { TokenSession } from '../session.js';
import { idTokenFor, mayIssueRefreshToken, tokenResponse, type GrantDeps, type TokenRequest, type TokenResponse } from './grant.js';

/** What the consent granted, as kept until the token request. */
export interface ConsentedGrant {
  requestId: string;
  consentId: string | null;
  grantedScope: string[];
  grantedAudience: string[];
  /** Without the code-only members (authorize parameters, JWT digest). */
  session: TokenSession;
  oidc: OidcRequest;
}

export async function issueConsentedTokens(deps: GrantDeps, { client, now }: TokenRequest, consented: ConsentedGrant, lifespanOf: Grant): Promise<TokenResponse> {
  const grant: GrantContext = { client, now, ...consented };
  const atExpiry = expiry(now, lifespan(deps.settings, client, lifespanOf, 'access_token'), true)!;
  const accessToken = await deps.minter.accessToken(grant, atExpiry);
  const refreshToken = mayIssueRefreshToken(client, grant.grantedScope)
    ? deps.minter.refreshToken(grant, expiry(now, lifespan(deps.settings, client, lifespanOf, 'refresh_token'), true), accessToken.record.signature)
    : undefined;
  const idToken = await idTokenFor(deps, client, grant, lifespanOf, { accessToken: accessToken.token }, consented.oidc);
  await deps.repo.insert(refreshToken ? [accessToken.record, refreshToken.record] : [accessToken.record]);
  return tokenResponse(accessToken.token, atExpiry, now, grant.grantedScope, { idToken, refreshToken: refreshToken?.token });
}

/** The token hooks for a consented grant, with the session as kept (without the code-only members); returns the session to issue with. */
export function runConsentedTokenHooks(
  deps: GrantDeps,
  { client, form }: TokenRequest,
  grantType: string,
  grant: Pick<ConsentedGrant, 'consentId' | 'grantedScope' | 'grantedAudience'>,
  kept: TokenSession,
): Promise<TokenSession> {
  const { authorize: _authorize, jwtDigest: _digest, ...session } = kept;
  return deps.hooks.run({ client, grantType, form, consentId: grant.consentId, grantedScope: grant.grantedScope, grantedAudience: grant.grantedAudience, session });
}
