// KeyService over an in-memory repository: set semantics, ensureSet under
// concurrency, the signing-key cache, and what jwks.json may show.
import { describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { CompactSign, compactVerify, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { Aead } from '../../src/domain/crypto/aead.js';
import { OAuth2Error } from '../../src/domain/errors.js';
import { ACCESS_TOKEN_SET, ID_TOKEN_SET, KeyService } from '../../src/domain/jwk/service.js';
import { DuplicateKeyError, type KeyRepository, type NewStoredKey, type StoredKey } from '../../src/domain/jwk/repository.js';

const PRIVATE = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

/** Behaves like the Prisma repository, with a yield before each call so concurrent callers interleave. */
export class MemoryKeyRepository implements KeyRepository {
  rows: StoredKey[] = [];
  private tick = () => new Promise<void>((r) => setImmediate(r));
  private newestFirst = (a: StoredKey, b: StoredKey) => b.createdAt.getTime() - a.createdAt.getTime() || b.pk.localeCompare(a.pk);
  async list(sets: readonly string[]) {
    await this.tick();
    return this.rows.filter((r) => sets.includes(r.set)).sort(this.newestFirst);
  }
  async find(set: string, kid: string) {
    await this.tick();
    return this.rows.find((r) => r.set === set && r.kid === kid) ?? null;
  }
  async insert(keys: readonly NewStoredKey[]) {
    await this.tick();
    const seen = new Set(this.rows.map((r) => `${r.set}\0${r.kid}`));
    for (const k of keys) {
      if (seen.has(`${k.set}\0${k.kid}`)) throw new DuplicateKeyError();
      seen.add(`${k.set}\0${k.kid}`);
    }
    const stored = keys.map((k) => ({ ...k, pk: randomUUID() }));
    this.rows.push(...stored);
    return stored;
  }
  async replaceKey(key: NewStoredKey) {
    this.rows = this.rows.filter((r) => !(r.set === key.set && r.kid === key.kid));
    return (await this.insert([key]))[0]!;
  }
  async replaceSet(set: string, keys: readonly NewStoredKey[]) {
    this.rows = this.rows.filter((r) => r.set !== set);
    return this.insert(keys);
  }
  async deleteKey(set: string, kid: string) {
    const before = this.rows.length;
    this.rows = this.rows.filter((r) => !(r.set === set && r.kid === kid));
    return before - this.rows.length;
  }
  async deleteSet(set: string) {
    const before = this.rows.length;
    this.rows = this.rows.filter((r) => r.set !== set);
    return before - this.rows.length;
  }
  async listSets() {
    return [...new Set(this.rows.map((r) => r.set))].sort();
  }
}

const aead = () => new Aead(['service-test-secret-0123456789'], 'jwk');
const newService = (repo = new MemoryKeyRepository()) => ({ repo, keys: new KeyService(repo, aead()) });
const errorBody = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof OAuth2Error, String(err));
    return { status: err.status, ...err.toJSON() };
  }
  assert.fail('expected a rejection');
};
const ecKey = async (kid: string) => ({ ...(await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey)), kid, use: 'sig', alg: 'ES256' });

