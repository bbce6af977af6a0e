// Pairwise subject identifiers (OpenID Connect Core §8.1) as a relying party
// sees them: ID token, userinfo and introspection, with the sector taken from
// the client's only redirect URI, or forced by the login app.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import { Configuration, OAuth2Api } from '@ory/hydra-client';
import { Browser } from '../support/browser.js';
import { authorize, CALLBACK, CONSENT_URL, LOGIN_URL, type Grant } from '../support/consent-app.js';
import { pkceAuthorizationUrl } from '../support/rp.js';
import { failure } from '../support/sdk.js';
import { backends, startTestServer, type TestServer } from '../support/server.js';

const SALT = 'a-pairwise-salt-of-this-deployment';

for (const backend of backends) {
  describe(`pairwise subjects (${backend})`, () => {
    let server: TestServer;
    let admin: OAuth2Api;
    let issuer: URL;
    before(async () => {
      server = await startTestServer({
        backend,
        env: {
          URLS_LOGIN: LOGIN_URL,
          URLS_CONSENT: CONSENT_URL,
          OIDC_SUBJECT_IDENTIFIERS_SUPPORTED_TYPES: 'public,pairwise',
          OIDC_SUBJECT_IDENTIFIERS_PAIRWISE_SALT: SALT,
          CLIENTS_HTTP_DISALLOW_PRIVATE_IP_RANGES: 'true',
        },
      });
      admin = new OAuth2Api(new Configuration({ basePath: server.adminUrl }));
      issuer = new URL(server.gatehouse.config['urls.self.issuer']);
    });
    after(() => server.close());

    async function signIn(subjectType: 'public' | 'pairwise', grant: Grant) {
      const { data: client } = await admin.createOAuth2Client({
        oAuth2Client: { redirect_uris: [CALLBACK], subject_type: subjectType, scope: 'openid', grant_types: ['authorization_code'], response_types: ['code'] },
      });
      assert.equal(client.subject_type, subjectType);
      const config = await oidc.discovery(issuer, client.client_id!, undefined, oidc.ClientSecretBasic(client.client_secret!), { execute: [oidc.allowInsecureRequests] });
      const { authUrl, verifier, state } = await pkceAuthorizationUrl(config, { redirect_uri: CALLBACK, scope: 'openid' });
      const { callback } = await authorize(admin, new Browser(), authUrl, grant);
      const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
      return { config, tokens };
    }

    test('discovery advertises both subject types', async () => {
      const config = await oidc.discovery(issuer, 'any', undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
      assert.deepEqual(config.serverMetadata().subject_types_supported, ['public', 'pairwise']);
    });

    test('ID token and userinfo carry sha256(sector host ‖ subject ‖ salt); introspection shows both', async () => {
      const expected = createHash('sha256').update(new URL(CALLBACK).host).update('alice').update(SALT).digest('hex');
      const { config, tokens } = await signIn('pairwise', { subject: 'alice' });
      assert.equal(tokens.claims()!.sub, expected);
      const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, expected);
      assert.equal(userinfo.sub, expected);
      const { data: introspected } = await admin.introspectOAuth2Token({ token: tokens.access_token });
      assert.equal(introspected.sub, 'alice');
      assert.equal(introspected.obfuscated_subject, expected);

      // A public client of the same deployment sees the login's subject.
      const publicClient = await signIn('public', { subject: 'alice' });
      assert.equal(publicClient.tokens.claims()!.sub, 'alice');
    });

    test('force_subject_identifier replaces the computed identifier for pairwise clients', async () => {
      const { config, tokens } = await signIn('pairwise', { subject: 'bob', forceSubjectIdentifier: 'bob-at-this-rp' });
      assert.equal(tokens.claims()!.sub, 'bob-at-this-rp');
      assert.equal((await oidc.fetchUserInfo(config, tokens.access_token, 'bob-at-this-rp')).sub, 'bob-at-this-rp');
    });

    test('client URLs on private networks and unreachable sector documents are refused', async () => {
      const refused = await failure(admin.createOAuth2Client({ oAuth2Client: { redirect_uris: [CALLBACK], jwks_uri: 'http://127.0.0.1:9/jwks.json' } }));
      assert.equal(refused.status, 400);
      assert.equal(refused.data.error, 'invalid_client_metadata');
      assert.match(String(refused.data.error_description), /Client IP address is not allowed: jwks_uri/);

      const sector = await failure(admin.createOAuth2Client({ oAuth2Client: { redirect_uris: [CALLBACK], subject_type: 'pairwise', sector_identifier_uri: 'https://localhost:9/sector.json' } }));
      assert.equal(sector.status, 400);
      assert.match(String(sector.data.error_description), /Client IP address is not allowed: sector_identifier_uri/);
    });
  });
}
