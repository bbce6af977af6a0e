// Unit tests of the response-type rules (fosite's authorize handlers) and of
// request object parsing, without a server.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import type { OAuth2Client } from '../../src/domain/client/model.js';
import { OAuth2Error } from '../../src/domain/errors.js';
import { planResponse, type ResponseTypeRequest } from '../../src/domain/flow/response-types.js';
import { RequestObjects } from '../../src/domain/flow/request-object.js';
import { OutboundHttp } from '../../src/domain/outbound/http.js';
import { ClientJwks } from '../../src/domain/token/client-jwks.js';

const client = (more: Partial<OAuth2Client> = {}) =>
  ({ client_id: 'app', grant_types: ['authorization_code', 'implicit'], jwks: {}, jwks_uri: '', request_uris: [], request_object_signing_alg: '', ...more }) as OAuth2Client;

function request(responseType: string, more: Partial<ResponseTypeRequest> & { nonce?: string } = {}): ResponseTypeRequest {
  const form = new URLSearchParams({ nonce: more.nonce ?? 'nonce-123456' });
  return { client: client(), responseTypes: responseType.split(' '), responseMode: 'fragment', redirectUriParam: 'https://app.example/cb', form, ...more };
}

function fails(fn: () => unknown, error: string, hint?: RegExp) {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof OAuth2Error, String(err));
    assert.equal(err.error, error, err.message);
    if (hint) assert.match(err.message, hint);
    return true;
  });
}

describe('planResponse', () => {
  const openid = ['openid'];
  test('what each response type issues', () => {
    const cases: [string, string[], { code: boolean; accessToken: boolean; idToken: boolean; scope: boolean }][] = [
      ['code', openid, { code: true, accessToken: false, idToken: false, scope: true }],
      ['token', [], { code: false, accessToken: true, idToken: false, scope: true }],
      ['id_token', openid, { code: false, accessToken: false, idToken: true, scope: false }],
      ['token id_token', openid, { code: false, accessToken: true, idToken: true, scope: true }],
      ['code id_token', openid, { code: true, accessToken: false, idToken: true, scope: false }],
      ['id_token code', [], { code: true, accessToken: false, idToken: false, scope: false }],
      ['code token', [], { code: true, accessToken: true, idToken: false, scope: true }],
      ['code id_token token', openid, { code: true, accessToken: true, idToken: true, scope: true }],
    ];
    for (const [type, scope, plan] of cases) assert.deepEqual(planResponse(request(type, { responseMode: type === 'code' ? 'query' : 'fragment' }), scope), plan, type);
  });

  test('id_token needs openid; unknown combinations are unsupported', () => {
    fails(() => planResponse(request('id_token'), ['profile']), 'unsupported_response_type');
    fails(() => planResponse(request('code foo'), openid), 'unsupported_response_type');
  });

  test('nonce: required with an ID token from the authorization endpoint, at least 8 characters', () => {
    fails(() => planResponse(request('id_token', { nonce: '' }), openid), 'invalid_request', /Implicit Flow/);
    fails(() => planResponse(request('code id_token', { nonce: '' }), openid), 'invalid_request', /Hybrid Flow/);
    assert.doesNotThrow(() => planResponse(request('code token', { nonce: '' }), openid));
    fails(() => planResponse(request('code token', { nonce: 'short' }), openid), 'insufficient_entropy');
  });

  test('grant types: implicit for tokens, authorization_code for a hybrid code', () => {
    fails(() => planResponse(request('token', { client: client({ grant_types: ['authorization_code'] }) }), []), 'invalid_grant', /use the authorization grant 'implicit'/);
    fails(() => planResponse(request('code id_token', { client: client({ grant_types: ['implicit'] }) }), openid), 'invalid_grant', /authorization grant 'authorization_code'/);
  });

  test('redirect_uri must be sent with OpenID Connect implicit and hybrid requests', () => {
    fails(() => planResponse(request('id_token', { redirectUriParam: '' }), openid), 'invalid_request', /redirect_uri/);
  });

  test('query mode only for code', () => {
    fails(() => planResponse(request('code token', { responseMode: 'query' }), openid), 'unsupported_response_mode', /\[code token\]/);
    assert.doesNotThrow(() => planResponse(request('id_token token', { responseMode: 'form_post' }), openid));
  });
});

describe('RequestObjects', async () => {
  const es = await generateKeyPair('ES256');
  const esJwk: JWK = { ...(await exportJWK(es.publicKey)), kid: 'ec', use: 'sig' };
  const objects = new RequestObjects({ jwks: new ClientJwks(), http: new OutboundHttp({ disallowPrivateIpRanges: true }) });
  const ecClient = client({ jwks: { keys: [esJwk as never] }, request_object_signing_alg: 'ES256' });
  const signEs = (claims: Record<string, unknown>, alg = 'ES256') => new SignJWT(claims).setProtectedHeader({ alg, kid: 'ec' }).sign(es.privateKey);
  const form = (params: Record<string, string>) => new URLSearchParams({ client_id: 'app', scope: 'openid', ...params });

  async function rejects(promise: Promise<unknown>, error: string, hint?: RegExp) {
    await assert.rejects(promise, (err: unknown) => {
      assert.ok(err instanceof OAuth2Error, String(err));
      assert.equal(err.error, error, err.message);
      if (hint) assert.match(err.message, hint);
      return true;
    });
  }

  test('ES256: claims replace parameters, scopes are united, non-strings become strings, no nested request_uri', async () => {
    const request = await signEs({ scope: 'openid profile', state: 'from-object', max_age: 300, claims: { userinfo: { email: null } }, request_uri: 'https://evil.example/' });
    const merged = await objects.resolve(form({ scope: 'openid email', state: 'from-query', request }), ecClient);
    assert.equal(merged.get('state'), 'from-object');
    assert.equal(merged.get('scope'), 'openid profile email');
    assert.equal(merged.get('max_age'), '300');
    assert.equal(merged.get('claims'), '{"userinfo":{"email":null}}');
    assert.equal(merged.get('request_uri'), null);
  });

  test('plain OAuth 2.0 requests (no openid scope) are left alone, as in fosite', async () => {
    const sent = new URLSearchParams({ client_id: 'app', scope: 'profile', request: 'not-even-a-jwt' });
    assert.equal(await objects.resolve(sent, ecClient), sent);
  });

  test('algorithm rules', async () => {
    await rejects(objects.resolve(form({ request: await signEs({}) }), client({ jwks: { keys: [esJwk as never] }, request_object_signing_alg: 'RS256' })), 'invalid_request_object', /enforces signing algorithm 'RS256'/);
    const hs = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(32));
    await rejects(objects.resolve(form({ request: hs }), client({ jwks: { keys: [esJwk as never] } })), 'invalid_request_object', /unsupported signing algorithm 'HS256'/);
    await rejects(objects.resolve(form({ request: await signEs({}) }), client()), 'invalid_request', /does not have any JSON Web Keys/);
    await rejects(objects.resolve(form({ request: 'garbage' }), ecClient), 'invalid_request_object');
  });

  test('a request_uri on a private network is refused when so configured', async () => {
    const location = 'http://127.0.0.1:9/object';
    await rejects(objects.resolve(form({ request_uri: location }), client({ ...ecClient, request_uris: [location] })), 'invalid_request_uri', /private network/);
  });
});
