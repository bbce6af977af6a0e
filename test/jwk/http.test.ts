// The admin key API and /.well-known/jwks.json driven through Ory's own SDK
// (@ory/hydra-client), per backend, plus what the database holds at rest.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Configuration, JwkApi, WellknownApi, type JsonWebKey } from '@ory/hydra-client';
import { compactVerify, createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, jwtVerify } from 'jose';
import { backends, startTestServer, type TestServer } from '../support/server.js';
import { Aead } from '../../src/domain/crypto/aead.js';
import { ACCESS_TOKEN_SET, ID_TOKEN_SET } from '../../src/domain/jwk/service.js';

const PRIVATE = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];
const NO_CACHE = 'private, no-cache, no-store, must-revalidate';
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

/** The SDK rejects non-2xx answers with an AxiosError carrying the response. */
async function sdkError(promise: Promise<unknown>): Promise<{ status: number; data: unknown }> {
  try {
    await promise;
  } catch (err) {
    const response = (err as { response?: { status: number; data: unknown } }).response;
    assert.ok(response, `expected an HTTP error, got ${String(err)}`);
    return response;
  }
  assert.fail('expected the request to fail');
}

const SET_NOT_FOUND = { error: 'Not Found', error_description: 'Unable to locate the requested resource' };
const KEY_NOT_FOUND = { error: 'Unable to locate the resource', error_description: '' };

async function importable(alg: 'ES256' | 'RS256', kid: string): Promise<JsonWebKey> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' } as JsonWebKey;
}

