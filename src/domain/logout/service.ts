// OpenID Connect RP-initiated logout with front- and back-channel logout, as
// Hydra runs it (consent/strategy_default.go, the logout handlers of
// consent/handler.go and oauth2/handler.go): /oauth2/sessions/logout starts
// a logout request and sends the browser to the logout app; the app reads and
// accepts (or rejects) it through the admin API; the browser comes back with
// the logout verifier, the login session ends, the clients are told, and the
// browser lands on the post-logout redirect URI.
//
// Unlike login and consent, the request is stored (a logout has no client
// redirect to carry it, and its verifier must work once only). The challenge
// and verifier are random and stored as SHA-256 digests; the verifier only
// works in the browser holding the logout CSRF cookie set when it started.
import type { OAuth2Client } from '../client/model.js';
import { roundToSecond } from '../client/wire.js';
import type { Aead } from '../crypto/aead.js';
import { sha256Base64url } from '../crypto/digest.js';
import { randomBytes } from '../crypto/random.js';
import { OAuth2Error } from '../errors.js';
import type { CookieToSet, FlowCookies, RequestCookies } from '../flow/cookies.js';
import { verifyCsrf } from '../flow/csrf.js';
import type { IdTokenHintVerifier } from '../flow/id-token-hint.js';
import { toErrorPage, type AuthorizeOutcome } from '../flow/response.js';
import { requireChallenge, type AdminRequestResult, type AdminRequestWithoutClient } from '../flow/service.js';
import { endpointUrl, withQuery } from '../flow/url.js';
import { invalidRequest, requestUnauthorized, resourceNotFound, unrecognizableError } from '../oauth2/errors.js';
import type { LoginSession } from '../session/model.js';
import type { SessionService } from '../session/service.js';
import type { BackChannelLogout } from './back-channel.js';
import type { LogoutRequest, StoredLogoutRequest } from './model.js';
import type { LogoutRequestRepository } from './repository.js';
import { logoutRequestJson } from './wire.js';

export interface LogoutSettings {
  /** urls.self.issuer: the id_token_hint's iss, front-channel iss. */
  issuer: string;
  /** urls.self.public: the verifier comes back to /oauth2/sessions/logout there. */
  publicUrl: string;
  /** urls.logout, or the fallback page. */
  logoutUrl: string;
  /** urls.post_logout_redirect, or the fallback page. */
  postLogoutRedirectUrl: string;
  /** urls.error, or the fallback page. */
  errorUrl: string;
  exposeDebug: boolean;
  /** ttl.login_consent_request, seconds. */
  requestTtl: number;
}

export interface LogoutServiceDeps {
  repo: LogoutRequestRepository;
  cookies: FlowCookies;
  sessions: SessionService;
  findClient(id: string): Promise<OAuth2Client | undefined>;
  idTokenHints: IdTokenHintVerifier;
  /** Seals the request URL at rest. */
  aead: Aead;
  backChannel: BackChannelLogout;
  settings: LogoutSettings;
  now?: () => Date;
}

/** Where Hydra serves RP-initiated logout and its completion. */
export const LOGOUT_PATH = '/oauth2/sessions/logout';

/** One GET|POST /oauth2/sessions/logout: its parameters (body first, then query), raw query and cookies. */
export interface EndSessionInput {
  form: URLSearchParams;
  rawQuery: string;
  cookies: RequestCookies;
}

type Redirect = Extract<AuthorizeOutcome, { kind: 'redirect' }>;

/** A redirect, or (when clients have front-channel logout URIs) Hydra's page loading them in iframes, then redirecting. */
export type EndSessionOutcome = Redirect | { kind: 'frontchannel'; redirectTo: string; frontChannelLogoutUrls: string[]; cookies: CookieToSet[] };

/** Every logout redirect is a plain 302, as Hydra's. */
const redirect = (location: string, cookies: CookieToSet[]): Redirect => ({ kind: 'redirect', status: 302, location, cookies, noStore: false });

const digest = sha256Base64url;
const randomValue = () => randomBytes(32).toString('base64url');

const logoutExpired = () => requestUnauthorized('The logout request has expired, please try the flow again.');
/** A verifier that matches no accepted, unused request: Hydra's not-found error, which fosite renders as unrecognizable. */
const unknownVerifier = () => unrecognizableError(undefined, 'Unable to locate the requested resource');

/** What a new logout request is made of. */
type NewLogout = Pick<LogoutRequest, 'subject' | 'sessionId' | 'clientId' | 'rpInitiated' | 'requestUrl' | 'postLogoutRedirectUri'> & {
  skipLogoutApp: boolean;
};

