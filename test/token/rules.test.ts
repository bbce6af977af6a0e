// Unit tests of the token layer's pure rules: PKCE, ID-token claims,
// lifespans, the refresh grace window and Hydra's time format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { verifyPkce } from '../../src/domain/token/grants/pkce.js';
import { idTokenClaims, leftHalfHash } from '../../src/domain/token/id-token.js';
import { expiry, lifespan } from '../../src/domain/token/lifespans.js';
import { goTime, TokenLookup } from '../../src/domain/token/lookup.js';
import { joinUrl, tokenEndpointUrls, type TokenSettings } from '../../src/domain/token/settings.js';
import type { ClientRecord } from '../../src/domain/client/repository.js';
import type { TokenRecord } from '../../src/domain/token/repository.js';
import { OAuth2Error } from '../../src/domain/errors.js';

const settings: TokenSettings = {
  issuer: 'https://auth.example/',
  publicUrl: 'https://public.example/base/',
  ttl: { accessToken: 3_600_000, refreshToken: 720 * 3_600_000, idToken: 3_600_000, authCode: 600_000 },
  accessTokenStrategy: 'opaque',
  scopeStrategy: 'wildcard',
  jwtScopeClaim: 'list',
  pkceEnforced: false,
  pkceEnforcedForPublicClients: true,
  clientCredentialsDefaultGrantAllowedScope: false,
  refreshGracePeriod: 60_000,
  refreshGraceReuseCount: 2,
  allowedTopLevelClaims: [],
  mirrorTopLevelClaims: true,
  jwtBearer: { jtiOptional: false, iatOptional: false, maxTtl: 720 * 3_600_000 },
  device: { lifespan: 600_000, pollingInterval: 5_000, userCodeLength: 8, userCodeSymbols: 'ABCDEFGH' },
  tokenHook: null,
  refreshTokenHook: null,
};
const client = { client_id: 'c', token_endpoint_auth_method: 'none' } as ClientRecord;
const oidc = { nonce: '', prompt: [], acrValues: [] };
const hintOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof OAuth2Error);
    return `${err.error}: ${err.hint ?? ''}`;
  }
  return 'ok';
};

test('PKCE: verifier rules, S256 only, enforcement for public clients', () => {
  const verifier = 'v'.repeat(43);
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const auth = (codeChallenge: string, codeChallengeMethod: string) => ({ redirectUri: '', codeChallenge, codeChallengeMethod, oidc });
  assert.equal(hintOf(() => verifyPkce(auth(challenge, 'S256'), verifier, client, settings)), 'ok');
  assert.match(hintOf(() => verifyPkce(auth(challenge, 'S256'), 'v'.repeat(129), client, settings)), /can not be longer than 128/);
  assert.match(hintOf(() => verifyPkce(auth(challenge, 'S256'), `${'v'.repeat(42)}!`, client, settings)), /must only contain/);
  assert.match(hintOf(() => verifyPkce(auth(challenge, ''), verifier, client, settings)), /^invalid_request: Clients must use code_challenge_method=S256/);
  assert.match(hintOf(() => verifyPkce(auth(challenge, 'S512'), verifier, client, settings)), /use S256 instead/);
  assert.match(hintOf(() => verifyPkce(auth('', ''), '', client, settings)), /^invalid_request: This client must include a code_challenge/);
  assert.equal(hintOf(() => verifyPkce(auth('', ''), '', { ...client, token_endpoint_auth_method: 'client_secret_basic' }, settings)), 'ok');
});

test('ID token claims: protected claims win, empty ones are removed, acr_values without acr gives "0"', () => {
  const now = new Date(1_800_000_000_000);
  const claims = idTokenClaims('https://auth.example/', {
    clientId: 'c',
    session: { subject: 's', idTokenSubject: 's', idTokenClaims: { rat: 1, amr: ['x'], custom: 1 }, accessTokenClaims: {}, authTime: 1_799_999_990 },
    accessToken: 'ory_at_x',
    now,
    expiresAt: new Date(now.getTime() + 3_600_000),
    oidc: { nonce: '', prompt: [], acrValues: ['urn:gold'] },
  });
  assert.equal(claims.acr, '0');
  assert.equal('rat' in claims, false);
  assert.equal('amr' in claims, false);
  assert.equal('nonce' in claims, false);
  assert.equal(claims.custom, 1);
  assert.equal(claims.sid, '');
  assert.equal(claims.at_hash, leftHalfHash('ory_at_x'));
  assert.equal(claims.iat, 1_800_000_000);
  assert.equal(claims.exp, 1_800_003_600);
  assert.match(
    hintOf(() =>
      idTokenClaims('i', {
        clientId: 'c',
        session: { subject: 's', idTokenSubject: 's', idTokenClaims: {}, accessTokenClaims: {}, authTime: 100, requestedAt: 50 },
        accessToken: 't',
        now,
        expiresAt: now,
        oidc: { ...oidc, prompt: ['none'] },
      }),
    ),
    /^server_error/,
  );
  assert.match(
    hintOf(() =>
      idTokenClaims('i', {
        clientId: 'c',
        session: { subject: 's', idTokenSubject: 's', idTokenClaims: {}, accessTokenClaims: {} },
        accessToken: 't',
        nonce: 'short',
        now,
        expiresAt: now,
      }),
    ),
    /^insufficient_entropy/,
  );
});

test('lifespans: a client value wins, -1 never expires, auth-code grants round to the second', () => {
  const own = { ...client, authorization_code_grant_access_token_lifespan: '5m', refresh_token_grant_refresh_token_lifespan: '-1' } as ClientRecord;
  assert.equal(lifespan(settings, own, 'authorization_code', 'access_token'), 300_000);
  assert.equal(lifespan(settings, own, 'client_credentials', 'access_token'), 3_600_000);
  assert.equal(lifespan(settings, own, 'refresh_token', 'refresh_token'), -1);
  assert.equal(expiry(new Date(0), -1), null);
  assert.equal(expiry(new Date(1_400), 1000, true)!.getTime(), 2_000);
});

test('refresh grace window: period and reuse count', () => {
  const lookup = new TokenLookup({} as never, {} as never, {} as never, settings);
  const now = new Date(1_000_000);
  const row = (r: Partial<TokenRecord>) => ({ active: false, firstUsedAt: new Date(now.getTime() - 1000), usedTimes: 1, ...r }) as TokenRecord;
  assert.equal(lookup.refreshUsable(row({ active: true, firstUsedAt: null }), now), true);
  assert.equal(lookup.refreshUsable(row({}), now), true);
  assert.equal(lookup.refreshUsable(row({ usedTimes: 2 }), now), false);
  assert.equal(lookup.refreshUsable(row({ firstUsedAt: new Date(now.getTime() - 61_000) }), now), false);
  const strict = new TokenLookup({} as never, {} as never, {} as never, { ...settings, refreshGracePeriod: 0 });
  assert.equal(strict.refreshUsable(row({}), now), false);
});

test('URLs join like Hydra\'s; token endpoint URLs of public and issuer; Go time format', () => {
  assert.equal(joinUrl('https://public.example/base/', '/oauth2/token'), 'https://public.example/base/oauth2/token');
  assert.deepEqual(tokenEndpointUrls(settings), ['https://public.example/base/oauth2/token', 'https://auth.example/oauth2/token']);
  assert.equal(goTime(new Date('2024-05-01T10:00:00Z')), '2024-05-01 10:00:00 +0000 UTC');
  assert.equal(goTime(new Date('2024-05-01T10:00:00.250Z')), '2024-05-01 10:00:00.25 +0000 UTC');
});
