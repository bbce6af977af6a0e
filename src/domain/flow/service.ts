// The browser authorization flow (every response type) as Hydra runs it
// (consent/strategy_default.go, consent/handler.go): /oauth2/auth in three
// legs, and the admin login/consent operations in between. All flow state is
// in the sealed challenges and verifiers: leg 1 and the admin calls write
// nothing; leg 2 upserts the login session; leg 3 inserts the consent session,
// which is also what makes a consent verifier usable once.
import { randomUUID } from 'node:crypto';
import { hexIdV7, uuidV7 } from '../crypto/ids.js';
import type { OAuth2Client } from '../client/model.js';
import { OAuth2Error } from '../errors.js';
import type { AuthorizedRequest } from '../oauth2/grant.js';
import {
  accessDenied,
  consentRequired,
  invalidClient,
  invalidRequest,
  loginRequired,
  unrecognizableError,
} from '../oauth2/errors.js';
import { firstDisallowedScope, type ScopeStrategy } from '../oauth2/scope.js';
import { ConsentSessionExistsError } from '../session/repository.js';
import type { LoginSession } from '../session/model.js';
import type { SessionService } from '../session/service.js';
import { AuthorizeFailure, isCodeOnly, parseAuthorizeRequest, splitSpaces, type AuthorizeRequest, type AuthorizeRequestOptions } from './authorize-request.js';
import type { FlowCodec } from './codec.js';
import type { CookieToSet, FlowCookies, RequestCookies } from './cookies.js';
import { verifyCsrf } from './csrf.js';
import { endpointUrl, withQuery } from './url.js';
import { FlowState, type DeviceFlow, type Flow, type OidcContext, type RequestDenied } from './flow.js';
import type { IdTokenHintVerifier } from './id-token-hint.js';
import { errorToClient, toClient, toErrorPage, type AuthorizeOutcome, type Params } from './response.js';
import { planResponse } from './response-types.js';
import type { AuthorizeResponseParts, AuthorizeResponseTokens } from '../token/authorize-response.js';
import { subjectForClient, type SubjectSettings } from './subject.js';
import { flowConsentRequestJson, loginRequestJson, type Json } from './wire.js';
import { decodeAcceptConsent, decodeAcceptLogin, decodeReject, type AcceptConsentBody, type AcceptLoginBody, type RejectBody } from './admin-bodies.js';
import { decodeAcceptDeviceUserCode, type AcceptDeviceUserCodeBody } from './admin-bodies.js';
import { DEVICE_VERIFICATION_PATH, type PendingDevice } from '../token/device.js';
import { joinUrl } from '../token/settings.js';

export type { AcceptConsentBody, AcceptDeviceUserCodeBody, AcceptLoginBody, RejectBody } from './admin-bodies.js';

/** Issues the code and tokens the authorization endpoint answers with at the end of the flow (the token layer). */
export interface AuthorizeResponseIssuer {
  issueAuthorizeResponse(client: OAuth2Client, request: AuthorizedRequest, parts: AuthorizeResponseParts): Promise<AuthorizeResponseTokens>;
}

/** The device authorizations (RFC 8628) a device flow verifies, authorizes or denies (the token layer). */
export interface DeviceGrants {
  /** Throws invalid_request for an unknown, used or expired user code. */
  findPendingUserCode(userCode: string, now: Date): Promise<PendingDevice>;
  accept(deviceRequestId: string, consented: AuthorizedRequest, now: Date): Promise<void>;
  reject(deviceRequestId: string): Promise<void>;
}

export interface FlowSettings {
  /** urls.self.public: request_url is built on it. */
  publicUrl: string;
  loginUrl: string;
  registrationUrl: string;
  consentUrl: string;
  /** urls.error, or the fallback error page. */
  errorUrl: string;
  scopeStrategy: ScopeStrategy;
  exposeDebug: boolean;
  /** Dev mode allows insecure (http) redirect URIs. */
  dev: boolean;
  /** ttl.authentication_session, seconds. */
  authenticationSessionTtl: number;
  subjects: SubjectSettings;
  pkceEnforced: boolean;
  pkceEnforcedForPublicClients: boolean;
  /** urls.device.verification (or its fallback): the app where the user types the user code. */
  deviceVerificationUrl: string;
  /** urls.device.success (or its fallback): where the user lands once the device is authorized. */
  deviceSuccessUrl: string;
}

export interface FlowServiceDeps {
  codec: FlowCodec;
  cookies: FlowCookies;
  sessions: SessionService;
  findClient(id: string): Promise<OAuth2Client | undefined>;
  /** Request objects (`request`, `request_uri`): their claims merged into the parameters. */
  requestObjects: AuthorizeRequestOptions['requestObjects'];
  codes: AuthorizeResponseIssuer;
  devices: DeviceGrants;
  idTokenHints: IdTokenHintVerifier;
  settings: FlowSettings;
  now?: () => Date;
}

/** One GET|POST /oauth2/auth: its parameters (body first, then query), raw query and cookies. */
export interface AuthorizeInput {
  form: URLSearchParams;
  rawQuery: string;
  cookies: RequestCookies;
}

