// grant_type=refresh_token (RFC 6749 §6) with Hydra's rotation: every
// redemption returns a new refresh token. Strict rotation retires the old one
// at once; with oauth2.grant.refresh_token.rotation_grace_period it stays
// usable for that period (up to rotation_grace_reuse_count times). Using a
// retired refresh token outside that window is treated as theft: the whole
// grant (every access and refresh token of its request id) is deleted.
import { invalidGrant, invalidRequest, scopeNotGranted } from '../../oauth2/errors.js';
import { expiry, lifespan } from '../lifespans.js';
import { goTime, isExpired, type FoundToken } from '../lookup.js';
import type { GrantContext } from '../minting.js';
import type { TokenSession } from '../session.js';
import { assertClientMayRequestAudience, assertClientMayRequestScope, assertClientMayUseGrant, idTokenFor, tokenResponse, type GrantDeps, type GrantHandler, type TokenRequest } from './grant.js';

export function refreshTokenGrant(deps: GrantDeps): GrantHandler {
  return async (request) => {
    assertClientMayUseGrant(request.client, 'refresh_token');
    const used = await findUsableRefreshToken(deps, request);
    assertOfflineAccess(used);
    assertSameClient(request, used);
    assertStillAllowed(deps, request, used);
    const session = await deps.hooks.run({
      client: request.client,
      grantType: 'refresh_token',
      form: request.form,
      consentId: used.record.consentId,
      grantedScope: used.record.grantedScope,
      grantedAudience: used.record.grantedAudience,
      session: used.session,
    });
    return rotate(deps, request, used, session);
  };
}

async function findUsableRefreshToken(deps: GrantDeps, { form, now }: TokenRequest): Promise<FoundToken> {
  const found = await deps.lookup.find(form.get('refresh_token'), ['refresh_token']);
  if (!found) throw invalidGrant('The refresh token is malformed or not valid.');
  if (!deps.lookup.refreshUsable(found.record, now)) {
    await deps.repo.revokeByRequestId(found.record.requestId);
    throw invalidGrant('The refresh token was already used.', 'Refresh token re-use was detected. All related tokens have been revoked.');
  }
  if (isExpired(found.record, now)) throw invalidGrant('The refresh token expired.', `Refresh token expired at '${goTime(found.record.expiresAt!)}'.`);
  return found;
}

function assertOfflineAccess({ record }: FoundToken): void {
  if (!record.grantedScope.some((s) => s === 'offline' || s === 'offline_access')) {
    throw scopeNotGranted(
      "The OAuth 2.0 Client was not granted scope offline or offline_access and may thus not perform the 'refresh_token' authorization grant.",
    );
  }
}

function assertSameClient({ client }: TokenRequest, { record }: FoundToken): void {
  if (record.clientId !== client.client_id) {
    throw invalidGrant('The OAuth 2.0 Client ID from this request does not match the ID during the initial token issuance.');
  }
}

/** No narrowing (the scope parameter is ignored, as in Hydra), but the client must still be allowed everything granted. */
function assertStillAllowed(deps: GrantDeps, { client }: TokenRequest, { record }: FoundToken): void {
  assertClientMayRequestScope(deps.settings.scopeStrategy, client, record.grantedScope);
  assertClientMayRequestAudience(client, record.grantedAudience);
}

async function rotate(deps: GrantDeps, { client, now }: TokenRequest, used: FoundToken, session: TokenSession) {
  const grant: GrantContext = {
    client,
    requestId: used.record.requestId,
    consentId: used.record.consentId,
    grantedScope: used.record.grantedScope,
    grantedAudience: used.record.grantedAudience,
    session,
    now,
  };
  const atExpiry = expiry(now, lifespan(deps.settings, client, 'refresh_token', 'access_token'), true)!;
  const accessToken = await deps.minter.accessToken(grant, atExpiry);
  const refreshToken = deps.minter.refreshToken(
    grant,
    expiry(now, lifespan(deps.settings, client, 'refresh_token', 'refresh_token'), true),
    accessToken.record.signature,
  );
  const graceful = deps.settings.refreshGracePeriod > 0;
  if (!(await deps.repo.rotateRefresh({ used: used.record, graceful, now, issue: [accessToken.record, refreshToken.record] }))) {
    throw invalidRequest(
      graceful
        ? 'Failed to refresh token because of multiple concurrent requests using the same token. Please retry the request.'
        : 'Failed to refresh token. Please retry the request.',
    );
  }
  const idToken = await idTokenFor(deps, client, grant, 'refresh_token', { accessToken: accessToken.token });
  return tokenResponse(accessToken.token, atExpiry, now, grant.grantedScope, { idToken, refreshToken: refreshToken.token });
}
