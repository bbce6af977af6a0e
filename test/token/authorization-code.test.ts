// authorization_code and refresh_token at the token endpoint, with codes
// issued the way the browser flow issues them (issueAuthorizeCode), on every
// backend of the run.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { backends, startTestServer, type TestServer } from '../support/server.js';
import { codeClient, exchange, introspect, issueCode, refresh } from './support.js';

const VERIFIER = 'a'.repeat(20) + '-._~' + 'B'.repeat(30);
const S256 = createHash('sha256').update(VERIFIER).digest('base64url');
const active = async (server: TestServer, token: string) => (await introspect(server, { token })).json.active as boolean;

for (const backend of backends) {
  describe(`authorization_code and refresh_token (${backend})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ backend });
    });
    after(() => server?.close());

    test('exchange: access, refresh and ID token; ID token claims as Hydra makes them', async () => {
      const client = await codeClient(server);
      const { code, request } = await issueCode(server, client, {
        session: {
          subject: 'user-1',
          idTokenSubject: 'pairwise-1',
          // The consent app cannot override protected claims.
          idTokenClaims: { email: 'user@example.com', sub: 'evil', iss: 'evil', aud: ['evil'], nonce: 'evil', acr: 'evil', sid: 'evil', jti: 'evil', exp: 1 },
          accessTokenClaims: {},
          authTime: Math.floor(Date.now() / 1000) - 10,
          requestedAt: Math.floor(Date.now() / 1000) - 20,
          acr: 'urn:acr:1',
          amr: ['pwd', 'otp'],
          sid: 'login-session-1',
        },
      });
      const res = await exchange(server, client, code);
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(Object.keys(res.json), ['access_token', 'expires_in', 'id_token', 'refresh_token', 'scope', 'token_type']);
      assert.match(res.json.refresh_token, /^ory_rt_/);
      assert.equal(res.json.scope, 'openid offline');
      const issuer = server.gatehouse.config['urls.self.issuer'];
      const jwks = createRemoteJWKSet(new URL(`${server.publicUrl}/.well-known/jwks.json`));
      const { payload, protectedHeader } = await jwtVerify(res.json.id_token, jwks, { issuer, audience: client.client_id });
      assert.equal(protectedHeader.typ, 'JWT');
      assert.ok(protectedHeader.kid);
      assert.equal(payload.sub, 'pairwise-1');
      assert.deepEqual(payload.aud, [client.client_id]);
      assert.equal(payload.nonce, request.oidc.nonce);
      assert.equal(payload.auth_time, request.session.authTime);
      assert.equal(payload.rat, request.session.requestedAt);
      assert.equal(payload.acr, 'urn:acr:1');
      assert.deepEqual(payload.amr, ['pwd', 'otp']);
      assert.equal(payload.sid, 'login-session-1');
      assert.equal(payload.email, 'user@example.com');
      assert.match(payload.jti!, /^[0-9a-f-]{36}$/);
      assert.equal(payload.exp! - payload.iat!, 3600);
      const atHash = createHash('sha256').update(res.json.access_token).digest().subarray(0, 16).toString('base64url');
      assert.equal(payload.at_hash, atHash);
    });

    test('PKCE S256: the right verifier passes', async () => {
      const client = await codeClient(server);
      const { code } = await issueCode(server, client, { codeChallenge: S256, codeChallengeMethod: 'S256' });
      const res = await exchange(server, client, code, { code_verifier: VERIFIER });
      assert.equal(res.status, 200, res.text);
    });

    test('PKCE: a wrong verifier fails and consumes the code; a missing verifier fails', async () => {
      const client = await codeClient(server);
      const { code } = await issueCode(server, client, { codeChallenge: S256, codeChallengeMethod: 'S256' });
      const wrong = await exchange(server, client, code, { code_verifier: 'x'.repeat(43) });
      assert.equal(wrong.status, 400);
      assert.equal(wrong.json.error, 'invalid_grant');
      assert.match(wrong.json.error_description, /The PKCE code challenge did not match the code verifier\.$/);
      const retry = await exchange(server, client, code, { code_verifier: VERIFIER });
      assert.match(retry.json.error_description, /The authorization code has already been used\.$/);

      const second = await issueCode(server, client, { codeChallenge: S256, codeChallengeMethod: 'S256' });
      const missing = await exchange(server, client, second.code);
      assert.equal(missing.json.error, 'invalid_grant');
      assert.match(missing.json.error_description, /The PKCE code verifier must be at least 43 characters\.$/);
    });

    test('PKCE: plain is rejected; a verifier without a challenge is refused', async () => {
      const client = await codeClient(server);
      const { code } = await issueCode(server, client, { codeChallenge: VERIFIER, codeChallengeMethod: 'plain' });
      const plain = await exchange(server, client, code, { code_verifier: VERIFIER });
      assert.equal(plain.status, 400);
      assert.equal(plain.json.error, 'invalid_request');
      assert.match(plain.json.error_description, /Clients must use code_challenge_method=S256, plain is not allowed\.$/);
      const noChallenge = await issueCode(server, client);
      const res = await exchange(server, client, noChallenge.code, { code_verifier: VERIFIER });
      assert.match(res.json.error_description, /Unable to find initial PKCE data tied to this request$/);
    });

    test('redirect_uri mismatch, another client\'s code, an expired code, a garbled code', async () => {
      const client = await codeClient(server);
      const mismatch = await exchange(server, client, (await issueCode(server, client)).code, { redirect_uri: 'https://app.example/other' });
      assert.equal(mismatch.json.error, 'invalid_grant');
      assert.match(mismatch.json.error_description, /The 'redirect_uri' from this request does not match the one from the authorize request\.$/);

      const other = await codeClient(server);
      const foreign = await exchange(server, other, (await issueCode(server, client)).code);
      assert.match(foreign.json.error_description, /does not match the one from the authorize request\.$/);

      const { code, requestId } = await issueCode(server, client);
      await server.gatehouse.db.prisma.token.updateMany({ where: { requestId }, data: { expiresAt: new Date(Date.now() - 1000) } });
      const expired = await exchange(server, client, code);
      assert.equal(expired.status, 400);
      assert.equal(expired.json.error, 'invalid_grant');

      const garbled = await exchange(server, client, code.slice(0, -3) + 'abc');
      assert.equal(garbled.json.error, 'invalid_grant');
    });

    test('a replayed code is invalid_grant and revokes the tokens issued from it', async () => {
      const client = await codeClient(server);
      const { code } = await issueCode(server, client);
      const first = await exchange(server, client, code);
      assert.equal(await active(server, first.json.access_token), true);
      const replay = await exchange(server, client, code);
      assert.equal(replay.status, 400);
      assert.match(replay.json.error_description, /The authorization code has already been used\.$/);
      assert.equal(await active(server, first.json.access_token), false);
      assert.equal(await active(server, first.json.refresh_token), false);
    });

    test('concurrent exchanges of one code: exactly one wins', async () => {
      const client = await codeClient(server);
      const { code } = await issueCode(server, client);
      const results = await Promise.all([1, 2, 3, 4].map(() => exchange(server, client, code)));
      assert.equal(results.filter((r) => r.status === 200).length, 1);
    });

    test('refresh rotates: new tokens, the old access token is gone; reusing the old refresh token revokes the chain', async () => {
      const client = await codeClient(server);
      const first = (await exchange(server, client, (await issueCode(server, client)).code)).json;
      const second = await refresh(server, client, first.refresh_token);
      assert.equal(second.status, 200, second.text);
      assert.notEqual(second.json.refresh_token, first.refresh_token);
      assert.ok(second.json.id_token);
      assert.equal(await active(server, first.access_token), false);
      assert.equal(await active(server, first.refresh_token), false);
      assert.equal(await active(server, second.json.access_token), true);
      const third = await refresh(server, client, second.json.refresh_token);
      assert.equal(third.status, 200);

      const reuse = await refresh(server, client, first.refresh_token);
      assert.equal(reuse.status, 400);
      assert.equal(reuse.json.error, 'invalid_grant');
      assert.match(reuse.json.error_description, /The refresh token was already used\.$/);
      assert.equal(await active(server, third.json.access_token), false);
      assert.equal(await active(server, third.json.refresh_token), false);
    });

    test('refresh: another client, an unknown token', async () => {
      const client = await codeClient(server);
      const other = await codeClient(server);
      const tokens = (await exchange(server, client, (await issueCode(server, client)).code)).json;
      const foreign = await refresh(server, other, tokens.refresh_token);
      assert.match(foreign.json.error_description, /does not match the ID during the initial token issuance\.$/);
      const unknown = await refresh(server, client, 'ory_rt_nope.nope');
      assert.match(unknown.json.error_description, /The refresh token is malformed or not valid\.$/);
    });

    test('refresh tokens need offline (or offline_access) and the refresh_token grant', async () => {
      const client = await codeClient(server);
      const online = await exchange(server, client, (await issueCode(server, client, { grantedScope: ['openid'] })).code);
      assert.equal(online.status, 200);
      assert.equal('refresh_token' in online.json, false);
      const noRefreshGrant = await codeClient(server, { grant_types: ['authorization_code'] });
      const res = await exchange(server, noRefreshGrant, (await issueCode(server, noRefreshGrant)).code);
      assert.equal('refresh_token' in res.json, false);
      const offlineAccess = await exchange(server, client, (await issueCode(server, client, { grantedScope: ['offline_access'] })).code);
      assert.ok(offlineAccess.json.refresh_token);
      assert.equal('id_token' in offlineAccess.json, false);
    });
  });

  describe(`refresh token grace period (${backend})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({
        backend,
        env: { OAUTH2_GRANT_REFRESH_TOKEN_ROTATION_GRACE_PERIOD: '1m', OAUTH2_GRANT_REFRESH_TOKEN_ROTATION_GRACE_REUSE_COUNT: '2' },
      });
    });
    after(() => server?.close());

    test('a rotated refresh token works again within the grace period, up to the reuse count, then revokes the chain', async () => {
      const client = await codeClient(server);
      const first = (await exchange(server, client, (await issueCode(server, client)).code)).json;
      const a = await refresh(server, client, first.refresh_token);
      assert.equal(a.status, 200);
      const b = await refresh(server, client, first.refresh_token);
      assert.equal(b.status, 200, b.text);
      assert.equal(await active(server, a.json.refresh_token), true, 'forks stay active');
      const c = await refresh(server, client, first.refresh_token);
      assert.equal(c.status, 400);
      assert.match(c.json.error_description, /The refresh token was already used\.$/);
      assert.equal(await active(server, a.json.refresh_token), false);
      assert.equal(await active(server, b.json.access_token), false);
    });
  });
}
