// The RFC 7523 jwt-bearer grant end to end: a client (openid-client v6)
// exchanges assertions signed by a trusted issuer (jose) at the token
// endpoint of a real Gatehouse, on every backend of this run.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { Configuration, OAuth2Api } from '@ory/hydra-client';
import { backends, startTestServer, type TestServer } from '../support/server.js';
import { assertion, issuerKey, JWT_BEARER, trust, type AssertionOptions, type IssuerKey } from './support.js';

for (const backend of backends) {
  describe(`jwt-bearer grant through openid-client (${backend})`, () => {
    let server: TestServer;
    let admin: OAuth2Api;
    let config: oidc.Configuration;
    let tokenEndpoint: string;
    let key: IssuerKey;

    before(async () => {
      server = await startTestServer({ backend });
      admin = new OAuth2Api(new Configuration({ basePath: server.adminUrl }));
      const { data: client } = await admin.createOAuth2Client({
        oAuth2Client: { grant_types: [JWT_BEARER, 'client_credentials'], scope: 'read write admin', token_endpoint_auth_method: 'client_secret_basic' },
      });
      const issuer = new URL(server.gatehouse.config['urls.self.issuer']);
      config = await oidc.discovery(issuer, client.client_id!, undefined, oidc.ClientSecretBasic(client.client_secret!), {
        execute: [oidc.allowInsecureRequests],
      });
      tokenEndpoint = config.serverMetadata().token_endpoint!;
      key = await issuerKey();
      await trust(admin, key);
    });
    after(() => server?.close());

    const exchange = async (options: Partial<AssertionOptions> & { scope?: string } = {}, signer = key) =>
      oidc.genericGrantRequest(config, JWT_BEARER, {
        assertion: await assertion(signer, { aud: tokenEndpoint, ...options }),
        ...(options.scope !== undefined && { scope: options.scope }),
      });

    /** The OAuth 2.0 error of a failed exchange. */
    const refused = async (attempt: Promise<unknown>) => {
      const err = await attempt.then(
        () => assert.fail('the exchange should have failed'),
        (e: unknown) => e as oidc.ResponseBodyError,
      );
      assert.ok(err instanceof oidc.ResponseBodyError, String(err));
      return { status: err.status, error: err.error, description: err.error_description ?? '' };
    };

    test('discovery advertises the grant', () => {
      assert.ok(config.serverMetadata().grant_types_supported?.includes(JWT_BEARER));
    });

    test('a trusted assertion gets an access token for its subject, with the requested scope, no refresh token', async () => {
      const tokens = await exchange({ scope: 'read' });
      assert.equal(tokens.token_type, 'bearer');
      assert.equal(tokens.scope, 'read');
      assert.equal(tokens.refresh_token, undefined);
      assert.ok(tokens.expires_in! > 3500 && tokens.expires_in! <= 3600);
      const { data } = await admin.introspectOAuth2Token({ token: tokens.access_token });
      assert.equal(data.active, true);
      assert.equal(data.sub, 'alice@example.com');
      assert.equal(data.client_id, config.clientMetadata().client_id);
      assert.equal(data.scope, 'read');
    });

    test('the client\'s jwt_bearer_grant_access_token_lifespan sets the token lifespan', async () => {
      const { data: client } = await admin.createOAuth2Client({ oAuth2Client: { grant_types: [JWT_BEARER], scope: 'read' } });
      await admin.setOAuth2ClientLifespans({ id: client.client_id!, oAuth2ClientTokenLifespans: { jwt_bearer_grant_access_token_lifespan: '5m' } });
      const shortLived = await oidc.discovery(new URL(server.gatehouse.config['urls.self.issuer']), client.client_id!, undefined, oidc.ClientSecretBasic(client.client_secret!), {
        execute: [oidc.allowInsecureRequests],
      });
      const tokens = await oidc.genericGrantRequest(shortLived, JWT_BEARER, { assertion: await assertion(key, { aud: tokenEndpoint }) });
      assert.ok(tokens.expires_in! > 290 && tokens.expires_in! <= 300, String(tokens.expires_in));
    });

    test('without kid the issuer\'s keys are tried; an any-subject trust covers every subject', async () => {
      assert.equal((await exchange({ kid: undefined })).scope, '');
      const anyKey = await issuerKey();
      await trust(admin, anyKey, { issuer: 'https://any.example', subject: undefined, allow_any_subject: true, scope: ['read'] });
      const tokens = await exchange({ iss: 'https://any.example', sub: 'bob', scope: 'read' }, anyKey);
      const { data } = await admin.introspectOAuth2Token({ token: tokens.access_token });
      assert.equal(data.sub, 'bob');
    });

    test('a wrong signature is refused', async () => {
      const impostor = await issuerKey();
      const err = await refused(exchange({ signWith: impostor.privateKey }));
      assert.equal(err.error, 'invalid_grant');
      assert.match(err.description, /Unable to verify the integrity of the 'assertion' value/);
      const withoutKid = await refused(exchange({ signWith: impostor.privateKey, kid: undefined }));
      assert.match(withoutKid.description, /No public JWK was registered for issuer/);
    });

    test('an unknown issuer or subject is refused', async () => {
      const unknownIssuer = await refused(exchange({ iss: 'https://stranger.example' }));
      assert.equal(unknownIssuer.status, 400);
      assert.equal(unknownIssuer.error, 'invalid_grant');
      assert.match(unknownIssuer.description, /No public JWK was registered for issuer 'https:\/\/stranger.example' and subject 'alice@example.com'/);
      assert.equal((await refused(exchange({ sub: 'mallory' }))).error, 'invalid_grant');
    });

    test('the audience must name the token endpoint', async () => {
      const err = await refused(exchange({ aud: 'https://elsewhere.example/token' }));
      assert.equal(err.error, 'invalid_grant');
      assert.match(err.description, /MUST contain an 'aud' \(audience\) claim containing a value '.*\/oauth2\/token'/);
      assert.ok((await exchange({ aud: ['https://elsewhere.example', tokenEndpoint] })).access_token);
    });

    test('exp is required, must not have passed, nor be beyond oauth2.grant.jwt.max_ttl', async () => {
      assert.match((await refused(exchange({ expiresIn: undefined }))).description, /MUST contain an 'exp'/);
      assert.match((await refused(exchange({ expiresIn: -60 }))).description, /request parameter expired/);
      assert.match((await refused(exchange({ expiresIn: 721 * 3600 }))).description, /unreasonably far in the future/);
      assert.match((await refused(exchange({ nbf: Math.floor(Date.now() / 1000) + 600 }))).description, /'nbf' \(not before\)/);
    });

    test('iat and jti are required by default; a jti is accepted once', async () => {
      assert.match((await refused(exchange({ iat: undefined }))).description, /MUST contain an 'iat'/);
      assert.match((await refused(exchange({ jti: undefined }))).description, /MUST contain an 'jti'/);
      const replayed = await assertion(key, { aud: tokenEndpoint, jti: 'once-only' });
      assert.ok((await oidc.genericGrantRequest(config, JWT_BEARER, { assertion: replayed })).access_token);
      const again = await refused(oidc.genericGrantRequest(config, JWT_BEARER, { assertion: replayed }));
      assert.equal(again.error, 'jti_known');
    });

    test('scope must be within the trust and the client', async () => {
      const outsideTrust = await refused(exchange({ scope: 'read admin' }));
      assert.equal(outsideTrust.error, 'invalid_scope');
      assert.match(outsideTrust.description, /registered for issuer 'https:\/\/idp.example' and subject 'alice@example.com' is not allowed to request scope 'admin'/);
      const outsideClient = await refused(exchange({ scope: 'delete' }));
      assert.equal(outsideClient.error, 'invalid_scope');
      assert.match(outsideClient.description, /The OAuth 2.0 Client is not allowed to request scope 'delete'/);
      // A refused scope does not spend the assertion.
      const reusable = await assertion(key, { aud: tokenEndpoint });
      await refused(oidc.genericGrantRequest(config, JWT_BEARER, { assertion: reusable, scope: 'admin' }));
      assert.ok((await oidc.genericGrantRequest(config, JWT_BEARER, { assertion: reusable, scope: 'write' })).access_token);
    });

    test('an expired trust is not used', async () => {
      const expiredKey = await issuerKey();
      await trust(admin, expiredKey, { issuer: 'https://expired.example', expires_at: new Date(Date.now() - 60_000).toISOString() });
      const err = await refused(exchange({ iss: 'https://expired.example' }, expiredKey));
      assert.equal(err.error, 'invalid_grant');
      assert.match(err.description, /No public JWK was registered/);
    });

    test('a deleted trust is not used', async () => {
      const deletedKey = await issuerKey();
      const created = await trust(admin, deletedKey, { issuer: 'https://deleted.example' });
      assert.ok((await exchange({ iss: 'https://deleted.example' }, deletedKey)).access_token);
      await admin.deleteTrustedOAuth2JwtGrantIssuer({ id: created.id! });
      assert.equal((await refused(exchange({ iss: 'https://deleted.example' }, deletedKey))).error, 'invalid_grant');
    });

    test('the client must have the grant type and authenticate', async () => {
      const { data: other } = await admin.createOAuth2Client({ oAuth2Client: { grant_types: ['client_credentials'], scope: 'read' } });
      const issuer = new URL(server.gatehouse.config['urls.self.issuer']);
      const otherConfig = await oidc.discovery(issuer, other.client_id!, undefined, oidc.ClientSecretBasic(other.client_secret!), {
        execute: [oidc.allowInsecureRequests],
      });
      const notAllowed = await refused(oidc.genericGrantRequest(otherConfig, JWT_BEARER, { assertion: await assertion(key, { aud: tokenEndpoint }) }));
      assert.equal(notAllowed.error, 'unauthorized_client');
      const wrongSecret = await oidc.discovery(issuer, other.client_id!, undefined, oidc.ClientSecretBasic('wrong-secret'), {
        execute: [oidc.allowInsecureRequests],
      });
      const unauthenticated = await refused(oidc.genericGrantRequest(wrongSecret, JWT_BEARER, { assertion: await assertion(key, { aud: tokenEndpoint }) }));
      assert.equal(unauthenticated.error, 'invalid_client');
    });

    test('a missing or garbled assertion', async () => {
      const missing = await refused(oidc.genericGrantRequest(config, JWT_BEARER, {}));
      assert.equal(missing.error, 'invalid_request');
      const garbled = await refused(oidc.genericGrantRequest(config, JWT_BEARER, { assertion: 'not.a.jwt' }));
      assert.equal(garbled.error, 'invalid_grant');
    });
  });
}