export class LogoutService {
  private readonly settings: LogoutSettings;
  private readonly now: () => Date;

  constructor(private readonly deps: LogoutServiceDeps) {
    this.settings = deps.settings;
    this.now = deps.now ?? (() => new Date());
  }

  // ─── /oauth2/sessions/logout ───────────────────────────────────────────────

  /** Starts a logout (no logout_verifier) or completes it; errors go to urls.error, as in Hydra. */
  async endSession(input: EndSessionInput): Promise<EndSessionOutcome> {
    const cookies: CookieToSet[] = [];
    try {
      const verifier = new URLSearchParams(input.rawQuery).get('logout_verifier') ?? '';
      if (verifier) return await this.completeLogout(verifier, input.cookies, cookies);
      return await this.startLogout(input, cookies);
    } catch (err) {
      if (!(err instanceof OAuth2Error)) throw err;
      return toErrorPage(this.settings.errorUrl, err, this.settings.exposeDebug, cookies);
    }
  }

  private async startLogout(input: EndSessionInput, cookies: CookieToSet[]): Promise<EndSessionOutcome> {
    const requestUrl = endpointUrl(this.settings.publicUrl, LOGOUT_PATH, input.rawQuery);
    const hint = input.form.get('id_token_hint') ?? '';
    if (hint) return this.startWithHint(hint, input, requestUrl, cookies);
    return this.startWithoutHint(input, requestUrl, cookies);
  }

  /** No id_token_hint (Hydra's "OP-initiated" logout): the session cookie says who logs out. */
  private async startWithoutHint(input: EndSessionInput, requestUrl: string, cookies: CookieToSet[]): Promise<EndSessionOutcome> {
    if (input.form.get('state')) throw invalidRequest('Logout failed because query parameter state is set but id_token_hint is missing.');
    if (input.form.get('post_logout_redirect_uri')) {
      throw invalidRequest('Logout failed because query parameter post_logout_redirect_uri is set but id_token_hint is missing.');
    }
    const session = await this.browserSession(input.cookies);
    // Nobody to log out, and no way to know which clients to tell.
    if (!session) return redirect(this.settings.postLogoutRedirectUrl, cookies);
    const postLogoutRedirectUri = this.settings.postLogoutRedirectUrl;
    return this.askLogoutApp(
      { subject: session.subject, sessionId: session.id, clientId: undefined, rpInitiated: false, requestUrl, postLogoutRedirectUri, skipLogoutApp: false },
      cookies,
    );
  }

  /** RP-initiated: the hint names the session and the client, whose registered URI the browser may return to. */
  private async startWithHint(hint: string, input: EndSessionInput, requestUrl: string, cookies: CookieToSet[]): Promise<EndSessionOutcome> {
    const claims = await this.deps.idTokenHints.verify(hint);
    const sid = this.checkHintClaims(claims);
    const client = await this.hintClient(claims);
    const requestedRedirect = input.form.get('post_logout_redirect_uri') ?? '';
    const postLogoutRedirectUri = requestedRedirect
      ? this.registeredRedirect(client, requestedRedirect, input.form.get('state') ?? '')
      : this.settings.postLogoutRedirectUrl;
    // The hinted session may be gone already (logged out elsewhere): nothing left to end.
    const session = await this.deps.sessions.rememberedLogin(sid);
    if (!session) return redirect(postLogoutRedirectUri, cookies);
    return this.askLogoutApp(
      { subject: session.subject, sessionId: sid, clientId: client.client_id, rpInitiated: true, requestUrl, postLogoutRedirectUri, skipLogoutApp: client.skip_logout_consent === true },
      cookies,
    );
  }

  /** Hydra's checks of the hint's claims (an expired hint is accepted); returns its sid. */
  private checkHintClaims(claims: Record<string, unknown>): string {
    const iss = typeof claims.iss === 'string' ? claims.iss : '';
    if (iss !== this.settings.issuer) {
      throw invalidRequest(
        `Logout failed because issuer claim value '${iss}' from query parameter id_token_hint does not match with issuer value from configuration '${this.settings.issuer}'.`,
      );
    }
    const now = Math.round(this.now().getTime() / 1000);
    const iat = typeof claims.iat === 'number' ? claims.iat : undefined;
    if (iat === undefined || iat > now) {
      throw invalidRequest(`Logout failed because iat claim value '${(iat ?? 0).toFixed(0)}' from query parameter id_token_hint is before now ('${now}').`);
    }
    const sid = typeof claims.sid === 'string' ? claims.sid : '';
    if (!sid) throw invalidRequest('Logout failed because query parameter id_token_hint is missing sid claim.');
    if (typeof claims.sub !== 'string' || claims.sub === '') throw invalidRequest('Logout failed because query parameter id_token_hint is missing sub claim.');
    return sid;
  }

