// Client authentication at the token and revocation endpoints (fosite's
// DefaultClientAuthenticationStrategy): client_secret_basic, client_secret_post,
// private_key_jwt and none. Secrets are checked through ClientService, which
// remembers successes, so bcrypt runs once per client and secret.
import { createHash } from 'node:crypto';
import { compactVerify, decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import type { ClientService } from '../client/service.js';
import type { ClientRecord, StoredClient } from '../client/repository.js';
import { invalidClient, invalidRequest, jtiKnown } from '../oauth2/errors.js';
import type { ClientJwks } from './client-jwks.js';
import type { Form } from './form.js';
import type { TokenRepository } from './repository.js';

export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const ASSERTION_ALGS = new Set(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512']);

export interface ClientCredentialsRequest {
  form: Form;
  /** The Authorization header, if any. */
  authorization?: string | undefined;
}

export interface ClientAuthenticatorDeps {
  clients: ClientService;
  jwks: ClientJwks;
  tokens: TokenRepository;
  /** The token endpoint URLs an assertion's `aud` must name one of. */
  tokenUrls: readonly string[];
  now: () => Date;
}

export const authMethodOf = (client: ClientRecord) => client.token_endpoint_auth_method || 'client_secret_basic';
export const isPublic = (client: ClientRecord) => authMethodOf(client) === 'none';

export class ClientAuthenticator {
  constructor(private readonly deps: ClientAuthenticatorDeps) {}

  async authenticate({ form, authorization }: ClientCredentialsRequest): Promise<ClientRecord> {
    const assertionType = form.get('client_assertion_type');
    if (assertionType === JWT_BEARER_ASSERTION) return this.byAssertion(form);
    if (assertionType) throw invalidRequest(`Unknown client_assertion_type '${assertionType}'.`);
    return this.bySecret(form, parseBasic(authorization));
  }

  private async bySecret(form: Form, basic: { id: string; secret: string } | undefined): Promise<ClientRecord> {
    const id = basic?.id ?? form.get('client_id');
    const secret = basic?.secret ?? form.get('client_secret');
    if (!id) throw invalidRequest('Client credentials missing or malformed in both HTTP Authorization header and HTTP POST body.');
    const stored = await this.load(id);
    const method = authMethodOf(stored.client);
    if (form.has('client_id') && form.has('client_secret') && method !== 'client_secret_post') throw wrongMethod(method, 'client_secret_post');
    if (basic && basic.secret !== '' && method !== 'client_secret_basic') throw wrongMethod(method, 'client_secret_basic');
    if (method === 'none') return stored.client;
    if (secret === '' || !(await this.deps.clients.secretMatches(stored, secret))) throw invalidClient();
    return stored.client;
  }

  /** private_key_jwt (RFC 7523 client authentication). */
  private async byAssertion(form: Form): Promise<ClientRecord> {
    const assertion = form.get('client_assertion');
    if (!assertion) {
      throw invalidRequest(`The client_assertion request parameter must be set when using client_assertion_type of '${JWT_BEARER_ASSERTION}'.`);
    }
    const { header, claims } = decodeAssertion(assertion);
    const clientId = form.get('client_id') || (typeof claims.sub === 'string' ? claims.sub : '');
    if (!clientId) throw invalidClient("The claim 'sub' from the client_assertion JSON Web Token is undefined.");
    const { client } = await this.load(clientId);
    assertAcceptsAssertions(client);
    const alg = header.alg ?? '';
    const clientAlg = client.token_endpoint_auth_signing_alg || 'RS256';
    if (alg !== clientAlg) {
      throw invalidClient(`The 'client_assertion' uses signing algorithm '${alg}' but the requested OAuth 2.0 Client enforces signing algorithm '${clientAlg}'.`);
    }
    if (alg.startsWith('HS')) throw invalidClient("This authorization server does not support client authentication method 'client_secret_jwt'.");
    if (!ASSERTION_ALGS.has(alg)) throw invalidClient(`The 'client_assertion' request parameter uses unsupported signing algorithm '${alg}'.`);
    const key = await this.deps.jwks.keyFor(client, { alg, kid: header.kid });
    try {
      await compactVerify(assertion, key, { algorithms: [alg] });
    } catch {
      throw invalidClient("Unable to verify the integrity of the 'client_assertion' value.");
    }
    await this.checkClaims(claims, clientId);
    return client;
  }

  private async checkClaims(claims: JWTPayload, clientId: string): Promise<void> {
    const now = Math.floor(this.deps.now().getTime() / 1000);
    // Hydra answers these with a bare 500 ("The error is unrecognizable"); a
    // failed authentication is what they are, so they are invalid_client here.
    if (typeof claims.exp === 'number' && now > claims.exp) throw invalidClient('Token is expired.');
    if (typeof claims.iat === 'number' && now < claims.iat) throw invalidClient('Token used before issued.');
    if (typeof claims.nbf === 'number' && now < claims.nbf) throw invalidClient('Token is not valid yet.');
    if (claims.iss !== clientId) throw invalidClient("Claim 'iss' from 'client_assertion' must match the 'client_id' of the OAuth 2.0 Client.");
    if (claims.sub !== clientId) throw invalidClient("Claim 'sub' from 'client_assertion' must match the 'client_id' of the OAuth 2.0 Client.");
    if (typeof claims.jti !== 'string' || claims.jti === '') throw invalidClient("Claim 'jti' from 'client_assertion' must be set but is not.");
    if (typeof claims.exp !== 'number') throw invalidClient("Unable to type assert the expiry time from claims. This should not happen as we validate the expiry time already earlier with token.Claims.Valid()");
    // As in Hydra, the jti is spent before the audience is checked.
    const jti = createHash('sha256').update(clientId).update(claims.jti).digest('hex');
    if (!(await this.deps.tokens.useJti(jti, new Date(claims.exp * 1000), this.deps.now()))) {
      throw jtiKnown("Claim 'jti' from 'client_assertion' MUST only be used once.");
    }
    const audience = Array.isArray(claims.aud) ? claims.aud : typeof claims.aud === 'string' ? [claims.aud] : [];
    if (!this.deps.tokenUrls.some((url) => audience.includes(url))) {
      throw invalidClient(
        `Claim 'audience' from 'client_assertion' must match the authorization server's token endpoint '${this.deps.tokenUrls.join("' or '")}'.`,
      );
    }
  }

  private async load(id: string): Promise<StoredClient> {
    const stored = await this.deps.clients.find(id);
    if (!stored) throw invalidClient();
    return stored;
  }
}

/** Basic credentials, form-URL-decoded as Hydra does (`+` is a space); undefined without a Basic header. */
function parseBasic(header: string | undefined): { id: string; secret: string } | undefined {
  if (!header) return undefined;
  const match = /^basic\s+(.*)$/i.exec(header.trim());
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const unescape = (value: string, what: string) => {
    try {
      return decodeURIComponent(value.replaceAll('+', ' '));
    } catch {
      throw invalidRequest(`The ${what} in the HTTP authorization header could not be decoded from 'application/x-www-form-urlencoded'.`);
    }
  };
  return { id: unescape(decoded.slice(0, colon), 'client id'), secret: unescape(decoded.slice(colon + 1), 'client secret') };
}

function decodeAssertion(assertion: string): { header: { alg?: string; kid?: string }; claims: JWTPayload } {
  try {
    return { header: decodeProtectedHeader(assertion), claims: decodeJwt(assertion) };
  } catch {
    throw invalidClient("Unable to verify the integrity of the 'client_assertion' value.");
  }
}

function assertAcceptsAssertions(client: ClientRecord): void {
  const method = authMethodOf(client);
  if (method === 'private_key_jwt') return;
  if (method === 'none') {
    throw invalidClient("This requested OAuth 2.0 client does not support client authentication, however 'client_assertion' was provided in the request.");
  }
  if (method === 'client_secret_post' || method === 'client_secret_basic') {
    throw invalidClient(`This requested OAuth 2.0 client only supports client authentication method '${method}', however 'client_assertion' was provided in the request.`);
  }
  throw invalidClient(`This requested OAuth 2.0 client only supports client authentication method '${method}', however that method is not supported by this server.`);
}

const wrongMethod = (method: string, requested: string) =>
  invalidClient(
    `The OAuth 2.0 Client supports client authentication method '${method}', but method '${requested}' was requested. You must configure the OAuth 2.0 client's 'token_endpoint_auth_method' value to accept '${requested}'.`,
  );
