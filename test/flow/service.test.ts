// FlowService over in-memory repositories and a fake code issuer: what the
// token layer is handed at the end of the flow, and the consent skip rule
// (only the latest remembered consent counts).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Aead } from '../../src/domain/crypto/aead.js';
import type { OAuth2Client } from '../../src/domain/client/model.js';
import type { AuthorizedRequest } from '../../src/domain/oauth2/grant.js';
import { FlowCodec } from '../../src/domain/flow/codec.js';
import { FlowCookies, type CookieToSet } from '../../src/domain/flow/cookies.js';
import { FlowService } from '../../src/domain/flow/service.js';
import type { AuthorizeOutcome } from '../../src/domain/flow/response.js';
import { SessionService } from '../../src/domain/session/service.js';
import type { LoginSession } from '../../src/domain/session/model.js';
import { ConsentSessionExistsError, type StoredConsentSession } from '../../src/domain/session/repository.js';

const secret = 'unit-test-secret-0123456789';
const client = { client_id: 'app', redirect_uris: ['https://app.example/cb'], response_types: ['code'], scope: 'openid profile email', audience: [], token_endpoint_auth_method: 'client_secret_basic', subject_type: 'public', sector_identifier_uri: '' } as unknown as OAuth2Client;

function setup() {
  const logins = new Map<string, LoginSession>();
  const consents: StoredConsentSession[] = [];
  const issued: AuthorizedRequest[] = [];
  const sessions = new SessionService({
    aead: new Aead([secret], 'consent-session'),
    clients: async () => new Map([[client.client_id, client]]),
    loginSessions: {
      findRemembered: async (id) => (logins.get(id)?.remember ? logins.get(id) : undefined),
      upsert: async (s) => void logins.set(s.id, s),
      delete: async (id) => { const s = logins.get(id); logins.delete(id); return s; },
      deleteBySubject: async () => 0,
    },
    consentSessions: {
      insert: async (s) => { if (consents.some((c) => c.id === s.id)) throw new ConsentSessionExistsError(s.id); consents.push(s); },
      findLatestRemembered: async (subject, clientId) =>
        consents.filter((c) => c.subject === subject && c.clientId === clientId && c.remember && !c.skip).sort((a, b) => b.requestedAt.getTime() - a.requestedAt.getTime())[0],
      list: async () => [],
      revoke: async () => 0,
      clientIdsOfLoginSession: async (subject, sid) => [...new Set(consents.filter((c) => c.subject === subject && c.loginSessionId === sid).map((c) => c.clientId))],
    },
  });
  const flows = new FlowService({
    codec: new FlowCodec(new Aead([secret], 'flow'), 30 * 60_000),
    cookies: new FlowCookies(new Aead([secret], 'cookie'), { dev: false, secureInDev: false, sameSiteMode: 'Lax', issuerIsHttps: true, domain: '', names: { session: 's', loginCsrf: 'l', consentCsrf: 'c', logoutCsrf: 'o', deviceCsrf: 'd' }, sessionPath: '/', csrfMaxAge: 1800 }),
    sessions,
    findClient: async (id) => (id === client.client_id ? client : undefined),
    requestObjects: { resolve: async (form) => form },
    codes: { issueAuthorizeResponse: async (_client, r) => { issued.push(r); return { code: `code-${issued.length}` }; } },
    devices: { findPendingUserCode: async () => assert.fail('no device flow here'), accept: async () => {}, reject: async () => {} },
    idTokenHints: { verify: async () => ({}) },
    settings: {
      publicUrl: 'https://auth.example/', loginUrl: 'https://login.example/', registrationUrl: 'https://login.example/', consentUrl: 'https://consent.example/', errorUrl: 'https://auth.example/oauth2/fallbacks/error',
      scopeStrategy: 'exact', exposeDebug: false, dev: false, authenticationSessionTtl: 3600, subjects: { supportedTypes: ['public'], pairwiseSalt: '' }, pkceEnforced: false, pkceEnforcedForPublicClients: false,
      deviceVerificationUrl: 'https://device.example/', deviceSuccessUrl: 'https://device.example/done',
    },
  });
  const jar: Record<string, string> = {};
  const keep = (cookies: CookieToSet[]) => { for (const c of cookies) if (c.maxAge > 0) jar[c.name] = c.value; else delete jar[c.name]; };
  const visit = async (url: string): Promise<AuthorizeOutcome & { kind: 'redirect' }> => {
    const u = new URL(url);
    const outcome = await flows.authorize({ form: new URLSearchParams(u.search), rawQuery: u.search.slice(1), cookies: { ...jar } });
    keep(outcome.cookies);
    assert.equal(outcome.kind, 'redirect');
    return outcome as AuthorizeOutcome & { kind: 'redirect' };
  };
  const start = (scope: string, prompt = '') =>
    `https://auth.example/oauth2/auth?${new URLSearchParams({ client_id: 'app', response_type: 'code', redirect_uri: 'https://app.example/cb', scope, state: 'state-123456', nonce: 'nonce-123456', max_age: '600', acr_values: 'mfa', ...(prompt ? { prompt } : {}) })}`;
  return { flows, issued, consents, logins, visit, start };
}

