// Token hooks (Hydra's oauth2.token_hook and oauth2.refresh_token_hook): an
// operator's endpoint is called after a token request is validated and
// before anything is issued or consumed, with the grant's session; a 200
// answer replaces the session's claims, 204 keeps them, 403 denies the
// request, anything else fails it. A failed hook therefore leaves a code or
// refresh token usable for a retry, as in Hydra. No hook configured costs
// nothing; a configured one costs one HTTP round trip per token request.
import type { ClientRecord } from '../client/repository.js';
import { OAuth2Error } from '../errors.js';
import type { OutboundHttp } from '../outbound/http.js';
import type { Form } from './form.js';
import type { TokenSession } from './session.js';
import type { TokenSettings } from './settings.js';

export type TokenHookSettings = Pick<TokenSettings, 'tokenHook' | 'refreshTokenHook' | 'issuer' | 'allowedTopLevelClaims' | 'mirrorTopLevelClaims'>;

/** A validated token request about to be answered. */
export interface HookedRequest {
  client: ClientRecord;
  grantType: string;
  form: Form;
  /** The consent the grant comes from, when it comes from one. */
  consentId: string | null;
  grantedScope: readonly string[];
  grantedAudience: readonly string[];
  session: TokenSession;
}

/** Only these request parameters reach the hook (fosite's Sanitize with Hydra's allow-list): never secrets or codes. */
const FORWARDED_PARAMETERS = ['grant_type', 'response_type', 'scope', 'client_id', 'assertion'];
const HOOK_TIMEOUT_MS = 10_000;
const MAX_HOOK_RESPONSE_BYTES = 5 * 1024 * 1024;

export class TokenHooks {
  constructor(
    private readonly http: OutboundHttp,
    private readonly settings: TokenHookSettings,
  ) {}

  /** The session to issue tokens with: `request.session` itself when no hook is configured or a hook keeps it. */
  async run(request: HookedRequest): Promise<TokenSession> {
    let session = request.session;
    const { refreshTokenHook, tokenHook } = this.settings;
    if (refreshTokenHook && request.grantType === 'refresh_token') {
      session = await this.call(refreshTokenHook, this.refreshHookBody({ ...request, session }), session);
    }
    if (tokenHook) session = await this.call(tokenHook, this.tokenHookBody({ ...request, session }), session);
    return session;
  }

  private tokenHookBody(request: HookedRequest) {
    return {
      session: this.hydraSession(request),
      request: {
        client_id: request.client.client_id,
        requested_scopes: request.session.requestedScope,
        granted_scopes: request.grantedScope,
        granted_audience: request.grantedAudience,
        grant_types: [request.grantType],
        payload: request.form.pick(FORWARDED_PARAMETERS),
      },
    };
  }

  private refreshHookBody(request: HookedRequest) {
    const requester = {
      client_id: request.client.client_id,
      granted_scopes: request.grantedScope,
      granted_audience: request.grantedAudience,
      grant_types: [request.grantType],
    };
    return {
      subject: request.session.grant.subject,
      session: this.hydraSession(request),
      requester,
      client_id: requester.client_id,
      granted_scopes: requester.granted_scopes,
      granted_audience: requester.granted_audience,
    };
  }

  /** The grant's session in the shape of Hydra's oauth2.Session JSON, which hook endpoints are written against. */
  private hydraSession({ client, consentId, session }: HookedRequest) {
    const grant = session.grant;
    const time = (seconds: number | undefined) => (seconds === undefined ? undefined : new Date(seconds * 1000).toISOString());
    return {
      id_token: {
        id_token_claims: {
          jti: '',
          iss: this.settings.issuer,
          sub: grant.idTokenSubject || grant.subject,
          aud: [client.client_id],
          nonce: session.nonce ?? '',
          iat: time(session.claimsIssuedAt),
          rat: time(grant.requestedAt),
          auth_time: time(grant.authTime),
          at_hash: '',
          acr: grant.acr ?? '',
          amr: grant.amr ?? null,
          c_hash: '',
          ext: grant.idTokenClaims,
        },
        headers: { extra: {} },
        subject: grant.subject,
      },
      extra: grant.accessTokenClaims,
      kid: '',
      client_id: client.client_id,
      consent_challenge: consentId ?? '',
      exclude_not_before_claim: false,
      allowed_top_level_claims: this.settings.allowedTopLevelClaims,
      mirror_top_level_claims: this.settings.mirrorTopLevelClaims,
      preserve_ext_claims: false,
    };
  }

  private async call(hook: NonNullable<TokenSettings['tokenHook']>, body: unknown, session: TokenSession): Promise<TokenSession> {
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8' };
    const key = hook.auth?.config;
    if (key?.in === 'cookie') headers.cookie = `${key.name}=${key.value}`;
    else if (key) headers[key.name] = key.value;
    let response: Response;
    try {
      response = await this.http.fetch(hook.url, { method: 'POST', headers, body: JSON.stringify(body), timeoutMs: HOOK_TIMEOUT_MS, maxBodyBytes: MAX_HOOK_RESPONSE_BYTES });
    } catch (err) {
      throw hookFailed('server_error', 500, 'An error occurred while executing the token hook.', `Unable to execute HTTP Request: ${(err as Error).message}`);
    }
    const status = `${response.status} ${response.statusText || ''}`.trim();
    if (response.status === 204) return session;
    if (response.status === 403) throw hookFailed('access_denied', 403, 'The token hook target responded with an error.', `Token hook responded with HTTP status code: ${status}`);
    if (response.status !== 200) throw hookFailed('server_error', 500, 'The token hook target responded with an error.', `Token hook responded with HTTP status code: ${status}`);
    let claims: { access_token?: unknown; id_token?: unknown };
    try {
      const decoded = (await response.json()) as { session?: { access_token?: unknown; id_token?: unknown } } | null;
      claims = decoded?.session ?? {};
      if (!isClaims(claims.access_token) || !isClaims(claims.id_token)) throw new Error('session.access_token and session.id_token must be JSON objects');
    } catch (err) {
      throw hookFailed('server_error', 500, 'The token hook target responded with an error.', `Response from token hook could not be decoded: ${(err as Error).message}`);
    }
    // Replaced, not merged: the hook answers with the whole session, as Hydra expects.
    return {
      ...session,
      grant: { ...session.grant, accessTokenClaims: (claims.access_token as Record<string, unknown>) ?? {}, idTokenClaims: (claims.id_token as Record<string, unknown>) ?? {} },
    };
  }
}

function isClaims(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'object' && !Array.isArray(value));
}

function hookFailed(error: string, status: number, description: string, debug: string): OAuth2Error {
  return new OAuth2Error(error, description, status, undefined, debug);
}
