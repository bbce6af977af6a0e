// The browser flow of a real Gatehouse with the login/consent app answering
// through GraphQL instead of REST, on every backend: the same requests as
// REST shows them, codes and tokens at the end, rejections reaching the
// client, and the errors of bad, expired and handled challenges.
import { after, before, describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startTestServer, type TestServer } from '../support/server.js';
import { FlowState } from '../../src/domain/flow/flow.js';
import {
  AcceptConsentRequestDocument,
  AcceptLoginRequestDocument,
  ConsentRequestDocument,
  IntrospectTokenDocument,
  LoginRequestDocument,
  RejectConsentRequestDocument,
  RejectLoginRequestDocument,
} from './generated/graphql.js';
import {
  assertSameAsRest,
  Browser,
  codecOf,
  consentThroughGraphQL,
  createCodeClient,
  exchangeCode,
  FLOW_ENV,
  grantThroughGraphQL,
  loginThroughGraphQL,
  REDIRECT,
  startFlow,
} from './flow-support.js';
import { data, failure, getJson } from './support.js';

for (const backend of backends) {
  describe(`GraphQL login and consent (${backend})`, () => {
    let server: TestServer;
    let clientId: string;

    before(async () => {
      server = await startTestServer({ backend, env: FLOW_ENV });
      clientId = await createCodeClient(server);
    });
    after(() => server?.close());

    const restRequest = (kind: 'login' | 'consent', challenge: string) =>
      getJson(`${server.adminUrl}/admin/oauth2/auth/requests/${kind}?${kind}_challenge=${encodeURIComponent(challenge)}`);

    test('login and consent answered through GraphQL: requests equal REST\'s, the client gets a code, its tokens carry the grant', async () => {
      const browser = new Browser();
      const loginChallenge = await startFlow(server, browser, clientId, { login_hint: 'alice@example', acr_values: 'pwd mfa' });

      const { loginRequest } = await data(server.adminUrl, LoginRequestDocument, { challenge: loginChallenge });
      const restLogin = await restRequest('login', loginChallenge);
      assert.equal(restLogin.status, 200);
      assertSameAsRest(restLogin.body, loginRequest as unknown as Record<string, unknown>);
      assert.equal(loginRequest.challenge, loginChallenge);
      assert.equal(loginRequest.skip, false);
      assert.equal(loginRequest.subject, '');
      assert.deepEqual(loginRequest.requestedScope, ['openid', 'offline']);
      assert.deepEqual(loginRequest.oidcContext, { acrValues: ['pwd', 'mfa'], uiLocales: null, display: null, idTokenHintClaims: null, loginHint: 'alice@example' });
      assert.equal(loginRequest.client?.clientId, clientId);
      assert.equal(loginRequest.client?.clientName, 'flow app');

      const consentChallenge = await loginThroughGraphQL(server, browser, loginChallenge, { subject: 'alice', remember: true, acr: 'mfa', amr: ['pwd'], context: { a: 1 } });
      const { consentRequest } = await data(server.adminUrl, ConsentRequestDocument, { challenge: consentChallenge });
      const restConsent = await restRequest('consent', consentChallenge);
      assert.equal(restConsent.status, 200);
      assertSameAsRest(restConsent.body, consentRequest as unknown as Record<string, unknown>);
      assert.equal(consentRequest.subject, 'alice');
      assert.equal(consentRequest.acr, 'mfa');
      assert.deepEqual(consentRequest.amr, ['pwd']);
      assert.deepEqual(consentRequest.context, { a: 1 });
      assert.equal(consentRequest.loginSessionId, loginRequest.sessionId);
      assert.match(consentRequest.consentRequestId, /^[0-9a-f]{32}$/);
      assert.equal(consentRequest.client?.clientId, clientId);

      const code = await consentThroughGraphQL(server, browser, consentChallenge, {
        grantScope: ['openid', 'offline'],
        remember: true,
        session: { accessToken: { tenant: 'acme' }, idToken: { name: 'Alice' } },
      });
      assert.match(code, /^ory_ac_/);
      const tokens = await exchangeCode(server, clientId, code);
      const { introspectToken } = await data(server.adminUrl, IntrospectTokenDocument, { token: tokens.access_token });
      assert.equal(introspectToken.active, true);
      assert.equal(introspectToken.sub, 'alice');
      assert.equal(introspectToken.clientId, clientId);
      assert.equal(introspectToken.scope, 'openid offline');
      assert.deepEqual(introspectToken.ext, { tenant: 'acme' });
    });

    test('a remembered login is skipped next time; accepting another subject sends the browser back with prompt=login', async () => {
      const browser = new Browser();
      await grantThroughGraphQL(server, browser, clientId, 'bob');
      const challenge = await startFlow(server, browser, clientId);
      const { loginRequest } = await data(server.adminUrl, LoginRequestDocument, { challenge });
      assert.equal(loginRequest.skip, true);
      assert.equal(loginRequest.subject, 'bob');
      const other = await data(server.adminUrl, AcceptLoginRequestDocument, { challenge, input: { subject: 'carol' } });
      const next = new URL(other.acceptLoginRequest.redirectTo);
      assert.equal(next.searchParams.get('prompt'), 'login');
      assert.equal(next.searchParams.get('login_verifier'), null);
    });

    test('rejections through GraphQL reach the client with error, description and state', async () => {
      const browser = new Browser();
      const rejected = await data(server.adminUrl, RejectLoginRequestDocument, {
        challenge: await startFlow(server, browser, clientId),
        input: { error: 'access_denied', errorDescription: 'No.', errorHint: 'Really.' },
      });
      let step = await browser.request(rejected.rejectLoginRequest.redirectTo);
      assert.equal(step.status, 303);
      let url = new URL(step.location!);
      assert.equal(`${url.origin}${url.pathname}`, REDIRECT);
      assert.equal(url.searchParams.get('error'), 'access_denied');
      assert.equal(url.searchParams.get('error_description'), 'No. Really.');
      assert.equal(url.searchParams.get('state'), 'state-123456');

      const consentChallenge = await loginThroughGraphQL(server, browser, await startFlow(server, browser, clientId), { subject: 'dora' });
      const denied = await data(server.adminUrl, RejectConsentRequestDocument, { challenge: consentChallenge });
      step = await browser.request(denied.rejectConsentRequest.redirectTo);
      url = new URL(step.location!);
      assert.equal(url.searchParams.get('error'), 'consent request denied');
      assert.equal(url.searchParams.get('code'), null);
    });

    test('a request\'s client loads through the DataLoader (one getMany), not through the service\'s own client read', async () => {
      const browser = new Browser();
      const loginChallenge = await startFlow(server, browser, clientId);
      const consentChallenge = await loginThroughGraphQL(server, browser, loginChallenge, { subject: 'erin' });
      const clients = server.gatehouse.services.clients;
      const getMany = mock.method(clients, 'getMany');
      const find = mock.method(clients, 'find');
      try {
        const { loginRequest } = await data(server.adminUrl, LoginRequestDocument, { challenge: loginChallenge });
        assert.equal(loginRequest.client?.clientId, clientId);
        assert.equal(getMany.mock.callCount(), 1);
        assert.deepEqual([...getMany.mock.calls[0]!.arguments[0]], [clientId]);
        const { consentRequest } = await data(server.adminUrl, ConsentRequestDocument, { challenge: consentChallenge });
        assert.equal(consentRequest.client?.clientId, clientId);
        assert.equal(getMany.mock.callCount(), 2);
        assert.equal(find.mock.callCount(), 0, 'the client is not read a second time by the service');
      } finally {
        getMany.mock.restore();
        find.mock.restore();
      }
    });

    test('a challenge that does not open is NOT_FOUND (404), as in REST; an empty one is invalid_request (400)', async () => {
      const browser = new Browser();
      const loginChallenge = await startFlow(server, browser, clientId);
      for (const error of [
        await failure(server.adminUrl, LoginRequestDocument, { challenge: 'not-a-challenge' }),
        await failure(server.adminUrl, ConsentRequestDocument, { challenge: 'v1.AAAA' }),
        // A login challenge is no consent challenge.
        await failure(server.adminUrl, ConsentRequestDocument, { challenge: loginChallenge }),
        await failure(server.adminUrl, AcceptLoginRequestDocument, { challenge: 'not-a-challenge', input: { subject: 'x' } }),
        await failure(server.adminUrl, AcceptConsentRequestDocument, { challenge: loginChallenge, input: {} }),
        await failure(server.adminUrl, RejectConsentRequestDocument, { challenge: 'nope' }),
      ]) {
        assert.equal(error.extensions?.code, 'NOT_FOUND', JSON.stringify(error));
        assert.equal(error.extensions?.status, 404);
        assert.equal(error.extensions?.stacktrace, undefined);
      }
      assert.equal((await restRequest('consent', loginChallenge)).status, 404);

      const empty = await failure(server.adminUrl, LoginRequestDocument, { challenge: '' });
      assert.equal(empty.extensions?.code, 'invalid_request');
      assert.equal(empty.extensions?.status, 400);
      assert.match(empty.extensions?.description ?? '', /Query parameter 'challenge' is not defined/);

      const noSubject = await failure(server.adminUrl, AcceptLoginRequestDocument, { challenge: loginChallenge, input: { subject: '' } });
      assert.equal(noSubject.extensions?.code, 'invalid_request');
      assert.equal(noSubject.extensions?.status, 400);
      assert.match(noSubject.extensions?.description ?? '', /Field 'subject' must not be empty\./);
    });

    test('an expired challenge is request_unauthorized (401) for reads and answers alike', async () => {
      const codec = codecOf(server);
      const browser = new Browser();
      const loginChallenge = await startFlow(server, browser, clientId);
      const flow = codec.decode(loginChallenge, 'login_challenge');
      const expiredLogin = codec.encode({ ...flow, requestedAt: flow.requestedAt - 2 * 3600 }, 'login_challenge');
      const consentChallenge = await loginThroughGraphQL(server, browser, loginChallenge, { subject: 'fred' });
      const consentFlow = codec.decode(consentChallenge, 'consent_challenge');
      const expiredConsent = codec.encode({ ...consentFlow, requestedAt: consentFlow.requestedAt - 2 * 3600 }, 'consent_challenge');

      for (const [error, phase] of [
        [await failure(server.adminUrl, LoginRequestDocument, { challenge: expiredLogin }), 'login'],
        [await failure(server.adminUrl, AcceptLoginRequestDocument, { challenge: expiredLogin, input: { subject: 'fred' } }), 'login'],
        [await failure(server.adminUrl, RejectLoginRequestDocument, { challenge: expiredLogin }), 'login'],
        [await failure(server.adminUrl, ConsentRequestDocument, { challenge: expiredConsent }), 'consent'],
        [await failure(server.adminUrl, AcceptConsentRequestDocument, { challenge: expiredConsent, input: {} }), 'consent'],
      ] as const) {
        assert.equal(error.extensions?.code, 'request_unauthorized', JSON.stringify(error));
        assert.equal(error.extensions?.status, 401);
        assert.match(error.extensions?.description ?? '', new RegExp(`The ${phase} request has expired, please try again\\.`));
      }
      const rest = await restRequest('login', expiredLogin);
      assert.equal(rest.status, 401);
      assert.equal(rest.body.error, 'request_unauthorized');
      // The unexpired originals still work.
      assert.equal((await data(server.adminUrl, ConsentRequestDocument, { challenge: consentChallenge })).consentRequest.subject, 'fred');
    });

    test('a request already handled is GONE (410) with the redirectTo REST answers with', async () => {
      const codec = codecOf(server);
      const loginChallenge = await startFlow(server, new Browser(), clientId);
      const flow = codec.decode(loginChallenge, 'login_challenge');
      const handled = codec.encode({ ...flow, state: FlowState.LoginUsed }, 'login_challenge');
      const error = await failure(server.adminUrl, LoginRequestDocument, { challenge: handled });
      assert.equal(error.extensions?.code, 'GONE');
      assert.equal(error.extensions?.status, 410);
      const rest = await restRequest('login', handled);
      assert.equal(rest.status, 410);
      assert.equal(error.extensions?.redirectTo, rest.body.redirect_to);
      assert.equal(error.extensions?.redirectTo, flow.requestUrl);
    });
  });
}
