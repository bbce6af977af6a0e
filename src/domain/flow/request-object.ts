// Request objects (OIDC Core §6, RFC 9101): the `request` parameter, or a
// `request_uri` the client registered, carrying the authorization request as a
// JWT signed with one of the client's keys. As in fosite
// (authorize_request_handler.go), only OpenID Connect requests (scope has
// openid) are looked at, the object's claims replace the query's parameters,
// and the query's scopes are kept. Stricter than fosite: an unsigned object
// needs a client that registered request_object_signing_alg `none`, and the
// object's client_id / response_type must match the query's (OIDC Core §6.1).
//
// Cost: every leg of the flow re-reads the request from its URL (as Hydra
// does), so a request object is verified on each (one signature check, the
// client's keys cached by ClientJwks) and a request_uri fetched on each.
import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { OAuth2Client } from '../client/model.js';
import { OAuth2Error } from '../errors.js';
import { invalidRequest, invalidRequestObject, invalidRequestUri } from '../oauth2/errors.js';
import { splitScope } from '../oauth2/scope.js';
import type { OutboundHttp } from '../outbound/http.js';
import type { ClientJwks } from '../token/client-jwks.js';

const RSA_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
const EC_ALGS = ['ES256', 'ES384', 'ES512'];
/** Parameters an object may not smuggle in: it cannot point at another object. */
const NOT_MERGED = new Set(['request', 'request_uri']);

export interface RequestObjectOptions {
  jwks: ClientJwks;
  http: OutboundHttp;
  /** A request_uri's answer must come within this; default 5 s. */
  fetchTimeoutMs?: number;
  /** ... and be at most this large; default 64 KiB. */
  maxBytes?: number;
}

export class RequestObjects {
  constructor(private readonly options: RequestObjectOptions) {}

  /** The request's parameters with its request object's claims merged in; `form` itself when there is none. */
  async resolve(form: URLSearchParams, client: OAuth2Client): Promise<URLSearchParams> {
    const scope = splitScope(form.get('scope') ?? '');
    if (!scope.includes('openid')) return form;
    const byValue = form.get('request') ?? '';
    const byReference = form.get('request_uri') ?? '';
    if (!byValue && !byReference) return form;
    if (byValue && byReference) throw invalidRequest("OpenID Connect parameters 'request' and 'request_uri' were both given, but you can use at most one.");
    if (client.request_object_signing_alg !== 'none' && !hasKeys(client)) {
      throw invalidRequest("OpenID Connect 'request' or 'request_uri' context was given, but the OAuth 2.0 Client does not have any JSON Web Keys registered.");
    }
    const jwt = byReference ? await this.fetchObject(byReference, client) : byValue;
    const claims = await this.verify(jwt, client);
    checkBinding(form, claims);
    return merged(form, claims, scope);
  }

  private async fetchObject(location: string, client: OAuth2Client): Promise<string> {
    if (!client.request_uris.includes(location)) throw invalidRequestUri(`Request URI '${location}' is not whitelisted by the OAuth 2.0 Client.`);
    let response: Response;
    try {
      response = await this.options.http.fetch(location, { timeoutMs: this.options.fetchTimeoutMs ?? 5_000, maxBodyBytes: this.options.maxBytes ?? 64 * 1024 });
    } catch (err) {
      const reason = (err as Error).message;
      throw invalidRequestUri(`Unable to fetch OpenID Connect request parameters from 'request_uri' because: ${reason}.`, reason);
    }
    if (response.status !== 200) {
      throw invalidRequestUri(`Unable to fetch OpenID Connect request parameters from 'request_uri' because status code '200' was expected, but got '${response.status}'.`);
    }
    return (await response.text()).trim();
  }

