// grant_type=urn:ietf:params:oauth:grant-type:device_code (RFC 8628 §3.4):
// the device polls with its device code; once the user consented, the code is
// redeemed (once, after the token hooks) for the same tokens the
// authorization_code grant issues, tied to the consent so that revoking the
// consent revokes them.
import { DEVICE_CODE_GRANT, type AcceptedDevice, type DeviceAuthorizations } from '../device.js';
import type { TokenSession } from '../session.js';
import { assertClientMayUseGrant, type GrantDeps, type GrantHandler, type TokenRequest } from './grant.js';
import { issueConsentedTokens, runConsentedTokenHooks } from './consented-tokens.js';

export function deviceCodeGrant(deps: GrantDeps, devices: DeviceAuthorizations): GrantHandler {
  return async (request) => {
    assertClientMayUseGrant(request.client, DEVICE_CODE_GRANT);
    const device = await devices.accepted(request.form.get('device_code'), request.client, request.now);
    const session = await runTokenHooks(deps, request, device);
    await devices.consume(device);
    return issueTokens(deps, request, device, session);
  };
}

/** Before the device code is consumed: a failed hook leaves it usable, as for authorization codes. */
function runTokenHooks(deps: GrantDeps, request: TokenRequest, { record, session }: AcceptedDevice): Promise<TokenSession> {
  return runConsentedTokenHooks(deps, request, DEVICE_CODE_GRANT, record, session);
}

function issueTokens(deps: GrantDeps, request: TokenRequest, { record, session: accepted }: AcceptedDevice, session: TokenSession) {
  const { consentId, grantedScope, grantedAudience } = record;
  return issueConsentedTokens(deps, request, { requestId: consentId!, consentId, grantedScope, grantedAudience, session, oidc: accepted.authorize!.oidc }, 'device_code');
}
