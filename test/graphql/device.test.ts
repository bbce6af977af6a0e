// The device flow with the device verification, login and consent apps
// answering through GraphQL: acceptDeviceUserCode continues the flow exactly
// as the REST call does, and refuses bad user codes with Hydra's error.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startTestServer, type TestServer } from '../support/server.js';
import { AcceptConsentRequestDocument, AcceptDeviceUserCodeDocument, ConsentRequestDocument, CreateClientDocument } from './generated/graphql.js';
import { Browser, FLOW_ENV, LOGIN, loginThroughGraphQL } from './flow-support.js';
import { data, failure } from './support.js';

const DEVICE_APP = 'http://device.test/verify';
const DONE = 'http://device.test/done';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

for (const backend of backends) {
  describe(`GraphQL device user code (${backend})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ backend, env: { ...FLOW_ENV, URLS_DEVICE_VERIFICATION: DEVICE_APP, URLS_DEVICE_SUCCESS: DONE, OAUTH2_DEVICE_AUTHORIZATION_TOKEN_POLLING_INTERVAL: '1s' } });
    });
    after(() => server?.close());

    const post = async (path: string, form: Record<string, string>) => {
      const res = await fetch(`${server.publicUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
      return { status: res.status, body: (await res.json()) as Record<string, string> };
    };

    test('acceptDeviceUserCode continues to login; consent authorizes the device, whose poll then gets tokens', async () => {
      const { createClient } = await data(server.adminUrl, CreateClientDocument, {
        input: { tokenEndpointAuthMethod: 'none', grantTypes: [DEVICE_GRANT], scope: 'openid' },
      });
      const clientId = createClient.client.clientId;
      const started = await post('/oauth2/device/auth', { client_id: clientId, scope: 'openid' });
      assert.equal(started.status, 200, JSON.stringify(started.body));

      const browser = new Browser();
      const toApp = await browser.request(started.body.verification_uri!);
      assert.equal(toApp.status, 302);
      const challenge = new URL(toApp.location!).searchParams.get('device_challenge')!;

      const wrong = await failure(server.adminUrl, AcceptDeviceUserCodeDocument, { challenge, input: { userCode: 'nope' } });
      assert.equal(wrong.extensions?.code, 'invalid_request', JSON.stringify(wrong));
      assert.equal(wrong.extensions?.status, 400);
      const garbled = await failure(server.adminUrl, AcceptDeviceUserCodeDocument, { challenge: 'garbled', input: { userCode: started.body.user_code! } });
      assert.equal(garbled.extensions?.status, 404);

      const { acceptDeviceUserCode } = await data(server.adminUrl, AcceptDeviceUserCodeDocument, { challenge, input: { userCode: started.body.user_code! } });
      const redirect = new URL(acceptDeviceUserCode.redirectTo);
      assert.equal(redirect.pathname, '/oauth2/device/verify');
      assert.equal(redirect.searchParams.get('client_id'), clientId);
      assert.ok(redirect.searchParams.get('device_verifier'));

      const toLogin = await browser.request(acceptDeviceUserCode.redirectTo);
      assert.ok(toLogin.location?.startsWith(LOGIN), toLogin.location);
      const consentChallenge = await loginThroughGraphQL(server, browser, new URL(toLogin.location!).searchParams.get('login_challenge')!, { subject: 'bob' });
      const { consentRequest } = await data(server.adminUrl, ConsentRequestDocument, { challenge: consentChallenge });
      assert.deepEqual(consentRequest.requestedScope, ['openid'], 'the device request\'s scopes');
      assert.equal(consentRequest.client?.clientId, clientId);
      const pending = await post('/oauth2/token', { grant_type: DEVICE_GRANT, device_code: started.body.device_code!, client_id: clientId });
      assert.equal(pending.body.error, 'authorization_pending');

      const { acceptConsentRequest } = await data(server.adminUrl, AcceptConsentRequestDocument, { challenge: consentChallenge, input: { grantScope: ['openid'] } });
      const done = await browser.request(acceptConsentRequest.redirectTo);
      assert.equal(done.status, 302);
      assert.equal(done.location, `${DONE}?client_id=${encodeURIComponent(clientId)}`);

      await new Promise((resolve) => setTimeout(resolve, 1100)); // the polling interval since the pending poll
      const granted = await post('/oauth2/token', { grant_type: DEVICE_GRANT, device_code: started.body.device_code!, client_id: clientId });
      assert.equal(granted.status, 200, JSON.stringify(granted.body));
      assert.equal(granted.body.scope, 'openid');
      assert.ok(granted.body.id_token);
    });
  });
}
