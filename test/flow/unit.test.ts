// Unit tests of the browser flow's building blocks: murmur3 cookie suffixes,
// the challenge codec, and /oauth2/auth parsing in fosite's order.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Aead } from '../../src/domain/crypto/aead.js';
import { OAuth2Error } from '../../src/domain/errors.js';
import type { OAuth2Client } from '../../src/domain/client/model.js';
import { murmur3x86_32 } from '../../src/domain/flow/murmur3.js';
import { FlowCodec } from '../../src/domain/flow/codec.js';
import { FlowCookies } from '../../src/domain/flow/cookies.js';
import { verifyCsrf } from '../../src/domain/flow/csrf.js';
import { FlowState, type Flow } from '../../src/domain/flow/flow.js';
import { AuthorizeFailure, parseAuthorizeRequest } from '../../src/domain/flow/authorize-request.js';
import { errorToClient, toErrorPage } from '../../src/domain/flow/response.js';
import { pairwiseSubject } from '../../src/domain/flow/subject.js';

const secret = 'unit-test-secret-0123456789';

describe('murmur3 x86_32', () => {
  test('known vectors (seed 0)', () => {
    assert.equal(murmur3x86_32(''), 0);
    assert.equal(murmur3x86_32('hello'), 0x248bfa47);
    assert.equal(murmur3x86_32('The quick brown fox jumps over the lazy dog'), 0x2e4ff723);
    assert.equal(murmur3x86_32('abc'), 0xb3dd93fa);
    assert.equal(murmur3x86_32('abcd'), 0x43ed676a);
  });
});

function flow(overrides: Partial<Flow> = {}): Flow {
  return {
    id: 'a'.repeat(32), clientId: 'c', requestedScope: ['openid'], requestedAudience: [], oidcContext: {}, requestUrl: 'http://x/oauth2/auth?a=b',
    requestedAt: Math.floor(Date.now() / 1000), state: FlowState.LoginUnused, loginSkip: false, subject: '', sessionId: 'sid', loginCsrf: 'csrf',
    loginRemember: false, loginRememberFor: 0, loginExtendSessionLifespan: false, identityProviderSessionId: '', forceSubjectIdentifier: '',
    acr: '', amr: [], context: null, consentSkip: false, grantedScope: [], grantedAudience: [], consentRemember: false, consentRememberFor: 0,
    sessionIdToken: {}, sessionAccessToken: {}, ...overrides,
  };
}

const rejects = (fn: () => unknown, error: string, status: number, description?: RegExp) => {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof OAuth2Error, String(err));
    assert.equal(err.error, error);
    assert.equal(err.status, status);
    if (description) assert.match(err.message, description);
    return true;
  });
};

describe('FlowCodec', () => {
  const codec = new FlowCodec(new Aead([secret], 'flow'), 30 * 60_000);

  test('round trip per purpose', () => {
    const f = flow();
    assert.deepEqual(codec.decode(codec.encode(f, 'login_challenge'), 'login_challenge'), f);
    assert.deepEqual(codec.decode(codec.encode(f, 'consent_verifier'), 'consent_verifier'), f);
  });

  test('one purpose cannot stand in for another: 404 for challenges, access_denied for verifiers', () => {
    const challenge = codec.encode(flow(), 'login_challenge');
    rejects(() => codec.decode(challenge, 'consent_challenge'), 'Not Found', 404, /Unable to locate the requested resource/);
    rejects(() => codec.decode(challenge, 'login_verifier'), 'access_denied', 403, /The login verifier has already been used, has not been granted, or is invalid\./);
    const verifier = codec.encode(flow(), 'login_verifier');
    rejects(() => codec.decode(verifier, 'login_challenge'), 'Not Found', 404);
    rejects(() => codec.decode(codec.encode(flow(), 'consent_challenge'), 'consent_verifier'), 'access_denied', 403, /consent verifier/);
  });

  test('tampered, garbage or foreign-secret values do not open', () => {
    const challenge = codec.encode(flow(), 'login_challenge');
    const tampered = challenge.slice(0, -3) + (challenge.endsWith('A') ? 'BBB' : 'AAA');
    rejects(() => codec.decode(tampered, 'login_challenge'), 'Not Found', 404);
    rejects(() => codec.decode('garbage', 'login_challenge'), 'Not Found', 404);
    const other = new FlowCodec(new Aead(['another-secret-0123456789'], 'flow'), 30 * 60_000);
    rejects(() => other.decode(challenge, 'login_challenge'), 'Not Found', 404);
  });

  test('expires ttl after requested_at: 401 request_unauthorized', () => {
    const old = flow({ requestedAt: Math.floor(Date.now() / 1000) - 31 * 60 });
    rejects(() => codec.decode(codec.encode(old, 'login_challenge'), 'login_challenge'), 'request_unauthorized', 401, /The login request has expired, please try again\./);
    rejects(() => codec.decode(codec.encode(old, 'consent_verifier'), 'consent_verifier'), 'request_unauthorized', 401, /The consent request has expired/);
    const fresh = flow({ requestedAt: Math.floor(Date.now() / 1000) - 29 * 60 });
    assert.equal(codec.decode(codec.encode(fresh, 'login_challenge'), 'login_challenge').id, fresh.id);
  });
});

