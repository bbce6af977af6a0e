// Complete authorization-code flows as users meet them: a certified OpenID
// Connect relying party (openid-client) on one side, a consent app written
// against Ory's SDK (@ory/hydra-client) on the other, a cookie-keeping browser
// in between. Whatever works against Hydra must work here unchanged.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { Configuration, OAuth2Api } from '@ory/hydra-client';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { Browser } from '../support/browser.js';
import { authorize, CALLBACK, CONSENT_URL, LOGIN_URL } from '../support/consent-app.js';
import { pkceAuthorizationUrl } from '../support/rp.js';
import { backends, startTestServer, type TestServer } from '../support/server.js';

for (const backend of backends) {
  describe(`authorization code flow with openid-client and @ory/hydra-client (${backend})`, () => {
    let server: TestServer;
    let admin: OAuth2Api;
    let issuer: URL;
    before(async () => {
      server = await startTestServer({ backend, env: { URLS_LOGIN: LOGIN_URL, URLS_CONSENT: CONSENT_URL } });
      admin = new OAuth2Api(new Configuration({ basePath: server.adminUrl }));
      issuer = new URL(server.gatehouse.config['urls.self.issuer']);
    });
    after(() => server.close());

    async function confidentialClient() {
      const { data } = await admin.createOAuth2Client({
        oAuth2Client: {
          client_name: 'rp',
          redirect_uris: [CALLBACK],
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          scope: 'openid offline_access profile',
        },
      });
      const config = await oidc.discovery(issuer, data.client_id!, undefined, oidc.ClientSecretBasic(data.client_secret!), {
        execute: [oidc.allowInsecureRequests],
      });
      return { client: data, config };
    }

    test('code + PKCE: ID token validated by the RP, userinfo, refresh, revocation', async () => {
      const { client, config } = await confidentialClient();
      const nonce = oidc.randomNonce();
      const { authUrl, verifier, state } = await pkceAuthorizationUrl(config, { redirect_uri: CALLBACK, scope: 'openid offline_access profile', nonce });
      const { callback } = await authorize(admin, new Browser(), authUrl, {
        subject: 'alice',
        idTokenClaims: { email: 'alice@example.com', sub: 'mallory' },
        accessTokenClaims: { tenant: 't1' },
      });
      assert.equal(callback.searchParams.get('state'), state);

      const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
      assert.equal(tokens.token_type.toLowerCase(), 'bearer');
      assert.match(tokens.access_token, /^ory_at_/);
      assert.match(tokens.refresh_token!, /^ory_rt_/);
      const claims = tokens.claims()!;
      assert.equal(claims.sub, 'alice', 'session claims cannot override sub');
      assert.equal(claims.email, 'alice@example.com');
      assert.equal(claims.acr, '1');
      assert.deepEqual(claims.amr, ['pwd']);
      assert.ok(claims.sid && claims.auth_time && claims.at_hash);

      // The signature is checked against the published keys, independently of openid-client.
      const jwks = createRemoteJWKSet(new URL('/.well-known/jwks.json', issuer));
      const { protectedHeader } = await jwtVerify(tokens.id_token!, jwks, { issuer: issuer.href, audience: client.client_id! });
      assert.equal(protectedHeader.alg, 'RS256');

      const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, 'alice');
      assert.equal(userinfo.email, 'alice@example.com');

      const introspected = await admin.introspectOAuth2Token({ token: tokens.access_token });
      assert.equal(introspected.data.active, true);
      assert.equal(introspected.data.sub, 'alice');
      assert.deepEqual(introspected.data.ext, { tenant: 't1' });

      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
      assert.notEqual(refreshed.access_token, tokens.access_token);
      assert.notEqual(refreshed.refresh_token, tokens.refresh_token);
      assert.equal(refreshed.claims()!.sub, 'alice');
      assert.equal(decodeJwt(refreshed.id_token!).nonce, nonce);

      await oidc.tokenRevocation(config, refreshed.refresh_token!);
      for (const token of [refreshed.access_token, refreshed.refresh_token!]) {
        assert.equal((await admin.introspectOAuth2Token({ token })).data.active, false, 'revoking the refresh token revokes its chain');
      }
    });

    test('public client with PKCE, and a remembered login and consent skipped on the next flow', async () => {
      const { data: client } = await admin.createOAuth2Client({
        oAuth2Client: { redirect_uris: [CALLBACK], token_endpoint_auth_method: 'none', scope: 'openid', response_types: ['code'], grant_types: ['authorization_code'] },
      });
      const config = await oidc.discovery(issuer, client.client_id!, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
      const browser = new Browser();
      for (const round of [1, 2]) {
        const { authUrl, verifier, state } = await pkceAuthorizationUrl(config, { redirect_uri: CALLBACK, scope: 'openid' });
        const result = await authorize(admin, browser, authUrl, { subject: 'bob', remember: true });
        assert.equal(result.loginSkip, round === 2, `login skip in round ${round}`);
        assert.equal(result.consentSkip, round === 2, `consent skip in round ${round}`);
        const tokens = await oidc.authorizationCodeGrant(config, result.callback, { pkceCodeVerifier: verifier, expectedState: state });
        assert.equal(tokens.claims()!.sub, 'bob');
        assert.equal(tokens.refresh_token, undefined, 'no refresh token without offline_access');
      }
      // As in Hydra, a consent given by skipping is not listed: only the one the user gave.
      const { data: sessions } = await admin.listOAuth2ConsentSessions({ subject: 'bob' });
      assert.equal(sessions.length, 1);
      assert.ok(sessions.every((s) => s.consent_request?.client?.client_id === client.client_id));
    });

    test('a replayed code fails and revokes the tokens issued from it', async () => {
      const { config } = await confidentialClient();
      const { authUrl, verifier, state } = await pkceAuthorizationUrl(config, { redirect_uri: CALLBACK, scope: 'openid offline_access' });
      const { callback } = await authorize(admin, new Browser(), authUrl, { subject: 'carol' });
      const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
      await assert.rejects(
        oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state }),
        (err: { error?: string }) => err.error === 'invalid_grant',
      );
      for (const token of [tokens.access_token, tokens.refresh_token!]) {
        assert.equal((await admin.introspectOAuth2Token({ token })).data.active, false);
      }
    });
  });
}
