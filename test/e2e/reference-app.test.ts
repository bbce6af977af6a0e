// Hydra's own reference login & consent app (npm: hydra-login-consent-logout),
// unchanged, in front of Gatehouse: its HTML forms are filled in and submitted
// by a cookie-keeping browser, and openid-client redeems the code.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as oidc from 'openid-client';
import { Configuration, OAuth2Api } from '@ory/hydra-client';
import { Browser, readForm } from '../support/browser.js';
import { pkceAuthorizationUrl } from '../support/rp.js';
import { freePort, startTestServer, type TestServer } from '../support/server.js';

const CALLBACK = 'http://127.0.0.1:9/callback';
const LOGGED_OUT = 'http://127.0.0.1:9/logged-out';

/** Starts the app on `port` (known before Gatehouse starts: URLS_LOGIN points at it). */
async function startReferenceApp(adminUrl: string, port: number): Promise<{ url: string; process: ChildProcess }> {
  const require = createRequire(import.meta.url);
  const appDir = dirname(require.resolve('hydra-login-consent-logout/package.json'));
  const child = spawn(process.execPath, [join(appDir, 'lib/app.js')], {
    env: { ...process.env, HYDRA_ADMIN_URL: adminUrl, PORT: String(port), NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`the reference app exited: ${output}`);
    if (await fetch(url).then(() => true, () => false)) return { url, process: child };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`the reference app did not start: ${output}`);
}

describe('the reference login & consent app (hydra-login-consent-logout) against Gatehouse', () => {
  let server: TestServer;
  let app: { url: string; process: ChildProcess };
  before(async () => {
    const appPort = await freePort();
    server = await startTestServer({
      env: {
        URLS_LOGIN: `http://127.0.0.1:${appPort}/login`,
        URLS_CONSENT: `http://127.0.0.1:${appPort}/consent`,
        URLS_LOGOUT: `http://127.0.0.1:${appPort}/logout`,
        URLS_DEVICE_VERIFICATION: `http://127.0.0.1:${appPort}/device/verify`,
        URLS_DEVICE_SUCCESS: `http://127.0.0.1:${appPort}/device/success`,
        OAUTH2_DEVICE_AUTHORIZATION_TOKEN_POLLING_INTERVAL: '1s',
      },
    });
    app = await startReferenceApp(server.adminUrl, appPort);
  });
  after(async () => {
    app?.process.kill();
    await server?.close();
  });

  test('log in and consent through the app\'s HTML forms, the RP gets tokens for the subject it chose; then log out through its logout form', async () => {
    const admin = new OAuth2Api(new Configuration({ basePath: server.adminUrl }));
    const { data: client } = await admin.createOAuth2Client({
      oAuth2Client: {
        redirect_uris: [CALLBACK],
        post_logout_redirect_uris: [LOGGED_OUT],
        scope: 'openid offline_access',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    });
    const issuer = new URL(server.gatehouse.config['urls.self.issuer']);
    const config = await oidc.discovery(issuer, client.client_id!, undefined, oidc.ClientSecretBasic(client.client_secret!), { execute: [oidc.allowInsecureRequests] });
    const { authUrl, verifier, state } = await pkceAuthorizationUrl(config, { redirect_uri: CALLBACK, scope: 'openid offline_access' });

    const browser = new Browser();
    const atCallback = (url: URL) => url.href.startsWith(CALLBACK);
    const loginPage = await browser.visit(authUrl.href, { stopAt: atCallback });
    assert.equal(loginPage.status, 200, loginPage.body.slice(0, 500));
    assert.match(loginPage.body, /Please log in/);
    const login = readForm(loginPage.body, loginPage.url);
    const consentPage = await browser.visit(login.action, {
      form: { ...flatten(login.fields), email: 'foo@bar.com', password: 'foobar', remember: '1', submit: 'Log in' },
      stopAt: atCallback,
    });
    assert.equal(consentPage.status, 200, consentPage.body.slice(0, 500));
    assert.match(consentPage.body, /An application requests access to your data/);
    const consent = readForm(consentPage.body, consentPage.url);
    assert.deepEqual(consent.fields.grant_scope, ['openid', 'offline_access']);
    const end = await browser.visit(consent.action, {
      form: { challenge: consent.fields.challenge!, _csrf: consent.fields._csrf!, grant_scope: consent.fields.grant_scope!, submit: 'Allow access' },
      stopAt: atCallback,
    });
    assert.ok(end.location?.startsWith(CALLBACK), `expected the client callback, got ${end.status} ${end.location ?? end.body.slice(0, 300)}`);

    const tokens = await oidc.authorizationCodeGrant(config, new URL(end.location!), { pkceCodeVerifier: verifier, expectedState: state });
    assert.equal(tokens.claims()!.sub, 'foo@bar.com');
    assert.ok(tokens.refresh_token);

    // RP-initiated logout: the app asks "Do you wish to log out?", the user confirms, the RP gets its state back.
    const endSessionUrl = oidc.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: LOGGED_OUT, state: 'bye-state' });
    const atLoggedOut = (url: URL) => url.href.startsWith(LOGGED_OUT);
    const logoutPage = await browser.visit(endSessionUrl.href, { stopAt: atLoggedOut });
    assert.equal(logoutPage.status, 200, logoutPage.body.slice(0, 500));
    assert.match(logoutPage.body, /Do you wish to log out\?/);
    const logout = readForm(logoutPage.body, logoutPage.url);
    const loggedOut = await browser.visit(logout.action, { form: flatten(logout.fields), stopAt: atLoggedOut });
    assert.equal(loggedOut.location, `${LOGGED_OUT}?state=bye-state`, `${loggedOut.status} ${loggedOut.body.slice(0, 300)}`);
    assert.equal(browser.cookies.has('ory_hydra_session_dev'), false);
    // Logged out: the next authorization asks for credentials again.
    const again = await pkceAuthorizationUrl(config, { redirect_uri: CALLBACK, scope: 'openid' });
    assert.match((await browser.visit(again.authUrl.href, { stopAt: atCallback })).body, /Please log in/);
  });

  test('device flow: the user types the code into the app\'s device page, logs in and consents there; the device polling with openid-client gets the tokens', async () => {
    const admin = new OAuth2Api(new Configuration({ basePath: server.adminUrl }));
    const { data: client } = await admin.createOAuth2Client({
      oAuth2Client: { scope: 'openid', grant_types: ['urn:ietf:params:oauth:grant-type:device_code'], token_endpoint_auth_method: 'none' },
    });
    const issuer = new URL(server.gatehouse.config['urls.self.issuer']);
    const config = await oidc.discovery(issuer, client.client_id!, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    const authorization = await oidc.initiateDeviceAuthorization(config, { scope: 'openid' });
    const polling = oidc.pollDeviceAuthorizationGrant(config, authorization);

    // The user opens the plain verification URI and types the code the device shows.
    const browser = new Browser();
    const verifyPage = await browser.visit(authorization.verification_uri);
    assert.equal(verifyPage.status, 200, verifyPage.body.slice(0, 500));
    assert.match(verifyPage.body, /Please input User Code/);
    const verify = readForm(verifyPage.body, verifyPage.url);
    const loginPage = await browser.visit(verify.action, { form: { ...flatten(verify.fields), code: authorization.user_code } });
    assert.equal(loginPage.status, 200, loginPage.body.slice(0, 500));
    assert.match(loginPage.body, /Please log in/);
    const login = readForm(loginPage.body, loginPage.url);
    const consentPage = await browser.visit(login.action, { form: { ...flatten(login.fields), email: 'foo@bar.com', password: 'foobar', submit: 'Log in' } });
    assert.match(consentPage.body, /An application requests access to your data/, consentPage.body.slice(0, 500));
    const consent = readForm(consentPage.body, consentPage.url);
    const success = await browser.visit(consent.action, {
      form: { challenge: consent.fields.challenge!, _csrf: consent.fields._csrf!, grant_scope: consent.fields.grant_scope!, submit: 'Allow access' },
    });
    assert.equal(success.status, 200, success.body.slice(0, 500));
    assert.ok(success.url.startsWith(`${app.url}/device/success`), success.url);

    const tokens = await polling;
    assert.equal(tokens.claims()!.sub, 'foo@bar.com');
    assert.equal(tokens.scope, 'openid');
  });
});

function flatten(fields: Record<string, string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v[0] ?? '']));
}

