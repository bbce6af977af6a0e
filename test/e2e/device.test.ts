// The device authorization grant (RFC 8628) as users meet it: openid-client
// on the device (initiateDeviceAuthorization + pollDeviceAuthorizationGrant),
// a cookie-keeping browser for the user, and a device verification, login and
// consent app written against Ory's SDK (@ory/hydra-client).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { Configuration, OAuth2Api } from '@ory/hydra-client';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Browser, type Step } from '../support/browser.js';
import { failure } from '../support/sdk.js';
import { backends, startTestServer, type TestServer } from '../support/server.js';

const APP = 'http://127.0.0.1:9';
const LOGIN_URL = `${APP}/login`;
const CONSENT_URL = `${APP}/consent`;
const DEVICE_URL = `${APP}/device`;
const DONE_URL = `${APP}/done`;
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** Hydra's "high" entropy preset: 8 characters without look-alikes. */
const USER_CODE = /^[abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679]{8}$/;

/** The apps of these tests, and a 1 s polling interval so that polling tests stay short. */
const DEVICE_ENV = {
  URLS_LOGIN: LOGIN_URL,
  URLS_CONSENT: CONSENT_URL,
  URLS_DEVICE_VERIFICATION: DEVICE_URL,
  OAUTH2_DEVICE_AUTHORIZATION_TOKEN_POLLING_INTERVAL: '1s',
};

const stopAtApps = (url: URL) => url.href.startsWith(`${APP}/`);

type Answer = 'accept' | 'reject';

/** The device verification app: the browser opens the verification URI, the user types the user code. */
async function enterUserCode(admin: OAuth2Api, browser: Browser, verificationUri: string, userCode: string) {
  const toApp = await browser.visit(verificationUri, { stopAt: stopAtApps });
  const app = new URL(toApp.location!);
  assert.ok(app.href.startsWith(DEVICE_URL), `expected the device app, got ${app.href}`);
  const deviceChallenge = app.searchParams.get('device_challenge')!;
  assert.ok(deviceChallenge);
  const { data } = await admin.acceptUserCodeRequest({ deviceChallenge, acceptDeviceUserCodeRequest: { user_code: userCode } });
  return { app, deviceChallenge, redirectTo: data.redirect_to };
}

/** The login and consent apps answer as told; returns the browser's last step (the success page, or an error). */
async function loginAndConsent(admin: OAuth2Api, browser: Browser, redirectTo: string, answers: { login: Answer; consent: Answer }): Promise<Step> {
  let step = await browser.visit(redirectTo, { stopAt: stopAtApps });
  for (let hops = 0; hops < 3; hops++) {
    if (!step.location) return step;
    const next = new URL(step.location);
    if (next.href.startsWith(LOGIN_URL)) {
      const loginChallenge = next.searchParams.get('login_challenge')!;
      const { data } =
        answers.login === 'accept'
          ? await admin.acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: { subject: 'alice', acr: '1', amr: ['pwd'] } })
          : await admin.rejectOAuth2LoginRequest({ loginChallenge, rejectOAuth2Request: { error: 'access_denied', error_description: 'no' } });
      step = await browser.visit(data.redirect_to, { stopAt: stopAtApps });
    } else if (next.href.startsWith(CONSENT_URL)) {
      const consentChallenge = next.searchParams.get('consent_challenge')!;
      const { data: request } = await admin.getOAuth2ConsentRequest({ consentChallenge });
      assert.equal(request.skip, false, 'a device is always authorized explicitly');
      const { data } =
        answers.consent === 'accept'
          ? await admin.acceptOAuth2ConsentRequest({
              consentChallenge,
              acceptOAuth2ConsentRequest: { grant_scope: request.requested_scope, session: { id_token: { email: 'alice@example.com' }, access_token: { tv: true } } },
            })
          : await admin.rejectOAuth2ConsentRequest({ consentChallenge, rejectOAuth2Request: { error: 'access_denied', error_description: 'no' } });
      step = await browser.visit(data.redirect_to, { stopAt: stopAtApps });
    } else {
      return step;
    }
  }
  return step;
}

