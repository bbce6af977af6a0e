// ClientService over an in-memory repository: Hydra's create/replace/patch/
// rotate rules, secrets kept only as hashes, keyset pages, authentication.
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ClientService } from '../../src/domain/client/service.js';
import { SecretCheckCache } from '../../src/domain/client/secret-cache.js';
import { OAuth2Error } from '../../src/domain/errors.js';
import { MemoryClientRepository } from './memory-repository.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const HYDRA_SECRET = /^[a-zA-Z0-9_.~-]{26}$/;

async function rejectsWith(promise: Promise<unknown>, status: number, error: string, description?: string) {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof OAuth2Error, String(err));
    assert.equal(err.status, status);
    assert.equal(err.error, error);
    if (description !== undefined) assert.equal(err.message, description);
    return true;
  });
}

describe('ClientService', () => {
  let repo: MemoryClientRepository;
  let service: ClientService;
  let clock: Date;
  beforeEach(() => {
    repo = new MemoryClientRepository();
    clock = new Date('2026-03-01T10:00:00.400Z');
    service = new ClientService(repo, { bcryptCost: 4, now: () => clock });
  });

  test('authenticate remembers a success, but a rotated-out or replaced secret stops working at once', async () => {
    const cache = new SecretCheckCache();
    service = new ClientService(repo, { bcryptCost: 4, now: () => clock, secretCheckCache: cache });
    const created = await service.create({ client_name: 'app' });
    const id = created.client_id;
    await service.authenticate(id, created.client_secret!);
    assert.ok(cache.has(id, repo.rows.get(id)!.secretHash!, created.client_secret!), 'the success is remembered');
    await rejectsWith(service.authenticate(id, 'wrong-secret'), 401, 'invalid_client');

    const rotated = await service.rotateSecret(id);
    await service.authenticate(id, created.client_secret!); // rotated secrets keep working
    await service.authenticate(id, rotated.client_secret!);
    await service.deleteRotatedSecrets(id);
    await rejectsWith(service.authenticate(id, created.client_secret!), 401, 'invalid_client');
    await service.replace(id, { ...created, client_secret: 'a-replaced-secret-123456' });
    await rejectsWith(service.authenticate(id, rotated.client_secret!), 401, 'invalid_client');
    await service.authenticate(id, 'a-replaced-secret-123456');
  });

  test('create generates a UUID v4 id and a 26-character secret, shown once, stored only hashed', async () => {
    const created = await service.create({ client_name: 'app' });
    assert.match(created.client_id, UUID_V4);
    assert.match(created.client_secret!, HYDRA_SECRET);
    assert.equal(created.created_at, '2026-03-01T10:00:00Z');
    assert.equal(created.updated_at, created.created_at);
    const row = repo.rows.get(created.client_id)!;
    assert.match(row.secretHash!, /^\$2[aby]\$04\$/);
    assert.ok(!JSON.stringify(row).includes(created.client_secret!));
    const read = await service.get(created.client_id);
    assert.equal(read.client_secret, undefined);
    assert.equal((await service.authenticate(created.client_id, created.client_secret!)).client_id, created.client_id);
  });

  test('create keeps a given id and secret; a taken id is a Hydra 409', async () => {
    const created = await service.create({ client_id: 'my-app', client_secret: 'averylongsecret' });
    assert.equal(created.client_id, 'my-app');
    assert.equal(created.client_secret, 'averylongsecret');
    await rejectsWith(
      service.create({ client_id: 'my-app' }),
      409,
      'Unable to insert or update resource because a resource with that value exists already',
      '',
    );
  });

  test('public clients (auth method none) get no secret', async () => {
    const created = await service.create({ token_endpoint_auth_method: 'none' });
    assert.equal(created.client_secret, undefined);
    assert.equal(repo.rows.get(created.client_id)!.secretHash, null);
    await rejectsWith(service.authenticate(created.client_id, ''), 401, 'invalid_client');
  });

  test('invalid metadata is refused before anything is stored', async () => {
    await rejectsWith(service.create({ client_secret: 'abc' }), 400, 'invalid_client_metadata');
    assert.equal(repo.calls.insert ?? 0, 0);
  });

  test('replace: every field replaced, the secret kept unless given (then rotated secrets are dropped)', async () => {
    const created = await service.create({ client_name: 'a', scope: 'x', contacts: ['c@example.com'] });
    clock = new Date('2026-03-01T11:00:00Z');
    const replaced = await service.replace(created.client_id, { client_name: 'b' });
    assert.equal(replaced.client_name, 'b');
    assert.equal(replaced.scope, 'offline_access offline openid');
    assert.deepEqual(replaced.contacts, []);
    assert.equal(replaced.client_secret, undefined);
    assert.equal(replaced.created_at, created.created_at);
    assert.equal(replaced.updated_at, '2026-03-01T11:00:00Z');
    await service.authenticate(created.client_id, created.client_secret!);

    const rotated = await service.rotateSecret(created.client_id);
    const withSecret = await service.replace(created.client_id, { client_name: 'c', client_secret: 'brand-new-secret' });
    assert.equal(withSecret.client_secret, 'brand-new-secret');
    await service.authenticate(created.client_id, 'brand-new-secret');
    await rejectsWith(service.authenticate(created.client_id, created.client_secret!), 401, 'invalid_client');
    await rejectsWith(service.authenticate(created.client_id, rotated.client_secret!), 401, 'invalid_client');
  });

  test('replace of an unknown client: validation first (400), then 404', async () => {
    await rejectsWith(service.replace('nope', { client_secret: 'abc' }), 400, 'invalid_client_metadata');
    await rejectsWith(service.replace('nope', {}), 404, 'Unable to locate the resource', '');
  });

  test('patch applies add/remove/replace and refuses what Hydra refuses', async () => {
    const created = await service.create({ client_name: 'before', redirect_uris: ['https://a.example/cb'], metadata: { a: 1 } });
    const patched = await service.patch(created.client_id, [
      { op: 'replace', path: '/client_name', value: 'after' },
      { op: 'add', path: '/redirect_uris/-', value: 'https://b.example/cb' },
      { op: 'add', path: '/metadata/deep/er', value: true },
      { op: 'remove', path: '/metadata/a' },
      // replace of a member absent from the document is tolerated (becomes add)
      { op: 'replace', path: '/jwks_uri', value: 'https://a.example/jwks' },
    ]);
    assert.equal(patched.client_name, 'after');
    assert.deepEqual(patched.redirect_uris, ['https://a.example/cb', 'https://b.example/cb']);
    assert.deepEqual(patched.metadata, { deep: { er: true } });
    assert.equal(patched.jwks_uri, 'https://a.example/jwks');
    assert.equal(patched.client_secret, undefined);
    await service.authenticate(created.client_id, created.client_secret!);

    await rejectsWith(service.patch(created.client_id, [{ op: 'move', from: '/owner', path: '/client_name' }]), 400, 'The request was malformed or contained invalid parameters');
    await rejectsWith(service.patch(created.client_id, [{ op: 'replace', path: '/client_id', value: 'other' }]), 400, 'The request was malformed or contained invalid parameters');
    await rejectsWith(service.patch(created.client_id, [{ op: 'replace', path: '/client_secret', value: 'abc' }]), 400, 'invalid_client_metadata');
    await rejectsWith(service.patch(created.client_id, [{ op: 'replace', path: '/redirect_uris', value: 'x' }]), 400, 'The request was malformed or contained invalid parameters');
    await rejectsWith(service.patch('nope', []), 404, 'Unable to locate the resource');
    assert.equal((await service.get(created.client_id)).client_name, 'after');
  });

  test('patching client_secret sets a new secret, echoed once', async () => {
    const created = await service.create({});
    const patched = await service.patch(created.client_id, [{ op: 'add', path: '/client_secret', value: 'patched-secret' }]);
    assert.equal(patched.client_secret, 'patched-secret');
    await service.authenticate(created.client_id, 'patched-secret');
    await rejectsWith(service.authenticate(created.client_id, created.client_secret!), 401, 'invalid_client');
  });

  test('setLifespans replaces all lifespans, leaving other fields alone', async () => {
    const created = await service.create({ client_name: 'keep', implicit_grant_id_token_lifespan: '1h' });
    const updated = await service.setLifespans(created.client_id, { client_credentials_grant_access_token_lifespan: '30m' });
    assert.equal(updated.client_credentials_grant_access_token_lifespan, '30m0s');
    assert.equal(updated.implicit_grant_id_token_lifespan, null);
    assert.equal(updated.client_name, 'keep');
    await rejectsWith(service.setLifespans(created.client_id, { client_credentials_grant_access_token_lifespan: 'later' }), 400, 'The request was malformed or contained invalid parameters');
  });

  test('rotation: old secrets keep working until deleted; at most five are kept; only secret-based methods rotate', async () => {
    const created = await service.create({});
    const secrets = [created.client_secret!];
    for (let i = 0; i < 6; i++) secrets.push((await service.rotateSecret(created.client_id)).client_secret!);
    assert.equal(new Set(secrets).size, 7);
    assert.equal(repo.rows.get(created.client_id)!.rotatedSecretHashes.length, 5);
    await service.authenticate(created.client_id, secrets[6]!);
    await service.authenticate(created.client_id, secrets[1]!);
    await rejectsWith(service.authenticate(created.client_id, secrets[0]!), 401, 'invalid_client');

    const cleared = await service.clearRotatedSecrets(created.client_id);
    assert.equal(cleared.client_secret, undefined);
    await service.authenticate(created.client_id, secrets[6]!);
    await rejectsWith(service.authenticate(created.client_id, secrets[5]!), 401, 'invalid_client');

    const pub = await service.create({ token_endpoint_auth_method: 'none' });
    await rejectsWith(
      service.rotateSecret(pub.client_id),
      400,
      'The request was malformed or contained invalid parameters',
      'The client is configured to use the "none" authentication method, which does not support client secret rotation.',
    );
  });

  test('authenticate: unknown client and wrong secret are the same 401', async () => {
    await rejectsWith(service.authenticate('nope', 'x'), 401, 'invalid_client');
    const created = await service.create({});
    await rejectsWith(service.authenticate(created.client_id, 'wrong-secret'), 401, 'invalid_client');
  });

  test('list pages by id with a next token until exhausted; filters apply', async () => {
    for (const name of ['c', 'a', 'e', 'b', 'd']) await service.create({ client_id: name, owner: 'o1', client_name: `n-${name}` });
    await service.create({ client_id: 'z', owner: 'o2' });
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await service.list({ owner: 'o1' }, { pageSize: 2, ...(token && { pageToken: token }) });
      assert.equal(page.total, 5);
      assert.equal(page.pageSize, 2);
      seen.push(...page.items.map((c) => c.client_id));
      token = page.nextPageToken;
      pages++;
    } while (token);
    assert.deepEqual(seen, ['a', 'b', 'c', 'd', 'e']);
    assert.equal(pages, 3);
    const byName = await service.list({ client_name: 'n-d' }, {});
    assert.deepEqual(byName.items.map((c) => c.client_id), ['d']);
    assert.equal(byName.nextPageToken, undefined);
    await rejectsWith(service.list({}, { pageToken: '!!!' }), 400, 'invalid_request');
  });

  test('getMany uses one repository call and skips unknown ids', async () => {
    await service.create({ client_id: 'one' });
    await service.create({ client_id: 'two' });
    repo.calls.getMany = 0;
    const found = await service.getMany(['one', 'two', 'missing', 'one']);
    assert.equal(repo.calls.getMany, 1);
    assert.deepEqual([...found.keys()].sort(), ['one', 'two']);
  });

  test('delete: 404 when missing', async () => {
    await service.create({ client_id: 'gone' });
    await service.delete('gone');
    await rejectsWith(service.delete('gone'), 404, 'Unable to locate the resource');
    await rejectsWith(service.get('gone'), 404, 'Unable to locate the resource');
  });
});
