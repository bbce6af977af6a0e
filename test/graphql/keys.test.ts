// JSON Web Keys through the GraphQL admin plane, checked against REST.
import { after, before, describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPair, exportJWK } from 'jose';
import { backends, startTestServer, type TestServer } from '../support/server.js';
import { DEFAULT_KEY_SETS } from '../../src/app.js';
import {
  CreateKeyDocument,
  DeleteKeyDocument,
  DeleteKeySetDocument,
  ImportKeyDocument,
  KeySetDocument,
  KeySetsDocument,
  ReplaceKeySetDocument,
  type KeyFieldsFragment,
} from './generated/graphql.js';
import { data, failure, getJson, unique } from './support.js';

const PRIVATE = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];
const publicPart = (jwk: Record<string, unknown>) => Object.fromEntries(Object.entries(jwk).filter(([k]) => !PRIVATE.includes(k)));

for (const backend of backends) {
  describe(`GraphQL keys (${backend})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ backend });
    });
    after(() => server?.close());

    test('createKey generates a key; keySet matches REST GET /admin/keys/{set}', async () => {
      const set = unique('graphql-set');
      const created = await data(server.adminUrl, CreateKeyDocument, { set, alg: 'RS256', use: 'sig', kid: 'gql-1' });
      assert.equal(created.createKey.set, set);
      assert.equal(created.createKey.key.kid, 'gql-1');
      assert.equal(created.createKey.key.kty, 'RSA');
      assert.equal(created.createKey.key.alg, 'RS256');
      assert.equal(created.createKey.key.use, 'sig');
      assert.ok((created.createKey.privateJwk as { d?: string }).d, 'the private half is shown once');
      assert.equal((created.createKey.key.jwk as { d?: string }).d, undefined);

      const rest = await getJson(`${server.adminUrl}/admin/keys/${set}`);
      assert.equal(rest.status, 200);
      const graph = await data(server.adminUrl, KeySetDocument, { set });
      assert.ok(graph.keySet);
      assert.equal(graph.keySet.keys.length, rest.body.keys.length);
      for (const [i, restKey] of (rest.body.keys as Record<string, unknown>[]).entries()) {
        const key: KeyFieldsFragment = graph.keySet.keys[i]!;
        assert.deepEqual(key.jwk, publicPart(restKey));
        assert.equal(key.kid, restKey.kid);
        assert.equal(key.kty, restKey.kty);
        assert.equal(key.alg, restKey.alg ?? null);
        assert.equal(key.use, restKey.use ?? null);
        assert.equal(key.n, restKey.n ?? null);
        assert.equal(key.e, restKey.e ?? null);
      }
    });

    test('keySets lists the sets, keys loaded one getSet per set', async () => {
      const set = unique('graphql-list');
      await data(server.adminUrl, CreateKeyDocument, { set, alg: 'ES256', use: 'sig' });
      const spy = mock.method(server.gatehouse.services.keys, 'getSet');
      try {
        const { keySets } = await data(server.adminUrl, KeySetsDocument);
        const names = keySets.map((s) => s.set);
        for (const expected of [...Object.keys(DEFAULT_KEY_SETS), set]) assert.ok(names.includes(expected), expected);
        assert.equal(keySets.find((s) => s.set === set)!.keys[0]!.alg, 'ES256');
        assert.equal(spy.mock.callCount(), new Set(names).size);
      } finally {
        spy.mock.restore();
      }
    });

    test('importKey, replaceKeySet, deleteKey, deleteKeySet', async () => {
      const set = unique('graphql-import');
      const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
      const jwk = { ...(await exportJWK(privateKey)), kid: 'imported', alg: 'ES256', use: 'sig' };
      const imported = await data(server.adminUrl, ImportKeyDocument, { set, kid: 'imported', jwk });
      assert.equal(imported.importKey.kid, 'imported');
      assert.equal(imported.importKey.crv, 'P-256');
      assert.deepEqual(imported.importKey.jwk, { ...(await exportJWK(publicKey)), kid: 'imported', alg: 'ES256', use: 'sig' });

      const second = { ...(await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey)), kid: 'second', alg: 'ES256', use: 'sig' };
      const replaced = await data(server.adminUrl, ReplaceKeySetDocument, { set, keys: { keys: [jwk, second] } });
      assert.deepEqual(replaced.replaceKeySet.keys.map((k) => k.kid).sort(), ['imported', 'second']);

      assert.equal((await data(server.adminUrl, DeleteKeyDocument, { set, kid: 'imported' })).deleteKey, true);
      const rest = await getJson(`${server.adminUrl}/admin/keys/${set}`);
      assert.deepEqual((rest.body.keys as { kid: string }[]).map((k) => k.kid), ['second']);

      assert.equal((await data(server.adminUrl, DeleteKeySetDocument, { set })).deleteKeySet, true);
      assert.equal((await data(server.adminUrl, KeySetDocument, { set })).keySet, null);
      assert.equal((await getJson(`${server.adminUrl}/admin/keys/${set}`)).status, 404);
      const gone = await failure(server.adminUrl, DeleteKeySetDocument, { set });
      assert.equal(gone.extensions?.code, 'NOT_FOUND');
    });
  });
}
