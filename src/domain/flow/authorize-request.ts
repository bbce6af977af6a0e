// Parsing and validating GET|POST /oauth2/auth exactly in fosite's order
// (authorize_request_handler.go). Until the redirect URI is known to be one the
// client registered, errors go to the error page (urls.error); from then on
// they go to the client, with `state`. Every leg re-runs this on the full
// request, as Hydra does.
import type { OAuth2Client } from '../client/model.js';
import { OAuth2Error } from '../errors.js';
import {
  invalidClient,
  invalidRequest,
  invalidScope,
  invalidState,
  registrationNotSupported,
  unsupportedResponseMode,
  unsupportedResponseType,
} from '../oauth2/errors.js';
import { audienceParameter, firstDisallowedAudience, firstDisallowedScope, splitScope, type ScopeStrategy } from '../oauth2/scope.js';

export type ResponseMode = 'query' | 'fragment' | 'form_post';
const RESPONSE_MODES = ['', 'query', 'fragment', 'form_post'];

/** Hydra hard-codes fosite's minimum entropy of `state` and `nonce`. */
export const MIN_PARAMETER_ENTROPY = 8;

/** Where and how errors and the final response reach the client, once its redirect URI is trusted. */
export interface ClientRedirect {
  redirectUri: string;
  responseMode: ResponseMode;
  state: string;
}

/** An authorization request that passed fosite's checks. */
export interface AuthorizeRequest extends ClientRedirect {
  client: OAuth2Client;
  /** Query and body parameters (body first, as Go's ParseForm). */
  form: URLSearchParams;
  /** The raw query string of the request, without '?': Hydra's request_url keeps only it. */
  rawQuery: string;
  /** `redirect_uri` as sent; '' when omitted. */
  redirectUriParam: string;
  responseTypes: string[];
  scope: string[];
  audience: string[];
  prompt: string[];
}

/** A failed authorization request; with `redirect` it goes back to the client, otherwise to the error page. */
export class AuthorizeFailure extends Error {
  constructor(
    readonly error: OAuth2Error,
    readonly redirect?: ClientRedirect,
  ) {
    super(error.message);
    this.name = 'AuthorizeFailure';
  }
}

export interface AuthorizeRequestOptions {
  scopeStrategy: ScopeStrategy;
  findClient(id: string): Promise<OAuth2Client | undefined>;
  /** Merges a request object's claims into the parameters (request-object.ts). */
  requestObjects: { resolve(form: URLSearchParams, client: OAuth2Client): Promise<URLSearchParams> };
}

const first = (form: URLSearchParams, name: string) => form.get(name) ?? '';
export const splitSpaces = (value: string) => value.split(' ').filter(Boolean);

/** Hydra clients without response_types get ["code"]. */
const clientResponseTypes = (client: OAuth2Client) => (client.response_types.length ? client.response_types : ['code']);

export async function parseAuthorizeRequest(sent: URLSearchParams, rawQuery: string, options: AuthorizeRequestOptions): Promise<AuthorizeRequest> {
  const client = await lookUpClient(sent, options);
  // Request object errors go to the error page: the redirect URI is not trusted yet.
  const form = await withRequestObject(sent, client, options);
  const state = first(form, 'state');
  const requestedMode = responseModeOf(form);
  const scope = splitScope(first(form, 'scope'));
  const redirectUri = chooseRedirectUri(form, client, scope);

  const rawMode = requestedMode === '' ? 'query' : requestedMode;
  const redirect: ClientRedirect = { redirectUri, responseMode: rawMode, state };
  try {
    checkScope(client, scope, options.scopeStrategy);
    const audience = checkAudience(form, client);
    if (first(form, 'registration') !== '') throw registrationNotSupported();
    const responseTypes = checkResponseType(form, client);
    // Hydra clients accept every response mode; the default depends on the response type.
    const defaultMode: ResponseMode = isCodeOnly(responseTypes) ? 'query' : 'fragment';
    redirect.responseMode = requestedMode === '' ? defaultMode : requestedMode;
    if (state.length < MIN_PARAMETER_ENTROPY) {
      throw invalidState(`Request parameter 'state' must be at least be ${MIN_PARAMETER_ENTROPY} characters long to ensure sufficient entropy.`);
    }
    return {
      ...redirect,
      client,
      form,
      rawQuery,
      redirectUriParam: first(form, 'redirect_uri'),
      responseTypes,
      scope,
      audience,
      prompt: splitSpaces(first(form, 'prompt')),
    };
  } catch (err) {
    if (err instanceof AuthorizeFailure) throw err;
    throw new AuthorizeFailure(err as OAuth2Error, redirect);
  }
}

