// Clients through the GraphQL admin plane of a real Gatehouse, checked against
// the REST admin API of the same server, on every backend of this run.
import { after, before, describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startTestServer, type TestServer } from '../support/server.js';
import {
  ClientDocument,
  ClientsDocument,
  CreateClientDocument,
  DeleteClientDocument,
  DeleteRotatedClientSecretsDocument,
  PatchClientDocument,
  ReplaceClientDocument,
  RotateClientSecretDocument,
  SetClientLifespansDocument,
  ThreeClientsDocument,
  type ClientFieldsFragment,
  type OAuth2ClientInput,
} from './generated/graphql.js';
import { data, failure, getJson, snakeToCamel, unique } from './support.js';

/** Wire members the GraphQL OAuth2Client type deliberately lacks. */
const NOT_IN_GRAPHQL = new Set(['client_secret', 'registration_access_token', 'registration_client_uri']);

/** Every member of the REST representation equals its camelCase GraphQL field. */
function assertSameClient(rest: Record<string, unknown>, graph: ClientFieldsFragment) {
  const fields = graph as unknown as Record<string, unknown>;
  for (const [wire, value] of Object.entries(rest)) {
    if (NOT_IN_GRAPHQL.has(wire)) continue;
    const name = snakeToCamel(wire);
    assert.ok(name in fields, `GraphQL lacks ${name} (wire ${wire})`);
    if (wire === 'created_at' || wire === 'updated_at') {
      assert.equal(Date.parse(fields[name] as string), Date.parse(value as string), wire);
    } else {
      assert.deepEqual(fields[name], value, wire);
    }
  }
}

