// Hydra's trust API (trusted JWT-bearer issuers) of a real Gatehouse, driven
// by @ory/hydra-client on every backend of this run.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Configuration, OAuth2Api } from '@ory/hydra-client';
import { backends, startTestServer, type TestServer } from '../support/server.js';
import { failure, parseLink } from '../support/sdk.js';
import { issuerKey, trust, trustBody, type IssuerKey } from './support.js';

const MISSING = 'One of the required parameters is missing. Check your request parameters.';

for (const backend of backends) {
  describe(`trusted JWT-bearer issuers through @ory/hydra-client (${backend})`, () => {
    let server: TestServer;
    let api: OAuth2Api;
    let key: IssuerKey;
    before(async () => {
      server = await startTestServer({ backend });
      api = new OAuth2Api(new Configuration({ basePath: server.adminUrl }));
      key = await issuerKey();
    });
    after(() => server?.close());

    const post = (body: unknown) =>
      fetch(`${server.adminUrl}/admin/trust/grants/jwt-bearer/issuers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (res) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> }));

    test('trust, read back and delete: Hydra\'s shape, public_key set = issuer, times to the second', async () => {
      const expiresAt = new Date(Date.now() + 3_600_000 + 400);
      const res = await api.trustOAuth2JwtGrantIssuer({ trustOAuth2JwtGrantIssuer: trustBody(key, { issuer: 'https://shape.example', expires_at: expiresAt.toISOString() }) });
      assert.equal(res.status, 201);
      const created = res.data;
      assert.equal(res.headers['location'], `/admin/trust/grants/jwt-bearer/issuers/${created.id}`);
      assert.match(created.id!, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.deepEqual(Object.keys(created), ['id', 'issuer', 'subject', 'allow_any_subject', 'scope', 'public_key', 'created_at', 'expires_at']);
      assert.equal(created.issuer, 'https://shape.example');
      assert.equal(created.subject, 'alice@example.com');
      assert.equal(created.allow_any_subject, false);
      assert.deepEqual(created.scope, ['read', 'write']);
      assert.deepEqual(created.public_key, { set: 'https://shape.example', kid: key.jwk.kid });
      assert.equal(created.expires_at, new Date(Math.round(expiresAt.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z'));
      assert.match(created.created_at!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

      const read = await api.getTrustedOAuth2JwtGrantIssuer({ id: created.id! });
      assert.equal(read.status, 200);
      assert.deepEqual(read.data, created);

      assert.equal((await api.deleteTrustedOAuth2JwtGrantIssuer({ id: created.id! })).status, 204);
      const gone = await failure(api.getTrustedOAuth2JwtGrantIssuer({ id: created.id! }));
      assert.equal(gone.status, 404);
      assert.deepEqual(gone.data, { error: 'Unable to locate the resource', error_description: '' });
      assert.equal((await failure(api.deleteTrustedOAuth2JwtGrantIssuer({ id: created.id! }))).status, 404);
    });

    test('allow_any_subject: subject stays empty', async () => {
      const created = await trust(api, await issuerKey(), { issuer: 'https://any.example', subject: undefined, allow_any_subject: true });
      assert.equal(created.subject, '');
      assert.equal(created.allow_any_subject, true);
    });

    test('the same issuer, subject and kid twice: 409; another kid is fine', async () => {
      const own = await issuerKey();
      await trust(api, own, { issuer: 'https://dup.example' });
      const dup = await failure(api.trustOAuth2JwtGrantIssuer({ trustOAuth2JwtGrantIssuer: trustBody(own, { issuer: 'https://dup.example' }) }));
      assert.equal(dup.status, 409);
      assert.equal(dup.data.error, 'Unable to insert or update resource because a resource with that value exists already');
      const other = await issuerKey();
      assert.equal((await api.trustOAuth2JwtGrantIssuer({ trustOAuth2JwtGrantIssuer: trustBody(other, { issuer: 'https://dup.example' }) })).status, 201);
    });

    test('missing or contradictory fields: 400 missing_required_parameter with Hydra\'s hints', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ issuer: '' }, "Field 'issuer' is required."],
        [{ subject: '' }, "One of 'subject' or 'allow_any_subject' field must be set."],
        [{ allow_any_subject: true }, "Both 'subject' and 'allow_any_subject' fields cannot be set at the same time."],
        [{ expires_at: undefined }, "Field 'expires_at' is required."],
        [{ jwk: { ...key.jwk, kid: undefined } }, "Field 'jwk' must contain JWK with kid header."],
      ];
      for (const [overrides, hint] of cases) {
        const res = await post({ ...trustBody(key, { issuer: 'https://missing.example' }), ...overrides });
        assert.equal(res.status, 400, hint);
        assert.deepEqual(res.body, { error: 'missing_required_parameter', error_description: `${MISSING} ${hint}` });
      }
    });

    test('undecodable bodies: 400 with the decoding error; a private or symmetric key is refused', async () => {
      const unknownType = await post({ ...trustBody(key), jwk: { alg: 'unknown', kid: 'x' } });
      assert.equal(unknownType.status, 400);
      assert.match(String(unknownType.body.error_description), /unknown json web key type/);
      const wrongType = await post({ ...trustBody(key), issuer: 42 });
      assert.equal(wrongType.status, 400);
      assert.match(String(wrongType.body.error_description), /cannot unmarshal number into Go struct field createGrantRequest.issuer of type string/);
      const badTime = await post({ ...trustBody(key), expires_at: 'tomorrow' });
      assert.equal(badTime.status, 400);
      assert.match(String(badTime.body.error_description), /parsing time/);

      const { privateKey } = key;
      const { exportJWK } = await import('jose');
      const privateJwk = { ...(await exportJWK(privateKey)), kid: 'private', alg: 'RS256', use: 'sig' };
      const refused = await post({ ...trustBody(key, { issuer: 'https://private.example' }), jwk: privateJwk });
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error, 'invalid_request');
      assert.match(String(refused.body.error_description), /must be a public key/);
      const symmetric = await post({ ...trustBody(key, { issuer: 'https://private.example' }), jwk: { kty: 'oct', k: 'c2VjcmV0', kid: 'hmac' } });
      assert.equal(symmetric.status, 400);
      assert.match(String(symmetric.body.error_description), /not a symmetric key/);
      const listed = await api.listTrustedOAuth2JwtGrantIssuers({ issuer: 'https://private.example' });
      assert.deepEqual(listed.data, []);
    });

    test('a malformed id is a 400, an unknown one a 404', async () => {
      const malformed = await failure(api.getTrustedOAuth2JwtGrantIssuer({ id: 'not-a-uuid' }));
      assert.equal(malformed.status, 400);
      assert.match(String(malformed.data.error_description), /^Unable to parse parameter id: /);
      assert.equal((await failure(api.deleteTrustedOAuth2JwtGrantIssuer({ id: 'nope' }))).status, 400);
      assert.equal((await failure(api.getTrustedOAuth2JwtGrantIssuer({ id: '00000000-0000-4000-8000-000000000000' }))).status, 404);
    });

    test('list: issuer filter, keyset pages through the Link header, no X-Total-Count', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await trust(api, await issuerKey(), { issuer: 'https://paged.example' })).id!);
      await trust(api, await issuerKey(), { issuer: 'https://other.example' });

      const first = await api.listTrustedOAuth2JwtGrantIssuers({ issuer: 'https://paged.example', pageSize: 2 });
      assert.equal(first.status, 200);
      assert.equal(first.headers['x-total-count'], undefined);
      assert.deepEqual(first.data.map((t) => t.id), ids.slice(0, 2));
      const next = new URL(parseLink(first.headers['link']).next!, server.adminUrl);
      assert.equal(next.searchParams.get('issuer'), 'https://paged.example');
      const second = await api.listTrustedOAuth2JwtGrantIssuers({
        issuer: 'https://paged.example',
        pageSize: 2,
        pageToken: next.searchParams.get('page_token')!,
      });
      assert.deepEqual(second.data.map((t) => t.id), ids.slice(2));
      assert.equal(parseLink(second.headers['link']).next, undefined);

      const all = await api.listTrustedOAuth2JwtGrantIssuers();
      assert.ok(all.data.some((t) => t.issuer === 'https://other.example'));
      assert.ok(all.data.length >= 4);
    });
  });
}