  /** The first audience of the hint that is a registered client. */
  private async hintClient(claims: Record<string, unknown>): Promise<OAuth2Client> {
    const audiences = Array.isArray(claims.aud) ? claims.aud.filter((a): a is string => typeof a === 'string') : [typeof claims.aud === 'string' ? claims.aud : ''];
    for (const audience of audiences) {
      const client = audience ? await this.deps.findClient(audience) : undefined;
      if (client) return client;
    }
    throw invalidRequest('Logout failed because none of the listed audiences is a registered OAuth 2.0 Client.');
  }

  /** The requested post_logout_redirect_uri, exactly as the client registered it, with the RP's state. */
  private registeredRedirect(client: OAuth2Client, requested: string, state: string): string {
    if (!client.post_logout_redirect_uris.includes(requested)) {
      throw invalidRequest('Logout failed because query parameter post_logout_redirect_uri is not a whitelisted as a post_logout_redirect_uri for the client.');
    }
    return withQuery(requested, state ? { state } : {});
  }

  /** Stores the request and sends the browser to the logout app, or straight to the verifier when the client skips the app. */
  private async askLogoutApp(logout: NewLogout, cookies: CookieToSet[]): Promise<EndSessionOutcome> {
    const now = roundToSecond(this.now());
    const challenge = randomValue();
    const csrf = randomValue();
    const verifier = logout.skipLogoutApp ? randomValue() : undefined;
    const { requestUrl, skipLogoutApp, ...fields } = logout;
    await this.deps.repo.insert(
      {
        ...fields,
        challengeHash: digest(challenge),
        verifierHash: verifier ? digest(verifier) : null,
        encryptedRequestUrl: this.deps.aead.encrypt(requestUrl, digest(challenge)),
        csrf,
        accepted: skipLogoutApp,
        rejected: false,
        wasUsed: false,
        requestedAt: now,
        expiresAt: new Date(now.getTime() + this.settings.requestTtl * 1000),
      },
      new Date(now.getTime() - this.settings.requestTtl * 1000),
    );
    cookies.push(this.deps.cookies.csrfCookie('logout', '', csrf));
    const location = verifier ? this.verifierUrl(verifier) : withQuery(this.settings.logoutUrl, { logout_challenge: challenge });
    return redirect(location, cookies);
  }

  private verifierUrl(verifier: string): string {
    return withQuery(endpointUrl(this.settings.publicUrl, LOGOUT_PATH), { logout_verifier: verifier });
  }

  /** The remembered login session of the browser's session cookie, if any. */
  private async browserSession(sent: RequestCookies): Promise<LoginSession | undefined> {
    const sid = this.deps.cookies.readSessionId(sent);
    return sid ? this.deps.sessions.rememberedLogin(sid) : undefined;
  }

  /** The browser is back from the logout app: end the login session, tell the clients, leave. */
  private async completeLogout(verifier: string, sent: RequestCookies, cookies: CookieToSet[]): Promise<EndSessionOutcome> {
    const stored = await this.deps.repo.useVerifier(digest(verifier));
    if (!stored) throw unknownVerifier();
    this.checkUnexpired(stored);
    verifyCsrf(this.deps.cookies, 'logout', '', sent, stored.csrf);
    const leave = redirect(stored.postLogoutRedirectUri, cookies);

    if (!stored.rpInitiated) {
      // Without a hint the session came from the cookie: if the browser now holds
      // another session (logged out meanwhile, or in again), leave it alone.
      const session = await this.browserSession(sent);
      if (!session || session.subject !== stored.subject || session.id !== stored.sessionId) return leave;
    }

    const clients = await this.endLoginSession(stored.subject, stored.sessionId);
    if (!clients) return leave;
    await this.endBrowserSession(sent, stored.sessionId, cookies);

    const frontChannelLogoutUrls = clients
      .filter((c) => c.frontchannel_logout_uri !== '')
      .map((c) => withQuery(c.frontchannel_logout_uri, { iss: this.settings.issuer, sid: stored.sessionId }));
    if (frontChannelLogoutUrls.length === 0) return leave;
    return { kind: 'frontchannel', redirectTo: stored.postLogoutRedirectUri, frontChannelLogoutUrls, cookies };
  }