describe('jwt-bearer grant under oauth2.grant.jwt.* settings and a token hook', () => {
  let server: TestServer;
  let config: oidc.Configuration;
  let tokenEndpoint: string;
  let key: IssuerKey;
  let hook: Server;
  const hookCalls: { request: { grant_types: string[]; payload: Record<string, string[]> }; session: unknown }[] = [];

  before(async () => {
    hook = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        hookCalls.push(JSON.parse(raw));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ session: { access_token: { tenant: 'hooked' }, id_token: {} } }));
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    server = await startTestServer({
      env: {
        OAUTH2_GRANT_JWT_IAT_OPTIONAL: 'true',
        OAUTH2_GRANT_JWT_JTI_OPTIONAL: 'true',
        OAUTH2_GRANT_JWT_MAX_TTL: '10m',
        OAUTH2_TOKEN_HOOK: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/token`,
      },
    });
    const admin = new OAuth2Api(new Configuration({ basePath: server.adminUrl }));
    const { data: client } = await admin.createOAuth2Client({ oAuth2Client: { grant_types: [JWT_BEARER], scope: 'read' } });
    config = await oidc.discovery(new URL(server.gatehouse.config['urls.self.issuer']), client.client_id!, undefined, oidc.ClientSecretBasic(client.client_secret!), {
      execute: [oidc.allowInsecureRequests],
    });
    tokenEndpoint = config.serverMetadata().token_endpoint!;
    key = await issuerKey();
    await trust(admin, key);
  });
  after(async () => {
    await server?.close();
    hook?.close();
  });

  test('iat and jti may be omitted; max_ttl counts from now without iat; the token hook sees the grant and sets claims', async () => {
    const bare = await assertion(key, { aud: tokenEndpoint, iat: undefined, jti: undefined });
    const tokens = await oidc.genericGrantRequest(config, JWT_BEARER, { assertion: bare });
    assert.equal(hookCalls.length, 1);
    assert.deepEqual(hookCalls[0]!.request.grant_types, [JWT_BEARER]);
    assert.deepEqual(hookCalls[0]!.request.payload.assertion, [bare]);
    const introspected = await fetch(`${server.adminUrl}/admin/oauth2/introspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: tokens.access_token }),
    }).then((res) => res.json() as Promise<{ sub: string; ext?: Record<string, unknown> }>);
    assert.equal(introspected.sub, 'alice@example.com');
    assert.deepEqual(introspected.ext, { tenant: 'hooked' });
    const tooLong = await assertion(key, { aud: tokenEndpoint, iat: undefined, expiresIn: 11 * 60 });
    const err = await oidc.genericGrantRequest(config, JWT_BEARER, { assertion: tooLong }).then(
      () => assert.fail('should have failed'),
      (e: unknown) => e as oidc.ResponseBodyError,
    );
    assert.match(err.error_description ?? '', /unreasonably far in the future/);
  });
});
