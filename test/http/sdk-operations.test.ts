// The operations of Hydra's API that other tests drive with fetch or a relying
// party library, called here through the official SDK (@ory/hydra-client):
// what a script written against Hydra calls must answer in the shapes the SDK
// expects.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Configuration, MetadataApi, OAuth2Api, OidcApi, WellknownApi } from '@ory/hydra-client';
import { backends, startTestServer, type TestServer } from '../support/server.js';
import { codeClient, issueCode, exchange } from '../token/support.js';

for (const backend of backends) {
  describe(`Hydra operations through @ory/hydra-client (${backend})`, () => {
    let server: TestServer;
    let admin: OAuth2Api;
    before(async () => {
      server = await startTestServer({
        backend,
        env: { URLS_DEVICE_VERIFICATION: 'http://device.test/verify', URLS_POST_LOGOUT_REDIRECT: 'http://app.test/logged-out' },
      });
      admin = new OAuth2Api(new Configuration({ basePath: server.adminUrl }));
    });
    after(() => server.close());

    test('metadata: isAlive, isReady, getVersion on both listeners', async () => {
      for (const basePath of [server.publicUrl, server.adminUrl]) {
        const metadata = new MetadataApi(new Configuration({ basePath }));
        assert.equal((await metadata.isAlive()).data.status, 'ok');
        assert.equal((await metadata.isReady()).data.status, 'ok');
        assert.match((await metadata.getVersion()).data.version!, /^\d+\.\d+\.\d+/);
      }
    });

    test('discovery: discoverOidcConfiguration and discoverJsonWebKeys agree', async () => {
      const { data: configuration } = await new OidcApi(new Configuration({ basePath: server.publicUrl })).discoverOidcConfiguration();
      assert.equal(configuration.issuer, server.gatehouse.config['urls.self.issuer']);
      const { data: jwks } = await new WellknownApi(new Configuration({ basePath: server.publicUrl })).discoverJsonWebKeys();
      assert.ok(jwks.keys!.some((k) => k.use === 'sig' && k.alg === configuration.id_token_signing_alg_values_supported[0]));
    });

    test('oauth2TokenExchange, getOidcUserInfo, revokeOAuth2Token, deleteOAuth2Token', async () => {
      const client = await codeClient(server);
      const asClient = new OAuth2Api(new Configuration({ basePath: server.publicUrl, username: client.client_id, password: client.client_secret! }));

      const { code } = await issueCode(server, client);
      const { data: tokens } = await asClient.oauth2TokenExchange({ grantType: 'authorization_code', code, redirectUri: 'https://app.example/cb' });
      assert.equal(tokens.token_type, 'bearer');
      assert.ok(tokens.access_token && tokens.refresh_token && tokens.id_token);

      const { data: userinfo } = await new OidcApi(new Configuration({ basePath: server.publicUrl, accessToken: tokens.access_token })).getOidcUserInfo();
      assert.equal(userinfo.sub, 'user-1');
      assert.equal(userinfo.email, 'user@example.com');

      const { data: refreshed } = await asClient.oauth2TokenExchange({ grantType: 'refresh_token', refreshToken: tokens.refresh_token! });
      await asClient.revokeOAuth2Token({ token: refreshed.refresh_token! });
      assert.equal((await admin.introspectOAuth2Token({ token: refreshed.access_token! })).data.active, false, 'revoking the refresh token revokes its grant');

      // deleteOAuth2Token removes the client's access tokens.
      const other = await issueCode(server, client);
      const second = (await exchange(server, client, other.code)).json;
      assert.equal((await admin.introspectOAuth2Token({ token: second.access_token })).data.active, true);
      await admin.deleteOAuth2Token({ clientId: client.client_id });
      assert.equal((await admin.introspectOAuth2Token({ token: second.access_token })).data.active, false);
    });

    test('oAuth2Authorize without parameters answers with an OAuth 2.0 error, not a crash', async () => {
      const api = new OAuth2Api(new Configuration({ basePath: server.publicUrl, baseOptions: { maxRedirects: 0, validateStatus: () => true } }));
      const response = await api.oAuth2Authorize();
      assert.equal(response.status, 302);
      const location = new URL(response.headers.location as string);
      assert.equal(location.searchParams.get('error'), 'invalid_client');
    });

    test('oAuth2DeviceFlow and performOAuth2DeviceVerificationFlow: device codes, then the verification app with the challenge', async () => {
      const { data: client } = await admin.createOAuth2Client({
        oAuth2Client: { grant_types: ['urn:ietf:params:oauth:grant-type:device_code'], token_endpoint_auth_method: 'none', scope: 'openid' },
      });
      // The SDK declares no parameters for these operations: they go in the request options.
      const api = new OAuth2Api(new Configuration({ basePath: server.publicUrl, baseOptions: { maxRedirects: 0, validateStatus: () => true } }));
      const { status, data: device } = await api.oAuth2DeviceFlow({
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        data: new URLSearchParams({ client_id: client.client_id!, scope: 'openid' }).toString(),
      });
      assert.equal(status, 200, JSON.stringify(device));
      assert.ok(device.device_code && device.user_code);
      assert.equal(device.verification_uri, `${server.publicUrl}/oauth2/device/verify`);
      assert.equal(new URL(device.verification_uri_complete!).searchParams.get('user_code'), device.user_code);
      assert.equal(device.interval, 5);

      const verification = await api.performOAuth2DeviceVerificationFlow({ params: { user_code: device.user_code } });
      assert.ok([302, 303].includes(verification.status), String(verification.status));
      const location = new URL(verification.headers.location as string);
      assert.equal(`${location.origin}${location.pathname}`, 'http://device.test/verify');
      assert.equal(location.searchParams.get('user_code'), device.user_code);
      const challenge = location.searchParams.get('device_challenge');
      assert.ok(challenge, 'the device challenge for acceptUserCodeRequest');
    });

    test('revokeOidcSession without a session or hint goes straight to the post-logout URL; a forged hint to the error page', async () => {
      const api = new OidcApi(new Configuration({ basePath: server.publicUrl, baseOptions: { maxRedirects: 0, validateStatus: () => true } }));
      const plain = await api.revokeOidcSession();
      assert.ok([302, 303].includes(plain.status), String(plain.status));
      assert.equal(plain.headers.location, 'http://app.test/logged-out');
      const forged = await api.revokeOidcSession({ params: { id_token_hint: 'not.a.jwt', state: 'state-123' } });
      assert.ok([302, 303].includes(forged.status), String(forged.status));
      const error = new URL(forged.headers.location as string);
      assert.equal(error.searchParams.get('error'), 'invalid_request');
    });
  });
}
