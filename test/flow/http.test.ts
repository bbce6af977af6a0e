// The browser flow of a real Gatehouse on every backend: a cookie-keeping
// browser on /oauth2/auth, and @ory/hydra-client as the login/consent app.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Configuration, OAuth2Api } from '@ory/hydra-client';
import { backends, startTestServer, type TestServer } from '../support/server.js';
import { failure } from '../support/sdk.js';
import { Browser } from '../support/browser.js';

const LOGIN = 'http://login.test/login';
const CONSENT = 'http://consent.test/consent';
const REDIRECT = 'http://127.0.0.1:9999/cb';

const param = (location: string | undefined, name: string) => {
  assert.ok(location, 'expected a Location');
  const value = new URL(location).searchParams.get(name);
  assert.ok(value, `expected ${name} in ${location}`);
  return value;
};

for (const backend of backends) {
  describe(`browser flow (${backend})`, () => {
    let server: TestServer;
    let api: OAuth2Api;
    let clientId: string;

    before(async () => {
      server = await startTestServer({ backend, env: { URLS_LOGIN: LOGIN, URLS_CONSENT: CONSENT } });
      api = new OAuth2Api(new Configuration({ basePath: server.adminUrl }));
      const created = await api.createOAuth2Client({
        oAuth2Client: { redirect_uris: [REDIRECT], scope: 'openid offline profile', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] },
      });
      clientId = created.data.client_id!;
    });
    after(() => server?.close());

    const authUrl = (extra: Record<string, string> = {}) =>
      `${server.publicUrl}/oauth2/auth?${new URLSearchParams({ client_id: clientId, response_type: 'code', redirect_uri: REDIRECT, scope: 'openid offline', state: 'state-123456', ...extra })}`;

    async function toLogin(browser: Browser, extra: Record<string, string> = {}): Promise<string> {
      const step = await browser.request(authUrl(extra));
      assert.equal(step.status, 302, step.body);
      assert.ok(step.location!.startsWith(LOGIN), step.location);
      return param(step.location, 'login_challenge');
    }

    async function login(browser: Browser, challenge: string, body: Record<string, unknown> = { subject: 'alice', remember: true }): Promise<string> {
      const accepted = await api.acceptOAuth2LoginRequest({ loginChallenge: challenge, acceptOAuth2LoginRequest: body as never });
      const step = await browser.request(accepted.data.redirect_to);
      assert.equal(step.status, 302, `${step.location} ${step.body}`);
      assert.ok(step.location!.startsWith(CONSENT), step.location);
      return param(step.location, 'consent_challenge');
    }

    async function consent(browser: Browser, challenge: string, body: Record<string, unknown> = { grant_scope: ['openid', 'offline'], remember: true }) {
      const accepted = await api.acceptOAuth2ConsentRequest({ consentChallenge: challenge, acceptOAuth2ConsentRequest: body as never });
      return { verifierUrl: accepted.data.redirect_to, step: await browser.request(accepted.data.redirect_to) };
    }

    async function fullFlow(browser: Browser, subject = 'alice', extra: Record<string, string> = {}) {
      const consentChallenge = await login(browser, await toLogin(browser, extra), { subject, remember: true });
      return consent(browser, consentChallenge);
    }

    test('full flow: code, state and granted scope at the redirect URI; login and consent requests as Hydra shows them', async () => {
      const browser = new Browser();
      const loginChallenge = await toLogin(browser, { login_hint: 'alice@example', acr_values: 'pwd mfa' });
      const loginRequest = await api.getOAuth2LoginRequest({ loginChallenge });
      assert.equal(loginRequest.status, 200);
      assert.equal(loginRequest.data.challenge, loginChallenge);
      assert.equal(loginRequest.data.skip, false);
      assert.equal(loginRequest.data.subject, '');
      assert.deepEqual(loginRequest.data.requested_scope, ['openid', 'offline']);
      assert.deepEqual(loginRequest.data.oidc_context, { acr_values: ['pwd', 'mfa'], login_hint: 'alice@example' });
      assert.equal(loginRequest.data.client.client_id, clientId);
      assert.equal(loginRequest.data.client.client_secret, undefined);
      assert.ok(loginRequest.data.request_url.startsWith(`${server.publicUrl}/oauth2/auth?`));
      assert.match(loginRequest.data.session_id!, /^[0-9a-f-]{36}$/);
      const csrf = [...browser.cookies.keys()].find((n) => n.startsWith('ory_hydra_login_csrf_dev_'));
      assert.ok(csrf, 'login CSRF cookie set');

      const consentChallenge = await login(browser, loginChallenge, { subject: 'alice', remember: true, acr: 'mfa', amr: ['pwd'], context: { a: 1 } });
      const consentRequest = await api.getOAuth2ConsentRequest({ consentChallenge });
      assert.equal(consentRequest.data.subject, 'alice');
      assert.equal(consentRequest.data.skip, false);
      assert.equal(consentRequest.data.acr, 'mfa');
      assert.deepEqual(consentRequest.data.amr, ['pwd']);
      assert.deepEqual(consentRequest.data.context, { a: 1 });
      assert.match(consentRequest.data.consent_request_id!, /^[0-9a-f]{32}$/);
      assert.match(consentRequest.data.login_challenge!, /^[0-9a-f]{32}$/);
      assert.equal(consentRequest.data.login_session_id, loginRequest.data.session_id);
      assert.ok([...browser.cookies.keys()].some((n) => n.startsWith('ory_hydra_session_dev')), 'remembered session cookie');

      const { step } = await consent(browser, consentChallenge, { grant_scope: ['openid', 'offline'], remember: true, session: { id_token: { name: 'Alice' } } });
      assert.equal(step.status, 303, step.body);
      const back = new URL(step.location!);
      assert.equal(`${back.origin}${back.pathname}`, REDIRECT);
      assert.equal(back.searchParams.get('state'), 'state-123456');
      assert.equal(back.searchParams.get('scope'), 'openid offline');
      assert.match(back.searchParams.get('code')!, /^ory_ac_/);

      // Challenges are not single use: reading after accept still works.
      assert.equal((await api.getOAuth2LoginRequest({ loginChallenge })).status, 200);
    });

    test('the consent verifier works once: a replay is access_denied', async () => {
      const browser = new Browser();
      const { verifierUrl, step } = await fullFlow(browser);
      assert.equal(step.status, 303);
      const replay = await browser.request(verifierUrl);
      assert.equal(replay.status, 303);
      const url = new URL(replay.location!);
      assert.equal(url.searchParams.get('error'), 'access_denied');
      assert.match(url.searchParams.get('error_description')!, /The consent verifier has already been used\.$/);
      assert.equal(url.searchParams.get('state'), 'state-123456');
    });

    test('a login session revoked while the user is on the consent page: the flow completes, the consent is kept without it', async () => {
      const browser = new Browser();
      const consentChallenge = await login(browser, await toLogin(browser), { subject: 'dora', remember: true });
      const { data: request } = await api.getOAuth2ConsentRequest({ consentChallenge });
      await api.revokeOAuth2LoginSessions({ sid: request.login_session_id! });
      const { step } = await consent(browser, consentChallenge);
      assert.equal(step.status, 303, step.body);
      assert.ok(new URL(step.location!).searchParams.get('code'), step.location);
      const { data: sessions } = await api.listOAuth2ConsentSessions({ subject: 'dora' });
      assert.equal(sessions.length, 1);
      assert.equal(sessions[0]!.consent_request?.login_session_id || undefined, undefined);
    });

    test('remembered login: next flow is skipped with the same subject and session; another subject is sent back with prompt=login', async () => {
      const browser = new Browser();
      await fullFlow(browser, 'bob');
      const first = await api.getOAuth2LoginRequest({ loginChallenge: await toLogin(browser) });
      const challenge = await toLogin(browser);
      const again = await api.getOAuth2LoginRequest({ loginChallenge: challenge });
      assert.equal(again.data.skip, true);
      assert.equal(again.data.subject, 'bob');
      assert.equal(again.data.session_id, first.data.session_id);
      const other = await api.acceptOAuth2LoginRequest({ loginChallenge: challenge, acceptOAuth2LoginRequest: { subject: 'carol' } });
      assert.equal(new URL(other.data.redirect_to).searchParams.get('prompt'), 'login');
      assert.equal(new URL(other.data.redirect_to).searchParams.get('login_verifier'), null);
      // prompt=login never skips.
      assert.equal((await api.getOAuth2LoginRequest({ loginChallenge: await toLogin(browser, { prompt: 'login' }) })).data.skip, false);
      // max_age=0 forces a new login.
      assert.equal((await api.getOAuth2LoginRequest({ loginChallenge: await toLogin(browser, { max_age: '0' }) })).data.skip, false);
      assert.equal((await api.getOAuth2LoginRequest({ loginChallenge: await toLogin(browser, { max_age: '3600' }) })).data.skip, true);
    });

    test('remembered consent: skip=true next time; prompt=consent never skips; prompt=none goes through with both remembered', async () => {
      const browser = new Browser();
      await fullFlow(browser, 'dave');
      const consentChallenge = await login(browser, await toLogin(browser), { subject: 'dave' });
      assert.equal((await api.getOAuth2ConsentRequest({ consentChallenge })).data.skip, true);
      const forced = await login(browser, await toLogin(browser, { prompt: 'consent' }), { subject: 'dave' });
      assert.equal((await api.getOAuth2ConsentRequest({ consentChallenge: forced })).data.skip, false);
      // prompt=none with session and consent: still through the apps, skip on both.
      const noneLogin = await toLogin(browser, { prompt: 'none' });
      assert.equal((await api.getOAuth2LoginRequest({ loginChallenge: noneLogin })).data.skip, true);
      const noneConsent = await login(browser, noneLogin, { subject: 'dave' });
      const { step } = await consent(browser, noneConsent);
      assert.equal(step.status, 303);
      assert.ok(new URL(step.location!).searchParams.get('code'));
    });

    test('prompt=none without a session: login_required at the client', async () => {
      const step = await new Browser().request(authUrl({ prompt: 'none' }));
      assert.equal(step.status, 303);
      const url = new URL(step.location!);
      assert.equal(url.searchParams.get('error'), 'login_required');
      assert.match(url.searchParams.get('error_description')!, /Prompt 'none' was requested, but no existing login session was found\./);
      assert.equal(url.searchParams.get('state'), 'state-123456');
    });

    test('prompt=none with a session but no remembered consent: consent_required', async () => {
      const browser = new Browser();
      const consentChallenge = await login(browser, await toLogin(browser), { subject: 'erin', remember: true });
      assert.ok(consentChallenge);
      const challenge = await toLogin(browser, { prompt: 'none' });
      const accepted = await api.acceptOAuth2LoginRequest({ loginChallenge: challenge, acceptOAuth2LoginRequest: { subject: 'erin' } });
      const step = await browser.request(accepted.data.redirect_to);
      assert.equal(step.status, 303);
      assert.equal(new URL(step.location!).searchParams.get('error'), 'consent_required');
    });

    test('login and consent rejections reach the client with error, description and state', async () => {
      const browser = new Browser();
      const challenge = await toLogin(browser);
      const rejected = await api.rejectOAuth2LoginRequest({ loginChallenge: challenge, rejectOAuth2Request: { error: 'access_denied', error_description: 'No.', error_hint: 'Really.' } });
      let step = await browser.request(rejected.data.redirect_to);
      assert.equal(step.status, 303);
      let url = new URL(step.location!);
      assert.equal(url.searchParams.get('error'), 'access_denied');
      assert.equal(url.searchParams.get('error_description'), 'No. Really.');
      assert.equal(url.searchParams.get('state'), 'state-123456');

      const consentChallenge = await login(browser, await toLogin(browser));
      const denied = await api.rejectOAuth2ConsentRequest({ consentChallenge, rejectOAuth2Request: {} });
      step = await browser.request(denied.data.redirect_to);
      url = new URL(step.location!);
      assert.equal(url.searchParams.get('error'), 'consent request denied');
      assert.equal(url.searchParams.get('state'), 'state-123456');
    });

    test('missing or foreign CSRF cookie: request_forbidden', async () => {
      const browser = new Browser();
      const challenge = await toLogin(browser);
      const accepted = await api.acceptOAuth2LoginRequest({ loginChallenge: challenge, acceptOAuth2LoginRequest: { subject: 'frank' } });
      const stranger = new Browser();
      let step = await stranger.request(accepted.data.redirect_to);
      let url = new URL(step.location!);
      assert.equal(url.searchParams.get('error'), 'request_forbidden');
      assert.match(url.searchParams.get('error_description')!, /No CSRF value available in the session cookie\./);

      // Another flow's cookie for the same client does not match this flow.
      const other = new Browser();
      await toLogin(other);
      step = await other.request(accepted.data.redirect_to);
      url = new URL(step.location!);
      assert.equal(url.searchParams.get('error'), 'request_forbidden');
      assert.match(url.searchParams.get('error_description')!, /does not match/);
    });

    test('admin errors: missing challenge 400, garbage 404, wrong purpose 404, empty subject 400', async () => {
      let f = await failure(api.getOAuth2LoginRequest({ loginChallenge: '' }));
      assert.equal(f.status, 400);
      assert.equal(f.data.error, 'invalid_request');
      f = await failure(api.getOAuth2LoginRequest({ loginChallenge: 'garbage' }));
      assert.deepEqual(f.data, { error: 'Not Found', error_description: 'Unable to locate the requested resource' });
      assert.equal(f.status, 404);
      const browser = new Browser();
      const challenge = await toLogin(browser);
      assert.equal((await failure(api.getOAuth2ConsentRequest({ consentChallenge: challenge }))).status, 404);
      f = await failure(api.acceptOAuth2LoginRequest({ loginChallenge: challenge, acceptOAuth2LoginRequest: { subject: '' } }));
      assert.equal(f.status, 400);
      assert.match(String(f.data.error_description), /Field 'subject' must not be empty\./);
      // `challenge` works as the query parameter too.
      const res = await fetch(`${server.adminUrl}/admin/oauth2/auth/requests/login?challenge=${encodeURIComponent(challenge)}`);
      assert.equal(res.status, 200);
    });

    test('expired challenge: 401 request_unauthorized', async () => {
      const short = await startTestServer({ backend, env: { URLS_LOGIN: LOGIN, URLS_CONSENT: CONSENT, TTL_LOGIN_CONSENT_REQUEST: '1s' } });
      try {
        const shortApi = new OAuth2Api(new Configuration({ basePath: short.adminUrl }));
        const c = await shortApi.createOAuth2Client({ oAuth2Client: { redirect_uris: [REDIRECT], scope: 'openid' } });
        const step = await new Browser().request(`${short.publicUrl}/oauth2/auth?${new URLSearchParams({ client_id: c.data.client_id!, response_type: 'code', redirect_uri: REDIRECT, scope: 'openid', state: 'state-123456' })}`);
        const challenge = param(step.location, 'login_challenge');
        await new Promise((r) => setTimeout(r, 2100));
        const f = await failure(shortApi.getOAuth2LoginRequest({ loginChallenge: challenge }));
        assert.equal(f.status, 401);
        assert.deepEqual(f.data, { error: 'request_unauthorized', error_description: 'The request could not be authorized. The login request has expired, please try again.' });
      } finally {
        await short.close();
      }
    });

    test('unknown client and unregistered redirect_uri go to the error page; it renders escaped', async () => {
      let step = await new Browser().request(authUrl({ client_id: 'nope' }));
      assert.equal(step.status, 302);
      let url = new URL(step.location!);
      assert.equal(url.pathname, '/oauth2/fallbacks/error');
      assert.equal(url.searchParams.get('error'), 'invalid_client');
      assert.equal(url.searchParams.get('state'), null);
      step = await new Browser().request(authUrl({ redirect_uri: 'http://127.0.0.1:9999/other' }));
      url = new URL(step.location!);
      assert.equal(url.searchParams.get('error'), 'invalid_request');
      const page = await fetch(`${server.publicUrl}/oauth2/fallbacks/error?error=%3Cscript%3E&error_description=x`);
      const html = await page.text();
      assert.ok(html.includes('&lt;script&gt;') && !html.includes('<script>'));
    });

    test('without urls.login the user reaches a page that names the missing setting', async () => {
      const bare = await startTestServer({ backend });
      try {
        const { data: c } = await new OAuth2Api(new Configuration({ basePath: bare.adminUrl })).createOAuth2Client({ oAuth2Client: { redirect_uris: [REDIRECT], scope: 'openid' } });
        const browser = new Browser();
        const start = await browser.request(`${bare.publicUrl}/oauth2/auth?${new URLSearchParams({ client_id: c.client_id!, response_type: 'code', redirect_uri: REDIRECT, scope: 'openid', state: 'state-123456' })}`);
        assert.equal(start.status, 302);
        assert.equal(new URL(start.location!).pathname, '/oauth2/fallbacks/login');
        const page = await browser.request(start.location!);
        assert.equal(page.status, 500);
        assert.match(page.body, /urls\.login/);
      } finally {
        await bare.close();
      }
    });

    test('short state: invalid_state to the client', async () => {
      const step = await new Browser().request(authUrl({ state: 'short' }));
      assert.equal(step.status, 303);
      const url = new URL(step.location!);
      assert.equal(url.searchParams.get('error'), 'invalid_state');
      assert.equal(url.searchParams.get('state'), 'short');
    });

    test('PKCE: plain is rejected after consent; S256 passes', async () => {
      let { step } = await fullFlow(new Browser(), 'gina', { code_challenge: 'abc', code_challenge_method: 'plain' });
      let url = new URL(step.location!);
      assert.equal(url.searchParams.get('error'), 'invalid_request');
      assert.match(url.searchParams.get('error_description')!, /plain is not allowed/);
      ({ step } = await fullFlow(new Browser(), 'gina', { code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' }));
      url = new URL(step.location!);
      assert.ok(url.searchParams.get('code'));
    });

    test('form_post: the response is an auto-submitting page with escaped values', async () => {
      const { step } = await fullFlow(new Browser(), 'hank', { response_mode: 'form_post', state: 'state-"<&>' });
      assert.equal(step.status, 200);
      assert.match(step.contentType, /text\/html/);
      assert.ok(step.body.includes(`action="${REDIRECT}"`));
      assert.ok(step.body.includes('value="state-&quot;&lt;&amp;&gt;"'));
      assert.match(step.body, /name="code" value="ory_ac_/);
    });

    test('POST /oauth2/auth with a form body starts a flow', async () => {
      const browser = new Browser();
      const step = await browser.request(`${server.publicUrl}/oauth2/auth`, { client_id: clientId, response_type: 'code', redirect_uri: REDIRECT, scope: 'openid', state: 'state-123456' });
      assert.equal(step.status, 302);
      const challenge = param(step.location, 'login_challenge');
      assert.deepEqual((await api.getOAuth2LoginRequest({ loginChallenge: challenge })).data.requested_scope, ['openid']);
    });
  });
}