  /**
   * Deletes the login session and sends the back-channel logout tokens; returns
   * the session's clients, or undefined when the session was already gone.
   * Whoever deletes the session notifies the clients: at most once per session.
   */
  private async endLoginSession(subject: string, sid: string): Promise<OAuth2Client[] | undefined> {
    // Read first: deleting the login session detaches its consent sessions.
    const clients = await this.deps.sessions.clientsOfLoginSession(subject, sid);
    if (!(await this.deps.sessions.forgetLogin(sid))) return undefined;
    await this.deps.backChannel.notify(clients, sid);
    return clients;
  }

  /** Clears the session cookie, and ends the cookie's own session too when it is another one (Hydra). */
  private async endBrowserSession(sent: RequestCookies, endedSid: string, cookies: CookieToSet[]): Promise<void> {
    const sid = this.deps.cookies.readSessionId(sent);
    if (sid && sid !== endedSid) await this.deps.sessions.forgetLogin(sid);
    cookies.push(this.deps.cookies.clearedSessionCookie());
  }

  // ─── admin API ─────────────────────────────────────────────────────────────

  /**
   * Hydra's revokeOAuth2LoginSessions: by sid a headless logout (the session
   * ends and its clients get back-channel logout tokens; no front channel
   * without a browser), by subject every session without notifying anyone.
   */
  async revokeLoginSessions(request: { subject?: string; sid?: string }): Promise<void> {
    if (!request.sid) return this.deps.sessions.revokeLoginSessions(request);
    const session = await this.deps.sessions.rememberedLogin(request.sid);
    // A session never remembered has no subject to notify for; it just goes.
    if (!session) await this.deps.sessions.forgetLogin(request.sid);
    else await this.endLoginSession(session.subject, session.id);
  }

  async getLogoutRequest(challenge: string | undefined): Promise<AdminRequestResult> {
    const found = await this.openPending(challenge);
    if (found.kind === 'handled') return found;
    const client = found.stored.clientId ? await this.deps.findClient(found.stored.clientId) : undefined;
    return { kind: 'request', request: this.requestJson(found.stored, found.challenge, client) };
  }

  /** getLogoutRequest for callers that load clients themselves (GraphQL): `client` is null, its id alongside ('' without a client). */
  async getLogoutRequestWithoutClient(challenge: string | undefined): Promise<AdminRequestWithoutClient> {
    const found = await this.openPending(challenge);
    if (found.kind === 'handled') return found;
    return { kind: 'request', request: this.requestJson(found.stored, found.challenge, undefined), clientId: found.stored.clientId ?? '' };
  }

  /** Returns redirect_to: /oauth2/sessions/logout with a new logout verifier. */
  async acceptLogoutRequest(challenge: string | undefined): Promise<{ redirect_to: string }> {
    const stored = await this.open(requireChallenge(challenge));
    this.checkUnexpired(stored);
    const verifier = randomValue();
    if (!(await this.deps.repo.accept(stored.challengeHash, digest(verifier)))) throw resourceNotFound();
    return { redirect_to: this.verifierUrl(verifier) };
  }

  /** The logout is called off; the logout app decides where the browser goes. */
  async rejectLogoutRequest(challenge: string | undefined): Promise<void> {
    const stored = await this.open(requireChallenge(challenge));
    this.checkUnexpired(stored);
    if (!(await this.deps.repo.reject(stored.challengeHash))) throw resourceNotFound();
  }

  /** The request behind a challenge, unless the browser already completed it (then where it went). */
  private async openPending(
    challenge: string | undefined,
  ): Promise<{ kind: 'handled'; redirectTo: string } | { kind: 'pending'; stored: StoredLogoutRequest; challenge: string }> {
    const value = requireChallenge(challenge);
    const stored = await this.open(value);
    if (stored.wasUsed) return { kind: 'handled', redirectTo: this.requestUrl(stored) };
    this.checkUnexpired(stored);
    return { kind: 'pending', stored, challenge: value };
  }

  private requestJson(stored: StoredLogoutRequest, challenge: string, client: OAuth2Client | undefined) {
    return logoutRequestJson({ ...stored, requestUrl: this.requestUrl(stored) }, challenge, client);
  }

  /** The request behind a challenge; 404 when unknown or rejected. */
  private async open(challenge: string): Promise<StoredLogoutRequest> {
    const stored = await this.deps.repo.findByChallenge(digest(challenge));
    if (!stored || stored.rejected) throw resourceNotFound();
    return stored;
  }

  private checkUnexpired(stored: StoredLogoutRequest): void {
    if (stored.expiresAt.getTime() < this.now().getTime()) throw logoutExpired();
  }

  private requestUrl(stored: StoredLogoutRequest): string {
    return this.deps.aead.decrypt(stored.encryptedRequestUrl, stored.challengeHash);
  }
}
