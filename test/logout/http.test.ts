// OpenID Connect logout end to end, on every backend: a relying party
// (openid-client) logged in through a real browser flow asks to end the
// session with buildEndSessionUrl; a logout app answers through the SDK
// (@ory/hydra-client); the browser completes the logout, and the clients hear
// of it over the front and back channels.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { Configuration, OAuth2Api } from '@ory/hydra-client';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { Browser } from '../support/browser.js';
import { CONSENT_URL, LOGIN_URL } from '../support/consent-app.js';
import { failure } from '../support/sdk.js';
import { backends, startTestServer, type TestServer } from '../support/server.js';
import { backChannelReceiver, LOGOUT_URL, logIn, POST_LOGOUT, POST_LOGOUT_DEFAULT, relyingParty } from './support.js';

const SESSION_COOKIE = 'ory_hydra_session_dev';
const atLogoutApp = (url: URL) => url.href.startsWith(LOGOUT_URL);
const decodeHtml = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");

for (const backend of backends) {
  describe(`OpenID Connect logout (${backend})`, () => {
    let server: TestServer;
    let admin: OAuth2Api;
    let issuer: URL;
    let receiver: Awaited<ReturnType<typeof backChannelReceiver>>;
    before(async () => {
      receiver = await backChannelReceiver();
      server = await startTestServer({
        backend,
        env: { URLS_LOGIN: LOGIN_URL, URLS_CONSENT: CONSENT_URL, URLS_LOGOUT: LOGOUT_URL, URLS_POST_LOGOUT_REDIRECT: POST_LOGOUT_DEFAULT },
      });
      admin = new OAuth2Api(new Configuration({ basePath: server.adminUrl }));
      issuer = new URL(server.gatehouse.config['urls.self.issuer']);
    });
    after(async () => {
      await server?.close();
      await receiver?.close();
    });

    /** Starts an RP-initiated logout; returns the logout challenge the browser was sent with. */
    async function startLogout(browser: Browser, url: URL | string): Promise<string> {
      const step = await browser.visit(url.toString(), { stopAt: atLogoutApp });
      assert.ok(step.location?.startsWith(LOGOUT_URL), `expected the logout app, got ${step.status} ${step.location ?? step.body.slice(0, 300)}`);
      return new URL(step.location!).searchParams.get('logout_challenge')!;
    }

    test('RP-initiated: logout app, then back-channel token, front-channel iframes and the RP\'s redirect with state', async () => {
      const { client, config } = await relyingParty(admin, issuer, {
        post_logout_redirect_uris: [POST_LOGOUT],
        frontchannel_logout_uri: 'http://127.0.0.1:9/frontchannel?app=1',
        frontchannel_logout_session_required: true,
        backchannel_logout_uri: receiver.url,
        backchannel_logout_session_required: true,
      });
      const browser = new Browser();
      const { idToken, sid } = await logIn(admin, config, browser, 'alice');
      assert.ok(browser.cookies.has(SESSION_COOKIE));

      const endSessionUrl = oidc.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: POST_LOGOUT, state: 'rp-state-1' });
      assert.equal(endSessionUrl.origin + endSessionUrl.pathname, new URL('/oauth2/sessions/logout', issuer).toString());
      const logoutChallenge = await startLogout(browser, endSessionUrl);

      const { data: request } = await admin.getOAuth2LogoutRequest({ logoutChallenge });
      assert.equal(request.challenge, logoutChallenge);
      assert.equal(request.subject, 'alice');
      assert.equal(request.sid, sid);
      assert.equal(request.rp_initiated, true);
      assert.equal(request.client?.client_id, client.client_id);
      assert.equal(request.client?.client_secret, undefined, 'the secret is never shown');
      assert.equal(request.request_url, endSessionUrl.toString());
      const lifespan = Date.parse(request.expires_at!) - Date.parse(request.requested_at!);
      assert.equal(lifespan, 30 * 60_000, 'ttl.login_consent_request');

      const { data: accepted } = await admin.acceptOAuth2LogoutRequest({ logoutChallenge });
      const verifierUrl = new URL(accepted.redirect_to);
      assert.equal(verifierUrl.origin + verifierUrl.pathname, `${server.publicUrl}/oauth2/sessions/logout`);
      assert.ok(verifierUrl.searchParams.get('logout_verifier'));

      const page = await browser.visit(accepted.redirect_to);
      assert.equal(page.status, 200, page.location ?? page.body.slice(0, 300));
      assert.match(page.contentType, /text\/html/);
      const frames = [...page.body.matchAll(/<iframe src="([^"]*)"/g)].map((m) => new URL(decodeHtml(m[1]!)));
      assert.equal(frames.length, 1);
      assert.equal(frames[0]!.origin + frames[0]!.pathname, 'http://127.0.0.1:9/frontchannel');
      assert.equal(frames[0]!.searchParams.get('app'), '1', 'the URI\'s own query stays');
      assert.equal(frames[0]!.searchParams.get('iss'), issuer.toString());
      assert.equal(frames[0]!.searchParams.get('sid'), sid);
      const redirect = /<meta http-equiv="refresh" content="7; URL=([^"]*)">/.exec(page.body);
      assert.equal(decodeHtml(redirect![1]!), `${POST_LOGOUT}?state=rp-state-1`);
      assert.equal(browser.cookies.has(SESSION_COOKIE), false, 'the session cookie is cleared');

      const logoutToken = await receiver.next();
      assert.deepEqual(decodeProtectedHeader(logoutToken).typ, 'JWT');
      const { payload, protectedHeader } = await jwtVerify(logoutToken, createRemoteJWKSet(new URL('/.well-known/jwks.json', server.publicUrl)), {
        issuer: issuer.toString(),
        audience: client.client_id!,
      });
      assert.equal(protectedHeader.alg, 'RS256');
      assert.ok(protectedHeader.kid);
      assert.equal(payload.sid, sid);
      assert.deepEqual(payload.events, { 'http://schemas.openid.net/event/backchannel-logout': {} });
      assert.ok(typeof payload.jti === 'string' && payload.jti.length > 0);
      assert.ok(typeof payload.iat === 'number' && Math.abs(payload.iat - Date.now() / 1000) < 60);
      assert.equal(payload.sub, undefined);
      assert.equal(payload.nonce, undefined, 'a logout token never carries a nonce');

      // The request is used: the admin API says so (410), the verifier works once.
      const used = await failure(admin.getOAuth2LogoutRequest({ logoutChallenge }));
      assert.equal(used.status, 410);
      assert.equal(used.data.redirect_to, endSessionUrl.toString());
      const again = await browser.visit(accepted.redirect_to, { stopAt: () => true });
      assert.equal(new URL(again.location!).pathname, '/oauth2/fallbacks/error');
      assert.equal(new URL(again.location!).searchParams.get('error'), 'error');
      // The login session is gone: the same hint now leads straight back to the RP, and the next login is not skipped.
      const replay = await browser.visit(endSessionUrl.toString(), { stopAt: () => true });
      assert.equal(replay.location, `${POST_LOGOUT}?state=rp-state-1`);
      assert.equal((await logIn(admin, config, browser, 'alice')).loginSkip, false);
    });

    test('revoking a login session by sid (headless logout) sends the back-channel logout tokens', async () => {
      const { client, config } = await relyingParty(admin, issuer, { backchannel_logout_uri: receiver.url });
      const browser = new Browser();
      const { sid } = await logIn(admin, config, browser, 'kim');
      await admin.revokeOAuth2LoginSessions({ sid });
      const { payload } = await jwtVerify(await receiver.next(), createRemoteJWKSet(new URL('/.well-known/jwks.json', server.publicUrl)), {
        issuer: issuer.toString(),
        audience: client.client_id!,
      });
      assert.equal(payload.sid, sid);
      assert.equal((await logIn(admin, config, browser, 'kim')).loginSkip, false, 'the session is gone');
    });

    test('a forged id_token_hint is refused', async () => {
      const { config } = await relyingParty(admin, issuer, { post_logout_redirect_uris: [POST_LOGOUT] });
      const browser = new Browser();
      const { idToken } = await logIn(admin, config, browser, 'erin');
      const [h, p, s] = idToken.split('.');
      const forged = `${h}.${p}.${s!.slice(0, -4)}${s!.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
      const refused = await browser.visit(`${server.publicUrl}/oauth2/sessions/logout?id_token_hint=${forged}`, { stopAt: () => true });
      assert.equal(new URL(refused.location!).searchParams.get('error'), 'invalid_request');
      assert.ok(await startLogout(browser, oidc.buildEndSessionUrl(config, { id_token_hint: idToken })));
    });

    test('post_logout_redirect_uri must be registered exactly; state and post_logout_redirect_uri need a hint', async () => {
      const { config } = await relyingParty(admin, issuer, { post_logout_redirect_uris: [POST_LOGOUT] });
      const browser = new Browser();
      const { idToken } = await logIn(admin, config, browser, 'bob');
      const cases: [Record<string, string>, RegExp][] = [
        [{ id_token_hint: idToken, post_logout_redirect_uri: `${POST_LOGOUT}/` }, /not a whitelisted as a post_logout_redirect_uri/],
        [{ id_token_hint: idToken, post_logout_redirect_uri: 'http://127.0.0.1:9/elsewhere' }, /not a whitelisted/],
        [{ state: 'abc' }, /state is set but id_token_hint is missing/],
        [{ post_logout_redirect_uri: POST_LOGOUT }, /post_logout_redirect_uri is set but id_token_hint is missing/],
      ];
      for (const [params, description] of cases) {
        const step = await browser.visit(`${server.publicUrl}/oauth2/sessions/logout?${new URLSearchParams(params)}`, { stopAt: () => true });
        assert.equal(step.status, 302);
        const errorPage = new URL(step.location!);
        assert.equal(errorPage.pathname, '/oauth2/fallbacks/error', JSON.stringify(params));
        assert.equal(errorPage.searchParams.get('error'), 'invalid_request');
        assert.match(errorPage.searchParams.get('error_description')!, description);
      }
      // POST works the same as GET.
      const posted = await browser.visit(`${server.publicUrl}/oauth2/sessions/logout`, { form: { id_token_hint: idToken, post_logout_redirect_uri: 'http://127.0.0.1:9/x' }, stopAt: () => true });
      assert.equal(new URL(posted.location!).searchParams.get('error'), 'invalid_request');
      assert.ok(browser.cookies.has(SESSION_COOKIE), 'nothing was logged out');
      const viaPost = await browser.visit(`${server.publicUrl}/oauth2/sessions/logout`, { form: { id_token_hint: idToken, post_logout_redirect_uri: POST_LOGOUT }, stopAt: atLogoutApp });
      assert.ok(viaPost.location?.startsWith(LOGOUT_URL));
    });

    test('without a hint: the session cookie names the user; without a session the browser goes to urls.post_logout_redirect', async () => {
      const nobody = await new Browser().visit(`${server.publicUrl}/oauth2/sessions/logout`, { stopAt: () => true });
      assert.equal(nobody.location, POST_LOGOUT_DEFAULT);

      const { config } = await relyingParty(admin, issuer);
      const browser = new Browser();
      const { sid } = await logIn(admin, config, browser, 'carol');
      const logoutChallenge = await startLogout(browser, `${server.publicUrl}/oauth2/sessions/logout`);
      const { data: request } = await admin.getOAuth2LogoutRequest({ logoutChallenge });
      assert.equal(request.rp_initiated, false);
      assert.equal(request.client, null);
      assert.equal(request.subject, 'carol');
      assert.equal(request.sid, sid);
      const { data: accepted } = await admin.acceptOAuth2LogoutRequest({ logoutChallenge });
      const done = await browser.visit(accepted.redirect_to, { stopAt: () => true });
      assert.equal(done.status, 302);
      assert.equal(done.location, POST_LOGOUT_DEFAULT, 'no front-channel client: straight to the default landing page');
      assert.equal(browser.cookies.has(SESSION_COOKIE), false);
    });

    test('the verifier only works in the browser that started the logout (CSRF); the session survives a forged completion', async () => {
      const { config } = await relyingParty(admin, issuer);
      const browser = new Browser();
      const { idToken } = await logIn(admin, config, browser, 'dave');
      const logoutChallenge = await startLogout(browser, oidc.buildEndSessionUrl(config, { id_token_hint: idToken }));
      const { data: accepted } = await admin.acceptOAuth2LogoutRequest({ logoutChallenge });

      const attacker = new Browser();
      const forged = await attacker.visit(accepted.redirect_to, { stopAt: () => true });
      assert.equal(new URL(forged.location!).searchParams.get('error'), 'request_forbidden');
      assert.equal((await logIn(admin, config, browser, 'dave')).loginSkip, true, 'still logged in');
    });

    test('skip_logout_consent: an RP-initiated logout with a valid hint skips the logout app', async () => {
      const { config } = await relyingParty(admin, issuer, { post_logout_redirect_uris: [POST_LOGOUT], skip_logout_consent: true });
      const browser = new Browser();
      const { idToken } = await logIn(admin, config, browser, 'frank');
      const first = await browser.visit(oidc.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: POST_LOGOUT, state: 's-1' }).toString(), {
        stopAt: (url) => !url.pathname.startsWith('/oauth2/sessions/logout'),
      });
      assert.equal(first.location, `${POST_LOGOUT}?state=s-1`);
      assert.ok(browser.history.some((s) => s.url.includes('logout_verifier=')), 'went through the verifier step');
      assert.equal(browser.history.some((s) => s.location?.startsWith(LOGOUT_URL)), false, 'never at the logout app');
      assert.equal(browser.cookies.has(SESSION_COOKIE), false);

      // Without a hint the logout app is still asked, whatever the client says.
      await logIn(admin, config, browser, 'frank');
      assert.ok(await startLogout(browser, `${server.publicUrl}/oauth2/sessions/logout`));
    });

    test('admin API: reject (204, then 404), unknown challenge 404, missing challenge 400', async () => {
      const { config } = await relyingParty(admin, issuer);
      const browser = new Browser();
      const { idToken } = await logIn(admin, config, browser, 'gina');
      const logoutChallenge = await startLogout(browser, oidc.buildEndSessionUrl(config, { id_token_hint: idToken }));
      const rejected = await admin.rejectOAuth2LogoutRequest({ logoutChallenge });
      assert.equal(rejected.status, 204);
      for (const call of [
        admin.getOAuth2LogoutRequest({ logoutChallenge }),
        admin.acceptOAuth2LogoutRequest({ logoutChallenge }),
        admin.rejectOAuth2LogoutRequest({ logoutChallenge }),
        admin.getOAuth2LogoutRequest({ logoutChallenge: 'unknown' }),
      ]) {
        const { status, data } = await failure(call);
        assert.equal(status, 404);
        assert.equal(data.error, 'Not Found');
      }
      assert.equal((await failure(admin.getOAuth2LogoutRequest({ logoutChallenge: '' }))).status, 400);
      assert.equal((await logIn(admin, config, browser, 'gina')).loginSkip, true, 'a rejected logout logs nobody out');
    });

    test('requests expire after ttl.login_consent_request (401 on the admin API and on the verifier); an expired id_token_hint still works', async () => {
      const short = await startTestServer({
        backend,
        env: { URLS_LOGIN: LOGIN_URL, URLS_CONSENT: CONSENT_URL, URLS_LOGOUT: LOGOUT_URL, TTL_LOGIN_CONSENT_REQUEST: '2s', TTL_ID_TOKEN: '1s' },
      });
      try {
        const shortAdmin = new OAuth2Api(new Configuration({ basePath: short.adminUrl }));
        const { config } = await relyingParty(shortAdmin, new URL(short.gatehouse.config['urls.self.issuer']));
        const browser = new Browser();
        const { idToken } = await logIn(shortAdmin, config, browser, 'hank');
        const challenges = [await startLogout(browser, oidc.buildEndSessionUrl(config, { id_token_hint: idToken })), await startLogout(browser, oidc.buildEndSessionUrl(config, { id_token_hint: idToken }))];
        const { data: accepted } = await shortAdmin.acceptOAuth2LogoutRequest({ logoutChallenge: challenges[0]! });
        await new Promise((r) => setTimeout(r, 3100));
        const expired = await failure(shortAdmin.getOAuth2LogoutRequest({ logoutChallenge: challenges[1]! }));
        assert.equal(expired.status, 401);
        assert.equal(expired.data.error, 'request_unauthorized');
        assert.equal((await failure(shortAdmin.acceptOAuth2LogoutRequest({ logoutChallenge: challenges[1]! }))).status, 401);
        const late = await browser.visit(accepted.redirect_to, { stopAt: () => true });
        assert.equal(new URL(late.location!).searchParams.get('error'), 'request_unauthorized');
        assert.ok(browser.cookies.has(SESSION_COOKIE), 'an expired logout logs nobody out');
        // The ID token has expired too: as a hint it only names the session, so it is still accepted (Hydra).
        assert.ok(await startLogout(browser, oidc.buildEndSessionUrl(config, { id_token_hint: idToken })));
      } finally {
        await short.close();
      }
    });
  });
}
