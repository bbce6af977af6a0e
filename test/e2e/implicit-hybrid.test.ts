// Implicit and hybrid flows (OIDC Core §3.2, §3.3) end to end: openid-client
// validates what it can (implicitAuthentication for id_token, the hybrid
// `code id_token` response with its code exchange); the response types it has
// no helper for are checked here with jose (signature, at_hash, c_hash,
// nonce). Then the rules that refuse a request.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import { Configuration, OAuth2Api, type OAuth2Client } from '@ory/hydra-client';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { Browser, readForm } from '../support/browser.js';
import { authorize, CALLBACK, CONSENT_URL, LOGIN_URL } from '../support/consent-app.js';
import { backends, startTestServer, type TestServer } from '../support/server.js';

const halfHash = (token: string) => createHash('sha256').update(token).digest().subarray(0, 16).toString('base64url');
const fragmentOf = (url: URL) => new URLSearchParams(url.hash.slice(1));

for (const backend of backends) {
  describe(`implicit and hybrid flows (${backend})`, () => {
    let server: TestServer;
    let admin: OAuth2Api;
    let issuer: URL;
    let jwks: ReturnType<typeof createRemoteJWKSet>;
    before(async () => {
      server = await startTestServer({ backend, env: { URLS_LOGIN: LOGIN_URL, URLS_CONSENT: CONSENT_URL } });
      admin = new OAuth2Api(new Configuration({ basePath: server.adminUrl }));
      issuer = new URL(server.gatehouse.config['urls.self.issuer']);
      jwks = createRemoteJWKSet(new URL('/.well-known/jwks.json', issuer));
    });
    after(() => server.close());

    async function createClient(responseTypes: string[], more: Partial<OAuth2Client> = {}) {
      const { data } = await admin.createOAuth2Client({
        oAuth2Client: {
          redirect_uris: [CALLBACK],
          scope: 'openid profile offline_access',
          response_types: responseTypes,
          grant_types: ['authorization_code', 'implicit', 'refresh_token'],
          ...more,
        },
      });
      return data;
    }

    /** An authorization URL by hand, for the response types openid-client has no helper for. */
    function authUrl(client: OAuth2Client, params: Record<string, string>) {
      const url = new URL('/oauth2/auth', issuer);
      url.search = new URLSearchParams({ client_id: client.client_id!, redirect_uri: CALLBACK, scope: 'openid profile', state: oidc.randomState(), ...params }).toString();
      return url;
    }

    async function verifiedIdToken(idToken: string, client: OAuth2Client): Promise<JWTPayload> {
      return (await jwtVerify(idToken, jwks, { issuer: issuer.href, audience: client.client_id! })).payload;
    }

    test('id_token: openid-client validates the fragment response (nonce, state, signature); no access token', async () => {
      const client = await createClient(['id_token'], { token_endpoint_auth_method: 'none' });
      const config = await oidc.discovery(issuer, client.client_id!, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests, oidc.useIdTokenResponseType] });
      const nonce = oidc.randomNonce();
      const state = oidc.randomState();
      const url = oidc.buildAuthorizationUrl(config, { redirect_uri: CALLBACK, scope: 'openid', nonce, state });
      assert.equal(url.searchParams.get('response_type'), 'id_token');
      const { callback } = await authorize(admin, new Browser(), url, { subject: 'ivy', idTokenClaims: { email: 'ivy@example.com' } });
      assert.equal(callback.search, '', 'nothing in the query');
      const claims = await oidc.implicitAuthentication(config, callback, nonce, { expectedState: state });
      assert.equal(claims.sub, 'ivy');
      assert.equal(claims.nonce, nonce);
      assert.equal(claims.email, 'ivy@example.com');
      assert.equal(claims.at_hash, undefined);
      assert.equal(claims.c_hash, undefined);
      const params = fragmentOf(callback);
      assert.deepEqual([...params.keys()].sort(), ['id_token', 'state']);
    });

    test('id_token token: at_hash binds the access token, which works at userinfo and dies with the consent', async () => {
      const client = await createClient(['id_token token'], { token_endpoint_auth_method: 'none' });
      const nonce = oidc.randomNonce();
      const url = authUrl(client, { response_type: 'id_token token', nonce });
      const { callback } = await authorize(admin, new Browser(), url, { subject: 'jo', accessTokenClaims: { tier: 'gold' } });
      const params = fragmentOf(callback);
      assert.equal(params.get('state'), url.searchParams.get('state'));
      assert.equal(params.get('token_type'), 'bearer');
      assert.equal(params.get('scope'), 'openid profile');
      const expiresIn = Number(params.get('expires_in'));
      assert.ok(expiresIn > 3500 && expiresIn <= 3600, `expires_in ${expiresIn}`);
      const accessToken = params.get('access_token')!;
      assert.match(accessToken, /^ory_at_/);
      const claims = await verifiedIdToken(params.get('id_token')!, client);
      assert.equal(claims.nonce, nonce);
      assert.equal(claims.at_hash, halfHash(accessToken));
      assert.equal(claims.c_hash, undefined);

      const config = await oidc.discovery(issuer, client.client_id!, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
      assert.equal((await oidc.fetchUserInfo(config, accessToken, 'jo')).sub, 'jo');
      const introspected = (await admin.introspectOAuth2Token({ token: accessToken })).data;
      assert.equal(introspected.active, true);
      assert.equal(introspected.client_id, client.client_id);
      assert.deepEqual(introspected.ext, { tier: 'gold' });

      await admin.revokeOAuth2ConsentSessions({ subject: 'jo', client: client.client_id! });
      assert.equal((await admin.introspectOAuth2Token({ token: accessToken })).data.active, false, 'revoking the consent revokes the token');
    });

    test('token: an access token without OpenID Connect, in the fragment', async () => {
      const client = await createClient(['token'], { token_endpoint_auth_method: 'none', scope: 'profile' });
      const url = authUrl(client, { response_type: 'token', scope: 'profile' });
      const { callback } = await authorize(admin, new Browser(), url, { subject: 'kim' });
      const params = fragmentOf(callback);
      assert.deepEqual([...params.keys()].sort(), ['access_token', 'expires_in', 'scope', 'state', 'token_type']);
      assert.equal(params.get('scope'), 'profile');
      const introspected = (await admin.introspectOAuth2Token({ token: params.get('access_token')! })).data;
      assert.equal(introspected.active, true);
      assert.equal(introspected.sub, 'kim');
    });

    test("token for a client with access_token_strategy jwt: a signed JWT, stored like the others", async () => {
      const client = await createClient(['token'], { token_endpoint_auth_method: 'none', scope: 'profile', access_token_strategy: 'jwt' });
      const { callback } = await authorize(admin, new Browser(), authUrl(client, { response_type: 'token', scope: 'profile' }), { subject: 'lou' });
      const accessToken = fragmentOf(callback).get('access_token')!;
      const { payload } = await jwtVerify(accessToken, jwks, { issuer: issuer.href });
      assert.equal(payload.sub, 'lou');
      assert.equal(payload.client_id, client.client_id);
      assert.equal((await admin.introspectOAuth2Token({ token: accessToken })).data.active, true);
    });

    test('code id_token: openid-client checks c_hash and nonce, then redeems the code', async () => {
      const client = await createClient(['code id_token']);
      const config = await oidc.discovery(issuer, client.client_id!, undefined, oidc.ClientSecretBasic(client.client_secret!), {
        execute: [oidc.allowInsecureRequests, oidc.useCodeIdTokenResponseType],
      });
      const nonce = oidc.randomNonce();
      const state = oidc.randomState();
      const verifier = oidc.randomPKCECodeVerifier();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: CALLBACK,
        scope: 'openid offline_access',
        nonce,
        state,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      });
      const { callback } = await authorize(admin, new Browser(), url, { subject: 'lee' });
      const params = fragmentOf(callback);
      assert.deepEqual([...params.keys()].sort(), ['code', 'id_token', 'state']);
      const front = await verifiedIdToken(params.get('id_token')!, client);
      assert.equal(front.c_hash, halfHash(params.get('code')!));
      assert.equal(front.at_hash, undefined);

      const tokens = await oidc.authorizationCodeGrant(config, callback, { expectedNonce: nonce, expectedState: state, pkceCodeVerifier: verifier });
      assert.equal(tokens.claims()!.sub, 'lee');
      assert.equal(tokens.claims()!.nonce, nonce);
      assert.equal(tokens.claims()!.c_hash, undefined, 'the token endpoint ID token has no c_hash');
      assert.match(tokens.refresh_token!, /^ory_rt_/);
    });

    test('code id_token token: both hashes; a replayed code also revokes the front-channel access token', async () => {
      const client = await createClient(['code id_token token']);
      const nonce = oidc.randomNonce();
      const url = authUrl(client, { response_type: 'code id_token token', nonce });
      const { callback } = await authorize(admin, new Browser(), url, { subject: 'max' });
      const params = fragmentOf(callback);
      assert.deepEqual([...params.keys()].sort(), ['access_token', 'code', 'expires_in', 'id_token', 'scope', 'state', 'token_type']);
      const claims = await verifiedIdToken(params.get('id_token')!, client);
      assert.equal(claims.at_hash, halfHash(params.get('access_token')!));
      assert.equal(claims.c_hash, halfHash(params.get('code')!));
      assert.equal(claims.nonce, nonce);

      const config = await oidc.discovery(issuer, client.client_id!, undefined, oidc.ClientSecretBasic(client.client_secret!), { execute: [oidc.allowInsecureRequests] });
      const redeem = () => oidc.genericGrantRequest(config, 'authorization_code', { code: params.get('code')!, redirect_uri: CALLBACK });
      const tokens = await redeem();
      assert.notEqual(tokens.access_token, params.get('access_token'));
      await assert.rejects(redeem(), (err: oidc.ResponseBodyError) => err.error === 'invalid_grant');
      for (const token of [params.get('access_token')!, tokens.access_token]) {
        assert.equal((await admin.introspectOAuth2Token({ token })).data.active, false);
      }
    });

    test('code token: the code and an access token, no ID token', async () => {
      const client = await createClient(['code token']);
      const url = authUrl(client, { response_type: 'code token' });
      const { callback } = await authorize(admin, new Browser(), url, { subject: 'ned' });
      const params = fragmentOf(callback);
      assert.deepEqual([...params.keys()].sort(), ['access_token', 'code', 'expires_in', 'scope', 'state', 'token_type']);
    });

    test('form_post carries the tokens in an auto-submitting form', async () => {
      const client = await createClient(['id_token token'], { token_endpoint_auth_method: 'none' });
      const nonce = oidc.randomNonce();
      const browser = new Browser();
      const url = authUrl(client, { response_type: 'id_token token', nonce, response_mode: 'form_post' });
      const stop = (u: URL) => u.href.startsWith(LOGIN_URL) || u.href.startsWith(CONSENT_URL);
      let step = await browser.visit(url.href, { stopAt: stop });
      const login = new URL(step.location!).searchParams.get('login_challenge')!;
      const { data: afterLogin } = await admin.acceptOAuth2LoginRequest({ loginChallenge: login, acceptOAuth2LoginRequest: { subject: 'oz' } });
      step = await browser.visit(afterLogin.redirect_to, { stopAt: stop });
      const consent = new URL(step.location!).searchParams.get('consent_challenge')!;
      const { data: afterConsent } = await admin.acceptOAuth2ConsentRequest({ consentChallenge: consent, acceptOAuth2ConsentRequest: { grant_scope: ['openid', 'profile'] } });
      step = await browser.visit(afterConsent.redirect_to, { stopAt: stop });
      assert.equal(step.status, 200);
      const form = readForm(step.body, step.url);
      assert.equal(form.action, CALLBACK);
      const claims = await verifiedIdToken(form.fields.id_token![0]!, client);
      assert.equal(claims.at_hash, halfHash(form.fields.access_token![0]!));
      assert.equal(form.fields.state![0], url.searchParams.get('state'));
    });

    describe('refused', () => {
      /** The first answer of /oauth2/auth: where the browser is sent. */
      async function firstRedirect(url: URL): Promise<URL> {
        const res = await fetch(url, { redirect: 'manual' });
        assert.ok(res.status === 302 || res.status === 303, `status ${res.status}`);
        return new URL(res.headers.get('location')!);
      }

      test('a response type the client did not register (in the query: the response type is not trusted)', async () => {
        const client = await createClient(['code']);
        const to = await firstRedirect(authUrl(client, { response_type: 'id_token token', nonce: oidc.randomNonce() }));
        assert.ok(to.href.startsWith(CALLBACK));
        assert.equal(to.searchParams.get('error'), 'unsupported_response_type');
      });

      test('a missing or short nonce, before the user is asked to log in', async () => {
        const client = await createClient(['id_token', 'code id_token'], { token_endpoint_auth_method: 'none' });
        for (const responseType of ['id_token', 'code id_token']) {
          const to = await firstRedirect(authUrl(client, { response_type: responseType }));
          assert.ok(to.href.startsWith(CALLBACK), to.href);
          const params = fragmentOf(to);
          assert.equal(params.get('error'), 'invalid_request', responseType);
          assert.match(params.get('error_description')!, /Parameter 'nonce' must be set/);
        }
        const short = fragmentOf(await firstRedirect(authUrl(client, { response_type: 'id_token', nonce: 'short' })));
        assert.equal(short.get('error'), 'insufficient_entropy');
      });

      test('response_mode=query for a response carrying tokens', async () => {
        const client = await createClient(['id_token token'], { token_endpoint_auth_method: 'none' });
        const to = await firstRedirect(authUrl(client, { response_type: 'id_token token', nonce: oidc.randomNonce(), response_mode: 'query' }));
        assert.equal(to.hash, '');
        assert.equal(to.searchParams.get('error'), 'unsupported_response_mode');
        assert.match(to.searchParams.get('error_description')!, /Insecure response_mode 'query' for the response_type '\[id_token token\]'/);
      });

      test('a client with the response type but without the implicit grant', async () => {
        const client = await createClient(['id_token token'], { token_endpoint_auth_method: 'none', grant_types: ['authorization_code'] });
        const params = fragmentOf(await firstRedirect(authUrl(client, { response_type: 'id_token token', nonce: oidc.randomNonce() })));
        assert.equal(params.get('error'), 'invalid_grant');
        assert.match(params.get('error_description')!, /authorization grant 'implicit'/);
      });

      test('id_token without the openid scope', async () => {
        const client = await createClient(['id_token'], { token_endpoint_auth_method: 'none' });
        const params = fragmentOf(await firstRedirect(authUrl(client, { response_type: 'id_token', scope: 'profile', nonce: oidc.randomNonce() })));
        assert.equal(params.get('error'), 'unsupported_response_type');
      });
    });
  });
}
