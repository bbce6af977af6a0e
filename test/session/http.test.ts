// Consent and login sessions through @ory/hydra-client on every backend:
// listing with Link pages, the three revocation forms, tokens going with their
// consent (FK cascade), login session revocation ending skips.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Configuration, OAuth2Api } from '@ory/hydra-client';
import { backends, startTestServer, type TestServer } from '../support/server.js';
import { parseLink } from '../support/sdk.js';
import { Browser } from '../support/browser.js';

const LOGIN = 'http://login.test/login';
const CONSENT = 'http://consent.test/consent';
const REDIRECT = 'http://127.0.0.1:9999/cb';

for (const backend of backends) {
  describe(`consent and login sessions (${backend})`, () => {
    let server: TestServer;
    let api: OAuth2Api;
    const clients: string[] = [];

    before(async () => {
      server = await startTestServer({ backend, env: { URLS_LOGIN: LOGIN, URLS_CONSENT: CONSENT } });
      api = new OAuth2Api(new Configuration({ basePath: server.adminUrl }));
      for (let i = 0; i < 2; i++) {
        const c = await api.createOAuth2Client({ oAuth2Client: { redirect_uris: [REDIRECT], scope: 'openid offline', grant_types: ['authorization_code', 'refresh_token'] } });
        clients.push(c.data.client_id!);
      }
    });
    after(() => server?.close());

    /** A complete flow; returns the code and the consent request id. */
    async function grant(browser: Browser, subject: string, clientId: string, consentBody: Record<string, unknown> = { grant_scope: ['openid'], remember: true }) {
      const params = new URLSearchParams({ client_id: clientId, response_type: 'code', redirect_uri: REDIRECT, scope: 'openid', state: 'state-123456' });
      let step = await browser.request(`${server.publicUrl}/oauth2/auth?${params}`);
      const loginChallenge = new URL(step.location!).searchParams.get('login_challenge')!;
      const login = await api.acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: { subject, remember: true } });
      step = await browser.request(login.data.redirect_to);
      const consentChallenge = new URL(step.location!).searchParams.get('consent_challenge')!;
      const request = await api.getOAuth2ConsentRequest({ consentChallenge });
      const accepted = await api.acceptOAuth2ConsentRequest({ consentChallenge, acceptOAuth2ConsentRequest: consentBody as never });
      step = await browser.request(accepted.data.redirect_to);
      assert.equal(step.status, 303, step.location);
      return { code: new URL(step.location!).searchParams.get('code')!, consentRequestId: request.data.consent_request_id!, sid: request.data.login_session_id! };
    }

    const tokensOf = (consentRequestId: string) => server.gatehouse.db.prisma.token.count({ where: { consentId: consentRequestId } });

    test('list: granted consents of a subject, skipped ones excluded, Hydra shapes, current client, Link pages', async () => {
      const browser = new Browser();
      const first = await grant(browser, 'lister', clients[0]!, { grant_scope: ['openid'], remember: true, remember_for: 0, session: { id_token: { n: 1 } }, context: { c: 1 } });
      await grant(browser, 'lister', clients[0]!); // skipped consent: stored, not listed
      const second = await grant(browser, 'lister', clients[1]!, { grant_scope: ['openid'], remember: false });
      const listed = await api.listOAuth2ConsentSessions({ subject: 'lister' });
      assert.equal(listed.status, 200);
      assert.deepEqual(listed.data.map((s) => s.consent_request_id).sort(), [first.consentRequestId, second.consentRequestId].sort());
      const one = listed.data.find((s) => s.consent_request_id === first.consentRequestId)!;
      assert.deepEqual(one.grant_scope, ['openid']);
      assert.equal(one.remember, true);
      assert.equal(one.remember_for, 0);
      assert.deepEqual(one.session, { access_token: {}, id_token: { n: 1 } });
      assert.deepEqual(one.context, { c: 1 });
      assert.match(one.handled_at!, /^\d{4}-\d\d-\d\dT/);
      assert.equal(one.consent_request!.challenge, '');
      assert.equal(one.consent_request!.subject, 'lister');
      assert.equal(one.consent_request!.client!.client_id, clients[0]);
      assert.equal(one.consent_request!.login_session_id, first.sid);

      const page = await api.listOAuth2ConsentSessions({ subject: 'lister', pageSize: 1 });
      assert.equal(page.data.length, 1);
      const links = parseLink(page.headers['link']);
      assert.ok(links.first && links.next, page.headers['link']);
      const next = await fetch(`${server.adminUrl}${links.next}`);
      const rest = (await next.json()) as { consent_request_id: string }[];
      assert.equal(rest.length, 1);
      assert.notEqual(rest[0]!.consent_request_id, page.data[0]!.consent_request_id);
      assert.equal(parseLink(next.headers.get('link') ?? '').next, undefined);

      assert.deepEqual((await api.listOAuth2ConsentSessions({ subject: 'lister', loginSessionId: 'nope' })).data, []);
      assert.equal((await api.listOAuth2ConsentSessions({ subject: 'lister', loginSessionId: first.sid })).data.length, 2);
      assert.deepEqual((await api.listOAuth2ConsentSessions({ subject: 'nobody' })).data, []);
      const missing = await fetch(`${server.adminUrl}/admin/oauth2/auth/sessions/consent`);
      assert.equal(missing.status, 400);
      assert.match(((await missing.json()) as { error_description: string }).error_description, /Query parameter 'subject' is not defined/);
    });

    test('revoke by subject+client, by consent_request_id and by subject+all; tokens go with their consent', async () => {
      const browser = new Browser();
      const a = await grant(browser, 'revoker', clients[0]!);
      const b = await grant(browser, 'revoker', clients[1]!);
      // The token layer binds the authorization code to its consent.
      assert.equal(await tokensOf(a.consentRequestId), 1);
      // A token row bound to consent a (as the token layer writes them): it must disappear with the consent.
      await server.gatehouse.db.prisma.token.create({
        data: { signature: `sig-${a.consentRequestId}`, kind: 'access_token', requestId: a.consentRequestId, consentId: a.consentRequestId, clientId: clients[0]!, requestedAt: new Date(), grantedScope: [], grantedAudience: [], encryptedSession: 'x' },
      });
      assert.ok((await tokensOf(a.consentRequestId)) >= 1);

      const bad = await fetch(`${server.adminUrl}/admin/oauth2/auth/sessions/consent?subject=revoker`, { method: 'DELETE' });
      assert.equal(bad.status, 400);
      assert.match(((await bad.json()) as { error_description: string }).error_description, /Invalid combination of query parameters\./);

      assert.equal((await api.revokeOAuth2ConsentSessions({ subject: 'revoker', client: clients[0]! })).status, 204);
      assert.equal(await tokensOf(a.consentRequestId), 0);
      let left = await api.listOAuth2ConsentSessions({ subject: 'revoker' });
      assert.deepEqual(left.data.map((s) => s.consent_request_id), [b.consentRequestId]);

      await api.revokeOAuth2ConsentSessions({ consentRequestId: b.consentRequestId });
      assert.deepEqual((await api.listOAuth2ConsentSessions({ subject: 'revoker' })).data, []);

      await grant(browser, 'revoker', clients[0]!);
      await grant(browser, 'revoker', clients[1]!);
      await api.revokeOAuth2ConsentSessions({ subject: 'revoker', all: true });
      left = await api.listOAuth2ConsentSessions({ subject: 'revoker' });
      assert.deepEqual(left.data, []);
      assert.equal((await api.revokeOAuth2ConsentSessions({ subject: 'nobody', all: true })).status, 204);
    });

    test('revoked consent is not remembered: the next flow asks again', async () => {
      const browser = new Browser();
      await grant(browser, 'forgetful', clients[0]!);
      await api.revokeOAuth2ConsentSessions({ subject: 'forgetful', client: clients[0]! });
      const params = new URLSearchParams({ client_id: clients[0]!, response_type: 'code', redirect_uri: REDIRECT, scope: 'openid', state: 'state-123456' });
      let step = await browser.request(`${server.publicUrl}/oauth2/auth?${params}`);
      const loginChallenge = new URL(step.location!).searchParams.get('login_challenge')!;
      const login = await api.acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: { subject: 'forgetful' } });
      step = await browser.request(login.data.redirect_to);
      const consentChallenge = new URL(step.location!).searchParams.get('consent_challenge')!;
      assert.equal((await api.getOAuth2ConsentRequest({ consentChallenge })).data.skip, false);
    });

    test('revoke login sessions by sid or subject: the browser must log in again; 400 without either', async () => {
      const skipOf = async (browser: Browser) => {
        const params = new URLSearchParams({ client_id: clients[0]!, response_type: 'code', redirect_uri: REDIRECT, scope: 'openid', state: 'state-123456' });
        const step = await browser.request(`${server.publicUrl}/oauth2/auth?${params}`);
        const loginChallenge = new URL(step.location!).searchParams.get('login_challenge')!;
        return (await api.getOAuth2LoginRequest({ loginChallenge })).data.skip;
      };
      const one = new Browser();
      const { sid } = await grant(one, 'leaver', clients[0]!);
      assert.equal(await skipOf(one), true);
      assert.equal((await api.revokeOAuth2LoginSessions({ sid })).status, 204);
      assert.equal(await skipOf(one), false);

      const two = new Browser();
      await grant(two, 'leaver', clients[0]!);
      assert.equal(await skipOf(two), true);
      await api.revokeOAuth2LoginSessions({ subject: 'leaver' });
      assert.equal(await skipOf(two), false);
      // Consents stay.
      assert.ok((await api.listOAuth2ConsentSessions({ subject: 'leaver' })).data.length >= 1);

      const none = await fetch(`${server.adminUrl}/admin/oauth2/auth/sessions/login`, { method: 'DELETE' });
      assert.equal(none.status, 400);
      assert.match(((await none.json()) as { error_description: string }).error_description, /Either 'subject' or 'sid' query parameters need to be defined\./);
    });
  });
}
