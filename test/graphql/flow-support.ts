// Browser flows whose login and consent are answered through the GraphQL
// admin plane (as a login/consent app using GraphQL would), and comparisons of
// GraphQL objects with the REST JSON of the same server.
import assert from 'node:assert/strict';
import type { TestServer } from '../support/server.js';
import { Browser } from '../support/browser.js';
import { Aead } from '../../src/domain/crypto/aead.js';
import { FlowCodec, type FlowPurpose } from '../../src/domain/flow/codec.js';
import type { Flow } from '../../src/domain/flow/flow.js';
import {
  AcceptConsentRequestDocument,
  AcceptLoginRequestDocument,
  ConsentRequestDocument,
  CreateClientDocument,
  type AcceptConsentRequestInput,
  type AcceptLoginRequestInput,
} from './generated/graphql.js';
import { data, snakeToCamel } from './support.js';

export const LOGIN = 'http://login.test/login';
export const CONSENT = 'http://consent.test/consent';
export const REDIRECT = 'http://127.0.0.1:9999/cb';
export const SECRET = 'a-very-secret-secret';
/** Settings of a server whose login and consent apps are the fake hosts above. */
export const FLOW_ENV = { URLS_LOGIN: LOGIN, URLS_CONSENT: CONSENT };

/** A confidential code-flow client, created through GraphQL. */
export async function createCodeClient(server: TestServer, clientName = 'flow app'): Promise<string> {
  const { createClient } = await data(server.adminUrl, CreateClientDocument, {
    input: {
      clientName,
      clientSecret: SECRET,
      redirectUris: [REDIRECT],
      scope: 'openid offline profile',
      grantTypes: ['authorization_code', 'refresh_token'],
      responseTypes: ['code'],
    },
  });
  return createClient.client.clientId;
}

export function authUrl(server: TestServer, clientId: string, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ client_id: clientId, response_type: 'code', redirect_uri: REDIRECT, scope: 'openid offline', state: 'state-123456', ...extra });
  return `${server.publicUrl}/oauth2/auth?${params}`;
}

const param = (location: string | undefined, name: string) => {
  assert.ok(location, 'expected a Location');
  const value = new URL(location).searchParams.get(name);
  assert.ok(value, `expected ${name} in ${location}`);
  return value;
};

/** /oauth2/auth → the login app: the login challenge. */
export async function startFlow(server: TestServer, browser: Browser, clientId: string, extra: Record<string, string> = {}): Promise<string> {
  const step = await browser.request(authUrl(server, clientId, extra));
  assert.equal(step.status, 302, step.body);
  assert.ok(step.location!.startsWith(LOGIN), step.location);
  return param(step.location, 'login_challenge');
}

/** Accepts the login through GraphQL and follows the browser to the consent app: the consent challenge. */
export async function loginThroughGraphQL(server: TestServer, browser: Browser, loginChallenge: string, input: AcceptLoginRequestInput): Promise<string> {
  const { acceptLoginRequest } = await data(server.adminUrl, AcceptLoginRequestDocument, { challenge: loginChallenge, input });
  const step = await browser.request(acceptLoginRequest.redirectTo);
  assert.equal(step.status, 302, `${step.location} ${step.body}`);
  assert.ok(step.location!.startsWith(CONSENT), step.location);
  return param(step.location, 'consent_challenge');
}

/** Accepts the consent through GraphQL and follows the browser back to the client: the code. */
export async function consentThroughGraphQL(server: TestServer, browser: Browser, consentChallenge: string, input: AcceptConsentRequestInput): Promise<string> {
  const { acceptConsentRequest } = await data(server.adminUrl, AcceptConsentRequestDocument, { challenge: consentChallenge, input });
  const step = await browser.request(acceptConsentRequest.redirectTo);
  assert.equal(step.status, 303, `${step.location} ${step.body}`);
  assert.ok(step.location!.startsWith(REDIRECT), step.location);
  return param(step.location, 'code');
}

export interface Granted {
  code: string;
  loginChallenge: string;
  consentChallenge: string;
  consentRequestId: string;
  sid: string;
}

