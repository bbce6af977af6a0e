// Request objects (OIDC Core §6) end to end: built by openid-client
// (buildAuthorizationUrlWithJAR) or by hand with jose, passed by value or by a
// registered request_uri served from a local HTTP server; and the ways they
// are refused (to the error page: the redirect URI is not trusted yet).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { Configuration, OAuth2Api, type OAuth2Client } from '@ory/hydra-client';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, decodeJwt, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { Browser } from '../support/browser.js';
import { authorize, CALLBACK, CONSENT_URL, LOGIN_URL } from '../support/consent-app.js';
import { backends, startTestServer, type TestServer } from '../support/server.js';

const KID = 'rp-key';
const fragmentOf = (url: URL) => new URLSearchParams(url.hash.slice(1));

/** Serves request objects at /<name>; unknown names answer 404. */
async function requestObjectHost() {
  const objects = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const body = objects.get(req.url!.slice(1));
    res.statusCode = body === undefined ? 404 : 200;
    res.setHeader('content-type', 'application/oauth-authz-req+jwt');
    res.end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { objects, uri: (name: string) => `${base}/${name}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

for (const backend of backends) {
  describe(`request objects (${backend})`, () => {
    let server: TestServer;
    let admin: OAuth2Api;
    let issuer: URL;
    let keys: { privateKey: CryptoKey; publicJwk: JWK };
    let otherKey: CryptoKey;
    let host: Awaited<ReturnType<typeof requestObjectHost>>;
    before(async () => {
      server = await startTestServer({ backend, env: { URLS_LOGIN: LOGIN_URL, URLS_CONSENT: CONSENT_URL } });
      admin = new OAuth2Api(new Configuration({ basePath: server.adminUrl }));
      issuer = new URL(server.gatehouse.config['urls.self.issuer']);
      const pair = await generateKeyPair('RS256', { extractable: true });
      keys = { privateKey: pair.privateKey, publicJwk: { ...(await exportJWK(pair.publicKey)), kid: KID, use: 'sig', alg: 'RS256' } };
      otherKey = (await generateKeyPair('RS256')).privateKey;
      host = await requestObjectHost();
    });
    after(async () => {
      await host.close();
      await server.close();
    });

    async function createClient(more: Partial<OAuth2Client> = {}) {
      const { data } = await admin.createOAuth2Client({
        oAuth2Client: {
          redirect_uris: [CALLBACK],
          scope: 'openid profile',
          response_types: ['code', 'id_token'],
          grant_types: ['authorization_code', 'implicit'],
          jwks: { keys: [keys.publicJwk as never] },
          request_object_signing_alg: 'RS256',
          ...more,
        },
      });
      return data;
    }

    const sign = (claims: JWTPayload, key: CryptoKey = keys.privateKey) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: KID }).setIssuedAt().setExpirationTime('5m').sign(key);

    function authUrl(params: Record<string, string>) {
      const url = new URL('/oauth2/auth', issuer);
      url.search = new URLSearchParams(params).toString();
      return url;
    }

    /** The first answer of /oauth2/auth. */
    async function firstRedirect(url: URL): Promise<URL> {
      const res = await fetch(url, { redirect: 'manual' });
      assert.equal(res.status, 302, `status ${res.status}`);
      return new URL(res.headers.get('location')!);
    }

    async function refusedWith(url: URL, error: string, description?: RegExp) {
      const to = await firstRedirect(url);
      assert.equal(to.pathname, '/oauth2/fallbacks/error', `expected the error page, got ${to.href}`);
      assert.equal(to.searchParams.get('error'), error, to.searchParams.get('error_description') ?? '');
      if (description) assert.match(to.searchParams.get('error_description')!, description);
    }

    test("openid-client's JAR request: the object's parameters drive the whole code flow", async () => {
      const client = await createClient({ token_endpoint_auth_method: 'none' });
      const config = await oidc.discovery(issuer, client.client_id!, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
      const nonce = oidc.randomNonce();
      const state = oidc.randomState();
      const verifier = oidc.randomPKCECodeVerifier();
      const url = await oidc.buildAuthorizationUrlWithJAR(
        config,
        { redirect_uri: CALLBACK, scope: 'openid profile', nonce, state, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' },
        { key: keys.privateKey, kid: KID },
      );
      assert.deepEqual([...url.searchParams.keys()].sort(), ['client_id', 'request']);
      // OIDC Core §6.1: scope=openid must be outside too, or the request is plain OAuth 2.0 (fosite ignores the object then).
      url.searchParams.set('scope', 'openid');
      url.searchParams.set('response_type', 'code');

      const { callback } = await authorize(admin, new Browser(), url, { subject: 'pat' });
      const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
      assert.equal(tokens.claims()!.sub, 'pat');
      assert.equal(tokens.scope, 'openid profile', "the object's scope, with the query's");
    });

    test('by value: object values win over the query (state, nonce)', async () => {
      const client = await createClient({ token_endpoint_auth_method: 'none' });
      const nonce = oidc.randomNonce();
      const request = await sign({ client_id: client.client_id, response_type: 'id_token', redirect_uri: CALLBACK, scope: 'openid', nonce, state: 'object-state-1' });
      const url = authUrl({ client_id: client.client_id!, response_type: 'id_token', scope: 'openid', state: 'query-state-1', nonce: 'query-nonce-1', request });
      const { callback } = await authorize(admin, new Browser(), url, { subject: 'quinn' });
      const params = fragmentOf(callback);
      assert.equal(params.get('state'), 'object-state-1');
      assert.equal(decodeJwt(params.get('id_token')!).nonce, nonce);
    });

    test('by reference: a registered request_uri is fetched', async () => {
      const client = await createClient({ token_endpoint_auth_method: 'none', request_uris: [host.uri('good')] });
      const nonce = oidc.randomNonce();
      host.objects.set('good', await sign({ client_id: client.client_id, response_type: 'id_token', redirect_uri: CALLBACK, scope: 'openid', nonce, state: 'by-reference-1' }));
      const url = authUrl({ client_id: client.client_id!, response_type: 'id_token', scope: 'openid', request_uri: host.uri('good') });
      const { callback } = await authorize(admin, new Browser(), url, { subject: 'rae' });
      assert.equal(fragmentOf(callback).get('state'), 'by-reference-1');
      assert.equal(decodeJwt(fragmentOf(callback).get('id_token')!).nonce, nonce);
    });

    test("an unsigned object only for a client that registered 'none'", async () => {
      const claims = { response_type: 'code', redirect_uri: CALLBACK, scope: 'openid', state: 'unsigned-state' };
      const open = await createClient({ request_object_signing_alg: 'none', jwks: undefined });
      const accepted = await firstRedirect(authUrl({ client_id: open.client_id!, scope: 'openid', request: new UnsecuredJWT({ ...claims, client_id: open.client_id }).encode() }));
      assert.ok(accepted.href.startsWith(LOGIN_URL), accepted.href);

      const strict = await createClient();
      await refusedWith(
        authUrl({ client_id: strict.client_id!, scope: 'openid', request: new UnsecuredJWT({ ...claims, client_id: strict.client_id }).encode() }),
        'invalid_request_object',
        /enforces signing algorithm 'RS256'/,
      );
    });

    describe('refused', () => {
      let client: OAuth2Client;
      const base = { response_type: 'code', redirect_uri: CALLBACK, scope: 'openid', state: 'refused-state' };
      before(async () => {
        client = await createClient({ request_uris: [host.uri('missing')] });
      });
      const query = (params: Record<string, string>) => authUrl({ client_id: client.client_id!, scope: 'openid', ...params });

      test('a signature by another key', async () => {
        await refusedWith(query({ request: await sign({ ...base, client_id: client.client_id }, otherKey) }), 'invalid_request_object', /signature/);
      });

      test('an expired object', async () => {
        const expired = await new SignJWT({ ...base, client_id: client.client_id }).setProtectedHeader({ alg: 'RS256', kid: KID }).setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(keys.privateKey);
        await refusedWith(query({ request: expired }), 'invalid_request_object', /expiry time/);
      });

      test("another client's id, or another response_type, than the query's", async () => {
        await refusedWith(query({ request: await sign({ ...base, client_id: 'someone-else' }) }), 'invalid_request_object', /client_id/);
        await refusedWith(query({ response_type: 'id_token', request: await sign({ ...base, client_id: client.client_id }) }), 'invalid_request_object', /response_type/);
      });

      test('a request_uri the client did not register, or one that does not answer 200', async () => {
        await refusedWith(query({ request_uri: host.uri('unregistered') }), 'invalid_request_uri', /not whitelisted/);
        await refusedWith(query({ request_uri: host.uri('missing') }), 'invalid_request_uri', /got '404'/);
      });

      test('request and request_uri together', async () => {
        await refusedWith(query({ request: await sign({ ...base }), request_uri: host.uri('missing') }), 'invalid_request', /at most one/);
      });
    });
  });
}
