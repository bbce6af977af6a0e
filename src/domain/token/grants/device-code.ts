// grant_type=urn:ietf:params:oauth:grant-type:device_code (RFC 8628 §3.4):
// the device polls with its device code; once the user consented, the code is
// redeemed (once) for the same tokens the authorization_code grant issues,
// tied to the consent so that revoking the consent revokes them.
import { DEVICE_CODE_GRANT, type DeviceAuthorizations } from '../device.js';
import { assertClientMayUseGrant, type GrantDeps, type GrantHandler } from './grant.js';
import { issueConsentedTokens } from './consented-tokens.js';

export function deviceCodeGrant(deps: GrantDeps, devices: DeviceAuthorizations): GrantHandler {
  return async (request) => {
    assertClientMayUseGrant(request.client, DEVICE_CODE_GRANT);
    const { record, session } = await devices.redeem(request.form.get('device_code'), request.client, request.now);
    const { authorize, jwtDigest: _digest, ...carried } = session;
    return issueConsentedTokens(
      deps,
      request,
      {
        requestId: record.consentId!,
        consentId: record.consentId,
        grantedScope: record.grantedScope,
        grantedAudience: record.grantedAudience,
        session: carried,
        oidc: authorize!.oidc,
      },
      'device_code',
    );
  };
}