describe('CSRF cookies', () => {
  const settings = {
    dev: true, secureInDev: false, sameSiteMode: 'None' as const, issuerIsHttps: false, domain: '',
    names: { session: 'ory_hydra_session', loginCsrf: 'ory_hydra_login_csrf', consentCsrf: 'ory_hydra_consent_csrf', logoutCsrf: 'ory_hydra_logout_csrf', deviceCsrf: 'ory_hydra_device_csrf' }, sessionPath: '/', csrfMaxAge: 1800,
  };
  const cookies = new FlowCookies(new Aead([secret], 'cookie'), settings);

  test('named per client with _dev and murmur3 suffix; attributes as Hydra', () => {
    const c = cookies.csrfCookie('login', 'my-client', 'x');
    assert.equal(c.name, `ory_hydra_login_csrf_dev_${murmur3x86_32('my-client')}`);
    assert.equal(c.maxAge, 1800);
    assert.equal(c.httpOnly, true);
    assert.equal(c.secure, false);
    assert.equal(c.sameSite, 'Lax', 'None needs https; Hydra falls back to Lax');
    const prod = new FlowCookies(new Aead([secret], 'cookie'), { ...settings, dev: false, issuerIsHttps: true });
    const p = prod.csrfCookie('consent', 'my-client', 'x');
    assert.equal(p.name, `ory_hydra_consent_csrf_${murmur3x86_32('my-client')}`);
    assert.equal(p.secure, true);
    assert.equal(p.sameSite, 'None');
  });

  test('verify: match passes; missing, foreign and mismatching values are request_forbidden', () => {
    const own = cookies.csrfCookie('login', 'a', 'expected');
    verifyCsrf(cookies, 'login', 'a', { [own.name]: own.value }, 'expected');
    rejects(() => verifyCsrf(cookies, 'login', 'a', {}, 'expected'), 'request_forbidden', 403, /No CSRF value available in the session cookie\./);
    const foreign = cookies.csrfCookie('login', 'b', 'expected');
    rejects(() => verifyCsrf(cookies, 'login', 'a', { [own.name]: foreign.value }, 'expected'), 'request_forbidden', 403, /could not be decoded/);
    rejects(() => verifyCsrf(cookies, 'login', 'a', { [own.name]: own.value }, 'other'), 'request_forbidden', 403, /does not match/);
  });
});

/** Request objects are tested in test/flow/request-object.test.ts. */
const noRequestObjects = { resolve: async (form: URLSearchParams) => form };

function client(overrides: Partial<OAuth2Client> = {}): OAuth2Client {
  return { client_id: 'app', redirect_uris: ['https://app.example/cb'], response_types: ['code'], scope: 'openid offline', audience: ['https://api.example/'], token_endpoint_auth_method: 'client_secret_basic', subject_type: 'public', sector_identifier_uri: '', ...overrides } as OAuth2Client;
}

