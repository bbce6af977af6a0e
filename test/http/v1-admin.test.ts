// Hydra v1's admin API (no /admin prefix) on the admin listener, driven with
// plain fetch as v1-era apps do, on every backend: the same answers as the
// current API reached through the SDK (as current Hydra gives), plus v1's
// offset paging of clients and token flush.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Configuration, JwkApi, OAuth2Api } from '@ory/hydra-client';
import { backends, startTestServer, type TestServer } from '../support/server.js';
import { failure, parseLink } from '../support/sdk.js';
import { Browser } from '../support/browser.js';

const LOGIN = 'http://login.test/login';
const CONSENT = 'http://consent.test/consent';
const REDIRECT = 'http://127.0.0.1:9999/cb';
/** Members v1-era apps read from a client, all still in v2's JSON. */
const V1_CLIENT_MEMBERS = ['client_id', 'client_name', 'redirect_uris', 'grant_types', 'response_types', 'scope', 'audience', 'owner', 'metadata', 'token_endpoint_auth_method', 'created_at', 'updated_at'];

type Json = Record<string, any>;

for (const backend of backends) {
  describe(`Hydra v1 admin paths (${backend})`, () => {
    let server: TestServer;
    let admin: OAuth2Api;
    let jwk: JwkApi;
    before(async () => {
      server = await startTestServer({ backend, env: { URLS_LOGIN: LOGIN, URLS_CONSENT: CONSENT } });
      admin = new OAuth2Api(new Configuration({ basePath: server.adminUrl }));
      jwk = new JwkApi(new Configuration({ basePath: server.adminUrl }));
    });
    after(() => server?.close());

    /** One call to the admin listener: status, headers and the JSON body (if any). */
    async function v1(method: string, path: string, body?: unknown): Promise<{ status: number; headers: Headers; body: any }> {
      const res = await fetch(`${server.adminUrl}${path}`, {
        method,
        ...(body !== undefined && { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
    }

    /** The root path answers the current API's client, which has every member v1 had. */
    function assertSameClient(v1Client: Json, v2Client: Json) {
      assert.deepEqual(v1Client, v2Client);
      for (const name of V1_CLIENT_MEMBERS) assert.ok(name in v1Client, name);
    }

    test('clients: create, read, replace, patch, list by limit/offset and delete under /clients, seen alike through /admin/clients', async () => {
      const created = await v1('POST', '/clients', { client_name: 'v1 app', redirect_uris: [REDIRECT], metadata: { era: 'v1' } });
      assert.equal(created.status, 201);
      const id = created.body.client_id as string;
      assert.equal(created.headers.get('location'), `/admin/clients/${id}`, 'as current Hydra, which serves /clients as /admin/clients');
      assert.match(created.body.client_secret, /^[a-zA-Z0-9_.~-]{26}$/);
      assert.ok(await server.gatehouse.services.clients.authenticate(id, created.body.client_secret));
      assertSameClient((await v1('GET', `/clients/${id}`)).body, (await admin.getOAuth2Client({ id })).data);
      assert.deepEqual((await v1('GET', `/clients/${id}`)).body.metadata, { era: 'v1' });

      const replaced = await v1('PUT', `/clients/${id}`, { client_name: 'v1 app renamed', redirect_uris: [REDIRECT] });
      assert.equal(replaced.status, 200);
      assert.equal((await admin.getOAuth2Client({ id })).data.client_name, 'v1 app renamed');
      const patched = await v1('PATCH', `/clients/${id}`, [{ op: 'replace', path: '/owner', value: 'v1-owner' }]);
      assert.equal(patched.status, 200);
      assertSameClient(patched.body, (await admin.getOAuth2Client({ id })).data);
      assert.equal(patched.body.owner, 'v1-owner');

      for (let i = 0; i < 2; i++) await v1('POST', '/clients', { owner: 'v1-owner' });
      const page = await v1('GET', '/clients?owner=v1-owner&limit=2&offset=1');
      assert.equal(page.status, 200);
      assert.equal(page.headers.get('x-total-count'), '3');
      const all = (await admin.listOAuth2Clients({ owner: 'v1-owner' })).data.map((c) => c.client_id);
      assert.deepEqual(page.body.map((c: Json) => c.client_id), all.slice(1, 3));
      const links = parseLink(page.headers.get('link') ?? undefined);
      assert.equal(new URL(links.first!, 'http://x').searchParams.get('offset'), '0');
      assert.equal(new URL(links.prev!, 'http://x').searchParams.get('offset'), '0');
      assert.equal(links.next, undefined);

      const beyond = await v1('GET', '/clients?limit=99999999999999999999&offset=99999999999999999999');
      assert.equal(beyond.status, 200, 'an absurd offset is an empty page');
      assert.deepEqual(beyond.body, []);

      const missing = await v1('GET', '/clients/no-such-client');
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.body, (await failure(admin.getOAuth2Client({ id: 'no-such-client' }))).data);
      const invalid = await v1('POST', '/clients', { client_secret: 'short' });
      assert.equal(invalid.status, 400);
      assert.equal(invalid.body.error, 'invalid_client_metadata');

      assert.equal((await v1('DELETE', `/clients/${id}`)).status, 204);
      assert.equal((await failure(admin.getOAuth2Client({ id }))).status, 404);
    });

    test('without limit/offset, /clients pages as /admin/clients does (page_size, page_token)', async () => {
      for (let i = 0; i < 3; i++) await v1('POST', '/clients', { owner: 'v2-paging' });
      const first = await v1('GET', '/clients?owner=v2-paging&page_size=2');
      const current = await fetch(`${server.adminUrl}/admin/clients?owner=v2-paging&page_size=2`);
      assert.equal(first.body.length, 2);
      assert.deepEqual(first.body, await current.json());
      assert.equal(first.headers.get('link'), current.headers.get('link'));
      assert.ok(parseLink(first.headers.get('link') ?? undefined).next, 'a next page token');
    });

    test('health and version answer at the root and under /admin, unknown paths are 404 in Hydra format', async () => {
      for (const path of ['/health/alive', '/admin/health/alive', '/version', '/admin/version']) {
        assert.equal((await v1('GET', path)).status, 200, path);
      }
      const missing = await v1('GET', '/no-such-path');
      assert.equal(missing.status, 404);
      assert.equal(missing.body.error, 'Unable to locate the resource');
    });

    test('paths v1 never had answer at the root as under /admin: trust, logout requests, GraphQL', async () => {
      const trusted = await v1('GET', '/trust/grants/jwt-bearer/issuers');
      assert.equal(trusted.status, 200);
      assert.deepEqual(trusted.body, (await v1('GET', '/admin/trust/grants/jwt-bearer/issuers')).body);
      const logout = await v1('GET', '/oauth2/auth/requests/logout?logout_challenge=unknown');
      assert.equal(logout.status, 404);
      assert.deepEqual(logout.body, (await failure(admin.getOAuth2LogoutRequest({ logoutChallenge: 'unknown' }))).data);
      const graphql = await v1('POST', '/graphql', { query: '{ __typename }' });
      assert.deepEqual(graphql.body, { data: { __typename: 'Query' } });
    });

    test('keys: generate, read, replace and delete under /keys, the same sets as /admin/keys', async () => {
      const created = await v1('POST', '/keys/v1-set', { alg: 'ES256', use: 'sig', kid: 'v1-key' });
      assert.equal(created.status, 201);
      assert.equal(created.body.keys[0].kid, 'v1-key');
      const read = await v1('GET', '/keys/v1-set');
      assert.deepEqual(read.body, (await jwk.getJsonWebKeySet({ set: 'v1-set' })).data);
      assert.deepEqual((await v1('GET', '/keys/v1-set/v1-key')).body, (await jwk.getJsonWebKey({ set: 'v1-set', kid: 'v1-key' })).data);
      assert.equal((await v1('DELETE', '/keys/v1-set/v1-key')).status, 204);
      assert.equal((await failure(jwk.getJsonWebKeySet({ set: 'v1-set' }))).status, 404);
    });

    test('an old-style login & consent app completes a flow through the v1 paths; sessions, introspection and revocation follow', async () => {
      const client = (await v1('POST', '/clients', {
        redirect_uris: [REDIRECT], scope: 'openid offline', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
      })).body;
      const browser = new Browser();
      const params = new URLSearchParams({ client_id: client.client_id, response_type: 'code', redirect_uri: REDIRECT, scope: 'openid offline', state: 'state-v1-flow' });
      let step = await browser.request(`${server.publicUrl}/oauth2/auth?${params}`);
      const loginChallenge = new URL(step.location!).searchParams.get('login_challenge')!;

      const loginRequest = await v1('GET', `/oauth2/auth/requests/login?login_challenge=${encodeURIComponent(loginChallenge)}`);
      assert.equal(loginRequest.status, 200);
      assert.equal(loginRequest.body.challenge, loginChallenge);
      assert.deepEqual(loginRequest.body.requested_scope, ['openid', 'offline']);
      assert.equal(loginRequest.body.client.client_id, client.client_id);
      assert.deepEqual(loginRequest.body, (await admin.getOAuth2LoginRequest({ loginChallenge })).data);

      const loginAccepted = await v1('PUT', `/oauth2/auth/requests/login/accept?login_challenge=${encodeURIComponent(loginChallenge)}`, { subject: 'v1-user', remember: true });
      assert.equal(loginAccepted.status, 200);
      step = await browser.request(loginAccepted.body.redirect_to);
      const consentChallenge = new URL(step.location!).searchParams.get('consent_challenge')!;

      const consentRequest = await v1('GET', `/oauth2/auth/requests/consent?consent_challenge=${encodeURIComponent(consentChallenge)}`);
      assert.equal(consentRequest.status, 200);
      assert.equal(consentRequest.body.subject, 'v1-user');
      assert.deepEqual(consentRequest.body, (await admin.getOAuth2ConsentRequest({ consentChallenge })).data);
      const consentRequestId = consentRequest.body.consent_request_id as string;

      const consentAccepted = await v1('PUT', `/oauth2/auth/requests/consent/accept?consent_challenge=${encodeURIComponent(consentChallenge)}`, {
        grant_scope: ['openid', 'offline'], remember: true, session: { id_token: { era: 'v1' } },
      });
      assert.equal(consentAccepted.status, 200);
      step = await browser.request(consentAccepted.body.redirect_to);
      assert.equal(step.status, 303, step.location);
      const code = new URL(step.location!).searchParams.get('code')!;

      const tokenResponse = await fetch(`${server.publicUrl}/oauth2/token`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Authorization: `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }),
      });
      assert.equal(tokenResponse.status, 200);
      const tokens = (await tokenResponse.json()) as Json;
      const introspect = async (token: string) =>
        (await fetch(`${server.adminUrl}/oauth2/introspect`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token }) })).json() as Promise<Json>;
      const active = await introspect(tokens.access_token);
      assert.equal(active.active, true);
      assert.equal(active.sub, 'v1-user');
      assert.deepEqual(active, (await admin.introspectOAuth2Token({ token: tokens.access_token })).data);

      const sessions = await v1('GET', '/oauth2/auth/sessions/consent?subject=v1-user');
      assert.equal(sessions.status, 200);
      assert.equal(sessions.body.length, 1);
      const [session] = sessions.body;
      for (const name of ['grant_scope', 'grant_access_token_audience', 'session', 'remember', 'remember_for', 'handled_at', 'consent_request']) {
        assert.ok(name in session, `v1 member ${name}`);
      }
      assert.deepEqual(sessions.body, (await admin.listOAuth2ConsentSessions({ subject: 'v1-user' })).data);
      assert.equal(session.consent_request_id, consentRequestId);

      const revoked = await v1('DELETE', `/oauth2/auth/sessions/consent?subject=v1-user&client=${client.client_id}`);
      assert.equal(revoked.status, 204);
      assert.deepEqual((await admin.listOAuth2ConsentSessions({ subject: 'v1-user' })).data, []);
      assert.equal((await introspect(tokens.access_token)).active, false, 'the tokens went with the consent');
      assert.equal((await introspect(tokens.refresh_token)).active, false);

      assert.equal((await v1('DELETE', '/oauth2/auth/sessions/login?subject=v1-user')).status, 204);
      const again = await browser.request(`${server.publicUrl}/oauth2/auth?${params}`);
      const nextChallenge = new URL(again.location!).searchParams.get('login_challenge')!;
      assert.equal((await v1('GET', `/oauth2/auth/requests/login?login_challenge=${encodeURIComponent(nextChallenge)}`)).body.skip, false, 'the login session is gone');
      const rejected = await v1('PUT', `/oauth2/auth/requests/login/reject?login_challenge=${encodeURIComponent(nextChallenge)}`, { error: 'access_denied' });
      assert.equal(rejected.status, 200);
      assert.match(rejected.body.redirect_to, /\/oauth2\/auth\?/);
    });

    test('DELETE /oauth2/tokens and POST /oauth2/flush: a client’s access tokens, then expired tokens requested before notAfter', async () => {
      const tokenFor = async (client: Json) => {
        const res = await fetch(`${server.publicUrl}/oauth2/token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64')}` },
          body: new URLSearchParams({ grant_type: 'client_credentials' }),
        });
        assert.equal(res.status, 200);
        return ((await res.json()) as Json).access_token as string;
      };
      const countOf = (clientId: string) => server.gatehouse.db.prisma.token.count({ where: { clientId } });
      const shortLived = (await v1('POST', '/clients', { grant_types: ['client_credentials'] })).body;
      const lifespans = await v1('PUT', `/clients/${shortLived.client_id}/lifespans`, { client_credentials_grant_access_token_lifespan: '1s' });
      assert.equal(lifespans.status, 200);
      assert.equal(lifespans.body.client_credentials_grant_access_token_lifespan, '1s');
      const longLived = (await v1('POST', '/clients', { grant_types: ['client_credentials'] })).body;

      await tokenFor(longLived);
      assert.equal((await v1('DELETE', `/oauth2/tokens?client_id=${longLived.client_id}`)).status, 204);
      assert.equal(await countOf(longLived.client_id), 0);

      await tokenFor(shortLived);
      await tokenFor(longLived);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      assert.equal((await v1('POST', '/oauth2/flush', { notAfter: '2000-01-01T00:00:00Z' })).status, 204);
      assert.equal(await countOf(shortLived.client_id), 1, 'requested after notAfter: kept');
      assert.equal((await v1('POST', '/oauth2/flush', {})).status, 204);
      assert.equal(await countOf(shortLived.client_id), 0, 'expired: flushed');
      assert.equal(await countOf(longLived.client_id), 1, 'still valid: kept');
      const bad = await v1('POST', '/oauth2/flush', { notAfter: 'yesterday' });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error, 'invalid_request');
    });
  });
}
