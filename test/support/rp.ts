// The relying party's side of test flows, with openid-client.
import * as oidc from 'openid-client';

/** An authorization URL with PKCE (S256) and a fresh state, and what the RP keeps to redeem the code. */
export async function pkceAuthorizationUrl(config: oidc.Configuration, params: Record<string, string>) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const authUrl = oidc.buildAuthorizationUrl(config, {
    ...params,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  });
  return { authUrl, verifier, state };
}