for (const backend of backends) {
  describe(`device authorization grant with openid-client and @ory/hydra-client (${backend})`, () => {
    let server: TestServer;
    let admin: OAuth2Api;
    let issuer: URL;
    before(async () => {
      server = await startTestServer({ backend, env: { ...DEVICE_ENV, URLS_DEVICE_SUCCESS: DONE_URL } });
      admin = new OAuth2Api(new Configuration({ basePath: server.adminUrl }));
      issuer = new URL(server.gatehouse.config['urls.self.issuer']);
    });
    after(() => server.close());

    async function deviceClient(grantTypes = [DEVICE_GRANT, 'refresh_token']) {
      const { data } = await admin.createOAuth2Client({
        oAuth2Client: { token_endpoint_auth_method: 'none', grant_types: grantTypes, scope: 'openid offline_access profile' },
      });
      const config = await oidc.discovery(issuer, data.client_id!, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
      return { clientId: data.client_id!, config };
    }

    /** One raw poll of the token endpoint. */
    async function poll(clientId: string, deviceCode: string) {
      const res = await fetch(new URL('/oauth2/token', issuer), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: DEVICE_GRANT, device_code: deviceCode, client_id: clientId }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    }

    test('discovery advertises the endpoint and the grant', async () => {
      const { config } = await deviceClient();
      const metadata = config.serverMetadata();
      assert.equal(metadata.device_authorization_endpoint, new URL('/oauth2/device/auth', issuer).href);
      assert.ok(metadata.grant_types_supported?.includes(DEVICE_GRANT));
    });

    test('the device polls while the user verifies, logs in and consents; tokens as for a code; the device code works once; revoking the consent revokes them', async () => {
      const { clientId, config } = await deviceClient();
      const authorization = await oidc.initiateDeviceAuthorization(config, { scope: 'openid offline_access' });
      assert.match(authorization.device_code, /^ory_dc_/);
      assert.match(authorization.user_code, USER_CODE);
      assert.equal(authorization.verification_uri, new URL('/oauth2/device/verify', issuer).href);
      assert.equal(authorization.verification_uri_complete, `${authorization.verification_uri}?user_code=${authorization.user_code}`);
      assert.equal(authorization.interval, 1);
      assert.ok(authorization.expires_in > 590 && authorization.expires_in <= 600, `expires_in ${authorization.expires_in}`);

      const polling = oidc.pollDeviceAuthorizationGrant(config, authorization);
      const browser = new Browser();
      const { app, redirectTo } = await enterUserCode(admin, browser, authorization.verification_uri_complete!, authorization.user_code);
      assert.equal(app.searchParams.get('user_code'), authorization.user_code, 'the app receives the user code to prefill');
      assert.equal(new URL(redirectTo).searchParams.get('client_id'), clientId);
      const done = await loginAndConsent(admin, browser, redirectTo, { login: 'accept', consent: 'accept' });
      const landing = new URL(done.location!);
      assert.equal(`${landing.origin}${landing.pathname}`, DONE_URL);
      assert.equal(landing.searchParams.get('client_id'), clientId);

      const tokens = await polling;
      assert.match(tokens.access_token, /^ory_at_/);
      assert.match(tokens.refresh_token!, /^ory_rt_/);
      assert.equal(tokens.scope, 'openid offline_access');
      const claims = tokens.claims()!;
      assert.equal(claims.sub, 'alice');
      assert.deepEqual(claims.aud, [clientId]);
      assert.equal(claims.email, 'alice@example.com');
      const introspected = await admin.introspectOAuth2Token({ token: tokens.access_token });
      assert.equal(introspected.data.active, true);
      assert.deepEqual(introspected.data.ext, { tv: true });

      const reused = await poll(clientId, authorization.device_code);
      assert.equal(reused.status, 400);
      assert.equal(reused.body.error, 'invalid_grant', 'the device code is single use');

      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
      await admin.revokeOAuth2ConsentSessions({ subject: 'alice', client: clientId });
      for (const token of [tokens.access_token, refreshed.access_token, refreshed.refresh_token!]) {
        assert.equal((await admin.introspectOAuth2Token({ token })).data.active, false, 'the tokens belong to the consent');
      }
    });

    test('authorization_pending, then slow_down when polling faster than the interval', async () => {
      const { clientId, config } = await deviceClient();
      const { device_code } = await oidc.initiateDeviceAuthorization(config, {});
      const pending = await poll(clientId, device_code);
      assert.equal(pending.status, 400);
      assert.equal(pending.body.error, 'authorization_pending');
      const tooSoon = await poll(clientId, device_code);
      assert.equal(tooSoon.status, 400);
      assert.equal(tooSoon.body.error, 'slow_down');
      await new Promise((resolve) => setTimeout(resolve, 1100));
      assert.equal((await poll(clientId, device_code)).body.error, 'authorization_pending', 'after the interval the device may poll again');
    });

    test('a rejected consent or login tells the device access_denied', async () => {
      const { clientId, config } = await deviceClient();
      for (const answers of [{ login: 'accept', consent: 'reject' }, { login: 'reject', consent: 'accept' }] as const) {
        const authorization = await oidc.initiateDeviceAuthorization(config, { scope: 'openid' });
        const browser = new Browser();
        const { redirectTo } = await enterUserCode(admin, browser, authorization.verification_uri, authorization.user_code);
        const last = await loginAndConsent(admin, browser, redirectTo, answers);
        assert.equal(last.status, 400, 'the rejection is shown to the user with its status code');
        assert.equal(JSON.parse(last.body).error, 'access_denied');
        const denied = await poll(clientId, authorization.device_code);
        assert.equal(denied.status, 403);
        assert.equal(denied.body.error, 'access_denied', JSON.stringify(answers));
      }
    });

    test('unknown and already used user codes are refused as Hydra refuses them', async () => {
      const { config } = await deviceClient();
      const authorization = await oidc.initiateDeviceAuthorization(config, { scope: 'openid' });
      const browser = new Browser();
      const toApp = await browser.visit(authorization.verification_uri, { stopAt: stopAtApps });
      const deviceChallenge = new URL(toApp.location!).searchParams.get('device_challenge')!;
      const wrong = await failure(admin.acceptUserCodeRequest({ deviceChallenge, acceptDeviceUserCodeRequest: { user_code: 'AAAAAAAA' } }));
      assert.equal(wrong.status, 400);
      assert.equal(wrong.data.error, 'invalid_request');
      assert.match(String(wrong.data.error_description), /The 'user_code' session could not be found or has expired or is otherwise malformed\./);
      const empty = await failure(admin.acceptUserCodeRequest({ deviceChallenge, acceptDeviceUserCodeRequest: { user_code: '' } }));
      assert.match(String(empty.data.error_description), /Field 'user_code' must not be empty\./);

      const { redirectTo } = await enterUserCode(admin, browser, authorization.verification_uri, authorization.user_code);
      await loginAndConsent(admin, browser, redirectTo, { login: 'accept', consent: 'accept' });
      const used = await failure(admin.acceptUserCodeRequest({ deviceChallenge, acceptDeviceUserCodeRequest: { user_code: authorization.user_code } }));
      assert.equal(used.status, 400);
      assert.equal(used.data.error, 'invalid_request');
    });

    test('the device verifier only works in the browser that opened the device challenge (device CSRF cookie)', async () => {
      const { config } = await deviceClient();
      const authorization = await oidc.initiateDeviceAuthorization(config, {});
      const browser = new Browser();
      const { redirectTo } = await enterUserCode(admin, browser, authorization.verification_uri, authorization.user_code);
      assert.ok([...browser.cookies.keys()].includes('ory_hydra_device_csrf_dev'), `cookies: ${[...browser.cookies.keys()]}`);
      const elsewhere = await new Browser().request(redirectTo);
      assert.equal(elsewhere.status, 403);
      assert.equal(JSON.parse(elsewhere.body).error, 'request_forbidden');
    });

    test('POST /oauth2/device/auth needs a client with the device_code grant, and scopes it may ask for', async () => {
      const { config } = await deviceClient(['authorization_code']);
      const noGrant = await oidc.initiateDeviceAuthorization(config, {}).then(
        () => assert.fail('should fail'),
        (err: oidc.ResponseBodyError) => err,
      );
      assert.equal(noGrant.error, 'invalid_grant');
      const { config: allowed } = await deviceClient();
      const badScope = await oidc.initiateDeviceAuthorization(allowed, { scope: 'admin' }).then(
        () => assert.fail('should fail'),
        (err: oidc.ResponseBodyError) => err,
      );
      assert.equal(badScope.error, 'invalid_scope');
    });
  });

  describe(`device authorization grant: expiry (${backend})`, () => {
    let server: TestServer;
    let admin: OAuth2Api;
    before(async () => {
      server = await startTestServer({
        backend,
        env: { ...DEVICE_ENV, TTL_DEVICE_USER_CODE: '1s', OAUTH2_DEVICE_AUTHORIZATION_USER_CODE_ENTROPY_PRESET: 'low' },
      });
      admin = new OAuth2Api(new Configuration({ basePath: server.adminUrl }));
    });
    after(() => server.close());

    test('an expired device code gets expired_token, an expired user code is refused (user codes of the low preset)', async () => {
      const { data: client } = await admin.createOAuth2Client({ oAuth2Client: { token_endpoint_auth_method: 'none', grant_types: [DEVICE_GRANT] } });
      const res = await fetch(`${server.publicUrl}/oauth2/device/auth`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: client.client_id! }),
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const authorization = (await res.json()) as { device_code: string; user_code: string; verification_uri: string; expires_in: number };
      assert.match(authorization.user_code, /^[0-9]{9}$/);
      assert.ok(authorization.expires_in <= 1);
      const browser = new Browser();
      const toApp = await browser.visit(authorization.verification_uri, { stopAt: stopAtApps });
      const deviceChallenge = new URL(toApp.location!).searchParams.get('device_challenge')!;
      await new Promise((resolve) => setTimeout(resolve, 2100));

      const refused = await failure(admin.acceptUserCodeRequest({ deviceChallenge, acceptDeviceUserCodeRequest: { user_code: authorization.user_code } }));
      assert.equal(refused.status, 400);
      assert.equal(refused.data.error, 'invalid_request');
      const polled = await fetch(`${server.publicUrl}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: DEVICE_GRANT, device_code: authorization.device_code, client_id: client.client_id! }),
      });
      assert.equal(polled.status, 400);
      const body = (await polled.json()) as Record<string, string>;
      assert.equal(body.error, 'expired_token');
      assert.match(body.error_description!, /Device code expired at/);
    });
  });

  describe(`device authorization grant: token hook (${backend})`, () => {
    let server: TestServer;
    let admin: OAuth2Api;
    let hook: Server;
    const hookCalls: { grant_types: string[] }[] = [];
    let hookStatus = 403;
    before(async () => {
      hook = createServer((req, res) => {
        let raw = '';
        req.on('data', (chunk) => (raw += chunk));
        req.on('end', () => {
          hookCalls.push(JSON.parse(raw).request);
          if (hookStatus !== 200) return res.writeHead(hookStatus).end();
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ session: { access_token: { hooked: true }, id_token: {} } }));
        });
      });
      await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
      server = await startTestServer({
        backend,
        env: { ...DEVICE_ENV, OAUTH2_TOKEN_HOOK: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/token` },
      });
      admin = new OAuth2Api(new Configuration({ basePath: server.adminUrl }));
    });
    after(async () => {
      await server.close();
      hook.close();
    });

    test('the token hook runs before the device code is consumed: a denial leaves it usable, a 200 sets the claims', async () => {
      const { data: client } = await admin.createOAuth2Client({ oAuth2Client: { token_endpoint_auth_method: 'none', grant_types: [DEVICE_GRANT], scope: 'openid' } });
      const form = (extra: Record<string, string>) => ({
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: client.client_id!, ...extra }),
      });
      const authorization = (await (await fetch(`${server.publicUrl}/oauth2/device/auth`, form({ scope: 'openid' }))).json()) as Record<string, string>;
      const browser = new Browser();
      const { redirectTo } = await enterUserCode(admin, browser, authorization.verification_uri!, authorization.user_code!);
      await loginAndConsent(admin, browser, redirectTo, { login: 'accept', consent: 'accept' });

      const pollOnce = async () => {
        const res = await fetch(`${server.publicUrl}/oauth2/token`, form({ grant_type: DEVICE_GRANT, device_code: authorization.device_code! }));
        return { status: res.status, body: (await res.json()) as Record<string, string> };
      };
      const denied = await pollOnce();
      assert.equal(denied.status, 403);
      assert.equal(denied.body.error, 'access_denied');
      assert.deepEqual(hookCalls.map((c) => c.grant_types), [[DEVICE_GRANT]]);

      hookStatus = 200;
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const granted = await pollOnce();
      assert.equal(granted.status, 200, JSON.stringify(granted.body));
      const introspected = await admin.introspectOAuth2Token({ token: granted.body.access_token! });
      assert.deepEqual(introspected.data.ext, { hooked: true });
    });
  });
}