  /** The object's claims once its algorithm, signature and time claims check out. */
  private async verify(jwt: string, client: OAuth2Client): Promise<JWTPayload> {
    let alg: string;
    let kid: string | undefined;
    try {
      const header = decodeProtectedHeader(jwt);
      alg = String(header.alg ?? '');
      kid = header.kid;
    } catch (err) {
      throw invalidRequestObject("Unable to verify the request object's signature.", (err as Error).message);
    }
    const required = client.request_object_signing_alg;
    if (required && required !== alg) {
      throw invalidRequestObject(`The request object uses signing algorithm '${alg}', but the requested OAuth 2.0 Client enforces signing algorithm '${required}'.`);
    }
    if (alg === 'none') {
      if (required !== 'none') throw invalidRequestObject("The request object is not signed, but the OAuth 2.0 Client did not register request_object_signing_alg 'none'.");
      return unsignedClaims(jwt);
    }
    const isRsa = RSA_ALGS.includes(alg);
    if (!isRsa && !EC_ALGS.includes(alg)) throw invalidRequestObject(`This request object uses unsupported signing algorithm '${alg}'.`);
    const key = await this.keyFor(client, { alg, kid }, isRsa ? 'RSA' : 'ECDSA');
    try {
      return (await jwtVerify(jwt, key, { algorithms: [alg] })).payload;
    } catch (err) {
      throw claimsOrSignatureError(err);
    }
  }

  private async keyFor(client: OAuth2Client, header: { alg: string; kid: string | undefined }, type: 'RSA' | 'ECDSA') {
    try {
      return await this.options.jwks.keyFor(client, header);
    } catch (err) {
      const reason = err instanceof OAuth2Error ? (err.hint ?? err.description) : (err as Error).message;
      throw invalidRequestObject(`Unable to retrieve ${type} signing key from OAuth 2.0 Client. ${reason}`, (err as Error).message);
    }
  }
}

const hasKeys = (client: OAuth2Client) => ((client.jwks as { keys?: unknown[] }).keys?.length ?? 0) > 0 || client.jwks_uri !== '';

/** An unsigned JWT: "header.payload." with an empty signature; its time claims still count. */
function unsignedClaims(jwt: string): JWTPayload {
  let claims: JWTPayload;
  try {
    if (jwt.split('.').length !== 3 || !jwt.endsWith('.')) throw new Error('an unsigned JWT has an empty signature');
    claims = decodeJwt(jwt);
  } catch (err) {
    throw invalidRequestObject("Unable to verify the request object's signature.", (err as Error).message);
  }
  const now = Math.floor(Date.now() / 1000);
  if ((typeof claims.exp === 'number' && claims.exp <= now) || (typeof claims.nbf === 'number' && claims.nbf > now)) {
    throw claimsOrSignatureError(new joseErrors.JWTExpired('"exp" or "nbf" claim check failed', claims));
  }
  return claims;
}

function claimsOrSignatureError(err: unknown): OAuth2Error {
  const reason = (err as Error).message;
  if (err instanceof joseErrors.JWTClaimValidationFailed || err instanceof joseErrors.JWTExpired) {
    return invalidRequestObject('Unable to verify the request object because its claims could not be validated, check if the expiry time is set correctly.', reason);
  }
  return invalidRequestObject("Unable to verify the request object's signature.", reason);
}

/** OIDC Core §6.1: client_id and response_type in the object must be those of the request. */
function checkBinding(form: URLSearchParams, claims: JWTPayload): void {
  for (const name of ['client_id', 'response_type']) {
    const inObject = claims[name];
    const inQuery = form.get(name);
    if (inObject === undefined || inQuery === null) continue;
    if (inObject !== inQuery) throw invalidRequestObject(`The request object's '${name}' does not match the '${name}' parameter of the request.`);
  }
}

const asParameter = (value: unknown) => (typeof value === 'string' ? value : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));

/** The object's claims replace the parameters of the same name; the query's scopes are added to the object's. */
function merged(form: URLSearchParams, claims: JWTPayload, queryScope: string[]): URLSearchParams {
  const result = new URLSearchParams(form);
  for (const [name, value] of Object.entries(claims)) {
    if (!NOT_MERGED.has(name) && value !== undefined) result.set(name, asParameter(value));
  }
  const scope = splitScope(result.get('scope') ?? '');
  for (const s of queryScope) if (!scope.includes(s)) scope.push(s);
  result.set('scope', scope.join(' '));
  return result;
}
