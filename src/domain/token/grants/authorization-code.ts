// grant_type=authorization_code (RFC 6749 §4.1.3, RFC 7636, OIDC Core §3.1.3):
// find the code, check it was issued to this client for this redirect_uri,
// verify PKCE, claim it with one conditional update, then issue the access
// token, a refresh token for offline access and an ID token for openid.
import { invalidGrant } from '../../oauth2/errors.js';
import { goTime, isExpired, type FoundToken } from '../lookup.js';
import type { TokenSession } from '../session.js';
import { assertClientMayUseGrant, type GrantDeps, type GrantHandler, type TokenRequest } from './grant.js';
import { issueConsentedTokens, runConsentedTokenHooks } from './consented-tokens.js';
import { verifyPkce } from './pkce.js';

export function authorizationCodeGrant(deps: GrantDeps): GrantHandler {
  return async (request) => {
    assertClientMayUseGrant(request.client, 'authorization_code');
    const code = await findUnusedCode(deps, request);
    assertIssuedForThisRequest(request, code);
    await verifyPkceOrConsume(deps, request, code);
    const session = await runTokenHooks(deps, request, code);
    await claim(deps, code);
    return issueTokens(deps, request, code, session);
  };
}

/** Before the code is claimed: a failed hook leaves it usable. */
function runTokenHooks(deps: GrantDeps, request: TokenRequest, { record, session }: FoundToken): Promise<TokenSession> {
  return runConsentedTokenHooks(deps, request, 'authorization_code', record, session);
}

/** A replayed code revokes everything issued from it (RFC 6749 §4.1.2). */
async function findUnusedCode(deps: GrantDeps, { form, now }: TokenRequest): Promise<FoundToken> {
  const found = await deps.lookup.find(form.get('code'), ['authorize_code']);
  if (!found) throw invalidGrant();
  if (!found.record.active) {
    await deps.repo.revokeByRequestId(found.record.requestId);
    throw invalidGrant('The authorization code has already been used.');
  }
  if (isExpired(found.record, now)) throw invalidGrant(undefined, `Authorize code expired at '${goTime(found.record.expiresAt!)}'.`);
  return found;
}

function assertIssuedForThisRequest({ client, form }: TokenRequest, { record, session }: FoundToken): void {
  if (record.clientId !== client.client_id) {
    throw invalidGrant('The OAuth 2.0 Client ID from this request does not match the one from the authorize request.');
  }
  const redirectUri = session.authorize?.redirectUri ?? '';
  if (redirectUri && form.get('redirect_uri') !== redirectUri) {
    throw invalidGrant("The 'redirect_uri' from this request does not match the one from the authorize request.");
  }
}

/**
 * Stricter than Hydra, which deletes only the PKCE data on a failed
 * verification (a retry without verifier then passes): here a failed
 * verification consumes the code itself, so a stolen code cannot be tried
 * against more verifiers.
 */
async function verifyPkceOrConsume(deps: GrantDeps, { client, form }: TokenRequest, code: FoundToken): Promise<void> {
  try {
    verifyPkce(code.session.authorize!, form.get('code_verifier'), client, deps.settings);
  } catch (err) {
    await deps.repo.claimCode(code.record.signature);
    throw err;
  }
}

/** Losing the race to a concurrent exchange is a replay like any other. */
async function claim(deps: GrantDeps, code: FoundToken): Promise<void> {
  if (!(await deps.repo.claimCode(code.record.signature))) {
    await deps.repo.revokeByRequestId(code.record.requestId);
    throw invalidGrant('The authorization code has already been used.');
  }
}

function issueTokens(deps: GrantDeps, request: TokenRequest, code: FoundToken, session: TokenSession) {
  const { requestId, consentId, grantedScope, grantedAudience } = code.record;
  return issueConsentedTokens(deps, request, { requestId, consentId, grantedScope, grantedAudience, session, oidc: code.session.authorize!.oidc }, 'authorization_code');
}