for (const backend of backends) {
  describe(`JSON Web Key API through @ory/hydra-client (${backend})`, () => {
    let server: TestServer;
    let jwk: JwkApi;
    let wellknown: WellknownApi;
    before(async () => {
      server = await startTestServer({ backend });
      jwk = new JwkApi(new Configuration({ basePath: server.adminUrl }));
      wellknown = new WellknownApi(new Configuration({ basePath: server.publicUrl }));
    });
    after(() => server?.close());

    test('create: 201, a JWKS holding the new key with its private half; kid generated when empty', async () => {
      const set = unique('create');
      const created = await jwk.createJsonWebKeySet({ set, createJsonWebKeySet: { alg: 'ES256', kid: 'key-bar', use: 'sig' } });
      assert.equal(created.status, 201);
      assert.equal(created.headers['location'], `/admin/keys/${set}`);
      assert.equal(created.data.keys?.length, 1);
      const key = created.data.keys![0]!;
      assert.equal(key.kid, 'key-bar');
      assert.equal(key.alg, 'ES256');
      assert.equal(key.use, 'sig');
      assert.equal(key.kty, 'EC');
      assert.equal(key.crv, 'P-256');
      assert.ok(key.d, 'the private half is returned');

      const generated = await jwk.createJsonWebKeySet({ set, createJsonWebKeySet: { alg: 'RS256', kid: '', use: 'sig' } });
      const rsa = generated.data.keys![0]!;
      assert.match(rsa.kid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(Buffer.from(rsa.n!, 'base64url').length * 8, 4096);
      for (const m of ['d', 'p', 'q', 'dp', 'dq', 'qi']) assert.ok(rsa[m as keyof JsonWebKey], m);

      for (const alg of ['ES384', 'ES512', 'EdDSA', 'HS256', 'HS512', 'PS256']) {
        const { status, data } = await jwk.createJsonWebKeySet({ set, createJsonWebKeySet: { alg, kid: `k-${alg}`, use: 'sig' } });
        assert.equal(status, 201, alg);
        assert.equal(data.keys![0]!.alg, alg);
      }
      const hs = (await jwk.getJsonWebKey({ set, kid: 'k-HS256' })).data.keys![0]!;
      assert.equal(hs.kty, 'oct');
      assert.equal(Buffer.from(hs.k!, 'base64url').length, 32);
    });

    test('create: unsupported algorithm is 400, a taken kid 409, in Hydra bodies', async () => {
      const set = unique('create-errors');
      const bad = await sdkError(jwk.createJsonWebKeySet({ set, createJsonWebKeySet: { alg: 'none', kid: '', use: 'sig' } }));
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.data, { error: 'Bad Request', error_description: 'Unsupported key algorithm' });
      await jwk.createJsonWebKeySet({ set, createJsonWebKeySet: { alg: 'ES256', kid: 'taken', use: 'sig' } });
      const taken = await sdkError(jwk.createJsonWebKeySet({ set, createJsonWebKeySet: { alg: 'ES256', kid: 'taken', use: 'sig' } }));
      assert.equal(taken.status, 409);
      assert.deepEqual(taken.data, {
        error: 'Unable to insert or update resource because a resource with that value exists already',
        error_description: '',
      });
    });

    test('get set and get key: JWKS with private halves, newest first, no-cache; 404s', async () => {
      const set = unique('get');
      await jwk.createJsonWebKeySet({ set, createJsonWebKeySet: { alg: 'ES256', kid: 'first', use: 'sig' } });
      await jwk.createJsonWebKeySet({ set, createJsonWebKeySet: { alg: 'EdDSA', kid: 'second', use: 'sig' } });
      const all = await jwk.getJsonWebKeySet({ set });
      assert.equal(all.status, 200);
      assert.equal(all.headers['cache-control'], NO_CACHE);
      assert.deepEqual(all.data.keys!.map((k) => k.kid), ['second', 'first']);
      assert.ok(all.data.keys!.every((k) => k.d));

      const one = await jwk.getJsonWebKey({ set, kid: 'first' });
      assert.equal(one.status, 200);
      assert.equal(one.data.keys!.length, 1);
      assert.equal(one.data.keys![0]!.kid, 'first');
      assert.ok(one.data.keys![0]!.d);

      const noSet = await sdkError(jwk.getJsonWebKeySet({ set: unique('absent') }));
      assert.equal(noSet.status, 404);
      assert.deepEqual(noSet.data, SET_NOT_FOUND);
      const noKey = await sdkError(jwk.getJsonWebKey({ set, kid: 'absent' }));
      assert.equal(noKey.status, 404);
      assert.deepEqual(noKey.data, KEY_NOT_FOUND);
    });

    test('set key: imports or replaces under the body kid (the path kid is ignored, as in Hydra)', async () => {
      const set = unique('set-key');
      const imported = await importable('ES256', 'imported');
      const put = await jwk.setJsonWebKey({ set, kid: 'imported', jsonWebKey: imported });
      assert.equal(put.status, 200);
      assert.deepEqual(put.data, imported);
      assert.deepEqual((await jwk.getJsonWebKey({ set, kid: 'imported' })).data.keys, [imported]);

      const replacement = await importable('RS256', 'imported');
      await jwk.setJsonWebKey({ set, kid: 'imported', jsonWebKey: replacement });
      assert.deepEqual((await jwk.getJsonWebKeySet({ set })).data.keys, [replacement]);

      const other = await importable('ES256', 'body-kid');
      assert.equal((await jwk.setJsonWebKey({ set, kid: 'path-kid', jsonWebKey: other })).data.kid, 'body-kid');
      assert.equal((await jwk.getJsonWebKey({ set, kid: 'body-kid' })).status, 200);
      assert.equal((await sdkError(jwk.getJsonWebKey({ set, kid: 'path-kid' }))).status, 404);
    });

    test('set key: malformed keys are 400 in Hydra\'s decode-error body', async () => {
      const set = unique('set-key-bad');
      const good = await importable('ES256', 'k');
      for (const [jsonWebKey, pattern] of [
        [{ ...good, alg: 'RS256' }, /cannot be used with a EC P-256 key/],
        [{ ...good, use: '' }, /"use" is required/],
        [{ ...good, kty: 'XYZ' }, /unknown json web key type/],
        [{ ...good, x: (await importable('ES256', 'o')).x }, /not a valid ES256 key|does not belong/],
      ] as const) {
        const res = await sdkError(jwk.setJsonWebKey({ set, kid: 'k', jsonWebKey: jsonWebKey as JsonWebKey }));
        assert.equal(res.status, 400);
        const body = res.data as { error: string; error_description: string };
        assert.equal(body.error, 'The request was malformed or contained invalid parameters');
        assert.match(body.error_description, pattern);
      }
      assert.equal((await sdkError(jwk.getJsonWebKeySet({ set }))).status, 404, 'nothing was stored');
    });

    test('set set: replaces every key; invalid or duplicate keys change nothing', async () => {
      const set = unique('set-set');
      await jwk.createJsonWebKeySet({ set, createJsonWebKeySet: { alg: 'ES256', kid: 'generated', use: 'sig' } });
      const [a, b] = [await importable('ES256', 'a'), await importable('RS256', 'b')];
      const put = await jwk.setJsonWebKeySet({ set, jsonWebKeySet: { keys: [a, b] } });
      assert.equal(put.status, 200);
      assert.deepEqual(put.data, { keys: [a, b] });
      const after = (await jwk.getJsonWebKeySet({ set })).data.keys!;
      assert.deepEqual(after.map((k) => k.kid).sort(), ['a', 'b']);

      const invalid = await sdkError(jwk.setJsonWebKeySet({ set, jsonWebKeySet: { keys: [a, { ...b, alg: 'ES256' }] } }));
      assert.equal(invalid.status, 400);
      const duplicate = await sdkError(jwk.setJsonWebKeySet({ set, jsonWebKeySet: { keys: [a, a] } }));
      assert.equal(duplicate.status, 409);
      assert.deepEqual((await jwk.getJsonWebKeySet({ set })).data.keys!.map((k) => k.kid).sort(), ['a', 'b']);
    });

    test('delete key and delete set: 204, then 404; deleting what is absent is 204 as in Hydra', async () => {
      const set = unique('delete');
      await jwk.createJsonWebKeySet({ set, createJsonWebKeySet: { alg: 'ES256', kid: 'one', use: 'sig' } });
      await jwk.createJsonWebKeySet({ set, createJsonWebKeySet: { alg: 'ES256', kid: 'two', use: 'sig' } });
      const delKey = await jwk.deleteJsonWebKey({ set, kid: 'one' });
      assert.equal(delKey.status, 204);
      assert.deepEqual((await sdkError(jwk.getJsonWebKey({ set, kid: 'one' }))).data, KEY_NOT_FOUND);
      assert.deepEqual((await jwk.getJsonWebKeySet({ set })).data.keys!.map((k) => k.kid), ['two']);

      const delSet = await jwk.deleteJsonWebKeySet({ set });
      assert.equal(delSet.status, 204);
      assert.deepEqual((await sdkError(jwk.getJsonWebKeySet({ set }))).data, SET_NOT_FOUND);
      assert.equal((await sdkError(jwk.getJsonWebKey({ set, kid: 'two' }))).status, 404);

      assert.equal((await jwk.deleteJsonWebKey({ set, kid: 'two' })).status, 204);
      assert.equal((await jwk.deleteJsonWebKeySet({ set })).status, 204);
    });

    test('jwks.json: public halves of the ID token and access token sets only', async () => {
      // Keys that must never appear: a custom set, and a symmetric key in the ID token set.
      await jwk.createJsonWebKeySet({ set: unique('not-broadcast'), createJsonWebKeySet: { alg: 'ES256', kid: 'custom-kid', use: 'sig' } });
      await jwk.createJsonWebKeySet({ set: ID_TOKEN_SET, createJsonWebKeySet: { alg: 'HS256', kid: 'symmetric-kid', use: 'sig' } });

      const res = await wellknown.discoverJsonWebKeys();
      assert.equal(res.status, 200);
      assert.equal(res.headers['cache-control'], NO_CACHE);
      const published = res.data.keys!;
      const expected = [
        ...(await jwk.getJsonWebKeySet({ set: ID_TOKEN_SET })).data.keys!,
        ...(await jwk.getJsonWebKeySet({ set: ACCESS_TOKEN_SET })).data.keys!,
      ].filter((k) => k.kty !== 'oct');
      assert.deepEqual(published.map((k) => k.kid).sort(), expected.map((k) => k.kid).sort());
      assert.ok(published.length >= 2, 'both start-up keys are published');
      for (const key of published) {
        for (const m of PRIVATE) assert.equal(m in key, false, `${key.kid} exposes ${m}`);
        assert.notEqual(key.kid, 'custom-kid');
        assert.notEqual(key.kid, 'symmetric-kid');
        assert.equal(key.kty, 'RSA');
        assert.equal(key.alg, 'RS256');
        assert.equal(key.use, 'sig');
      }
      await jwk.deleteJsonWebKey({ set: ID_TOKEN_SET, kid: 'symmetric-kid' });
    });

    test('jwks.json verifies what signingKey signs; a deleted ID token set is regenerated', async () => {
      const { keys } = server.gatehouse.services;
      const signer = await keys.signingKey(ID_TOKEN_SET);
      const token = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: signer.alg, kid: signer.kid }).sign(signer.key);
      const jwks = createLocalJWKSet((await wellknown.discoverJsonWebKeys()).data as Parameters<typeof createLocalJWKSet>[0]);
      assert.equal((await jwtVerify(token, jwks)).payload.sub, 'x');

      await jwk.deleteJsonWebKeySet({ set: ID_TOKEN_SET });
      const regenerated = (await wellknown.discoverJsonWebKeys()).data.keys!;
      const idKeys = (await jwk.getJsonWebKeySet({ set: ID_TOKEN_SET })).data.keys!;
      assert.equal(idKeys.length, 1);
      assert.ok(regenerated.some((k) => k.kid === idKeys[0]!.kid));
      const next = await keys.signingKey(ID_TOKEN_SET);
      assert.equal(next.kid, idKeys[0]!.kid, 'the cache does not serve the deleted key');
      const jws = await new SignJWT({}).setProtectedHeader({ alg: next.alg, kid: next.kid }).sign(next.key);
      await compactVerify(jws, createLocalJWKSet({ keys: regenerated } as Parameters<typeof createLocalJWKSet>[0]));
    });

    test('at rest: private material only encrypted, bound to set and kid, unreadable with another secret', async () => {
      const set = unique('at-rest');
      const created = (await jwk.createJsonWebKeySet({ set, createJsonWebKeySet: { alg: 'RS256', kid: 'rsa', use: 'sig' } })).data.keys![0]!;
      const secret = (await jwk.createJsonWebKeySet({ set, createJsonWebKeySet: { alg: 'HS256', kid: 'hmac', use: 'sig' } })).data.keys![0]!;
      const rows = await server.gatehouse.db.prisma.jsonWebKey.findMany({ where: { setId: set } });
      assert.equal(rows.length, 2);
      const rsaRow = rows.find((r) => r.kid === 'rsa')!;
      const hmacRow = rows.find((r) => r.kid === 'hmac')!;
      for (const row of rows) {
        const stored = JSON.stringify(row);
        assert.doesNotMatch(stored, /"d"|"p"|"q"|"dp"|"dq"|"qi"|"k"/, 'no private member name in clear');
        assert.equal(stored.includes(created.d!), false);
        assert.equal(stored.includes(secret.k!), false);
        assert.match(row.encryptedJwk, /^v1\./);
      }
      assert.deepEqual(Object.keys(rsaRow.publicJwk as object).sort(), ['alg', 'e', 'kid', 'kty', 'n', 'use']);
      assert.equal((rsaRow.publicJwk as { n: string }).n, created.n);
      assert.equal(hmacRow.publicJwk, null, 'nothing of a symmetric key in clear');

      const ad = JSON.stringify(['jwk', set, 'rsa']);
      const right = new Aead(['test-system-secret-0123456789'], 'jwk');
      assert.equal(JSON.parse(right.decrypt(rsaRow.encryptedJwk, ad)).d, created.d);
      assert.throws(() => new Aead(['another-secret-0123456789abc'], 'jwk').decrypt(rsaRow.encryptedJwk, ad), { code: 'ERR_DECRYPTION_FAILED' });
      assert.throws(() => right.decrypt(rsaRow.encryptedJwk, JSON.stringify(['jwk', set, 'hmac'])), { code: 'ERR_DECRYPTION_FAILED' });
      assert.throws(() => new Aead(['test-system-secret-0123456789'], 'other').decrypt(rsaRow.encryptedJwk, ad), { code: 'ERR_DECRYPTION_FAILED' });
    });

    test('start-up created one RS256 key in each default set', async () => {
      for (const set of [ID_TOKEN_SET, ACCESS_TOKEN_SET]) {
        const rows = await server.gatehouse.db.prisma.jsonWebKey.findMany({ where: { setId: set } });
        assert.ok(rows.length >= 1, set);
        assert.ok(rows.every((r) => r.alg === 'RS256'));
      }
      const accessRows = await server.gatehouse.db.prisma.jsonWebKey.findMany({ where: { setId: ACCESS_TOKEN_SET } });
      assert.equal(accessRows.length, 1);
    });
  });
}
