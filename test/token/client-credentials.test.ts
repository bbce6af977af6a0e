// The token endpoint's client_credentials grant and client authentication,
// introspection, revocation, token deletion, JWT access tokens, discovery and
// userinfo, against a real server on every backend of the run.
import { after, before, describe, test } from 'node:test';
import type { KeyObject } from 'node:crypto';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, decodeProtectedHeader, type JWK } from 'jose';
import { backends, startTestServer, type TestServer } from '../support/server.js';
import { basic, ccClient, ccToken, codeClient, createClient, exchange, get, introspect, issueCode, postForm, token } from './support.js';

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'] | KeyObject;
const INVALID_CLIENT = 'Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method).';

for (const backend of backends) {
  describe(`client_credentials and client authentication (${backend})`, () => {
    let server: TestServer;
    let issuer: string;
    before(async () => {
      server = await startTestServer({ backend });
      issuer = server.gatehouse.config['urls.self.issuer'];
    });
    after(() => server?.close());

    test('issues an opaque access token with the requested scopes; no-store headers', async () => {
      const client = await ccClient(server);
      const res = await ccToken(server, client, { scope: 'read foo.bar.baz' });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/json;charset=UTF-8');
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.equal(res.headers.get('pragma'), 'no-cache');
      assert.deepEqual(Object.keys(res.json), ['access_token', 'expires_in', 'scope', 'token_type']);
      assert.match(res.json.access_token, /^ory_at_[\w-]{43}\.[\w-]{43}$/);
      assert.equal(res.json.scope, 'read foo.bar.baz');
      assert.equal(res.json.token_type, 'bearer');
      assert.ok(res.json.expires_in >= 3599 && res.json.expires_in <= 3600);
    });

    test('scopes outside the client (wildcard aware) are invalid_scope; no scope grants none', async () => {
      const client = await ccClient(server);
      const bad = await ccToken(server, client, { scope: 'read admin' });
      assert.equal(bad.status, 400);
      assert.equal(bad.json.error, 'invalid_scope');
      assert.match(bad.json.error_description, /The OAuth 2.0 Client is not allowed to request scope 'admin'\.$/);
      const notWildcard = await ccToken(server, client, { scope: 'foo' });
      assert.equal(notWildcard.json.error, 'invalid_scope');
      const none = await ccToken(server, client);
      assert.equal(none.status, 200);
      assert.equal(none.json.scope, '');
    });

    test('audience: allowed paths granted, others invalid_request', async () => {
      const client = await ccClient(server, { audience: ['https://api.example/v1'] });
      const ok = await ccToken(server, client, { audience: 'https://api.example/v1/users https://api.example/v1' });
      assert.equal(ok.status, 200);
      const info = await introspect(server, { token: ok.json.access_token });
      assert.deepEqual(info.json.aud, ['https://api.example/v1/users', 'https://api.example/v1']);
      const bad = await ccToken(server, client, { audience: 'https://api.example/v2' });
      assert.equal(bad.status, 400);
      assert.equal(bad.json.error, 'invalid_request');
      assert.match(bad.json.error_description, /Requested audience 'https:\/\/api.example\/v2' has not been whitelisted by the OAuth 2.0 Client\.$/);
    });

    test('client_secret_basic credentials are form-URL-decoded', async () => {
      const client = await ccClient(server, { client_id: `id with+plus ${randomUUID()}`, client_secret: 'secret:with %&+ chars' });
      // encodeURIComponent turns ' ' into %20 and '+' into %2B; both decode back.
      const res = await ccToken(server, client);
      assert.equal(res.status, 200, res.text);
      const raw = `Basic ${Buffer.from(`${client.client_id.replaceAll(' ', '+').replace('with+plus', 'with%2Bplus')}:${encodeURIComponent(client.client_secret!)}`).toString('base64')}`;
      assert.equal((await token(server, { grant_type: 'client_credentials' }, { authorization: raw })).status, 200);
      const undecodable = `Basic ${Buffer.from(`%zz:${client.client_secret}`).toString('base64')}`;
      const bad = await token(server, { grant_type: 'client_credentials' }, { authorization: undecodable });
      assert.equal(bad.status, 400);
      assert.match(bad.json.error_description, /The client id in the HTTP authorization header could not be decoded/);
    });

    test('wrong secret and unknown client: 401 invalid_client without WWW-Authenticate', async () => {
      const client = await ccClient(server);
      for (const auth of [basic(client.client_id, 'wrong-secret'), basic('nobody', 'whatever')]) {
        const res = await token(server, { grant_type: 'client_credentials' }, { authorization: auth });
        assert.equal(res.status, 401);
        assert.deepEqual(res.json, { error: 'invalid_client', error_description: INVALID_CLIENT });
        assert.equal(res.headers.get('www-authenticate'), null);
        assert.equal(res.headers.get('cache-control'), 'no-store');
      }
    });

    test('client_secret_post; the wrong method gets Hydra\'s hints', async () => {
      const post = await ccClient(server, { token_endpoint_auth_method: 'client_secret_post' });
      const ok = await token(server, { grant_type: 'client_credentials', client_id: post.client_id, client_secret: post.client_secret! });
      assert.equal(ok.status, 200);
      const viaBasic = await ccToken(server, post);
      assert.equal(viaBasic.status, 401);
      assert.match(viaBasic.json.error_description, /supports client authentication method 'client_secret_post', but method 'client_secret_basic' was requested/);
      const basicClient = await ccClient(server);
      const viaPost = await token(server, { grant_type: 'client_credentials', client_id: basicClient.client_id, client_secret: basicClient.client_secret! });
      assert.equal(viaPost.status, 401);
      assert.match(viaPost.json.error_description, /supports client authentication method 'client_secret_basic', but method 'client_secret_post' was requested/);
    });

    test('a public client may not use client_credentials; missing credentials; unknown grant types', async () => {
      const pub = await createClient(server, { token_endpoint_auth_method: 'none', grant_types: ['client_credentials'] });
      const res = await token(server, { grant_type: 'client_credentials', client_id: pub.client_id });
      assert.equal(res.status, 400);
      assert.equal(res.json.error, 'invalid_grant');
      assert.match(res.json.error_description, /marked as public/);
      const missing = await token(server, { grant_type: 'client_credentials' });
      assert.equal(missing.status, 400);
      assert.match(missing.json.error_description, /Client credentials missing or malformed/);
      const client = await ccClient(server);
      for (const grant of ['password', 'client_credentials refresh_token']) {
        const unknown = await token(server, { grant_type: grant }, { authorization: basic(client.client_id, client.client_secret!) });
        assert.equal(unknown.status, 400);
        assert.equal(unknown.json.error, 'invalid_request');
      }
      const empty = await postForm(`${server.publicUrl}/oauth2/token`, {});
      assert.equal(empty.status, 400);
      assert.match(empty.json.error_description, /The POST body can not be empty\.$/);
      const noGrant = await ccClient(server, { grant_types: ['authorization_code'] });
      const unauthorized = await ccToken(server, noGrant);
      assert.equal(unauthorized.json.error, 'unauthorized_client');
    });

    describe('private_key_jwt', () => {
      let client: { client_id: string };
      let privateKey: SigningKey;
      let tokenUrl: string;
      const assertion = (claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}, key: SigningKey = privateKey) =>
        new SignJWT({ jti: randomUUID(), ...claims })
          .setProtectedHeader({ alg: 'RS256', kid: 'k1', ...header })
          .setIssuer(client.client_id)
          .setSubject(client.client_id)
          .setAudience((claims.aud as string) ?? tokenUrl)
          .setIssuedAt()
          .setExpirationTime((claims.exp as number) ?? '5m')
          .sign(key);
      const send = (jwt: string) =>
        token(server, {
          grant_type: 'client_credentials',
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: jwt,
        });

      before(async () => {
        const pair = await generateKeyPair('RS256', { extractable: true });
        privateKey = pair.privateKey;
        const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', use: 'sig', alg: 'RS256' };
        client = await createClient(server, {
          token_endpoint_auth_method: 'private_key_jwt',
          grant_types: ['client_credentials'],
          scope: 'read',
          jwks: { keys: [jwk] } as never,
        });
        tokenUrl = new URL('/oauth2/token', issuer).toString();
      });

      test('a good assertion authenticates; replaying its jti is jti_known', async () => {
        const jwt = await assertion();
        const ok = await send(jwt);
        assert.equal(ok.status, 200, ok.text);
        const replay = await send(jwt);
        assert.equal(replay.status, 400);
        assert.equal(replay.json.error, 'jti_known');
        assert.equal(replay.json.error_description, "The jti was already used. Claim 'jti' from 'client_assertion' MUST only be used once.");
      });

      test('wrong audience, wrong key, alg none and an expired assertion are invalid_client', async () => {
        const aud = await send(await assertion({ aud: 'https://elsewhere.example/token' }));
        assert.equal(aud.status, 401);
        assert.match(aud.json.error_description, /Claim 'audience' from 'client_assertion' must match/);
        const other = (await generateKeyPair('RS256')).privateKey;
        const wrongKey = await send(await assertion({}, {}, other));
        assert.equal(wrongKey.status, 401);
        assert.match(wrongKey.json.error_description, /Unable to verify the integrity of the 'client_assertion' value\.$/);
        const body = Buffer.from(JSON.stringify({ iss: client.client_id, sub: client.client_id, jti: randomUUID(), aud: tokenUrl, exp: Math.floor(Date.now() / 1000) + 60 })).toString('base64url');
        const none = await send(`${Buffer.from('{"alg":"none"}').toString('base64url')}.${body}.`);
        assert.equal(none.status, 401);
        assert.match(none.json.error_description, /uses signing algorithm 'none' but the requested OAuth 2.0 Client enforces signing algorithm 'RS256'/);
        const expired = await send(await assertion({ exp: Math.floor(Date.now() / 1000) - 10 }));
        assert.equal(expired.status, 401);
        assert.equal(expired.json.error, 'invalid_client');
      });

      test('an assertion for a secret-based client is refused', async () => {
        const secretClient = await ccClient(server);
        const jwt = await new SignJWT({ jti: randomUUID() })
          .setProtectedHeader({ alg: 'RS256' })
          .setIssuer(secretClient.client_id)
          .setSubject(secretClient.client_id)
          .setAudience(tokenUrl)
          .setExpirationTime('5m')
          .sign(privateKey);
        const res = await send(jwt);
        assert.equal(res.status, 401);
        assert.match(res.json.error_description, /only supports client authentication method 'client_secret_basic', however 'client_assertion' was provided/);
      });
    });

    describe('introspection, revocation, deletion', () => {
      test('an active token shows Hydra\'s fields; the scope parameter must be covered', async () => {
        const client = await ccClient(server);
        const { json } = await ccToken(server, client, { scope: 'read write' });
        const res = await introspect(server, { token: json.access_token });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('content-type'), 'application/json;charset=UTF-8');
        assert.deepEqual(Object.keys(res.json), ['active', 'scope', 'client_id', 'sub', 'exp', 'iat', 'nbf', 'aud', 'iss', 'token_type', 'token_use']);
        assert.equal(res.json.sub, client.client_id);
        assert.equal(res.json.iss, issuer);
        assert.equal(res.json.token_type, 'Bearer');
        assert.equal(res.json.exp - res.json.iat, 3600);
        assert.equal((await introspect(server, { token: json.access_token, scope: 'read' })).json.active, true);
        assert.deepEqual((await introspect(server, { token: json.access_token, scope: 'read admin' })).json, { active: false });
      });

      test('ext, refresh tokens and inactive tokens', async () => {
        const client = await codeClient(server);
        const { code } = await issueCode(server, client);
        const tokens = (await exchange(server, client, code)).json;
        const at = await introspect(server, { token: tokens.access_token });
        assert.deepEqual(at.json.ext, { tenant: 'acme' });
        assert.equal(at.json.sub, 'user-1');
        assert.equal(at.json.scope, 'openid offline');
        const rt = await introspect(server, { token: tokens.refresh_token, token_type_hint: 'refresh_token' });
        assert.equal(rt.json.token_use, 'refresh_token');
        for (const garbage of ['', 'ory_at_nope', tokens.access_token.slice(0, -2) + 'xx', code]) {
          const res = await introspect(server, { token: garbage });
          assert.deepEqual(res.json, { active: false }, garbage);
        }
        const inactive = await introspect(server, { token: 'unknown' });
        assert.equal(inactive.headers.get('cache-control'), 'no-store');
        const empty = await postForm(`${server.adminUrl}/admin/oauth2/introspect`, {});
        assert.equal(empty.status, 400);
      });

      test('an expired access token is inactive', async () => {
        const client = await ccClient(server, {});
        await fetch(`${server.adminUrl}/admin/clients/${client.client_id}/lifespans`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ client_credentials_grant_access_token_lifespan: '1s' }),
        });
        const { json } = await ccToken(server, client);
        assert.equal(json.expires_in, 1);
        assert.equal((await introspect(server, { token: json.access_token })).json.active, true);
        await new Promise((r) => setTimeout(r, 1100));
        assert.deepEqual((await introspect(server, { token: json.access_token })).json, { active: false });
      });

      test('revoking an access or a refresh token revokes the grant; a foreign token is untouched', async () => {
        const client = await codeClient(server);
        const auth = { authorization: basic(client.client_id, client.client_secret!) };
        for (const which of ['access_token', 'refresh_token'] as const) {
          const tokens = (await exchange(server, client, (await issueCode(server, client)).code)).json;
          const res = await postForm(`${server.publicUrl}/oauth2/revoke`, { token: tokens[which] }, auth);
          assert.equal(res.status, 200);
          assert.equal(res.text, '');
          assert.equal(res.headers.get('cache-control'), 'no-store');
          assert.equal((await introspect(server, { token: tokens.access_token })).json.active, false, which);
          assert.equal((await introspect(server, { token: tokens.refresh_token })).json.active, false, which);
        }
        const other = await codeClient(server);
        const tokens = (await exchange(server, other, (await issueCode(server, other)).code)).json;
        const foreign = await postForm(`${server.publicUrl}/oauth2/revoke`, { token: tokens.access_token }, auth);
        assert.equal(foreign.status, 200);
        assert.equal((await introspect(server, { token: tokens.access_token })).json.active, true);
        const unauthenticated = await postForm(`${server.publicUrl}/oauth2/revoke`, { token: tokens.access_token }, { authorization: basic(client.client_id, 'nope') });
        assert.equal(unauthenticated.status, 401);
        assert.deepEqual(unauthenticated.json, { error: 'invalid_client', error_description: INVALID_CLIENT });
      });

      test('DELETE /admin/oauth2/tokens removes the client\'s access tokens only', async () => {
        const client = await codeClient(server);
        const tokens = (await exchange(server, client, (await issueCode(server, client)).code)).json;
        const missing = await fetch(`${server.adminUrl}/admin/oauth2/tokens`, { method: 'DELETE' });
        assert.equal(missing.status, 400);
        assert.match(((await missing.json()) as { error_description: string }).error_description, /Query parameter 'client_id' is not defined/);
        const res = await fetch(`${server.adminUrl}/admin/oauth2/tokens?client_id=${encodeURIComponent(client.client_id)}`, { method: 'DELETE' });
        assert.equal(res.status, 204);
        assert.equal((await introspect(server, { token: tokens.access_token })).json.active, false);
        assert.equal((await introspect(server, { token: tokens.refresh_token })).json.active, true);
      });
    });

    test('discovery lists this server\'s URLs and only what it serves', async () => {
      const res = await get(`${server.publicUrl}/.well-known/openid-configuration`);
      assert.equal(res.status, 200);
      const d = res.json;
      assert.equal(d.issuer, issuer);
      assert.equal(d.token_endpoint, new URL('/oauth2/token', issuer).toString());
      assert.equal(d.authorization_endpoint, new URL('/oauth2/auth', issuer).toString());
      assert.equal(d.jwks_uri, new URL('/.well-known/jwks.json', issuer).toString());
      assert.equal(d.revocation_endpoint, new URL('/oauth2/revoke', issuer).toString());
      assert.equal(d.userinfo_endpoint, new URL('/userinfo', issuer).toString());
      assert.equal(d.end_session_endpoint, new URL('/oauth2/sessions/logout', issuer).toString());
      assert.equal(d.device_authorization_endpoint, new URL('/oauth2/device/auth', issuer).toString());
      for (const absent of ['registration_endpoint', 'credentials_endpoint_draft_00']) {
        assert.equal(absent in d, false, `${absent} is not served`);
      }
      assert.deepEqual(d.response_types_supported, ['code', 'code id_token', 'id_token', 'token id_token', 'token', 'token id_token code']);
      assert.deepEqual(d.grant_types_supported, [
        'authorization_code', 'implicit', 'client_credentials', 'refresh_token',
        'urn:ietf:params:oauth:grant-type:device_code', 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      ]);
      assert.deepEqual(d.code_challenge_methods_supported, ['S256'], 'plain is refused, so not advertised');
      assert.deepEqual(d.response_modes_supported, ['query', 'fragment', 'form_post']);
      assert.deepEqual(d.token_endpoint_auth_methods_supported, ['client_secret_post', 'client_secret_basic', 'private_key_jwt', 'none']);
      assert.deepEqual(d.id_token_signing_alg_values_supported, ['RS256']);
      assert.deepEqual(d.id_token_signed_response_alg, ['RS256']);
      assert.deepEqual(d.userinfo_signing_alg_values_supported, ['none', 'RS256']);
      assert.deepEqual(d.subject_types_supported, ['public']);
      assert.deepEqual(d.scopes_supported, ['offline_access', 'offline', 'openid']);
      assert.deepEqual(d.claims_supported, ['sub']);
      assert.equal(d.claims_parameter_supported, false);
      for (const flag of ['backchannel_logout_supported', 'backchannel_logout_session_supported', 'frontchannel_logout_supported', 'frontchannel_logout_session_supported']) {
        assert.equal(d[flag], true, flag);
      }
      assert.equal(d.request_parameter_supported, true);
      assert.equal(d.request_uri_parameter_supported, true);
      assert.equal(d.require_request_uri_registration, true);
      assert.deepEqual(d.request_object_signing_alg_values_supported, ['none', 'RS256', 'ES256']);
      const rfc8414 = await get(`${server.publicUrl}/.well-known/oauth-authorization-server`);
      assert.deepEqual(rfc8414.json, d);
    });

    describe('userinfo', () => {
      test('no or an unknown token: 401 with the Bearer challenge', async () => {
        for (const headers of [{}, { authorization: 'Bearer ory_at_unknown.token' }] as Record<string, string>[]) {
          const res = await get(`${server.publicUrl}/userinfo`, headers);
          assert.equal(res.status, 401);
          assert.equal(
            res.headers.get('www-authenticate'),
            'Bearer error="request_unauthorized",error_description="The request could not be authorized. Check that you provided valid credentials in the right format."',
          );
          assert.equal(res.json.error, 'request_unauthorized');
        }
      });

      test('claims from the grant; token in header, query or form; refresh tokens refused', async () => {
        const client = await codeClient(server);
        const tokens = (await exchange(server, client, (await issueCode(server, client)).code)).json;
        const res = await get(`${server.publicUrl}/userinfo`, { authorization: `Bearer ${tokens.access_token}` });
        assert.equal(res.status, 200);
        assert.equal(res.json.sub, 'user-1');
        assert.equal(res.json.email, 'user@example.com');
        assert.deepEqual(res.json.aud, [client.client_id]);
        assert.equal(res.json.acr, 'urn:acr:1');
        for (const absent of ['nonce', 'at_hash', 'exp', 'sid', 'jti']) assert.equal(absent in res.json, false, absent);
        const query = await get(`${server.publicUrl}/userinfo?access_token=${encodeURIComponent(tokens.access_token)}`);
        assert.deepEqual(query.json, res.json);
        const form = await postForm(`${server.publicUrl}/userinfo`, { access_token: tokens.access_token });
        assert.deepEqual(form.json, res.json);
        const rt = await get(`${server.publicUrl}/userinfo`, { authorization: `Bearer ${tokens.refresh_token}` });
        assert.equal(rt.status, 401);
        assert.equal(rt.headers.get('www-authenticate'), 'Bearer error="invalid_token",error_description="Only access tokens are allowed in the authorization header."');
      });

      test('signed userinfo (RS256) as application/jwt', async () => {
        const client = await codeClient(server, { userinfo_signed_response_alg: 'RS256' });
        const tokens = (await exchange(server, client, (await issueCode(server, client)).code)).json;
        const res = await get(`${server.publicUrl}/userinfo`, { authorization: `Bearer ${tokens.access_token}` });
        assert.equal(res.status, 200);
        assert.match(res.headers.get('content-type')!, /^application\/jwt/);
        const jwks = createRemoteJWKSet(new URL(`${server.publicUrl}/.well-known/jwks.json`));
        const { payload, protectedHeader } = await jwtVerify(res.text, jwks);
        assert.equal(protectedHeader.typ, 'JWT');
        assert.equal(payload.sub, 'user-1');
        assert.equal(payload.email, 'user@example.com');
        assert.ok(payload.jti);
      });
    });
  });

  describe(`JWT access tokens (${backend})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ backend, env: { STRATEGIES_ACCESS_TOKEN: 'jwt' } });
    });
    after(() => server?.close());

    test('signed with the access-token key, verifiable through jwks.json; introspectable; altered ones are not', async () => {
      const issuer = server.gatehouse.config['urls.self.issuer'];
      const client = await ccClient(server, { audience: ['https://api.example'] });
      const res = await ccToken(server, client, { scope: 'read', audience: 'https://api.example' });
      assert.equal(res.status, 200);
      const jwt = res.json.access_token as string;
      const jwks = createRemoteJWKSet(new URL(`${server.publicUrl}/.well-known/jwks.json`));
      const { payload, protectedHeader } = await jwtVerify(jwt, jwks, { issuer, audience: 'https://api.example' });
      assert.equal(protectedHeader.typ, 'JWT');
      assert.ok(protectedHeader.kid);
      assert.equal(payload.sub, client.client_id);
      assert.equal(payload.client_id, client.client_id);
      assert.deepEqual(payload.scp, ['read']);
      assert.deepEqual(payload.ext, {});
      assert.equal(payload.nbf, payload.iat);
      assert.ok(payload.jti);
      const info = await introspect(server, { token: jwt });
      assert.equal(info.json.active, true);
      const [header, , signature] = jwt.split('.');
      const forged = `${header}.${Buffer.from(JSON.stringify({ ...payload, scp: ['admin'] })).toString('base64url')}.${signature}`;
      assert.deepEqual((await introspect(server, { token: forged })).json, { active: false });
      assert.equal(decodeProtectedHeader(jwt).alg, 'RS256');
    });

    test('a client may opt back into opaque tokens', async () => {
      const client = await ccClient(server, { access_token_strategy: 'opaque' });
      const res = await ccToken(server, client);
      assert.match(res.json.access_token, /^ory_at_/);
    });
  });
}
