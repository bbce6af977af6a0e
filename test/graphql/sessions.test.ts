// Consent and login sessions through GraphQL on every backend, after flows
// answered through GraphQL: listings equal REST's, pages, the clients of a
// page in one batch, revocation taking the tokens along, login sessions ended.
import { after, before, describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startTestServer, type TestServer } from '../support/server.js';
import {
  ConsentSessionClientsDocument,
  ConsentSessionsDocument,
  IntrospectTokenDocument,
  LoginRequestDocument,
  RevokeConsentSessionsDocument,
  RevokeLoginSessionsDocument,
  type ConsentSessionsQuery,
} from './generated/graphql.js';
import { assertSameAsRest, Browser, createCodeClient, exchangeCode, FLOW_ENV, grantThroughGraphQL, startFlow } from './flow-support.js';
import { data, failure, getJson } from './support.js';

for (const backend of backends) {
  describe(`GraphQL consent and login sessions (${backend})`, () => {
    let server: TestServer;
    const clients: string[] = [];

    before(async () => {
      server = await startTestServer({ backend, env: FLOW_ENV });
      for (const name of ['first app', 'second app', 'third app']) clients.push(await createCodeClient(server, name));
    });
    after(() => server?.close());

    const restSessions = (query: Record<string, string>) => getJson(`${server.adminUrl}/admin/oauth2/auth/sessions/consent?${new URLSearchParams(query)}`);
    const active = async (token: string) => (await data(server.adminUrl, IntrospectTokenDocument, { token })).introspectToken.active;

    test('consentSessions equals REST\'s listing session by session; skipped consents are not listed; loginSessionId filters', async () => {
      const browser = new Browser();
      const first = await grantThroughGraphQL(server, browser, clients[0]!, 'lister', {
        grantScope: ['openid', 'offline'],
        remember: true,
        rememberFor: 0,
        session: { idToken: { n: 1 } },
        context: { c: 1 },
      });
      await grantThroughGraphQL(server, browser, clients[0]!, 'lister'); // remembered: skipped, stored, not listed
      const second = await grantThroughGraphQL(server, browser, clients[1]!, 'lister', { grantScope: ['openid'], remember: false });

      const { consentSessions } = await data(server.adminUrl, ConsentSessionsDocument, { subject: 'lister' });
      const rest = await restSessions({ subject: 'lister' });
      assert.equal(rest.status, 200);
      assert.equal(consentSessions.edges.length, 2);
      assert.deepEqual(consentSessions.edges.map((e) => e.node.consentRequestId), rest.body.map((s: { consent_request_id: string }) => s.consent_request_id));
      assert.deepEqual(consentSessions.edges.map((e) => e.node.consentRequestId).sort(), [first.consentRequestId, second.consentRequestId].sort());
      for (const [i, edge] of consentSessions.edges.entries()) {
        assertSameAsRest(rest.body[i], edge.node as unknown as Record<string, unknown>);
        assert.equal(edge.node.client?.clientId, edge.node.consentRequest.client?.clientId);
      }
      const one = consentSessions.edges.find((e) => e.node.consentRequestId === first.consentRequestId)!.node;
      assert.deepEqual(one.grantScope, ['openid', 'offline']);
      assert.deepEqual(one.session, { accessToken: {}, idToken: { n: 1 } });
      assert.deepEqual(one.context, { c: 1 });
      assert.equal(one.client?.clientName, 'first app');
      assert.equal(one.consentRequest.challenge, '');
      assert.equal(one.consentRequest.loginSessionId, first.sid);
      assert.ok(!Number.isNaN(Date.parse(one.handledAt)));
      assert.equal(consentSessions.pageInfo.hasNextPage, false);

      assert.equal((await data(server.adminUrl, ConsentSessionsDocument, { subject: 'lister', loginSessionId: 'nope' })).consentSessions.edges.length, 0);
      assert.equal((await data(server.adminUrl, ConsentSessionsDocument, { subject: 'lister', loginSessionId: first.sid })).consentSessions.edges.length, 2);
      assert.deepEqual((await data(server.adminUrl, ConsentSessionsDocument, { subject: 'nobody' })).consentSessions.edges, []);
      const noSubject = await failure(server.adminUrl, ConsentSessionsDocument, { subject: '' });
      assert.equal(noSubject.extensions?.code, 'invalid_request');
      assert.equal(noSubject.extensions?.status, 400);
    });

    test('consentSessions pages forward with cursors, as REST pages', async () => {
      const browser = new Browser();
      for (const clientId of clients) await grantThroughGraphQL(server, browser, clientId, 'pager');
      const all = (await data(server.adminUrl, ConsentSessionsDocument, { subject: 'pager' })).consentSessions.edges.map((e) => e.node.consentRequestId);
      assert.equal(all.length, 3);

      const seen: string[] = [];
      let after: string | null = null;
      for (let pages = 1; ; pages++) {
        const page: ConsentSessionsQuery = await data(server.adminUrl, ConsentSessionsDocument, { subject: 'pager', first: 2, after });
        const { edges, pageInfo } = page.consentSessions;
        assert.ok(edges.length <= 2);
        seen.push(...edges.map((e) => e.node.consentRequestId));
        if (!pageInfo.hasNextPage) {
          assert.equal(pages, 2);
          break;
        }
        assert.ok(pageInfo.endCursor);
        // The cursor is REST's page_token.
        const rest = await restSessions({ subject: 'pager', page_size: '2', page_token: pageInfo.endCursor });
        assert.deepEqual(rest.body.map((s: { consent_request_id: string }) => s.consent_request_id), all.slice(2));
        after = pageInfo.endCursor;
        assert.ok(pages < 5, 'pagination does not end');
      }
      assert.deepEqual(seen, all);
      const bad = await failure(server.adminUrl, ConsentSessionsDocument, { subject: 'pager', after: '%%%' });
      assert.equal(bad.extensions?.code, 'invalid_request');
    });

    test('a page of N consent sessions loads all its clients (node and consent request) with ONE getMany', async () => {
      const browser = new Browser();
      // Not remembered, so a second consent to the first client is asked for (not skipped) and listed too.
      const unremembered = { grantScope: ['openid', 'offline'], remember: false };
      for (const clientId of [...clients, clients[0]!]) await grantThroughGraphQL(server, browser, clientId, 'batched', unremembered);
      const getMany = mock.method(server.gatehouse.services.clients, 'getMany');
      const find = mock.method(server.gatehouse.services.clients, 'find');
      try {
        const { consentSessions } = await data(server.adminUrl, ConsentSessionClientsDocument, { subject: 'batched' });
        assert.equal(consentSessions.edges.length, 4);
        for (const { node } of consentSessions.edges) {
          assert.ok(node.client && clients.includes(node.client.clientId));
          assert.equal(node.consentRequest.client?.clientId, node.client.clientId);
        }
        assert.deepEqual(new Set(consentSessions.edges.map((e) => e.node.client!.clientName)), new Set(['first app', 'second app', 'third app']));
        assert.equal(getMany.mock.callCount(), 1, 'one client read for the whole page');
        assert.deepEqual([...getMany.mock.calls[0]!.arguments[0]].sort(), [...clients].sort());
        assert.equal(find.mock.callCount(), 0);
      } finally {
        getMany.mock.restore();
        find.mock.restore();
      }
    });

    test('revokeConsentSessions by subject+client, by consentRequestId and by subject+all: the grants\' tokens become inactive', async () => {
      const browser = new Browser();
      const a = await grantThroughGraphQL(server, browser, clients[0]!, 'revoker');
      const b = await grantThroughGraphQL(server, browser, clients[1]!, 'revoker');
      const tokensA = await exchangeCode(server, clients[0]!, a.code);
      const tokensB = await exchangeCode(server, clients[1]!, b.code);
      assert.equal(await active(tokensA.access_token), true);
      assert.equal(await active(tokensA.refresh_token), true);

      const bad = await failure(server.adminUrl, RevokeConsentSessionsDocument, { subject: 'revoker' });
      assert.equal(bad.extensions?.code, 'invalid_request');
      assert.equal(bad.extensions?.status, 400);
      assert.match(bad.extensions?.description ?? '', /Invalid combination of query parameters\./);
      assert.equal(await active(tokensA.access_token), true, 'a refused revocation revokes nothing');

      assert.equal((await data(server.adminUrl, RevokeConsentSessionsDocument, { subject: 'revoker', client: clients[0]! })).revokeConsentSessions, true);
      assert.equal(await active(tokensA.access_token), false);
      assert.equal(await active(tokensA.refresh_token), false);
      assert.equal(await active(tokensB.access_token), true);
      const left = await data(server.adminUrl, ConsentSessionsDocument, { subject: 'revoker' });
      assert.deepEqual(left.consentSessions.edges.map((e) => e.node.consentRequestId), [b.consentRequestId]);
      assert.deepEqual((await restSessions({ subject: 'revoker' })).body.map((s: { consent_request_id: string }) => s.consent_request_id), [b.consentRequestId]);

      await data(server.adminUrl, RevokeConsentSessionsDocument, { consentRequestId: b.consentRequestId });
      assert.equal(await active(tokensB.access_token), false);
      assert.deepEqual((await data(server.adminUrl, ConsentSessionsDocument, { subject: 'revoker' })).consentSessions.edges, []);

      const c = await grantThroughGraphQL(server, new Browser(), clients[2]!, 'revoker');
      const tokensC = await exchangeCode(server, clients[2]!, c.code);
      await grantThroughGraphQL(server, new Browser(), clients[0]!, 'revoker');
      assert.equal((await data(server.adminUrl, RevokeConsentSessionsDocument, { subject: 'revoker', all: true })).revokeConsentSessions, true);
      assert.equal(await active(tokensC.access_token), false);
      assert.deepEqual((await data(server.adminUrl, ConsentSessionsDocument, { subject: 'revoker' })).consentSessions.edges, []);
      // Nothing matching is no error.
      assert.equal((await data(server.adminUrl, RevokeConsentSessionsDocument, { subject: 'nobody', all: true })).revokeConsentSessions, true);
    });

    test('revokeLoginSessions by sid or subject: the browser must log in again; consents stay; neither is invalid_request', async () => {
      const skipOf = async (browser: Browser) =>
        (await data(server.adminUrl, LoginRequestDocument, { challenge: await startFlow(server, browser, clients[0]!) })).loginRequest.skip;
      const one = new Browser();
      const { sid } = await grantThroughGraphQL(server, one, clients[0]!, 'leaver');
      assert.equal(await skipOf(one), true);
      assert.equal((await data(server.adminUrl, RevokeLoginSessionsDocument, { sid })).revokeLoginSessions, true);
      assert.equal(await skipOf(one), false);

      const two = new Browser();
      await grantThroughGraphQL(server, two, clients[1]!, 'leaver');
      assert.equal(await skipOf(two), true);
      await data(server.adminUrl, RevokeLoginSessionsDocument, { subject: 'leaver' });
      assert.equal(await skipOf(two), false);
      assert.ok((await data(server.adminUrl, ConsentSessionsDocument, { subject: 'leaver' })).consentSessions.edges.length >= 1);

      const neither = await failure(server.adminUrl, RevokeLoginSessionsDocument, {});
      assert.equal(neither.extensions?.code, 'invalid_request');
      assert.equal(neither.extensions?.status, 400);
      assert.match(neither.extensions?.description ?? '', /Either 'subject' or 'sid' query parameters need to be defined\./);
    });
  });
}