describe('KeyService', () => {
  test('generate adds to the set, newest first; a taken kid is 409', async () => {
    const { keys } = newService();
    const first = await keys.generate('s', { alg: 'ES256', use: 'sig', kid: 'one' });
    assert.equal(first.keys.length, 1);
    assert.ok(first.keys[0]!.d);
    await new Promise((r) => setTimeout(r, 2));
    await keys.generate('s', { alg: 'HS256', use: 'sig', kid: 'two' });
    const set = await keys.getSet('s');
    assert.deepEqual(set.keys.map((k) => k.kid), ['two', 'one']);
    assert.ok(set.keys[0]!.k && set.keys[1]!.d, 'admin reads include private material');
    assert.deepEqual(await errorBody(keys.generate('s', { alg: 'ES256', use: 'sig', kid: 'one' })), {
      status: 409,
      error: 'Unable to insert or update resource because a resource with that value exists already',
      error_description: '',
    });
    assert.deepEqual(await errorBody(keys.generate('s', { alg: 'ES256', use: 'verify' as 'sig' })), {
      status: 400,
      error: 'Bad Request',
      error_description: 'The "use" parameter must be "sig" or "enc".',
    });
  });

  test('404 bodies: a set (Hydra x.ErrNotFound) and a key (sqlcon ErrNoRows)', async () => {
    const { keys } = newService();
    const setGone = { status: 404, error: 'Not Found', error_description: 'Unable to locate the requested resource' };
    const keyGone = { status: 404, error: 'Unable to locate the resource', error_description: '' };
    assert.deepEqual(await errorBody(keys.getSet('nope')), setGone);
    assert.deepEqual(await errorBody(keys.getKey('nope', 'k')), keyGone);
    assert.deepEqual(await errorBody(keys.deleteSet('nope')), setGone);
    assert.deepEqual(await errorBody(keys.deleteKey('nope', 'k')), keyGone);
  });

  test('replaceSet replaces every key; duplicate kids are 409; replaceKey stores under the body kid', async () => {
    const { keys } = newService();
    await keys.generate('s', { alg: 'ES256', use: 'sig', kid: 'old' });
    const [a, b] = [await ecKey('a'), await ecKey('b')];
    const replaced = await keys.replaceSet('s', { keys: [a, b] });
    assert.deepEqual(replaced.keys.map((k) => k.kid), ['a', 'b']);
    assert.deepEqual((await keys.getSet('s')).keys.map((k) => k.kid), ['b', 'a'], 'the last key of the body is the newest, as in Hydra');
    assert.equal((await errorBody(keys.replaceSet('s', { keys: [a, a] }))).status, 409);
    assert.deepEqual((await keys.getSet('s')).keys.map((k) => k.kid), ['b', 'a'], 'a failed replace changes nothing');

    const c = await ecKey('body-kid');
    assert.equal((await keys.replaceKey('s', 'path-kid', c)).kid, 'body-kid');
    assert.equal((await keys.getKey('s', 'body-kid')).keys[0]!.x, c.x);
    assert.equal((await errorBody(keys.getKey('s', 'path-kid'))).status, 404);
    const { kid: _omit, ...noKid } = await ecKey('x');
    assert.equal((await keys.replaceKey('s', 'path-kid', noKid as JWK)).kid, 'path-kid');
  });

  test('ensureSet creates one key, keeps an existing private key, and adds one to a public-only set', async () => {
    const { keys, repo } = newService();
    await keys.ensureSet('e', 'ES256');
    await keys.ensureSet('e', 'ES256');
    assert.equal(repo.rows.length, 1);
    assert.equal(repo.rows[0]!.alg, 'ES256');

    const pub = { ...(await exportJWK((await generateKeyPair('ES256')).publicKey)), kid: 'pub', use: 'sig', alg: 'ES256' };
    await keys.replaceSet('p', { keys: [pub] });
    await keys.ensureSet('p', 'ES256');
    const kids = (await keys.getSet('p')).keys.map((k) => k.kid);
    assert.equal(kids.length, 2);
    assert.equal(kids[1], 'pub');
  });

  test('ensureSet: concurrent calls in one process and in two instances leave exactly one key', async () => {
    const repo = new MemoryKeyRepository();
    const a = new KeyService(repo, aead());
    const b = new KeyService(repo, aead());
    await Promise.all([a.ensureSet('race', 'ES256'), a.ensureSet('race', 'ES256'), b.ensureSet('race', 'ES256'), b.ensureSet('race', 'ES256')]);
    assert.equal(repo.rows.filter((r) => r.set === 'race').length, 1);
    const [ka, kb] = [await a.signingKey('race'), await b.signingKey('race')];
    assert.equal(ka.kid, kb.kid);
  });

  test('signingKey: newest private key, imported once, refreshed when the set changes', async () => {
    const { keys } = newService();
    const [older, newer] = [await ecKey('older'), await ecKey('newer')];
    await keys.replaceSet('sig', { keys: [older, newer] });
    const decrypt = mock.method(Aead.prototype, 'decrypt');
    try {
      const first = await keys.signingKey('sig');
      assert.equal(first.kid, 'newer');
      assert.equal(first.alg, 'ES256');
      const calls = decrypt.mock.callCount();
      assert.ok(calls >= 1);
      const second = await keys.signingKey('sig');
      assert.equal(second.key, first.key, 'the same imported key object');
      assert.equal(decrypt.mock.callCount(), calls, 'no decryption on the second call');

      const jws = await new CompactSign(new TextEncoder().encode('x')).setProtectedHeader({ alg: first.alg, kid: first.kid }).sign(first.key);
      await compactVerify(jws, await importJWK({ ...newer, d: undefined }, 'ES256'));

      await keys.replaceKey('sig', 'newer', await ecKey('newer'));
      const replaced = await keys.signingKey('sig');
      assert.equal(replaced.kid, 'newer');
      assert.notEqual(replaced.key, first.key, 'a replaced key is re-imported');
      await keys.deleteKey('sig', 'newer');
      assert.equal((await keys.signingKey('sig')).kid, 'older');
    } finally {
      decrypt.mock.restore();
    }
  });

  test('signingKey asks the database once for repeated signatures, and again after a change made here', async () => {
    const { keys, repo } = newService();
    await keys.replaceSet('sig', { keys: [await ecKey('first')] });
    const list = mock.method(repo, 'list');
    try {
      assert.equal((await keys.signingKey('sig')).kid, 'first');
      await keys.signingKey('sig');
      await keys.signingKey('sig');
      assert.equal(list.mock.callCount(), 1, 'one query for three signatures');
      await keys.replaceSet('sig', { keys: [await ecKey('second')] });
      assert.equal((await keys.signingKey('sig')).kid, 'second');
      assert.equal(list.mock.callCount(), 2);
    } finally {
      list.mock.restore();
    }
  });

  test('signingKey skips public-only and enc keys, returns HS keys as secret KeyObjects, and generates when a set has none', async () => {
    const { keys, repo } = newService();
    const pub = { ...(await exportJWK((await generateKeyPair('ES256')).publicKey)), kid: 'pub', use: 'sig', alg: 'ES256' };
    const hs = { kty: 'oct', k: randomBytes(32).toString('base64url'), kid: 'hs', use: 'sig', alg: 'HS256' };
    const enc = { ...(await exportJWK((await generateKeyPair('ECDH-ES', { extractable: true })).privateKey)), kid: 'enc', use: 'enc', alg: 'ECDH-ES' };
    await keys.replaceSet('mixed', { keys: [hs, enc, pub] });
    const key = await keys.signingKey('mixed');
    assert.equal(key.kid, 'hs');
    assert.equal((key.key as { type?: string }).type, 'secret');

    const generated = await keys.signingKey('fresh', 'ES384');
    assert.equal(generated.alg, 'ES384');
    assert.equal(repo.rows.filter((r) => r.set === 'fresh').length, 1);
  });

  test('publicKeys: the ID token and access token sets, public halves only, no symmetric keys', async () => {
    const { keys } = newService();
    await keys.ensureSet(ID_TOKEN_SET, 'ES256');
    await keys.generate(ID_TOKEN_SET, { alg: 'HS256', use: 'sig', kid: 'secret' });
    await keys.generate('custom', { alg: 'ES256', use: 'sig', kid: 'custom' });
    // The access token set is absent: it is created (RS256) as Hydra does.
    const { keys: published } = await keys.publicKeys();
    const idKids = (await keys.getSet(ID_TOKEN_SET)).keys.filter((k) => k.kty !== 'oct').map((k) => k.kid);
    const atKids = (await keys.getSet(ACCESS_TOKEN_SET)).keys.map((k) => k.kid);
    assert.deepEqual(published.map((k) => k.kid).sort(), [...idKids, ...atKids].sort());
    assert.ok(published.some((k) => k.kty === 'RSA'));
    for (const key of published) {
      for (const member of PRIVATE) assert.equal(member in key, false, `${key.kid} has no ${member}`);
      assert.notEqual(key.kid, 'secret');
      assert.notEqual(key.kid, 'custom');
    }
  });

  test('publicKeys honours configured broadcast sets', async () => {
    const repo = new MemoryKeyRepository();
    const keys = new KeyService(repo, aead(), { broadcastSets: ['custom'] });
    await keys.generate('custom', { alg: 'EdDSA', use: 'sig', kid: 'ed' });
    await keys.ensureSet(ID_TOKEN_SET, 'ES256');
    await keys.ensureSet(ACCESS_TOKEN_SET, 'ES256');
    const kids = (await keys.publicKeys()).keys.map((k) => k.kid);
    assert.equal(kids[0], 'ed');
    assert.equal(kids.length, 3);
  });

  test('rows are bound to their set and kid: a row moved elsewhere does not decrypt', async () => {
    const { keys, repo } = newService();
    await keys.generate('bound', { alg: 'ES256', use: 'sig', kid: 'k' });
    repo.rows[0]!.kid = 'other';
    await assert.rejects(keys.getKey('bound', 'other'), { code: 'ERR_DECRYPTION_FAILED' });
    repo.rows[0]!.kid = 'k';
    repo.rows[0]!.set = 'elsewhere';
    await assert.rejects(keys.getSet('elsewhere'), { code: 'ERR_DECRYPTION_FAILED' });
  });

  test('listSets', async () => {
    const { keys } = newService();
    await keys.generate('b', { alg: 'ES256', use: 'sig' });
    await keys.generate('a', { alg: 'ES256', use: 'sig' });
    await keys.generate('a', { alg: 'ES256', use: 'sig' });
    assert.deepEqual(await keys.listSets(), ['a', 'b']);
  });
});