describe('FlowService', () => {
  test('leg 3 hands the token layer the consent request id, grants and Hydra session; leg 1 and admin calls write nothing', async () => {
    const { flows, issued, consents, logins, visit, start } = setup();
    const toLogin = await visit(start('openid profile'));
    assert.equal(logins.size, 0);
    const loginChallenge = new URL(toLogin.location).searchParams.get('login_challenge')!;
    const { redirect_to: loginVerifier } = await flows.acceptLogin(loginChallenge, { subject: 'alice', remember: true, acr: 'mfa', amr: ['otp'] });
    assert.equal(logins.size, 0, 'accepting writes nothing');
    const toConsent = await visit(loginVerifier);
    assert.equal(logins.size, 1, 'leg 2 upserts the login session');
    const consentChallenge = new URL(toConsent.location).searchParams.get('consent_challenge')!;
    const request = await flows.getConsentRequest(consentChallenge);
    assert.equal(request.kind, 'request');
    const { redirect_to } = await flows.acceptConsent(consentChallenge, { grant_scope: ['openid'], grant_access_token_audience: [], session: { id_token: { email: 'a@example' }, access_token: { role: 'x' } } });
    assert.equal(consents.length, 0, 'accepting writes nothing');
    const done = await visit(redirect_to);
    assert.equal(done.status, 303);
    assert.equal(new URL(done.location).searchParams.get('code'), 'code-1');
    assert.equal(consents.length, 1);

    const r = issued[0]!;
    assert.equal(r.requestId, consents[0]!.consentRequestId);
    assert.equal(r.clientId, 'app');
    assert.deepEqual(r.requestedScope, ['openid', 'profile']);
    assert.deepEqual(r.grantedScope, ['openid']);
    assert.equal(r.redirectUri, 'https://app.example/cb');
    assert.deepEqual(r.oidc, { nonce: 'nonce-123456', maxAge: 600, prompt: [], acrValues: ['mfa'] });
    const [sid] = [...logins.keys()];
    assert.equal(r.session.subject, 'alice');
    assert.equal(r.session.idTokenSubject, 'alice');
    assert.equal(r.session.sid, sid);
    assert.equal(r.session.acr, 'mfa');
    assert.deepEqual(r.session.amr, ['otp']);
    assert.deepEqual(r.session.idTokenClaims, { email: 'a@example' });
    assert.deepEqual(r.session.accessTokenClaims, { role: 'x' });
    assert.equal(typeof r.session.authTime, 'number');
    assert.equal(r.session.requestedAt, Math.floor(consents[0]!.requestedAt.getTime() / 1000));
  });

  test('consent skip compares requested scopes with the latest remembered consent only', async () => {
    const { flows, visit, start, consents } = setup();
    const run = async (scope: string, grant: string[], remember: boolean, prompt = '') => {
      const toLogin = await visit(start(scope, prompt));
      const { redirect_to } = await flows.acceptLogin(new URL(toLogin.location).searchParams.get('login_challenge')!, { subject: 'bob', remember: true });
      const toConsent = await visit(redirect_to);
      const challenge = new URL(toConsent.location).searchParams.get('consent_challenge')!;
      const request = await flows.getConsentRequest(challenge);
      assert.equal(request.kind, 'request');
      const skip = (request as unknown as { request: { skip: boolean } }).request.skip;
      const accepted = await flows.acceptConsent(challenge, { grant_scope: grant, remember });
      await visit(accepted.redirect_to);
      return skip;
    };
    assert.equal(await run('openid profile email', ['openid', 'profile', 'email'], true), false);
    consents[0]!.requestedAt = new Date(Date.now() - 60_000); // older than what follows
    assert.equal(await run('openid profile', ['openid', 'profile'], true), true, 'covered by the remembered consent');
    // The skipped consent is not a base; the latest non-skipped one is the first: still covers email.
    assert.equal(await run('openid email', ['openid', 'email'], false), true);
    // A newer remembered consent granting less hides the older, broader one.
    for (const c of consents) c.requestedAt = new Date(Date.now() - 120_000);
    assert.equal(await run('openid', ['openid'], true, 'consent'), false, 'prompt=consent never skips');
    assert.equal(await run('openid email', ['openid', 'email'], true), false);
  });
});