describe('parseAuthorizeRequest: fosite order and error routing', () => {
  const options = (c: OAuth2Client | undefined = client()) => ({ scopeStrategy: 'exact' as const, findClient: async (id: string) => (c && id === c.client_id ? c : undefined), requestObjects: noRequestObjects });
  const good = { client_id: 'app', response_type: 'code', redirect_uri: 'https://app.example/cb', scope: 'openid', state: 'state-123456' };
  const parse = (params: Record<string, string>, c?: OAuth2Client) => parseAuthorizeRequest(new URLSearchParams(params), new URLSearchParams(params).toString(), options(c));
  async function failure(params: Record<string, string>, c?: OAuth2Client): Promise<AuthorizeFailure> {
    try {
      await parse(params, c);
    } catch (err) {
      assert.ok(err instanceof AuthorizeFailure, String(err));
      return err;
    }
    assert.fail('expected a failure');
  }

  test('a valid request', async () => {
    const r = await parse(good);
    assert.equal(r.redirectUri, 'https://app.example/cb');
    assert.equal(r.responseMode, 'query');
    assert.deepEqual(r.scope, ['openid']);
  });

  test('unknown client, bad response_mode and redirect_uri go to the error page (no redirect)', async () => {
    let f = await failure({ ...good, client_id: 'nope' });
    assert.equal(f.error.error, 'invalid_client');
    assert.equal(f.redirect, undefined);
    f = await failure({ ...good, response_mode: 'web_message' });
    assert.equal(f.error.error, 'unsupported_response_mode');
    assert.equal(f.redirect, undefined);
    f = await failure({ ...good, redirect_uri: 'https://evil.example/cb' });
    assert.match(f.error.message, /does not match any of the OAuth 2.0 Client's pre-registered redirect urls/);
    assert.equal(f.redirect, undefined);
    f = await failure({ ...good, redirect_uri: '' });
    assert.match(f.error.message, /required when using OpenID Connect 1.0/);
  });

  test('client id is checked before response_mode, response_mode before redirect_uri', async () => {
    assert.equal((await failure({ ...good, client_id: 'nope', response_mode: 'x', redirect_uri: 'bad' })).error.error, 'invalid_client');
    assert.equal((await failure({ ...good, response_mode: 'x', redirect_uri: 'bad' })).error.error, 'unsupported_response_mode');
  });

  test('later errors go to the client with state: scope, audience, response_type, state length in that order', async () => {
    let f = await failure({ ...good, scope: 'openid admin', audience: 'https://other.example/', response_type: '', state: 'short' });
    assert.equal(f.error.error, 'invalid_scope');
    assert.deepEqual(f.redirect, { redirectUri: 'https://app.example/cb', responseMode: 'query', state: 'short' });
    f = await failure({ ...good, audience: 'https://other.example/', response_type: '', state: 'short' });
    assert.match(f.error.message, /Requested audience 'https:\/\/other.example\/' has not been whitelisted/);
    f = await failure({ ...good, response_type: '', state: 'short' });
    assert.equal(f.error.error, 'unsupported_response_type');
    f = await failure({ ...good, response_type: 'token', state: 'short' });
    assert.match(f.error.message, /not allowed to request response_type 'token'/);
    f = await failure({ ...good, state: 'short' });
    assert.equal(f.error.error, 'invalid_state');
    assert.match(f.error.message, /at least be 8 characters long/);
    assert.equal((await parse({ ...good, audience: 'https://api.example/v1' })).audience[0], 'https://api.example/v1');
  });

  test('single registered redirect URI is used when none is sent (non-OIDC); loopback IPs may change port', async () => {
    const r = await parse({ ...good, scope: 'offline', redirect_uri: '' });
    assert.equal(r.redirectUri, 'https://app.example/cb');
    const loop = client({ redirect_uris: ['http://127.0.0.1/cb'] });
    assert.equal((await parse({ ...good, redirect_uri: 'http://127.0.0.1:5555/cb' }, loop)).redirectUri, 'http://127.0.0.1:5555/cb');
    const named = client({ redirect_uris: ['http://localhost/cb'] });
    assert.equal((await failure({ ...good, redirect_uri: 'http://localhost:5555/cb' }, named)).redirect, undefined);
  });

  test('error responses: error page gets error and description only; client gets state, 303, query merged', () => {
    const err = new OAuth2Error('invalid_scope', 'The requested scope is invalid.', 400, 'Say "no".', 'debug');
    const page = toErrorPage('https://errors.example/e?x=1', err, false);
    assert.equal(page.kind, 'redirect');
    if (page.kind !== 'redirect') return;
    const url = new URL(page.location);
    assert.equal(page.status, 302);
    assert.equal(url.searchParams.get('error'), 'invalid_scope');
    assert.equal(url.searchParams.get('error_description'), "The requested scope is invalid. Say 'no'.");
    assert.equal(url.searchParams.get('state'), null);
    const toClient = errorToClient({ redirectUri: 'https://app.example/cb?keep=1', responseMode: 'query', state: 'state-123456' }, err, true, []);
    assert.ok(toClient.kind === 'redirect' && toClient.status === 303);
    if (toClient.kind !== 'redirect') return;
    const back = new URL(toClient.location);
    assert.equal(back.searchParams.get('state'), 'state-123456');
    assert.equal(back.searchParams.get('keep'), '1');
    assert.equal(back.searchParams.get('error_description'), "The requested scope is invalid. Say 'no'. debug");
    const fragment = errorToClient({ redirectUri: 'https://app.example/cb', responseMode: 'fragment', state: 'state-123456' }, err, false, []);
    assert.ok(fragment.kind === 'redirect' && fragment.location.startsWith('https://app.example/cb#error=invalid_scope'));
    const form = errorToClient({ redirectUri: 'https://app.example/cb', responseMode: 'form_post', state: 'state-123456' }, err, false, []);
    assert.equal(form.kind, 'form_post');
  });

  test('pairwise subjects: sha256(sector ‖ subject ‖ salt)', () => {
    const c = client({ subject_type: 'pairwise' });
    assert.equal(pairwiseSubject(c, 'alice', 'salt'), pairwiseSubject(client({ redirect_uris: ['https://app.example/other'] }), 'alice', 'salt'));
    assert.notEqual(pairwiseSubject(c, 'alice', 'salt'), pairwiseSubject(c, 'bob', 'salt'));
    assert.match(pairwiseSubject(c, 'alice', 'salt'), /^[0-9a-f]{64}$/);
  });
});