/** An admin GET: the request, or (for a flow already used) where the browser should go instead (410). */
export type AdminRequestResult = { kind: 'request'; request: Json } | { kind: 'handled'; redirectTo: string };

/** An admin GET whose `request.client` is null; the caller loads the client by `clientId`. */
export type AdminRequestWithoutClient = { kind: 'request'; request: Json; clientId: string } | { kind: 'handled'; redirectTo: string };

type OpenedChallenge = { kind: 'flow'; flow: Flow } | { kind: 'handled'; redirectTo: string };

/** /oauth2/device/verify answers with a redirect, or (as Hydra) with the error itself: there is no client to send it to. */
export type DeviceVerifyOutcome = AuthorizeOutcome | { kind: 'error'; error: OAuth2Error; cookies: CookieToSet[] };

/** CSRF values are compared, never indexed: fully random. */
const csrfValue = () => randomUUID().replaceAll('-', '');
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
const fromSeconds = (s: number) => new Date(s * 1000);
/** Go's time.Time String() in UTC, as fosite's hints print times. */
const goTime = (s: number) => `${fromSeconds(s).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '')} +0000 UTC`;


/** https, or http on localhost / loopback / *.localhost (fosite's IsRedirectURISecureStrict). */
function isSecureRedirect(uri: string): boolean {
  const url = new URL(uri);
  if (url.protocol !== 'http:') return true;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

const isPublicClient = (client: OAuth2Client) => client.token_endpoint_auth_method === 'none';

export const deniedToError = (denied: RequestDenied) =>
  new OAuth2Error(denied.error, denied.error_description, denied.status_code || 400, denied.error_hint || undefined, denied.error_debug || undefined);

/** A verifier the browser brings back on a flow leg ('' when absent). */
const verifierOf = (form: URLSearchParams, name: 'login_verifier' | 'consent_verifier' | 'device_verifier') => (form.get(name) ?? '').trim();

export class FlowService {
  private readonly settings: FlowSettings;
  private readonly now: () => Date;

  constructor(private readonly deps: FlowServiceDeps) {
    this.settings = deps.settings;
    this.now = deps.now ?? (() => new Date());
  }

  // ─── /oauth2/auth ──────────────────────────────────────────────────────────

  /** Runs leg 1 (no verifier), leg 2 (login_verifier) or leg 3 (consent_verifier). */
  async authorize(input: AuthorizeInput): Promise<AuthorizeOutcome> {
    const cookies: CookieToSet[] = [];
    try {
      const request = await parseAuthorizeRequest(input.form, input.rawQuery, {
        scopeStrategy: this.settings.scopeStrategy,
        findClient: this.deps.findClient,
        requestObjects: this.deps.requestObjects,
      });
      try {
        const loginVerifier = verifierOf(input.form, 'login_verifier');
        const consentVerifier = verifierOf(input.form, 'consent_verifier');
        if (loginVerifier) return await this.afterLogin(request, loginVerifier, input, cookies);
        if (consentVerifier) return await this.afterConsent(request, consentVerifier, input, cookies);
        return await this.startLogin(request, input, cookies);
      } catch (err) {
        if (err instanceof OAuth2Error) throw new AuthorizeFailure(err, request);
        throw err;
      }
    } catch (err) {
      if (!(err instanceof AuthorizeFailure)) throw err;
      if (!err.redirect) return toErrorPage(this.settings.errorUrl, err.error, this.settings.exposeDebug, cookies);
      return errorToClient(err.redirect, err.error, this.settings.exposeDebug, cookies);
    }
  }

  /** Leg 1: find a login session to skip with, then send the browser to the login app. */
  private async startLogin(request: AuthorizeRequest, input: AuthorizeInput, cookies: CookieToSet[], carried: Partial<Flow> = {}): Promise<AuthorizeOutcome> {
    // Fail before the user logs in when the response type cannot be answered; leg 3 checks again with the granted scope.
    planResponse(request, request.scope);
    const hint = await this.idTokenHintClaims(request);
    const session = await this.resumableLoginSession(request, input.cookies, hint);
    if (request.prompt.includes('none') && !session) throw loginRequired("Prompt 'none' was requested, but no existing login session was found.");

    const flow: Flow = { ...this.newFlow(request, session, hint), ...carried };
    cookies.push(this.deps.cookies.csrfCookie('login', flow.clientId, flow.loginCsrf));
    const target = new URL(request.prompt.includes('registration') ? this.settings.registrationUrl : this.settings.loginUrl);
    target.searchParams.set('login_challenge', this.deps.codec.encode(flow, 'login_challenge'));
    const schema = request.form.get('identity_schema');
    if (schema) target.searchParams.set('identity_schema', schema);
    return { kind: 'redirect', status: 302, location: target.toString(), cookies, noStore: false };
  }

  /** The id_token_hint's claims (an expired hint is fine), or undefined without a hint. */
  private async idTokenHintClaims(request: AuthorizeRequest): Promise<Record<string, unknown> | undefined> {
    const hint = request.form.get('id_token_hint');
    return hint ? this.deps.idTokenHints.verify(hint) : undefined;
  }

  /** The remembered login session this browser may skip login with, if every rule allows it. */
  private async resumableLoginSession(request: AuthorizeRequest, sent: RequestCookies, hint: Record<string, unknown> | undefined): Promise<LoginSession | undefined> {
    if (request.prompt.includes('login') || request.prompt.includes('select_account')) return undefined;
    const sid = this.deps.cookies.readSessionId(sent);
    const session = sid ? await this.deps.sessions.rememberedLogin(sid) : undefined;
    if (!session) return undefined;

    const maxAge = parseMaxAge(request.form.get('max_age'));
    if (maxAge !== undefined && maxAge > -1 && session.authenticatedAt.getTime() + maxAge * 1000 < this.now().getTime()) {
      if (request.prompt.includes('none')) throw loginRequired("Request failed because prompt is set to 'none' and authentication time reached 'max_age'.");
      return undefined;
    }
    if (hint === undefined) return session;
    const hintSubject = typeof hint.sub === 'string' ? hint.sub : '';
    if (!hintSubject) throw invalidRequest('Failed to validate OpenID Connect request because provided id token from id_token_hint does not have a subject.');
    if (hintSubject === session.subject || hintSubject === this.clientSubjectOrUndefined(request.client, session.subject)) return session;
    throw loginRequired('Request failed because subject claim from id_token_hint does not match subject from authentication session.');
  }

  private clientSubjectOrUndefined(client: OAuth2Client, subject: string): string | undefined {
    try {
      return subjectForClient(client, subject, '', this.settings.subjects);
    } catch {
      return undefined;
    }
  }

  private newFlow(request: AuthorizeRequest, session: LoginSession | undefined, hint: Record<string, unknown> | undefined): Flow {
    const form = request.form;
    const oidcContext: OidcContext = {};
    const acrValues = splitSpaces(form.get('acr_values') ?? '');
    const uiLocales = splitSpaces(form.get('ui_locales') ?? '');
    if (acrValues.length) oidcContext.acr_values = acrValues;
    if (uiLocales.length) oidcContext.ui_locales = uiLocales;
    if (form.get('display')) oidcContext.display = form.get('display')!;
    if (hint) oidcContext.id_token_hint_claims = hint;
    if (form.get('login_hint')) oidcContext.login_hint = form.get('login_hint')!;
    return {
      id: hexIdV7(),
      clientId: request.client.client_id,
      requestedScope: request.scope,
      requestedAudience: request.audience,
      oidcContext,
      requestUrl: endpointUrl(this.settings.publicUrl, '/oauth2/auth', request.rawQuery),
      requestedAt: seconds(this.now()),
      state: FlowState.LoginUnused,
      loginSkip: !!session,
      subject: session?.subject ?? '',
      sessionId: session?.id ?? uuidV7(),
      loginCsrf: csrfValue(),
      ...(session ? { loginAuthenticatedAt: seconds(session.authenticatedAt) } : {}),
      loginRemember: false,
      loginRememberFor: 0,
      loginExtendSessionLifespan: false,
      identityProviderSessionId: '',
      forceSubjectIdentifier: '',
      acr: '',
      amr: [],
      context: null,
      consentSkip: false,
      grantedScope: [],
      grantedAudience: [],
      consentRemember: false,
      consentRememberFor: 0,
      sessionIdToken: {},
      sessionAccessToken: {},
    };
  }

  /** Leg 2: the login app answered; remember the login, then send the browser to the consent app. */
  private async afterLogin(request: AuthorizeRequest, verifier: string, input: AuthorizeInput, cookies: CookieToSet[]): Promise<AuthorizeOutcome> {
    const flow = this.deps.codec.decode(verifier, 'login_verifier');
    if (flow.state !== FlowState.LoginUnused && flow.state !== FlowState.LoginError) throw invalidRequest('The login verifier is in an unexpected state.');
    if (flow.loginError) {
      await this.denyDevice(flow);
      throw deniedToError(flow.loginError);
    }
    verifyCsrf(this.deps.cookies, 'login', flow.clientId, input.cookies, flow.loginCsrf);

    const subject = subjectForClient(request.client, flow.subject, flow.forceSubjectIdentifier, this.settings.subjects);
    try {
      await this.validatePrompt(request, flow, subject);
    } catch (err) {
      // A login that does not satisfy the request ends the browser's session, to be safe (Hydra).
      if (err instanceof OAuth2Error && err.error === 'login_required') await this.endBrowserSession(input.cookies, cookies);
      throw err;
    }
    await this.rememberLogin(flow, input.cookies, cookies);
    return this.forwardToConsent(request, flow, cookies);
  }

  /** fosite's OpenID Connect prompt/max_age/id_token_hint checks, with the login's auth_time. */
  private async validatePrompt(request: AuthorizeRequest, flow: Flow, subject: string): Promise<void> {
    const prompt = request.prompt;
    if (isPublicClient(request.client) && prompt.includes('none') && !this.settings.dev && !isSecureRedirect(request.redirectUri)) {
      throw consentRequired('OAuth 2.0 Client is marked public and redirect uri is not considered secure (https missing), but "prompt=none" was requested.');
    }
    const known = ['login', 'none', 'consent', 'registration', 'select_account'];
    if (!prompt.every((p) => known.includes(p))) throw invalidRequest(`Used unknown value '[${prompt.join(' ')}]' for prompt parameter`);
    if (prompt.includes('none') && prompt.length > 1) {
      throw invalidRequest("Parameter 'prompt' was set to 'none', but contains other values as well which is not allowed.");
    }
    const authTime = flow.loginAuthenticatedAt ?? 0;
    const requestedAt = flow.requestedAt;
    const maxAge = parseMaxAge(request.form.get('max_age'));
    if (maxAge !== undefined && maxAge > 0 && authTime + maxAge < requestedAt) {
      throw loginRequired(undefined, 'Failed to validate OpenID Connect request because authentication time does not satisfy max_age time.');
    }
    if (prompt.includes('none') && authTime > requestedAt) {
      throw loginRequired(
        `Failed to validate OpenID Connect request because prompt was set to 'none' but auth_time ('${goTime(authTime)}') happened after the authorization request ('${goTime(requestedAt)}') was registered, indicating that the user was logged in during this request which is not allowed.`,
      );
    }
    if (prompt.includes('login') && authTime < requestedAt) {
      throw loginRequired(
        `Failed to validate OpenID Connect request because prompt was set to 'login' but auth_time ('${goTime(authTime)}') happened before the authorization request ('${goTime(requestedAt)}') was registered, indicating that the user was not re-authenticated which is forbidden.`,
      );
    }
    const hint = await this.idTokenHintClaims(request);
    if (hint === undefined) return;
    const hintSubject = typeof hint.sub === 'string' ? hint.sub : '';
    if (!hintSubject) throw invalidRequest('Failed to validate OpenID Connect request because provided id token from id_token_hint does not have a subject.');
    if (hintSubject !== subject) {
      throw loginRequired("Failed to validate OpenID Connect request because the subject from provided id token from id_token_hint does not match the current session's subject.");
    }
  }

  /** Clears the session cookie and deletes the session it named. */
  private async endBrowserSession(sent: RequestCookies, cookies: CookieToSet[]): Promise<void> {
    const sid = this.deps.cookies.readSessionId(sent);
    if (sid) await this.deps.sessions.forgetLogin(sid);
    cookies.push(this.deps.cookies.clearedSessionCookie());
  }

  /** Hydra's login session rules: upsert unless skipped; cookie only for remembered logins. */
  private async rememberLogin(flow: Flow, sent: RequestCookies, cookies: CookieToSet[]): Promise<void> {
    const ttl = this.settings.authenticationSessionTtl;
    if (!flow.loginSkip) {
      const lifetime = flow.loginRememberFor > 0 ? Math.min(flow.loginRememberFor, ttl) : ttl;
      await this.deps.sessions.confirmLogin({
        id: flow.sessionId,
        subject: flow.subject,
        authenticatedAt: fromSeconds(flow.loginAuthenticatedAt ?? seconds(this.now())),
        remember: flow.loginRemember,
        identityProviderSessionId: flow.identityProviderSessionId,
        expiresAt: new Date(this.now().getTime() + lifetime * 1000),
      });
    }
    if (!flow.loginRemember && !flow.loginSkip) {
      await this.endBrowserSession(sent, cookies);
      return;
    }
    if (!flow.loginRemember || (flow.loginSkip && !flow.loginExtendSessionLifespan)) return;
    cookies.push(this.deps.cookies.sessionCookie(flow.sessionId, flow.loginRememberFor > 0 ? flow.loginRememberFor : ttl));
  }

  private async forwardToConsent(request: AuthorizeRequest, flow: Flow, cookies: CookieToSet[]): Promise<AuthorizeOutcome> {
    const skip = await this.mayskipConsent(request, flow);
    if (request.prompt.includes('none') && !skip) throw consentRequired("Prompt 'none' was requested, but no previous consent was found.");
    if (flow.clientId !== request.client.client_id) throw invalidClient('The flow client id does not match the authorize request client id.');
    const next: Flow = { ...flow, state: FlowState.ConsentUnused, consentRequestId: hexIdV7(), consentSkip: skip, consentCsrf: csrfValue() };
    cookies.push(this.deps.cookies.csrfCookie('consent', next.clientId, next.consentCsrf!));
    const target = new URL(this.settings.consentUrl);
    target.searchParams.set('consent_challenge', this.deps.codec.encode(next, 'consent_challenge'));
    return { kind: 'redirect', status: 302, location: target.toString(), cookies, noStore: false };
  }

  /** Skip consent when the latest remembered consent covers every requested scope (audience is not compared, as in Hydra). */
  private async mayskipConsent(request: AuthorizeRequest, flow: Flow): Promise<boolean> {
    if (request.prompt.includes('consent')) return false;
    // A device must always be authorized explicitly by a public client's user (Hydra).
    if (isPublicClient(request.client) && (flow.deviceRequestId || !isSecureRedirect(request.redirectUri))) return false;
    const previous = await this.deps.sessions.latestRememberedConsent(flow.subject, flow.clientId);
    return !!previous && firstDisallowedScope(this.settings.scopeStrategy, previous.grantedScope, flow.requestedScope) === undefined;
  }

  /** Leg 3: the consent app answered; record the consent (once per flow), then answer the client with what the response type asks. */
  private async afterConsent(request: AuthorizeRequest, verifier: string, input: AuthorizeInput, cookies: CookieToSet[]): Promise<AuthorizeOutcome> {
    const flow = this.deps.codec.decode(verifier, 'consent_verifier');
    if (flow.state !== FlowState.ConsentUnused && flow.state !== FlowState.ConsentError) throw invalidRequest('The consent verifier is in an unexpected state.');
    if (flow.clientId !== (new URLSearchParams(input.rawQuery).get('client_id') ?? '')) {
      throw invalidClient('The flow client id does not match the authorize request client id.');
    }
    if (flow.consentError) {
      await this.denyDevice(flow);
      throw deniedToError(flow.consentError);
    }
    await this.recordConsent(flow);
    // As in Hydra, the CSRF check follows the insert: a forged request still uses up the verifier.
    verifyCsrf(this.deps.cookies, 'consent', flow.clientId, input.cookies, flow.consentCsrf ?? '');
    if (flow.deviceRequestId) return this.authorizeDevice(request, flow, cookies);
    return this.respond(request, flow, cookies);
  }

  private async recordConsent(flow: Flow): Promise<void> {
    const requestedAt = fromSeconds(flow.requestedAt);
    try {
      await this.deps.sessions.recordConsent({
        id: flow.id,
        consentRequestId: flow.consentRequestId!,
        subject: flow.subject,
        clientId: flow.clientId,
        loginSessionId: flow.sessionId || null,
        requestedAt,
        handledAt: fromSeconds(flow.consentHandledAt ?? seconds(this.now())),
        skip: flow.consentSkip,
        remember: flow.consentRemember,
        rememberFor: flow.consentRememberFor,
        expiresAt: flow.consentRememberFor > 0 ? new Date(requestedAt.getTime() + flow.consentRememberFor * 1000) : null,
        requestedScope: flow.requestedScope,
        requestedAudience: flow.requestedAudience,
        grantedScope: flow.grantedScope,
        grantedAudience: flow.grantedAudience,
        request: { requestUrl: flow.requestUrl, oidcContext: flow.oidcContext, acr: flow.acr, amr: flow.amr, context: flow.context },
        session: { access_token: flow.sessionAccessToken, id_token: flow.sessionIdToken },
      });
    } catch (err) {
      if (err instanceof ConsentSessionExistsError) throw accessDenied('The consent verifier has already been used.');
      throw err;
    }
  }

  /**
   * fosite's authorize handlers for the response type, with the granted
   * scope: the code (after the redirect and PKCE checks), access token and ID
   * token it asks for, in the client's response mode.
   */
  private async respond(request: AuthorizeRequest, flow: Flow, cookies: CookieToSet[]): Promise<AuthorizeOutcome> {
    const client = request.client;
    const plan = planResponse(request, flow.grantedScope);
    if (isCodeOnly(request.responseTypes) && !this.settings.dev && !isSecureRedirect(request.redirectUri)) {
      throw invalidRequest("Redirect URL is using an insecure protocol, http is only allowed for hosts with suffix 'localhost', for example: http://myapp.localhost/.");
    }
    const pkce = plan.code ? this.checkPkce(request) : { challenge: '', method: '' };
    const issued = await this.deps.codes.issueAuthorizeResponse(client, this.authorizedRequest(request, flow, pkce), plan);

    const params: Params = [];
    if (issued.code !== undefined) params.push(['code', issued.code]);
    if (issued.accessToken) {
      params.push(['access_token', issued.accessToken.token], ['expires_in', String(issued.accessToken.expiresIn)], ['token_type', 'bearer']);
    }
    if (plan.scope) params.push(['scope', flow.grantedScope.join(' ')]);
    params.push(['state', request.state]);
    if (issued.idToken !== undefined) params.push(['id_token', issued.idToken]);
    return toClient(request, params, cookies, 'set');
  }

  /** What the token layer is handed: the consented request and the grant's session. */
  private authorizedRequest(request: AuthorizeRequest, flow: Flow, pkce: { challenge: string; method: string }): AuthorizedRequest {
    const client = request.client;
    const maxAge = parseMaxAge(request.form.get('max_age'));
    return {
      requestId: flow.consentRequestId!,
      clientId: client.client_id,
      requestedScope: flow.requestedScope,
      requestedAudience: flow.requestedAudience,
      grantedScope: flow.grantedScope,
      grantedAudience: flow.grantedAudience,
      redirectUri: request.redirectUriParam,
      codeChallenge: pkce.challenge,
      codeChallengeMethod: pkce.method,
      oidc: {
        nonce: request.form.get('nonce') ?? '',
        ...(maxAge !== undefined ? { maxAge } : {}),
        prompt: request.prompt,
        acrValues: splitSpaces(request.form.get('acr_values') ?? ''),
      },
      session: {
        subject: flow.subject,
        idTokenSubject: subjectForClient(client, flow.subject, flow.forceSubjectIdentifier, this.settings.subjects),
        idTokenClaims: flow.sessionIdToken,
        accessTokenClaims: flow.sessionAccessToken,
        ...(flow.loginAuthenticatedAt !== undefined ? { authTime: flow.loginAuthenticatedAt } : {}),
        requestedAt: flow.requestedAt,
        acr: flow.acr,
        amr: flow.amr,
        sid: flow.sessionId,
      },
    };
  }

  /** S256 only (Hydra never allows plain); a challenge is required only where configured. */
  private checkPkce(request: AuthorizeRequest): { challenge: string; method: string } {
    const challenge = request.form.get('code_challenge') ?? '';
    const method = request.form.get('code_challenge_method') ?? '';
    if (!challenge) {
      if (this.settings.pkceEnforced) throw invalidRequest('Clients must include a code_challenge when performing the authorize code flow, but it is missing.');
      if (this.settings.pkceEnforcedForPublicClients && isPublicClient(request.client)) {
        throw invalidRequest('This client must include a code_challenge when performing the authorize code flow, but it is missing.');
      }
      return { challenge: '', method: '' };
    }
    if (method === 'S256') return { challenge, method };
    if (method === 'plain' || method === '') throw invalidRequest('Clients must use code_challenge_method=S256, plain is not allowed.');
    throw invalidRequest('The code_challenge_method is not supported, use S256 instead.');
  }

  // ─── admin API: login ──────────────────────────────────────────────────────

  async getLoginRequest(challenge: string | undefined): Promise<AdminRequestResult> {
    const found = this.openLoginChallenge(challenge);
    if (found.kind === 'handled') return found;
    return { kind: 'request', request: loginRequestJson(found.flow, challenge!, await this.deps.findClient(found.flow.clientId)) };
  }

  /** getLoginRequest for callers that load clients themselves (GraphQL batches them): `client` is null, its id comes alongside. */
  async getLoginRequestWithoutClient(challenge: string | undefined): Promise<AdminRequestWithoutClient> {
    const found = this.openLoginChallenge(challenge);
    if (found.kind === 'handled') return found;
    return { kind: 'request', request: loginRequestJson(found.flow, challenge!, undefined), clientId: found.flow.clientId };
  }

  private openLoginChallenge(challenge: string | undefined): OpenedChallenge {
    const flow = this.deps.codec.decode(requireChallenge(challenge), 'login_challenge');
    if (flow.state === FlowState.LoginUsed || flow.state === FlowState.LoginError) return { kind: 'handled', redirectTo: flow.requestUrl };
    return { kind: 'flow', flow };
  }

  /** Returns redirect_to: request_url with the login verifier (or with prompt=login when a skipped login changes subject). */
  async acceptLogin(challenge: string | undefined, body: AcceptLoginBody): Promise<{ redirect_to: string }> {
    requireChallenge(challenge);
    const accepted = decodeAcceptLogin(body);
    const flow = this.deps.codec.decode(challenge!, 'login_challenge');
    if (flow.loginSkip && accepted.subject !== flow.subject) {
      // Another user on a remembered browser: make them log in again rather than fail.
      return { redirect_to: withQuery(flow.requestUrl, { prompt: 'login' }) };
    }
    const handled: Flow = {
      ...flow,
      state: FlowState.LoginUnused,
      subject: accepted.subject,
      forceSubjectIdentifier: accepted.forceSubjectIdentifier,
      identityProviderSessionId: accepted.identityProviderSessionId,
      loginRemember: flow.loginSkip ? true : accepted.remember,
      loginRememberFor: accepted.rememberFor,
      loginExtendSessionLifespan: accepted.extendSessionLifespan,
      acr: accepted.acr,
      amr: accepted.amr,
      context: accepted.context,
      ...(flow.loginSkip ? {} : { loginAuthenticatedAt: seconds(this.now()) }),
    };
    return { redirect_to: withQuery(flow.requestUrl, { login_verifier: this.deps.codec.encode(handled, 'login_verifier') }) };
  }

  async rejectLogin(challenge: string | undefined, body: RejectBody): Promise<{ redirect_to: string }> {
    requireChallenge(challenge);
    const denied = decodeReject(body, 'login request denied');
    const flow = this.deps.codec.decode(challenge!, 'login_challenge');
    const rejected: Flow = {
      ...flow,
      state: FlowState.LoginError,
      loginError: denied,
      subject: '',
      forceSubjectIdentifier: '',
      identityProviderSessionId: '',
      loginRemember: false,
      loginRememberFor: 0,
      loginExtendSessionLifespan: false,
      acr: '',
      amr: [],
    };
    delete rejected.loginAuthenticatedAt;
    return { redirect_to: withQuery(flow.requestUrl, { login_verifier: this.deps.codec.encode(rejected, 'login_verifier') }) };
  }

  // ─── admin API: consent ────────────────────────────────────────────────────

  async getConsentRequest(challenge: string | undefined): Promise<AdminRequestResult> {
    const found = this.openConsentChallenge(challenge);
    if (found.kind === 'handled') return found;
    return { kind: 'request', request: flowConsentRequestJson(found.flow, challenge!, await this.deps.findClient(found.flow.clientId)) };
  }

  /** getConsentRequest for callers that load clients themselves (GraphQL batches them): `client` is null, its id comes alongside. */
  async getConsentRequestWithoutClient(challenge: string | undefined): Promise<AdminRequestWithoutClient> {
    const found = this.openConsentChallenge(challenge);
    if (found.kind === 'handled') return found;
    return { kind: 'request', request: flowConsentRequestJson(found.flow, challenge!, undefined), clientId: found.flow.clientId };
  }

  private openConsentChallenge(challenge: string | undefined): OpenedChallenge {
    const flow = this.deps.codec.decode(requireChallenge(challenge), 'consent_challenge');
    if (flow.state === FlowState.ConsentUsed || flow.state === FlowState.ConsentError) return { kind: 'handled', redirectTo: flow.requestUrl };
    return { kind: 'flow', flow };
  }

  async acceptConsent(challenge: string | undefined, body: AcceptConsentBody): Promise<{ redirect_to: string }> {
    requireChallenge(challenge);
    const accepted = decodeAcceptConsent(body);
    const flow = this.deps.codec.decode(challenge!, 'consent_challenge');
    const handled: Flow = {
      ...flow,
      state: FlowState.ConsentUnused,
      grantedScope: accepted.grantScope,
      grantedAudience: accepted.grantAudience,
      consentRemember: accepted.remember,
      consentRememberFor: accepted.rememberFor,
      consentHandledAt: seconds(this.now()),
      sessionIdToken: accepted.idToken,
      sessionAccessToken: accepted.accessToken,
      ...('context' in accepted ? { context: accepted.context } : {}),
    };
    delete handled.consentError;
    return { redirect_to: withQuery(flow.requestUrl, { consent_verifier: this.deps.codec.encode(handled, 'consent_verifier') }) };
  }

  async rejectConsent(challenge: string | undefined, body: RejectBody): Promise<{ redirect_to: string }> {
    requireChallenge(challenge);
    const denied = decodeReject(body, 'consent request denied');
    const flow = this.deps.codec.decode(challenge!, 'consent_challenge');
    const rejected: Flow = {
      ...flow,
      state: FlowState.ConsentError,
      consentError: denied,
      consentHandledAt: seconds(this.now()),
      grantedScope: [],
      grantedAudience: [],
      consentRemember: false,
      consentRememberFor: 0,
    };
    return { redirect_to: withQuery(flow.requestUrl, { consent_verifier: this.deps.codec.encode(rejected, 'consent_verifier') }) };
  }

  // ─── /oauth2/device/verify (RFC 8628) ──────────────────────────────────────

  /**
   * Hydra's device verification endpoint: no verifier opens a device
   * challenge for the verification app; the device verifier (user code
   * accepted) starts the login; login and consent verifiers then run the
   * same legs as /oauth2/auth, and the consent authorizes the device.
   */
  async verifyDevice(input: AuthorizeInput): Promise<DeviceVerifyOutcome> {
    const cookies: CookieToSet[] = [];
    try {
      const [deviceVerifier, loginVerifier, consentVerifier] = (['device_verifier', 'login_verifier', 'consent_verifier'] as const).map((name) => verifierOf(input.form, name));
      if (!deviceVerifier && !loginVerifier && !consentVerifier) return this.openDeviceChallenge(input, cookies);
      const deviceFlow = deviceVerifier && !loginVerifier && !consentVerifier ? this.openDeviceVerifier(deviceVerifier, input) : undefined;
      const request = await this.deviceRequest(input, deviceFlow);
      if (loginVerifier) return await this.afterLogin(request, loginVerifier, input, cookies);
      if (consentVerifier) return await this.afterConsent(request, consentVerifier, input, cookies);
      return await this.startLogin(request, input, cookies, { requestUrl: deviceFlow!.requestUrl, deviceRequestId: deviceFlow!.deviceRequestId! });
    } catch (err) {
      if (err instanceof OAuth2Error) return { kind: 'error', error: err, cookies };
      throw err;
    }
  }

  /** No verifier yet: a device challenge (bound to this browser by the device CSRF cookie) for the verification app. */
  private openDeviceChallenge(input: AuthorizeInput, cookies: CookieToSet[]): AuthorizeOutcome {
    // The user code is passed on to the app, never kept in the flow.
    const query = new URLSearchParams([...new URLSearchParams(input.rawQuery)].filter(([name]) => name.toLowerCase() !== 'user_code'));
    query.sort();
    const requestUrl = new URL(joinUrl(this.settings.publicUrl, DEVICE_VERIFICATION_PATH));
    requestUrl.search = query.toString();
    const flow: DeviceFlow = { id: hexIdV7(), requestUrl: requestUrl.toString(), requestedAt: seconds(this.now()), state: FlowState.DeviceUnused, deviceCsrf: csrfValue() };
    cookies.push(this.deps.cookies.csrfCookie('device', '', flow.deviceCsrf));
    const target = new URL(this.settings.deviceVerificationUrl);
    target.searchParams.set('device_challenge', this.deps.codec.encode(flow, 'device_challenge'));
    const userCode = new URLSearchParams(input.rawQuery).get('user_code');
    if (userCode !== null) target.searchParams.append('user_code', userCode);
    return { kind: 'redirect', status: 302, location: target.toString(), cookies, noStore: false };
  }

  /** The device verifier, from the browser that opened the device challenge, once its user code was accepted. */
  private openDeviceVerifier(verifier: string, input: AuthorizeInput): DeviceFlow {
    const flow = this.deps.codec.decode(verifier, 'device_verifier');
    if (flow.state !== FlowState.DeviceUnused || !flow.deviceRequestId) throw invalidRequest('The device verifier is in an unexpected state.');
    verifyCsrf(this.deps.cookies, 'device', '', input.cookies, flow.deviceCsrf);
    return flow;
  }

  /** The login and consent legs' view of a device flow: the client from client_id, the device's scopes, no redirect URI. */
  private async deviceRequest(input: AuthorizeInput, deviceFlow: DeviceFlow | undefined): Promise<AuthorizeRequest> {
    const clientId = new URLSearchParams(input.rawQuery).get('client_id') ?? '';
    if (!clientId) throw invalidClient("Query parameter 'client_id' is missing.");
    const client = await this.deps.findClient(clientId);
    if (!client) throw invalidClient('Client does not exist');
    return {
      client,
      form: input.form,
      rawQuery: input.rawQuery,
      redirectUri: '',
      redirectUriParam: '',
      responseMode: 'query',
      state: '',
      // The device legs run the login and consent checks of a plain code flow.
      responseTypes: ['code'],
      scope: deviceFlow?.requestedScope ?? [],
      audience: deviceFlow?.requestedAudience ?? [],
      prompt: [],
    };
  }

  /** The end of a device flow: the device may now redeem its device code; the user lands on the success page. */
  private async authorizeDevice(request: AuthorizeRequest, flow: Flow, cookies: CookieToSet[]): Promise<AuthorizeOutcome> {
    await this.deps.devices.accept(flow.deviceRequestId!, this.authorizedRequest(request, flow, { challenge: '', method: '' }), this.now());
    return { kind: 'redirect', status: 302, location: withQuery(this.settings.deviceSuccessUrl, { client_id: flow.clientId }), cookies, noStore: false };
  }

  /** A rejected login or consent of a device flow tells the polling device access_denied. */
  private async denyDevice(flow: Flow): Promise<void> {
    if (flow.deviceRequestId) await this.deps.devices.reject(flow.deviceRequestId);
  }

  // ─── admin API: device ─────────────────────────────────────────────────────

  /** PUT /admin/oauth2/auth/requests/device/accept: the user typed a valid user code; returns redirect_to with the device verifier. */
  async acceptDeviceUserCode(challenge: string | undefined, body: AcceptDeviceUserCodeBody): Promise<{ redirect_to: string }> {
    if (!challenge) throw invalidRequest("Query parameter 'device_challenge' is not defined but should have been.");
    const userCode = decodeAcceptDeviceUserCode(body);
    const flow = this.deps.codec.decode(challenge, 'device_challenge');
    const device = await this.deps.devices.findPendingUserCode(userCode, this.now());
    if (flow.state !== FlowState.DeviceUnused) throw invalidRequest('The device challenge is in an unexpected state.');
    // The login and consent legs come back with the client's id.
    const requestUrl = new URL(flow.requestUrl).searchParams.has('client_id') ? flow.requestUrl : withQuery(flow.requestUrl, { client_id: device.clientId });
    const handled: DeviceFlow = {
      ...flow,
      requestUrl,
      clientId: device.clientId,
      deviceRequestId: device.requestId,
      requestedScope: device.requestedScope,
      requestedAudience: device.requestedAudience,
    };
    return { redirect_to: withQuery(requestUrl, { client_id: device.clientId, device_verifier: this.deps.codec.encode(handled, 'device_verifier') }) };
  }
}

export function requireChallenge(challenge: string | undefined): string {
  if (!challenge) throw invalidRequest("Query parameter 'challenge' is not defined but should have been.");
  return challenge;
}

/** Go's strconv.ParseInt on max_age; a malformed value is a raw error in Hydra ("error"). */
function parseMaxAge(raw: string | null): number | undefined {
  if (raw === null || raw === '') return undefined;
  if (!/^[+-]?\d+$/.test(raw)) throw unrecognizableError(undefined, `strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax`);
  return Number(raw);
}
