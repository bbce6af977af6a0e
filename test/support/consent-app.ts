// A consent app written against Ory's SDK, as tests need one: it answers the
// login and consent requests a cookie-keeping browser is sent to, until the
// browser reaches the client's callback.
import assert from 'node:assert/strict';
import type { OAuth2Api } from '@ory/hydra-client';
import type { Browser } from './browser.js';

/** Where the test server sends the browser (nothing listens there: the browser stops at them). */
export const LOGIN_URL = 'http://127.0.0.1:9/login';
export const CONSENT_URL = 'http://127.0.0.1:9/consent';
export const CALLBACK = 'http://127.0.0.1:9/callback';

export interface Grant {
  subject: string;
  remember?: boolean;
  /** force_subject_identifier on login accept (pairwise clients). */
  forceSubjectIdentifier?: string;
  idTokenClaims?: Record<string, unknown>;
  accessTokenClaims?: Record<string, unknown>;
}

/**
 * Drives the browser from the authorization URL to the client's callback,
 * answering the login and consent requests through the admin API as a
 * consent app would. Returns the callback URL and what the app was shown.
 */
export async function authorize(admin: OAuth2Api, browser: Browser, authUrl: URL, grant: Grant, callbackUrl = CALLBACK) {
  const stopAtApps = (url: URL) => url.href.startsWith(LOGIN_URL) || url.href.startsWith(CONSENT_URL) || url.href.startsWith(callbackUrl);
  const seen: { loginSkip?: boolean; consentSkip?: boolean } = {};
  let step = await browser.visit(authUrl.href, { stopAt: stopAtApps });
  for (let hops = 0; hops < 4; hops++) {
    assert.ok(step.location, `expected a redirect, got ${step.status} ${step.body.slice(0, 300)}`);
    const next = new URL(step.location);
    if (next.href.startsWith(callbackUrl)) return { callback: next, ...seen };
    let redirectTo: string;
    if (next.href.startsWith(LOGIN_URL)) {
      const loginChallenge = next.searchParams.get('login_challenge')!;
      const { data: request } = await admin.getOAuth2LoginRequest({ loginChallenge });
      seen.loginSkip = request.skip;
      const { data } = await admin.acceptOAuth2LoginRequest({
        loginChallenge,
        acceptOAuth2LoginRequest: {
          subject: grant.subject,
          remember: grant.remember ?? false,
          remember_for: 3600,
          acr: '1',
          amr: ['pwd'],
          ...(grant.forceSubjectIdentifier !== undefined && { force_subject_identifier: grant.forceSubjectIdentifier }),
        },
      });
      redirectTo = data.redirect_to;
    } else {
      const consentChallenge = next.searchParams.get('consent_challenge')!;
      const { data: request } = await admin.getOAuth2ConsentRequest({ consentChallenge });
      seen.consentSkip = request.skip;
      const { data } = await admin.acceptOAuth2ConsentRequest({
        consentChallenge,
        acceptOAuth2ConsentRequest: {
          grant_scope: request.requested_scope,
          grant_access_token_audience: request.requested_access_token_audience,
          remember: grant.remember ?? false,
          remember_for: 3600,
          session: { id_token: grant.idTokenClaims ?? {}, access_token: grant.accessTokenClaims ?? {} },
        },
      });
      redirectTo = data.redirect_to;
    }
    step = await browser.visit(redirectTo, { stopAt: stopAtApps });
  }
  assert.fail(`the flow did not reach the client: ${JSON.stringify(browser.history.map((s) => [s.status, s.url]))}`);
}
