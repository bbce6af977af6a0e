// Token introspection and deletion through GraphQL on every backend, checked
// against REST's answers for the same tokens.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startTestServer, type TestServer } from '../support/server.js';
import { DeleteClientAccessTokensDocument, IntrospectTokenDocument, type IntrospectTokenQuery } from './generated/graphql.js';
import { Browser, createCodeClient, exchangeCode, FLOW_ENV, grantThroughGraphQL, restIntrospect } from './flow-support.js';
import { data, failure, snakeToCamel } from './support.js';

/** REST's introspection members equal the GraphQL fields; the fields REST leaves out are null. */
function assertSameIntrospection(rest: Record<string, unknown>, graph: IntrospectTokenQuery['introspectToken']) {
  const fields = graph as unknown as Record<string, unknown>;
  for (const [wire, value] of Object.entries(rest)) assert.deepEqual(fields[snakeToCamel(wire)], value, wire);
  const named = new Set(Object.keys(rest).map(snakeToCamel));
  for (const [name, value] of Object.entries(fields)) if (!named.has(name) && name !== '__typename') assert.equal(value, null, `${name} is null when REST leaves it out`);
}

for (const backend of backends) {
  describe(`GraphQL tokens (${backend})`, () => {
    let server: TestServer;
    let clientId: string;
    let tokens: { access_token: string; refresh_token: string };

    before(async () => {
      server = await startTestServer({ backend, env: FLOW_ENV });
      clientId = await createCodeClient(server);
      const { code } = await grantThroughGraphQL(server, new Browser(), clientId, 'inspected', {
        grantScope: ['openid', 'offline'],
        grantAccessTokenAudience: [],
        session: { accessToken: { tenant: 'acme' } },
      });
      tokens = await exchangeCode(server, clientId, code);
    });
    after(() => server?.close());

    const introspect = async (token: string, scope?: string) =>
      (await data(server.adminUrl, IntrospectTokenDocument, { token, ...(scope !== undefined && { scope }) })).introspectToken;

    test('introspectToken answers as REST does for access and refresh tokens', async () => {
      const access = await introspect(tokens.access_token);
      assertSameIntrospection(await restIntrospect(server, { token: tokens.access_token }), access);
      assert.equal(access.active, true);
      assert.equal(access.tokenUse, 'access_token');
      assert.equal(access.tokenType, 'Bearer');
      assert.equal(access.clientId, clientId);
      assert.equal(access.sub, 'inspected');
      assert.equal(access.iss, server.gatehouse.config['urls.self.issuer']);
      assert.deepEqual(access.ext, { tenant: 'acme' });
      assert.ok(access.exp! > access.iat!);
      assert.equal(access.username, null);

      const refresh = await introspect(tokens.refresh_token);
      assertSameIntrospection(await restIntrospect(server, { token: tokens.refresh_token }), refresh);
      assert.equal(refresh.active, true);
      assert.equal(refresh.tokenUse, 'refresh_token');
    });

    test('scope narrows, and anything unknown is just active: false', async () => {
      assert.equal((await introspect(tokens.access_token, 'openid')).active, true);
      const tooMuch = await introspect(tokens.access_token, 'openid admin');
      assertSameIntrospection(await restIntrospect(server, { token: tokens.access_token, scope: 'openid admin' }), tooMuch);
      assert.equal(tooMuch.active, false);
      assert.equal(tooMuch.clientId, null);
      const unknown = await introspect('ory_at_nothing.nothing');
      assert.equal(unknown.active, false);
      assert.equal(unknown.sub, null);
    });

    test('deleteClientAccessTokens: the client\'s access tokens go, refresh tokens stay; an empty id is invalid_request', async () => {
      const { code } = await grantThroughGraphQL(server, new Browser(), clientId, 'deleted');
      const own = await exchangeCode(server, clientId, code);
      const otherClient = await createCodeClient(server, 'bystander');
      const other = await exchangeCode(server, otherClient, (await grantThroughGraphQL(server, new Browser(), otherClient, 'deleted')).code);

      assert.equal((await data(server.adminUrl, DeleteClientAccessTokensDocument, { clientId })).deleteClientAccessTokens, true);
      assert.equal((await introspect(own.access_token)).active, false);
      assert.equal((await restIntrospect(server, { token: own.access_token })).active, false);
      assert.equal((await introspect(own.refresh_token)).active, true);
      assert.equal((await introspect(other.access_token)).active, true, 'another client\'s tokens stay');

      const empty = await failure(server.adminUrl, DeleteClientAccessTokensDocument, { clientId: '' });
      assert.equal(empty.extensions?.code, 'invalid_request');
      assert.equal(empty.extensions?.status, 400);
      assert.match(empty.extensions?.description ?? '', /Query parameter 'client_id' is not defined/);
    });
  });
}