for (const backend of backends) {
  describe(`GraphQL clients (${backend})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ backend });
    });
    after(() => server?.close());

    const create = (input: OAuth2ClientInput) =>
      data(server.adminUrl, CreateClientDocument, { input }).then((d) => d.createClient);

    test('createClient, then REST shows the same client field by field', async () => {
      const created = await create({
        clientName: 'GraphQL app',
        redirectUris: ['https://app.example/cb'],
        grantTypes: ['authorization_code', 'refresh_token'],
        responseTypes: ['code'],
        scope: 'openid offline',
        audience: ['https://api.example'],
        owner: 'graphql-owner',
        contacts: ['ops@example.com'],
        metadata: { team: 'blue', nested: { n: 1 } },
        tokenEndpointAuthMethod: 'client_secret_post',
        postLogoutRedirectUris: ['https://app.example/bye'],
        authorizationCodeGrantAccessTokenLifespan: '1h0m0s',
      });
      assert.ok(created.clientSecret, 'a confidential client gets its secret in the payload');
      assert.ok(created.client.clientId);

      const rest = await getJson(`${server.adminUrl}/admin/clients/${encodeURIComponent(created.client.clientId)}`);
      assert.equal(rest.status, 200);
      assert.equal(rest.body.client_secret, undefined);
      assertSameClient(rest.body, created.client);
      assert.equal(created.client.clientName, 'GraphQL app');
      assert.deepEqual(created.client.metadata, { team: 'blue', nested: { n: 1 } });
      assert.equal(created.client.tokenEndpointAuthMethod, 'client_secret_post');

      const read = await data(server.adminUrl, ClientDocument, { id: created.client.clientId });
      assert.ok(read.client);
      assertSameClient(rest.body, read.client);
    });

    test('clients pages forward with cursors, filtered by owner and name', async () => {
      const owner = unique('pager');
      const ids = new Set<string>();
      for (let i = 0; i < 5; i++) ids.add((await create({ clientName: `paged ${i}`, owner })).client.clientId);
      await create({ clientName: 'someone else', owner: unique('other') });

      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const { clients }: { clients: { totalCount: number; edges: { cursor: string; node: { clientId: string; owner: string } }[]; pageInfo: { hasNextPage: boolean; endCursor?: string | null } } } =
          await data(server.adminUrl, ClientsDocument, { first: 2, after, owner });
        pages++;
        assert.equal(clients.totalCount, 5);
        assert.ok(clients.edges.length <= 2);
        for (const edge of clients.edges) {
          assert.equal(edge.node.owner, owner);
          assert.ok(edge.cursor);
          seen.push(edge.node.clientId);
        }
        if (!clients.pageInfo.hasNextPage) break;
        assert.ok(clients.pageInfo.endCursor);
        after = clients.pageInfo.endCursor!;
        assert.ok(pages < 10, 'pagination does not end');
      }
      assert.equal(pages, 3);
      assert.deepEqual(new Set(seen), ids);
      assert.equal(seen.length, 5);

      // An edge's cursor resumes right after that edge.
      const first = await data(server.adminUrl, ClientsDocument, { first: 2, owner });
      const resumed = await data(server.adminUrl, ClientsDocument, { first: 2, owner, after: first.clients.edges[0]!.cursor });
      assert.equal(resumed.clients.edges[0]!.node.clientId, first.clients.edges[1]!.node.clientId);

      const byName = await data(server.adminUrl, ClientsDocument, { clientName: 'paged 3', owner });
      assert.deepEqual(byName.clients.edges.map((e) => e.node.clientName), ['paged 3']);
    });

    test('patchClient applies JSON Patch with camelCase or wire paths', async () => {
      const { client } = await create({ clientName: 'before', redirectUris: ['https://a.example/cb'] });
      const patched = await data(server.adminUrl, PatchClientDocument, {
        id: client.clientId,
        patch: [
          { op: 'REPLACE', path: '/clientName', value: 'after' },
          { op: 'ADD', path: '/redirect_uris/-', value: 'https://b.example/cb' },
        ],
      });
      assert.equal(patched.patchClient.clientName, 'after');
      assert.deepEqual(patched.patchClient.redirectUris, ['https://a.example/cb', 'https://b.example/cb']);
      const rest = await getJson(`${server.adminUrl}/admin/clients/${client.clientId}`);
      assertSameClient(rest.body, patched.patchClient);
    });

    test('replaceClient and setClientLifespans', async () => {
      const { client } = await create({ clientName: 'to replace', scope: 'a b' });
      const replaced = await data(server.adminUrl, ReplaceClientDocument, { id: client.clientId, input: { clientName: 'replaced', scope: 'c' } });
      assert.equal(replaced.replaceClient.clientName, 'replaced');
      assert.equal(replaced.replaceClient.scope, 'c');

      const withLifespan = await data(server.adminUrl, SetClientLifespansDocument, {
        id: client.clientId,
        input: { clientCredentialsGrantAccessTokenLifespan: '30m0s' },
      });
      assert.equal(withLifespan.setClientLifespans.clientCredentialsGrantAccessTokenLifespan, '30m0s');
      const rest = await getJson(`${server.adminUrl}/admin/clients/${client.clientId}`);
      assertSameClient(rest.body, withLifespan.setClientLifespans);
    });

    test('rotateClientSecret returns a new secret once; deleteRotatedClientSecrets', async () => {
      const created = await create({ clientName: 'rotating' });
      const rotated = await data(server.adminUrl, RotateClientSecretDocument, { id: created.client.clientId });
      assert.ok(rotated.rotateClientSecret.clientSecret);
      assert.notEqual(rotated.rotateClientSecret.clientSecret, created.clientSecret);
      assert.equal(rotated.rotateClientSecret.client.clientId, created.client.clientId);
      const cleared = await data(server.adminUrl, DeleteRotatedClientSecretsDocument, { id: created.client.clientId });
      assert.equal(cleared.deleteRotatedClientSecrets, true);
    });

    test('deleteClient removes it; a second delete is NOT_FOUND', async () => {
      const { client } = await create({ clientName: 'doomed' });
      assert.equal((await data(server.adminUrl, DeleteClientDocument, { id: client.clientId })).deleteClient, true);
      assert.equal((await getJson(`${server.adminUrl}/admin/clients/${client.clientId}`)).status, 404);
      assert.equal((await data(server.adminUrl, ClientDocument, { id: client.clientId })).client, null);
      const again = await failure(server.adminUrl, DeleteClientDocument, { id: client.clientId });
      assert.equal(again.extensions?.code, 'NOT_FOUND');
      assert.equal(again.extensions?.status, 404);
    });

    test('invalid client metadata yields its error code in the extensions', async () => {
      const error = await failure(server.adminUrl, CreateClientDocument, { input: { clientName: 'bad', subjectType: 'bogus' } });
      assert.equal(error.extensions?.code, 'invalid_client_metadata');
      assert.equal(error.extensions?.status, 400);
      assert.ok(error.extensions?.description);
      assert.equal(error.extensions?.stacktrace, undefined);
    });

    test('N client(id:) lookups in one request call ClientService.getMany once', async () => {
      const ids = [];
      for (const name of ['x', 'y']) ids.push((await create({ clientName: `loader ${name}` })).client.clientId);
      const spy = mock.method(server.gatehouse.services.clients, 'getMany');
      try {
        const result = await data(server.adminUrl, ThreeClientsDocument, { a: ids[0]!, b: ids[1]!, c: 'no-such-client' });
        assert.equal(result.a?.clientName, 'loader x');
        assert.equal(result.b?.clientName, 'loader y');
        assert.equal(result.c, null);
        assert.equal(spy.mock.callCount(), 1);
        assert.deepEqual([...spy.mock.calls[0]!.arguments[0]].sort(), [ids[0]!, ids[1]!, 'no-such-client'].sort());
      } finally {
        spy.mock.restore();
      }
    });
  });
}
