// Logout requests answered through GraphQL instead of REST, on every backend:
// the same request REST shows, accept leading to a completed logout, reject,
// and the errors of unknown, rejected and completed requests.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { Configuration, OAuth2Api } from '@ory/hydra-client';
import { Browser } from '../support/browser.js';
import { CONSENT_URL, LOGIN_URL } from '../support/consent-app.js';
import { backends, startTestServer, type TestServer } from '../support/server.js';
import { LOGOUT_URL, logIn, POST_LOGOUT, relyingParty } from '../logout/support.js';
import { AcceptLogoutRequestDocument, LogoutRequestDocument, RejectLogoutRequestDocument } from './generated/graphql.js';
import { data, failure, getJson } from './support.js';

for (const backend of backends) {
  describe(`GraphQL logout requests (${backend})`, () => {
    let server: TestServer;
    let admin: OAuth2Api;
    let issuer: URL;
    before(async () => {
      server = await startTestServer({ backend, env: { URLS_LOGIN: LOGIN_URL, URLS_CONSENT: CONSENT_URL, URLS_LOGOUT: LOGOUT_URL } });
      admin = new OAuth2Api(new Configuration({ basePath: server.adminUrl }));
      issuer = new URL(server.gatehouse.config['urls.self.issuer']);
    });
    after(() => server?.close());

    async function loggedInLogout(subject: string) {
      const { client, config } = await relyingParty(admin, issuer, { post_logout_redirect_uris: [POST_LOGOUT] });
      const browser = new Browser();
      const { idToken, sid } = await logIn(admin, config, browser, subject);
      const url = oidc.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: POST_LOGOUT, state: 'gql-state' });
      const step = await browser.visit(url.toString(), { stopAt: (u) => u.href.startsWith(LOGOUT_URL) });
      const challenge = new URL(step.location!).searchParams.get('logout_challenge')!;
      return { client, browser, sid, challenge, url };
    }

    test('logoutRequest equals REST\'s; acceptLogoutRequest completes the logout', async () => {
      const { client, browser, sid, challenge, url } = await loggedInLogout('ivy');
      const { logoutRequest } = await data(server.adminUrl, LogoutRequestDocument, { challenge });
      const rest = await getJson(`${server.adminUrl}/admin/oauth2/auth/requests/logout?logout_challenge=${encodeURIComponent(challenge)}`);
      assert.equal(rest.status, 200);
      assert.equal(logoutRequest.challenge, rest.body.challenge);
      assert.equal(logoutRequest.subject, 'ivy');
      assert.equal(logoutRequest.sid, sid);
      assert.equal(logoutRequest.rpInitiated, true);
      assert.equal(logoutRequest.requestUrl, url.toString());
      assert.equal(Date.parse(logoutRequest.requestedAt), Date.parse(rest.body.requested_at));
      assert.equal(Date.parse(logoutRequest.expiresAt), Date.parse(rest.body.expires_at));
      assert.equal(logoutRequest.client?.clientId, client.client_id);
      assert.deepEqual(logoutRequest.client?.postLogoutRedirectUris, [POST_LOGOUT]);

      const { acceptLogoutRequest } = await data(server.adminUrl, AcceptLogoutRequestDocument, { challenge });
      assert.match(acceptLogoutRequest.redirectTo, /\/oauth2\/sessions\/logout\?logout_verifier=/);
      const done = await browser.visit(acceptLogoutRequest.redirectTo, { stopAt: () => true });
      assert.equal(done.location, `${POST_LOGOUT}?state=gql-state`);

      const gone = await failure(server.adminUrl, LogoutRequestDocument, { challenge });
      assert.equal(gone.extensions?.code, 'GONE');
      assert.equal(gone.extensions?.redirectTo, url.toString());
    });

    test('rejectLogoutRequest: true, then the request is NOT_FOUND; unknown challenges are NOT_FOUND too', async () => {
      const { challenge } = await loggedInLogout('jack');
      const { rejectLogoutRequest } = await data(server.adminUrl, RejectLogoutRequestDocument, { challenge });
      assert.equal(rejectLogoutRequest, true);
      for (const error of [
        await failure(server.adminUrl, LogoutRequestDocument, { challenge }),
        await failure(server.adminUrl, AcceptLogoutRequestDocument, { challenge }),
        await failure(server.adminUrl, LogoutRequestDocument, { challenge: 'no-such-challenge' }),
      ]) {
        assert.equal(error.extensions?.code, 'NOT_FOUND', JSON.stringify(error));
        assert.equal(error.extensions?.status, 404);
      }
    });
  });
}