async function lookUpClient(form: URLSearchParams, options: AuthorizeRequestOptions): Promise<OAuth2Client> {
  const id = first(form, 'client_id');
  const client = id ? await options.findClient(id) : undefined;
  if (!client) throw new AuthorizeFailure(invalidClient('The requested OAuth 2.0 Client does not exist.'));
  return client;
}

async function withRequestObject(form: URLSearchParams, client: OAuth2Client, options: AuthorizeRequestOptions): Promise<URLSearchParams> {
  try {
    return await options.requestObjects.resolve(form, client);
  } catch (err) {
    if (err instanceof OAuth2Error) throw new AuthorizeFailure(err);
    throw err;
  }
}

function responseModeOf(form: URLSearchParams): ResponseMode | '' {
  const mode = first(form, 'response_mode');
  if (!RESPONSE_MODES.includes(mode)) throw new AuthorizeFailure(unsupportedResponseMode(`Request with unsupported response_mode "${mode}".`));
  return mode as ResponseMode | '';
}

function isLoopbackIp(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** RFC 8252 §7.3: a loopback IP redirect may use any port. */
function matchesAsLoopback(requested: URL, registered: string): boolean {
  let reg: URL;
  try {
    reg = new URL(registered);
  } catch {
    return false;
  }
  return (
    requested.protocol === 'http:' &&
    isLoopbackIp(requested.hostname) &&
    reg.hostname === requested.hostname &&
    reg.pathname === requested.pathname &&
    reg.search === requested.search
  );
}

const parseUrl = (value: string): URL | undefined => {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
};

function chooseRedirectUri(form: URLSearchParams, client: OAuth2Client, scope: string[]): string {
  const requested = first(form, 'redirect_uri');
  if (requested === '' && scope.includes('openid')) {
    throw new AuthorizeFailure(invalidRequest("The 'redirect_uri' parameter is required when using OpenID Connect 1.0."));
  }
  let chosen: string | undefined;
  if (requested === '' && client.redirect_uris.length === 1) chosen = client.redirect_uris[0]!;
  else if (requested !== '') {
    const url = parseUrl(requested);
    if (client.redirect_uris.includes(requested) || (url && client.redirect_uris.some((r) => matchesAsLoopback(url, r)))) chosen = requested;
  }
  if (chosen === undefined) {
    throw new AuthorizeFailure(invalidRequest("The 'redirect_uri' parameter does not match any of the OAuth 2.0 Client's pre-registered redirect urls."));
  }
  const url = parseUrl(chosen);
  if (!url || !url.host || chosen.includes('#')) {
    throw new AuthorizeFailure(invalidRequest(`The redirect URI '${chosen}' contains an illegal character (for example #) or is otherwise invalid.`));
  }
  return chosen;
}

function checkScope(client: OAuth2Client, scope: string[], strategy: ScopeStrategy): void {
  const disallowed = firstDisallowedScope(strategy, splitScope(client.scope), scope);
  if (disallowed !== undefined) throw invalidScope(`The OAuth 2.0 Client is not allowed to request scope '${disallowed}'.`);
}

function checkAudience(form: URLSearchParams, client: OAuth2Client): string[] {
  const audience = audienceParameter(form.getAll('audience'));
  const disallowed = firstDisallowedAudience(client.audience, audience);
  if (disallowed !== undefined) throw invalidRequest(`Requested audience '${disallowed}' has not been whitelisted by the OAuth 2.0 Client.`);
  return audience;
}

/** The same values, in any order (response types are a set). */
export const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v) => b.includes(v));

/** Only `code` answers in the query by default; everything else carries tokens and answers in the fragment. */
export const isCodeOnly = (responseTypes: readonly string[]) => sameSet(responseTypes, ['code']);

function checkResponseType(form: URLSearchParams, client: OAuth2Client): string[] {
  const responseTypes = splitSpaces(first(form, 'response_type'));
  if (responseTypes.length === 0) throw unsupportedResponseType("`The request is missing the 'response_type' parameter.");
  if (!clientResponseTypes(client).some((allowed) => sameSet(splitSpaces(allowed), responseTypes))) {
    throw unsupportedResponseType(`The client is not allowed to request response_type '${first(form, 'response_type')}'.`);
  }
  return responseTypes;
}
