// The admin client API of a real Gatehouse, driven by Ory's own SDK
// (@ory/hydra-client) on every backend of this run: what works against Hydra
// must work here unchanged.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Configuration, OAuth2Api, type OAuth2Client } from '@ory/hydra-client';
import { backends, startTestServer, type TestServer } from '../support/server.js';
import { failure, parseLink } from '../support/sdk.js';

const METADATA_DESCRIPTION =
  "The value of one of the Client Metadata fields is invalid and the server has rejected this request. Note that an Authorization Server MAY choose to substitute a valid value for any requested parameter of a Client's Metadata.";

for (const backend of backends) {
  describe(`admin clients API through @ory/hydra-client (${backend})`, () => {
    let server: TestServer;
    let api: OAuth2Api;
    before(async () => {
      server = await startTestServer({ backend });
      api = new OAuth2Api(new Configuration({ basePath: server.adminUrl }));
    });
    after(() => server?.close());

    const authenticates = (id: string, secret: string) =>
      server.gatehouse.services.clients.authenticate(id, secret).then(
        () => true,
        () => false,
      );

    test('create with a generated id and secret: 201, Hydra defaults, secret shown once', async () => {
      const res = await api.createOAuth2Client({ oAuth2Client: { client_name: 'sdk app', redirect_uris: ['https://app.example/cb'], metadata: { foo: 'bar' } } });
      assert.equal(res.status, 201);
      assert.equal(res.headers['location'], `/admin/clients/${res.data.client_id}`);
      const c = res.data;
      assert.match(c.client_id!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.match(c.client_secret!, /^[a-zA-Z0-9_.~-]{26}$/);
      assert.equal(c.token_endpoint_auth_method, 'client_secret_basic');
      assert.equal(c.scope, 'offline_access offline openid');
      assert.equal(c.subject_type, 'public');
      assert.equal(c.userinfo_signed_response_alg, 'none');
      assert.deepEqual(c.jwks, {});
      assert.deepEqual(c.metadata, { foo: 'bar' });
      assert.deepEqual(c.audience, []);
      assert.deepEqual(c.grant_types, []);
      assert.equal(c.skip_consent, false);
      assert.equal(c.skip_logout_consent, null);
      assert.equal(c.authorization_code_grant_access_token_lifespan, null);
      assert.equal(c.client_secret_expires_at, 0);
      assert.match(c.created_at!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      // Members Go omits when empty are absent, as from Hydra.
      for (const member of ['jwks_uri', 'request_uris', 'post_logout_redirect_uris', 'access_token_strategy', 'frontchannel_logout_session_required']) {
        assert.equal(member in c, false, member);
      }
      assert.ok(await authenticates(c.client_id!, c.client_secret!));

      const read = await api.getOAuth2Client({ id: c.client_id! });
      assert.equal(read.status, 200);
      assert.equal(read.data.client_secret, undefined);
      // Hydra issues every client a registration access token, shown once like the secret.
      assert.match(c.registration_access_token!, /^ory_at_[\w-]{43}$/);
      assert.equal(c.registration_client_uri, `${server.publicUrl}/oauth2/register/${c.client_id}`);
      const { client_secret: _secret, registration_access_token: _token, registration_client_uri: _uri, ...shown } = c;
      assert.deepEqual(read.data, shown);
    });

    test('create with a given id and secret; a duplicate id is a 409', async () => {
      const id = `given-${backend}`;
      const res = await api.createOAuth2Client({ oAuth2Client: { client_id: id, client_secret: 'averylongsecret', token_endpoint_auth_method: 'client_secret_post' } });
      assert.equal(res.data.client_id, id);
      assert.equal(res.data.client_secret, 'averylongsecret');
      assert.ok(await authenticates(id, 'averylongsecret'));
      const dup = await failure(api.createOAuth2Client({ oAuth2Client: { client_id: id } }));
      assert.equal(dup.status, 409);
      assert.deepEqual(dup.data, { error: 'Unable to insert or update resource because a resource with that value exists already', error_description: '' });
    });

    test('a public client gets no secret', async () => {
      const res = await api.createOAuth2Client({ oAuth2Client: { token_endpoint_auth_method: 'none' } });
      assert.equal(res.data.client_secret, undefined);
    });

    test('invalid metadata: 400 with Hydra error body', async () => {
      const short = await failure(api.createOAuth2Client({ oAuth2Client: { client_secret: 'short' } }));
      assert.equal(short.status, 400);
      assert.deepEqual(short.data, {
        error: 'invalid_client_metadata',
        error_description: `${METADATA_DESCRIPTION} Field client_secret must contain a secret that is at least 6 characters long.`,
      });
      const redirect = await failure(api.createOAuth2Client({ oAuth2Client: { redirect_uris: ['https://app.example/cb#frag'] } }));
      assert.equal(redirect.status, 400);
      assert.deepEqual(redirect.data, {
        error: 'invalid_redirect_uri',
        error_description: 'The value of one or more redirect_uris is invalid. Redirect URIs must not contain fragments (#).',
      });
      const wrongType = await failure(api.createOAuth2Client({ oAuth2Client: { client_name: 42 as unknown as string } }));
      assert.equal(wrongType.status, 400);
      assert.equal(wrongType.data.error, 'The request was malformed or contained invalid parameters');
    });

    test('list: keyset pages through the Link header, X-Total-Count, no duplicates; filters', async () => {
      const owner = `pager-${backend}-${Date.now()}`;
      const ids = new Set<string>();
      for (let i = 0; i < 5; i++) ids.add((await api.createOAuth2Client({ oAuth2Client: { client_name: `paged ${i}`, owner } })).data.client_id!);
      await api.createOAuth2Client({ oAuth2Client: { client_name: 'paged 1', owner: `${owner}-other` } });

      const seen: string[] = [];
      let pageToken: string | undefined;
      let pages = 0;
      let firstLink: string | undefined;
      for (;;) {
        const res = await api.listOAuth2Clients({ pageSize: 2, owner, ...(pageToken && { pageToken }) });
        pages++;
        assert.equal(res.status, 200);
        assert.equal(res.headers['x-total-count'], '5');
        assert.ok(res.data.length <= 2);
        for (const c of res.data) {
          assert.equal(c.owner, owner);
          assert.equal(c.client_secret, undefined);
          seen.push(c.client_id!);
        }
        const links = parseLink(res.headers['link']);
        assert.ok(links.first, 'a first link on every page');
        firstLink ??= links.first;
        assert.equal(links.first, firstLink);
        if (!links.next) break;
        const next = new URL(links.next, server.adminUrl);
        assert.equal(next.pathname, '/admin/clients');
        assert.equal(next.searchParams.get('page_size'), '2');
        assert.equal(next.searchParams.get('owner'), owner);
        pageToken = next.searchParams.get('page_token')!;
        assert.ok(pages < 10, 'pagination does not end');
      }
      assert.equal(pages, 3);
      assert.equal(seen.length, 5);
      assert.deepEqual(new Set(seen), ids);

      // The first link starts over.
      const first = new URL(firstLink!, server.adminUrl);
      const again = await api.listOAuth2Clients({ pageSize: 2, owner, pageToken: first.searchParams.get('page_token')! });
      assert.deepEqual(again.data.map((c) => c.client_id), seen.slice(0, 2));

      const byName = await api.listOAuth2Clients({ clientName: 'paged 1', owner });
      assert.deepEqual(byName.data.map((c) => c.client_name), ['paged 1']);
      assert.equal(byName.headers['x-total-count'], '1');
      assert.equal(parseLink(byName.headers['link']).next, undefined);
      const byNameOnly = await api.listOAuth2Clients({ clientName: 'paged 1' });
      assert.ok(byNameOnly.data.length >= 2);
      assert.ok(byNameOnly.data.every((c) => c.client_name === 'paged 1'));

      const bad = await failure(api.listOAuth2Clients({ pageToken: 'garbage' }));
      assert.equal(bad.status, 400);
    });

    test('get: 404 body shape for an unknown client', async () => {
      const missing = await failure(api.getOAuth2Client({ id: 'no-such-client' }));
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.data, { error: 'Unable to locate the resource', error_description: '' });
    });

    test('set (PUT) replaces the client; the secret stays unless a new one is given', async () => {
      const created = (await api.createOAuth2Client({ oAuth2Client: { client_name: 'before', scope: 'a b', contacts: ['x@example.com'] } })).data;
      const body: OAuth2Client = { client_name: 'after', redirect_uris: ['https://put.example/cb'] };
      const res = await api.setOAuth2Client({ id: created.client_id!, oAuth2Client: body });
      assert.equal(res.status, 200);
      assert.equal(res.data.client_id, created.client_id);
      assert.equal(res.data.client_name, 'after');
      assert.equal(res.data.scope, 'offline_access offline openid');
      assert.deepEqual(res.data.contacts, []);
      assert.equal(res.data.client_secret, undefined);
      assert.equal(res.data.created_at, created.created_at);
      assert.ok(await authenticates(created.client_id!, created.client_secret!));

      const withSecret = await api.setOAuth2Client({ id: created.client_id!, oAuth2Client: { ...body, client_secret: 'replaced-secret' } });
      assert.equal(withSecret.data.client_secret, 'replaced-secret');
      assert.ok(await authenticates(created.client_id!, 'replaced-secret'));
      assert.equal(await authenticates(created.client_id!, created.client_secret!), false);

      const missing = await failure(api.setOAuth2Client({ id: 'no-such-client', oAuth2Client: body }));
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.data, { error: 'Unable to locate the resource', error_description: '' });
      const invalid = await failure(api.setOAuth2Client({ id: created.client_id!, oAuth2Client: { subject_type: 'bogus' } }));
      assert.equal(invalid.status, 400);
      assert.equal(invalid.data.error, 'invalid_client_metadata');
    });

    test('patch (JSON Patch)', async () => {
      const created = (await api.createOAuth2Client({ oAuth2Client: { client_name: 'p', redirect_uris: ['https://a.example/cb'] } })).data;
      const res = await api.patchOAuth2Client({
        id: created.client_id!,
        jsonPatch: [
          { op: 'replace', path: '/client_name', value: 'patched' },
          { op: 'add', path: '/redirect_uris/-', value: 'https://b.example/cb' },
          { op: 'add', path: '/metadata/team', value: 'blue' },
        ],
      });
      assert.equal(res.status, 200);
      assert.equal(res.data.client_name, 'patched');
      assert.deepEqual(res.data.redirect_uris, ['https://a.example/cb', 'https://b.example/cb']);
      assert.deepEqual(res.data.metadata, { team: 'blue' });
      assert.equal(res.data.client_secret, undefined);
      assert.equal((await api.getOAuth2Client({ id: created.client_id! })).data.client_name, 'patched');
      assert.ok(await authenticates(created.client_id!, created.client_secret!));

      const secret = await api.patchOAuth2Client({ id: created.client_id!, jsonPatch: [{ op: 'replace', path: '/client_secret', value: 'patched-secret' }] });
      assert.equal(secret.data.client_secret, 'patched-secret');
      assert.ok(await authenticates(created.client_id!, 'patched-secret'));

      const idPatch = await failure(api.patchOAuth2Client({ id: created.client_id!, jsonPatch: [{ op: 'replace', path: '/client_id', value: 'other' }] }));
      assert.equal(idPatch.status, 400);
      const invalid = await failure(api.patchOAuth2Client({ id: created.client_id!, jsonPatch: [{ op: 'add', path: '/redirect_uris/-', value: 'https://a.example/#x' }] }));
      assert.equal(invalid.status, 400);
      assert.equal(invalid.data.error, 'invalid_redirect_uri');
      const missing = await failure(api.patchOAuth2Client({ id: 'no-such-client', jsonPatch: [{ op: 'replace', path: '/client_name', value: 'x' }] }));
      assert.equal(missing.status, 404);
    });

    test('lifespans', async () => {
      const created = (await api.createOAuth2Client({ oAuth2Client: { client_name: 'lifespans' } })).data;
      const res = await api.setOAuth2ClientLifespans({
        id: created.client_id!,
        oAuth2ClientTokenLifespans: { authorization_code_grant_access_token_lifespan: '31h', client_credentials_grant_access_token_lifespan: '90m' },
      });
      assert.equal(res.status, 200);
      assert.equal(res.data.authorization_code_grant_access_token_lifespan, '31h0m0s');
      assert.equal(res.data.client_credentials_grant_access_token_lifespan, '1h30m0s');
      assert.equal(res.data.implicit_grant_id_token_lifespan, null);
      assert.equal(res.data.client_name, 'lifespans');
      const read = await api.getOAuth2Client({ id: created.client_id! });
      assert.equal(read.data.client_credentials_grant_access_token_lifespan, '1h30m0s');

      const bad = await failure(
        api.setOAuth2ClientLifespans({ id: created.client_id!, oAuth2ClientTokenLifespans: { implicit_grant_access_token_lifespan: 'forever' } }),
      );
      assert.equal(bad.status, 400);
      const missing = await failure(api.setOAuth2ClientLifespans({ id: 'no-such-client', oAuth2ClientTokenLifespans: {} }));
      assert.equal(missing.status, 404);
    });

    // @ory/hydra-client v26 has no methods for the rotation endpoints (newer
    // than the SDK), so these two calls use fetch with the same base path.
    test('rotate secret: old and new authenticate until the rotated ones are deleted', async () => {
      const created = (await api.createOAuth2Client({ oAuth2Client: { client_name: 'rotating' } })).data;
      const url = `${server.adminUrl}/admin/clients/${encodeURIComponent(created.client_id!)}/secrets/rotate`;
      const rotated = await fetch(url, { method: 'POST' });
      assert.equal(rotated.status, 200);
      const body = (await rotated.json()) as OAuth2Client;
      assert.equal(body.client_id, created.client_id);
      assert.match(body.client_secret!, /^[a-zA-Z0-9_.~-]{26}$/);
      assert.notEqual(body.client_secret, created.client_secret);
      assert.equal((await api.getOAuth2Client({ id: created.client_id! })).data.client_secret, undefined);
      assert.ok(await authenticates(created.client_id!, created.client_secret!));
      assert.ok(await authenticates(created.client_id!, body.client_secret!));

      const cleared = await fetch(url, { method: 'DELETE' });
      assert.equal(cleared.status, 200);
      const clearedBody = (await cleared.json()) as OAuth2Client;
      assert.equal(clearedBody.client_id, created.client_id);
      assert.equal(clearedBody.client_secret, undefined);
      assert.equal(await authenticates(created.client_id!, created.client_secret!), false);
      assert.ok(await authenticates(created.client_id!, body.client_secret!));

      const missing = await fetch(`${server.adminUrl}/admin/clients/no-such-client/secrets/rotate`, { method: 'POST' });
      assert.equal(missing.status, 404);
      assert.deepEqual(await missing.json(), { error: 'Unable to locate the resource', error_description: '' });
    });

    test('delete: 204, then 404', async () => {
      const created = (await api.createOAuth2Client({ oAuth2Client: { client_name: 'doomed' } })).data;
      const res = await api.deleteOAuth2Client({ id: created.client_id! });
      assert.equal(res.status, 204);
      assert.equal((await failure(api.getOAuth2Client({ id: created.client_id! }))).status, 404);
      const again = await failure(api.deleteOAuth2Client({ id: created.client_id! }));
      assert.equal(again.status, 404);
      assert.deepEqual(again.data, { error: 'Unable to locate the resource', error_description: '' });
    });

    test('the database holds bcrypt hashes, never a plaintext secret', async () => {
      const created = (await api.createOAuth2Client({ oAuth2Client: { client_secret: 'plaintext-never-stored' } })).data;
      const rotated = (await (await fetch(`${server.adminUrl}/admin/clients/${created.client_id}/secrets/rotate`, { method: 'POST' })).json()) as OAuth2Client;
      const row = await server.gatehouse.db.prisma.client.findUnique({ where: { id: created.client_id! } });
      assert.ok(row);
      const dump = JSON.stringify(row);
      assert.ok(!dump.includes('plaintext-never-stored'));
      assert.ok(!dump.includes(rotated.client_secret!));
      assert.match(row.secretHash!, /^\$2[aby]\$04\$/);
      assert.deepEqual((row.rotatedSecretHashes as string[]).map((h) => h.slice(0, 7)), ['$2b$04$']);
    });
  });
}
