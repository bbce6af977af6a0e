// Trusted JWT-bearer issuers through the GraphQL admin plane of a real
// Gatehouse, checked against the REST trust API of the same server, on every
// backend of this run.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startTestServer, type TestServer } from '../support/server.js';
import {
  DeleteTrustedJwtIssuerDocument,
  TrustedJwtIssuerDocument,
  TrustedJwtIssuersDocument,
  TrustJwtIssuerDocument,
  type TrustJwtIssuerInput,
} from './generated/graphql.js';
import { data, failure, getJson } from './support.js';
import { issuerKey, type IssuerKey } from '../trust/support.js';

for (const backend of backends) {
  describe(`GraphQL trusted JWT-bearer issuers (${backend})`, () => {
    let server: TestServer;
    let key: IssuerKey;
    before(async () => {
      server = await startTestServer({ backend });
      key = await issuerKey();
    });
    after(() => server?.close());

    const input = (overrides: Partial<TrustJwtIssuerInput> = {}): TrustJwtIssuerInput => ({
      issuer: 'https://graph.example',
      subject: 'alice',
      scope: ['read'],
      jwk: key.jwk,
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      ...overrides,
    });
    const trustJwtIssuer = (overrides: Partial<TrustJwtIssuerInput> = {}) =>
      data(server.adminUrl, TrustJwtIssuerDocument, { input: input(overrides) }).then((d) => d.trustJwtIssuer);

    test('trustJwtIssuer, then REST and trustedJwtIssuer show the same trust; deleteTrustedJwtIssuer removes it', async () => {
      const created = await trustJwtIssuer();
      assert.equal(created.issuer, 'https://graph.example');
      assert.deepEqual(created.publicKey, { set: 'https://graph.example', kid: key.jwk.kid });
      assert.deepEqual(created.jwk, key.jwk);

      const rest = await getJson(`${server.adminUrl}/admin/trust/grants/jwt-bearer/issuers/${created.id}`);
      assert.equal(rest.status, 200);
      assert.equal(rest.body.subject, created.subject);
      assert.equal(rest.body.allow_any_subject, created.allowAnySubject);
      assert.deepEqual(rest.body.scope, created.scope);
      assert.deepEqual(rest.body.public_key, created.publicKey);
      assert.equal(Date.parse(rest.body.expires_at), Date.parse(created.expiresAt as string));
      assert.equal(Date.parse(rest.body.created_at), Date.parse(created.createdAt as string));

      const read = await data(server.adminUrl, TrustedJwtIssuerDocument, { id: created.id });
      assert.deepEqual(read.trustedJwtIssuer, created);

      assert.equal((await data(server.adminUrl, DeleteTrustedJwtIssuerDocument, { id: created.id })).deleteTrustedJwtIssuer, true);
      assert.equal((await data(server.adminUrl, TrustedJwtIssuerDocument, { id: created.id })).trustedJwtIssuer, null);
      const again = await failure(server.adminUrl, DeleteTrustedJwtIssuerDocument, { id: created.id });
      assert.equal(again.extensions?.status, 404);
    });

    test('the service\'s rules and errors: duplicate, both subject kinds, private key', async () => {
      const own = await issuerKey();
      await trustJwtIssuer({ issuer: 'https://rules.example', jwk: own.jwk });
      const duplicate = await failure(server.adminUrl, TrustJwtIssuerDocument, { input: input({ issuer: 'https://rules.example', jwk: own.jwk }) });
      assert.equal(duplicate.extensions?.status, 409);
      const both = await failure(server.adminUrl, TrustJwtIssuerDocument, { input: input({ allowAnySubject: true }) });
      assert.equal(both.extensions?.code, 'missing_required_parameter');
      assert.equal(both.extensions?.status, 400);
      const { exportJWK } = await import('jose');
      const privateJwk = { ...(await exportJWK(own.privateKey)), kid: 'p' };
      const refused = await failure(server.adminUrl, TrustJwtIssuerDocument, { input: input({ issuer: 'https://rules.example', jwk: privateJwk }) });
      assert.equal(refused.extensions?.code, 'invalid_request');
      const malformed = await failure(server.adminUrl, TrustedJwtIssuerDocument, { id: 'not-a-uuid' });
      assert.equal(malformed.extensions?.status, 400);
    });

    test('trustedJwtIssuers: issuer filter, totalCount and cursors like the REST pages', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await trustJwtIssuer({ issuer: 'https://paged.example', jwk: (await issuerKey()).jwk })).id);
      const first = (await data(server.adminUrl, TrustedJwtIssuersDocument, { issuer: 'https://paged.example', first: 2 })).trustedJwtIssuers;
      assert.equal(first.totalCount, 3);
      assert.deepEqual(first.edges.map((e) => e.node.id), ids.slice(0, 2));
      assert.equal(first.pageInfo.hasNextPage, true);
      const second = (await data(server.adminUrl, TrustedJwtIssuersDocument, { issuer: 'https://paged.example', first: 2, after: first.pageInfo.endCursor })).trustedJwtIssuers;
      assert.deepEqual(second.edges.map((e) => e.node.id), ids.slice(2));
      assert.equal(second.pageInfo.hasNextPage, false);
      const all = (await data(server.adminUrl, TrustedJwtIssuersDocument, {})).trustedJwtIssuers;
      assert.ok(all.totalCount > 3);
    });
  });
}
