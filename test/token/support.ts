// Helpers for the token-layer HTTP tests: clients through the admin API, form
// posts to the public endpoints, and authorization codes issued the way the
// browser flow issues them (consent session row, then issueAuthorizeCode).
import { randomUUID } from 'node:crypto';
import type { OAuth2Client } from '../../src/domain/client/model.js';
import type { AuthorizedRequest } from '../../src/domain/oauth2/grant.js';
import type { TestServer } from '../support/server.js';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, any>;
}

async function reply(response: Response): Promise<Reply> {
  const text = await response.text();
  let json: Record<string, any> = {};
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    // not JSON (application/jwt, empty bodies)
  }
  return { status: response.status, headers: response.headers, text, json };
}

export async function createClient(server: TestServer, body: Partial<OAuth2Client>): Promise<OAuth2Client> {
  const response = await fetch(`${server.adminUrl}/admin/clients`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const result = await reply(response);
  if (result.status !== 201) throw new Error(`client creation failed: ${result.text}`);
  return result.json as OAuth2Client;
}

export const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

export async function postForm(url: string, form: Record<string, string | string[]>, headers: Record<string, string> = {}): Promise<Reply> {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) for (const v of [value].flat()) body.append(key, v);
  return reply(await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body }));
}

export const get = async (url: string, headers: Record<string, string> = {}) => reply(await fetch(url, { headers }));

export const token = (server: TestServer, form: Record<string, string | string[]>, headers?: Record<string, string>) =>
  postForm(`${server.publicUrl}/oauth2/token`, form, headers);

export const introspect = (server: TestServer, form: Record<string, string>) => postForm(`${server.adminUrl}/admin/oauth2/introspect`, form);

/** A client_credentials client with a known secret. */
export const ccClient = (server: TestServer, extra: Partial<OAuth2Client> = {}) =>
  createClient(server, { client_secret: 'a-very-secret-secret', grant_types: ['client_credentials'], scope: 'read write foo.*', ...extra });

export async function ccToken(server: TestServer, client: OAuth2Client, form: Record<string, string | string[]> = {}) {
  return token(server, { grant_type: 'client_credentials', ...form }, { authorization: basic(client.client_id, client.client_secret!) });
}

/** An authorization code for `client`, as the browser flow would make one after consent. */
export async function issueCode(server: TestServer, client: OAuth2Client, overrides: Partial<AuthorizedRequest> = {}) {
  const requestId = randomUUID().replaceAll('-', '');
  const granted = overrides.grantedScope ?? ['openid', 'offline'];
  const now = new Date();
  await server.gatehouse.db.prisma.consentSession.create({
    data: {
      id: randomUUID(),
      consentRequestId: requestId,
      subject: overrides.session?.subject ?? 'user-1',
      clientId: client.client_id,
      requestedAt: now,
      handledAt: now,
      requestedScope: granted,
      requestedAudience: [],
      grantedScope: granted,
      grantedAudience: overrides.grantedAudience ?? [],
      encryptedRequest: '',
      encryptedSession: '',
    },
  });
  const request: AuthorizedRequest = {
    requestId,
    clientId: client.client_id,
    requestedScope: granted,
    requestedAudience: [],
    grantedScope: granted,
    grantedAudience: [],
    redirectUri: 'https://app.example/cb',
    codeChallenge: '',
    codeChallengeMethod: '',
    oidc: { nonce: 'nonce-0123456789', prompt: [], acrValues: [] },
    session: {
      subject: 'user-1',
      idTokenSubject: 'user-1',
      idTokenClaims: { email: 'user@example.com' },
      accessTokenClaims: { tenant: 'acme' },
      authTime: Math.floor(now.getTime() / 1000) - 10,
      requestedAt: Math.floor(now.getTime() / 1000) - 20,
      acr: 'urn:acr:1',
      amr: ['pwd'],
      sid: 'login-session-1',
    },
    ...overrides,
  };
  const { code } = await server.gatehouse.services.tokens.issueAuthorizeCode(request);
  return { code, requestId, request };
}

/** A confidential code-flow client (client_secret_basic) allowed to refresh. */
export const codeClient = (server: TestServer, extra: Partial<OAuth2Client> = {}) =>
  createClient(server, {
    client_secret: 'a-very-secret-secret',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: ['https://app.example/cb'],
    scope: 'openid offline offline_access profile',
    ...extra,
  });

export function exchange(server: TestServer, client: OAuth2Client, code: string, form: Record<string, string> = {}) {
  return token(
    server,
    { grant_type: 'authorization_code', code, redirect_uri: 'https://app.example/cb', ...form },
    { authorization: basic(client.client_id, client.client_secret!) },
  );
}

export function refresh(server: TestServer, client: OAuth2Client, refreshToken: string) {
  return token(server, { grant_type: 'refresh_token', refresh_token: refreshToken }, { authorization: basic(client.client_id, client.client_secret!) });
}
