// OpenID Connect Dynamic Client Registration at /oauth2/register on the public
// listener, driven through Ory's SDK (OidcApi) and a certified relying party
// (openid-client's dynamicClientRegistration), on every backend of this run.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Configuration, OAuth2Api, OidcApi, type OAuth2Client } from '@ory/hydra-client';
import * as oidc from 'openid-client';
import { backends, startTestServer, type TestServer } from '../support/server.js';
import { failure } from '../support/sdk.js';

const UNAUTHORIZED = {
  error: 'The request could not be authorized',
  error_description: 'The requested OAuth 2.0 client does not exist or you provided incorrect credentials.',
};
const OWN_SECRET = 'It is not allowed to choose your own OAuth2 Client secret.';
const INVALID_REQUEST_HINT =
  'Make sure that the various parameters are correct, be aware of case sensitivity and trim your parameters. Make sure that the client you are using has exactly whitelisted the redirect_uri you specified.';

for (const backend of backends) {
  describe(`dynamic client registration (${backend})`, () => {
    let server: TestServer;
    let admin: OAuth2Api;
    /** The OIDC API as a client holding `token` (none: no Authorization header). */
    const oidcApi = (token?: string) => new OidcApi(new Configuration({ basePath: server.publicUrl, ...(token !== undefined && { accessToken: token }) }));
    before(async () => {
      server = await startTestServer({
        backend,
        env: { OIDC_DYNAMIC_CLIENT_REGISTRATION_ENABLED: 'true', OIDC_DYNAMIC_CLIENT_REGISTRATION_DEFAULT_SCOPE: 'openid email' },
      });
      admin = new OAuth2Api(new Configuration({ basePath: server.adminUrl }));
    });
    after(() => server?.close());

    const register = async (client: OAuth2Client) => (await oidcApi().createOidcDynamicClient({ oAuth2Client: client })).data;

    test('register: server-chosen id and secret, the default scope, a registration token and URI; discovery advertises the endpoint', async () => {
      const res = await oidcApi().createOidcDynamicClient({ oAuth2Client: { client_id: 'chosen-by-me', client_name: 'rp', redirect_uris: ['https://rp.example/cb'] } });
      assert.equal(res.status, 201);
      const c = res.data;
      assert.notEqual(c.client_id, 'chosen-by-me');
      assert.match(c.client_id!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.match(c.client_secret!, /^[a-zA-Z0-9_.~-]{26}$/);
      assert.equal(c.scope, 'openid email');
      assert.match(c.registration_access_token!, /^ory_at_[\w-]{43}$/);
      assert.equal(c.registration_client_uri, `${server.publicUrl}/oauth2/register/${c.client_id}`);
      assert.equal(res.headers['location'], c.registration_client_uri);
      assert.ok(await server.gatehouse.services.clients.authenticate(c.client_id!, c.client_secret!));
      const row = await server.gatehouse.db.prisma.client.findUnique({ where: { id: c.client_id! } });
      assert.equal(row?.registrationAccessTokenHash, createHash('sha256').update(c.registration_access_token!).digest('base64url'), 'only the digest is stored');

      const discovery = (await (await fetch(`${server.publicUrl}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
      assert.equal(discovery.registration_endpoint, `${server.publicUrl}/oauth2/register`);
    });

    test('register: the secret, metadata, access token strategy and consent skipping are not the client’s to choose', async () => {
      const cases: [OAuth2Client, number, Record<string, string>][] = [
        [{ client_secret: 'mysecretsecret' }, 400, { error: 'The request was malformed or contained invalid parameters', error_description: OWN_SECRET }],
        [
          { metadata: { tier: 'gold' } },
          400,
          {
            error: 'invalid_client_metadata',
            error_description:
              "The value of one of the Client Metadata fields is invalid and the server has rejected this request. Note that an Authorization Server MAY choose to substitute a valid value for any requested parameter of a Client's Metadata. 'metadata' cannot be set for dynamic client registration",
          },
        ],
        [{ access_token_strategy: 'jwt' }, 400, { error: 'The request was malformed or contained invalid parameters', error_description: 'It is not allowed to choose your own access token strategy.' }],
        [{ skip_consent: true }, 400, { error: 'invalid_request', error_description: `'skip_consent' cannot be set for dynamic client registration ${INVALID_REQUEST_HINT}` }],
        [{ skip_logout_consent: true }, 400, { error: 'invalid_request', error_description: `'skip_logout_consent' cannot be set for dynamic client registration ${INVALID_REQUEST_HINT}` }],
      ];
      const before = (await admin.listOAuth2Clients({ pageSize: 500 })).data.length;
      for (const [client, status, body] of cases) {
        const res = await failure(oidcApi().createOidcDynamicClient({ oAuth2Client: client }));
        assert.equal(res.status, status, JSON.stringify(client));
        assert.deepEqual(res.data, body);
      }
      assert.equal((await admin.listOAuth2Clients({ pageSize: 500 })).data.length, before, 'nothing was stored');
    });

    test('read: with its registration token only; no secret, no metadata', async () => {
      const c = await register({ client_name: 'reader', redirect_uris: ['https://rp.example/cb'] });
      const res = await oidcApi(c.registration_access_token).getOidcDynamicClient({ id: c.client_id! });
      assert.equal(res.status, 200);
      assert.equal(res.data.client_name, 'reader');
      assert.equal(res.data.client_secret, undefined);
      assert.equal(res.data.registration_access_token, undefined);
      assert.equal('metadata' in res.data, false);
      assert.equal(res.data.registration_client_uri, c.registration_client_uri);

      const other = await register({});
      for (const token of [undefined, '', 'ory_at_wrong', other.registration_access_token]) {
        const denied = await failure(oidcApi(token).getOidcDynamicClient({ id: c.client_id! }));
        assert.equal(denied.status, 401, String(token));
        assert.deepEqual(denied.data, UNAUTHORIZED);
      }
      const unknown = await failure(oidcApi(c.registration_access_token).getOidcDynamicClient({ id: 'no-such-client' }));
      assert.equal(unknown.status, 401);
      assert.deepEqual(unknown.data, UNAUTHORIZED);
    });

    test('replace: keeps the secret, rotates the registration token, refuses a chosen secret (403) and metadata', async () => {
      const c = await register({ client_name: 'before', redirect_uris: ['https://rp.example/cb'] });
      const res = await oidcApi(c.registration_access_token).setOidcDynamicClient({
        id: c.client_id!,
        oAuth2Client: { client_id: 'ignored', client_name: 'after', redirect_uris: ['https://rp.example/other'] },
      });
      assert.equal(res.status, 200);
      assert.equal(res.data.client_id, c.client_id);
      assert.equal(res.data.client_name, 'after');
      assert.equal(res.data.client_secret, undefined);
      assert.match(res.data.registration_access_token!, /^ory_at_/);
      assert.notEqual(res.data.registration_access_token, c.registration_access_token);
      assert.ok(await server.gatehouse.services.clients.authenticate(c.client_id!, c.client_secret!), 'the secret is unchanged');
      assert.deepEqual((await admin.getOAuth2Client({ id: c.client_id! })).data.redirect_uris, ['https://rp.example/other']);

      const stale = await failure(oidcApi(c.registration_access_token).getOidcDynamicClient({ id: c.client_id! }));
      assert.equal(stale.status, 401);
      const fresh = oidcApi(res.data.registration_access_token);
      assert.equal((await fresh.getOidcDynamicClient({ id: c.client_id! })).data.client_name, 'after');

      const secret = await failure(fresh.setOidcDynamicClient({ id: c.client_id!, oAuth2Client: { client_secret: 'mysecretsecret' } }));
      assert.equal(secret.status, 403);
      assert.deepEqual(secret.data, { error: 'The requested action was forbidden', error_description: OWN_SECRET });
      const metadata = await failure(fresh.setOidcDynamicClient({ id: c.client_id!, oAuth2Client: { metadata: {} } }));
      assert.equal(metadata.status, 400);
      assert.equal(metadata.data.error, 'invalid_client_metadata');
      assert.equal((await fresh.getOidcDynamicClient({ id: c.client_id! })).data.client_name, 'after', 'refused updates change nothing');
    });

    test('delete: 204, then the token no longer works and the client is gone', async () => {
      const c = await register({});
      const api = oidcApi(c.registration_access_token);
      const wrong = await failure(oidcApi('ory_at_wrong').deleteOidcDynamicClient({ id: c.client_id! }));
      assert.equal(wrong.status, 401);
      assert.equal((await api.deleteOidcDynamicClient({ id: c.client_id! })).status, 204);
      const after = await failure(api.getOidcDynamicClient({ id: c.client_id! }));
      assert.equal(after.status, 401);
      assert.deepEqual(after.data, UNAUTHORIZED);
      assert.equal((await failure(api.deleteOidcDynamicClient({ id: c.client_id! }))).status, 401);
      assert.equal((await failure(admin.getOAuth2Client({ id: c.client_id! }))).status, 404);
    });

    test('a client created through the admin API manages itself with the token it was given; its metadata stays hidden', async () => {
      const c = (await admin.createOAuth2Client({ oAuth2Client: { client_name: 'admin-made', metadata: { plan: 'gold' } } })).data;
      const read = await oidcApi(c.registration_access_token).getOidcDynamicClient({ id: c.client_id! });
      assert.equal(read.data.client_name, 'admin-made');
      assert.equal('metadata' in read.data, false);
    });

    test('openid-client registers through discovery and uses the client at the token endpoint', async () => {
      const config = await oidc.dynamicClientRegistration(
        new URL(server.publicUrl),
        { grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_post', scope: 'email' },
        undefined,
        { execute: [oidc.allowInsecureRequests] },
      );
      const metadata = config.clientMetadata();
      assert.match(String(metadata.client_id), /^[0-9a-f-]{36}$/);
      assert.match(String(metadata.registration_access_token), /^ory_at_/);
      const tokens = await oidc.clientCredentialsGrant(config, { scope: 'email' });
      assert.equal(tokens.token_type, 'bearer');
      assert.equal(tokens.scope, 'email');
    });
  });

  describe(`dynamic client registration disabled (default, ${backend})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ backend });
    });
    after(() => server?.close());

    test('every /oauth2/register route is a 404 with Hydra’s body, and discovery does not advertise it', async () => {
      const api = new OidcApi(new Configuration({ basePath: server.publicUrl, accessToken: 'ory_at_anything' }));
      const expected = { error: 'The requested resource could not be found', error_description: 'Dynamic registration is not enabled.' };
      for (const call of [
        api.createOidcDynamicClient({ oAuth2Client: { client_name: 'x' } }),
        api.getOidcDynamicClient({ id: 'x' }),
        api.setOidcDynamicClient({ id: 'x', oAuth2Client: {} }),
        api.deleteOidcDynamicClient({ id: 'x' }),
      ]) {
        const res = await failure(call);
        assert.equal(res.status, 404);
        assert.deepEqual(res.data, expected);
      }
      const raw = await fetch(`${server.publicUrl}/oauth2/register`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: 'not json' });
      assert.equal(raw.status, 404, 'the switch is checked before the body is read');
      const discovery = (await (await fetch(`${server.publicUrl}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
      assert.equal('registration_endpoint' in discovery, false);
      assert.equal((await server.gatehouse.services.clients.list({}, {})).items.length, 0);
    });
  });
}
