// What the logout tests share: a relying party logged in through a real
// browser flow (openid-client on one side, the SDK consent app on the other),
// and a local receiver for back-channel logout requests.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import type { OAuth2Api, OAuth2Client } from '@ory/hydra-client';
import { Browser } from '../support/browser.js';
import { authorize, CALLBACK } from '../support/consent-app.js';
import { pkceAuthorizationUrl } from '../support/rp.js';

export const LOGOUT_URL = 'http://127.0.0.1:9/logout';
export const POST_LOGOUT_DEFAULT = 'http://127.0.0.1:9/logged-out';
export const POST_LOGOUT = 'http://127.0.0.1:9/bye';

/** A confidential client with openid, and openid-client configured for it. */
export async function relyingParty(admin: OAuth2Api, issuer: URL, extra: OAuth2Client = {}) {
  const { data: client } = await admin.createOAuth2Client({
    oAuth2Client: { redirect_uris: [CALLBACK], grant_types: ['authorization_code'], response_types: ['code'], scope: 'openid', ...extra },
  });
  const config = await oidc.discovery(issuer, client.client_id!, undefined, oidc.ClientSecretBasic(client.client_secret!), { execute: [oidc.allowInsecureRequests] });
  return { client, config };
}

/** Logs `subject` in (remembered, so the browser holds a session cookie) and returns the RP's ID token and its sid. */
export async function logIn(admin: OAuth2Api, config: oidc.Configuration, browser: Browser, subject: string) {
  const { authUrl, verifier, state } = await pkceAuthorizationUrl(config, { redirect_uri: CALLBACK, scope: 'openid' });
  const { callback, loginSkip } = await authorize(admin, browser, authUrl, { subject, remember: true });
  const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
  const claims = tokens.claims()!;
  return { idToken: tokens.id_token!, sid: String(claims.sid), loginSkip };
}

/** An HTTP server recording the logout_token of every POST it receives. */
export async function backChannelReceiver(): Promise<{ url: string; tokens: string[]; next(): Promise<string>; close(): Promise<void> }> {
  const tokens: string[] = [];
  const waiting: ((token: string) => void)[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const token = req.method === 'POST' && String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')
        ? new URLSearchParams(body).get('logout_token') ?? ''
        : '';
      tokens.push(token);
      res.statusCode = 200;
      res.end();
      waiting.shift()?.(token);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let seen = 0;
  return {
    url: `http://127.0.0.1:${port}/backchannel`,
    tokens,
    next: () => (seen < tokens.length ? Promise.resolve(tokens[seen++]!) : new Promise((resolve) => waiting.push((t) => { seen++; resolve(t); }))),
    close: () => new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
