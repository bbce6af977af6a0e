// Discovery advertises exactly what is served: every endpoint it names
// answers on the public listener (an OAuth error for an empty request is
// fine, a 404 is not), and what a setting switches off
// disappears from both the document and the listener.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/server.js';

type Metadata = Record<string, unknown>;

/** How a relying party first calls each advertised endpoint. */
const FIRST_CALL: Record<string, 'GET' | 'POST'> = {
  authorization_endpoint: 'GET',
  token_endpoint: 'POST',
  jwks_uri: 'GET',
  userinfo_endpoint: 'GET',
  revocation_endpoint: 'POST',
  end_session_endpoint: 'GET',
  device_authorization_endpoint: 'POST',
  registration_endpoint: 'POST',
};

async function metadataOf(server: TestServer): Promise<Metadata> {
  return (await (await fetch(`${server.publicUrl}/.well-known/openid-configuration`)).json()) as Metadata;
}

/** Served: anything but a 404 (an unknown route, or Hydra's answer for a switched-off feature). */
async function isServed(url: string, method: 'GET' | 'POST'): Promise<boolean> {
  const res = await fetch(url, {
    method,
    redirect: 'manual',
    ...(method === 'POST' && { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' }),
  });
  await res.arrayBuffer();
  return res.status !== 404;
}

describe('discovery with the default settings', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('every advertised endpoint is served; every endpoint-like member is one we know how to call', async () => {
    const metadata = await metadataOf(server);
    const endpoints = Object.keys(metadata).filter((name) => name.endsWith('_endpoint') || name === 'jwks_uri');
    assert.deepEqual(endpoints.filter((name) => !(name in FIRST_CALL)), [], 'an endpoint this test does not know');
    assert.ok(endpoints.length >= 7, endpoints.join());
    for (const name of endpoints) {
      assert.ok(await isServed(metadata[name] as string, FIRST_CALL[name]!), `${name} (${String(metadata[name])}) is served`);
    }
  });

  test('registration is off by default: neither advertised nor served', async () => {
    assert.equal('registration_endpoint' in (await metadataOf(server)), false);
    assert.equal(await isServed(`${server.publicUrl}/oauth2/register`, 'POST'), false);
  });

  test('only public subject identifiers by default', async () => {
    assert.deepEqual((await metadataOf(server)).subject_types_supported, ['public']);
  });
});

describe('discovery follows the settings', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({
      env: {
        OIDC_DYNAMIC_CLIENT_REGISTRATION_ENABLED: 'true',
        OIDC_SUBJECT_IDENTIFIERS_SUPPORTED_TYPES: 'public,pairwise',
        OIDC_SUBJECT_IDENTIFIERS_PAIRWISE_SALT: 'a-salt-of-at-least-some-length',
        WEBFINGER_OIDC_DISCOVERY_SUPPORTED_SCOPE: 'profile,email',
        WEBFINGER_OIDC_DISCOVERY_SUPPORTED_CLAIMS: 'email,name',
        WEBFINGER_OIDC_DISCOVERY_TOKEN_URL: 'https://gateway.example/oauth2/token',
        WEBFINGER_OIDC_DISCOVERY_JWKS_URL: 'https://gateway.example/jwks.json',
      },
    });
  });
  after(() => server.close());

  test('registration, pairwise subjects, extra scopes and claims appear once enabled, and are served', async () => {
    const metadata = await metadataOf(server);
    assert.equal(metadata.registration_endpoint, `${server.publicUrl}/oauth2/register`);
    assert.ok(await isServed(metadata.registration_endpoint as string, 'POST'));
    assert.deepEqual(metadata.subject_types_supported, ['public', 'pairwise']);
    assert.deepEqual(metadata.scopes_supported, ['offline_access', 'offline', 'openid', 'profile', 'email']);
    assert.deepEqual(metadata.claims_supported, ['sub', 'email', 'name']);
  });

  test('webfinger.oidc_discovery URLs replace our own in the document (a gateway in front), the others stay ours', async () => {
    const metadata = await metadataOf(server);
    assert.equal(metadata.token_endpoint, 'https://gateway.example/oauth2/token');
    assert.equal(metadata.jwks_uri, 'https://gateway.example/jwks.json');
    assert.equal(metadata.authorization_endpoint, `${server.publicUrl}/oauth2/auth`);
    assert.equal(metadata.userinfo_endpoint, `${server.publicUrl}/userinfo`);
  });
});