/** A whole flow with login and consent answered through GraphQL. */
export async function grantThroughGraphQL(
  server: TestServer,
  browser: Browser,
  clientId: string,
  subject: string,
  consent: AcceptConsentRequestInput = { grantScope: ['openid', 'offline'], remember: true },
): Promise<Granted> {
  const loginChallenge = await startFlow(server, browser, clientId);
  const consentChallenge = await loginThroughGraphQL(server, browser, loginChallenge, { subject, remember: true });
  const { consentRequest } = await data(server.adminUrl, ConsentRequestDocument, { challenge: consentChallenge });
  const code = await consentThroughGraphQL(server, browser, consentChallenge, consent);
  return { code, loginChallenge, consentChallenge, consentRequestId: consentRequest.consentRequestId, sid: consentRequest.loginSessionId! };
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

/** The token endpoint's answer for a code of a createCodeClient client. */
export async function exchangeCode(server: TestServer, clientId: string, code: string): Promise<{ access_token: string; refresh_token: string; [name: string]: unknown }> {
  const response = await fetch(`${server.publicUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(clientId, SECRET) },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }),
  });
  const body = (await response.json()) as { access_token: string; refresh_token: string };
  assert.equal(response.status, 200, JSON.stringify(body));
  return body;
}

export async function restIntrospect(server: TestServer, form: Record<string, string>): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.adminUrl}/admin/oauth2/introspect`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  assert.equal(response.status, 200);
  return (await response.json()) as Record<string, unknown>;
}

/**
 * The flow codec of a test server (same system secret): lets a test make the
 * challenges a real server can hold but a test cannot wait for, such as an
 * expired one or one whose request was already handled.
 */
export function codecOf(server: TestServer): { decode(value: string, purpose: FlowPurpose): Flow; encode(flow: Flow, purpose: FlowPurpose): string } {
  const config = server.gatehouse.config;
  return new FlowCodec(new Aead([...config['secrets.system']], 'flow'), config['ttl.login_consent_request']);
}

const WIRE_CLIENT_HIDDEN = new Set(['client_secret', 'registration_access_token', 'registration_client_uri']);

function assertSameClient(rest: Record<string, unknown>, graph: Record<string, unknown>, where: string) {
  for (const [wire, value] of Object.entries(rest)) {
    if (WIRE_CLIENT_HIDDEN.has(wire)) continue;
    const name = snakeToCamel(wire);
    assert.ok(name in graph, `${where}.client lacks ${name}`);
    if (wire === 'created_at' || wire === 'updated_at') assert.equal(Date.parse(graph[name] as string), Date.parse(value as string), `${where}.client.${wire}`);
    else assert.deepEqual(graph[name], value, `${where}.client.${wire}`);
  }
}

/**
 * A login request, consent request or consent session from GraphQL equals the
 * REST JSON of the same object: every REST member is there under its camelCase
 * name with the same value, and GraphQL has nothing REST lacks.
 */
export function assertSameAsRest(rest: Record<string, unknown>, graph: Record<string, unknown>, where = 'root'): void {
  const expected = new Set<string>();
  for (const [wire, value] of Object.entries(rest)) {
    const name = snakeToCamel(wire);
    expected.add(name);
    assert.ok(name in graph, `${where}: GraphQL lacks ${name} (wire ${wire})`);
    const actual = graph[name];
    if (wire === 'client') {
      assert.ok(value && actual, `${where}: client`);
      assertSameClient(value as Record<string, unknown>, actual as Record<string, unknown>, where);
    } else if (wire === 'oidc_context') {
      // REST leaves out empty members (Go's omitempty); GraphQL shows them as null.
      const shown = Object.fromEntries(Object.entries(actual as Record<string, unknown>).filter(([, v]) => v !== null));
      assert.deepEqual(shown, Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [snakeToCamel(k), v])), `${where}.oidc_context`);
    } else if (wire === 'handled_at') {
      assert.equal(Date.parse(actual as string), Date.parse(value as string), `${where}.handled_at`);
    } else if (wire === 'session' && value && typeof value === 'object') {
      const claims = value as { access_token: unknown; id_token: unknown };
      assert.deepEqual(actual, { accessToken: claims.access_token, idToken: claims.id_token }, `${where}.session`);
    } else if (wire === 'consent_request') {
      assertSameAsRest(value as Record<string, unknown>, actual as Record<string, unknown>, `${where}.consent_request`);
    } else {
      assert.deepEqual(actual, value, `${where}.${wire}`);
    }
  }
  const extra = Object.keys(graph).filter((name) => name !== '__typename' && !expected.has(name));
  // A consent session's node also has `client` (REST shows it only inside consent_request).
  const allowed = where === 'root' && 'consent_request' in rest ? ['client'] : [];
  assert.deepEqual(extra.filter((n) => !allowed.includes(n)), [], `${where}: GraphQL fields REST lacks`);
}

export { Browser };
