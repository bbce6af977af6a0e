// TokenService: the token side of OAuth 2.0 / OpenID Connect, the one façade
// the REST (and GraphQL) edges call. Each endpoint is a short pipeline of the
// steps in this directory; every rule lives in one of them.
//
// What each endpoint costs (q = database round trips; bcrypt runs only on the
// first successful use of a client secret per process, then an HMAC-keyed
// cache answers; "JWT" = one RSA signature, the key coming from KeyService's
// in-memory cache, so no query):
// - client_credentials: client (1q) + insert AT (1q) = 2q, HMAC + AES-GCM;
//   a JWT for a JWT access token.
// - authorization_code: client (1q) + code (1q) + claim code (1q conditional
//   update) + insert AT and RT (1q, one statement) = 4q; a JWT for the ID
//   token with openid, another for a JWT access token.
// - refresh_token: client (1q) + RT (1q) + retire RT (1q) + delete the old
//   AT(s) and insert AT and RT (2q in one transaction) = 5q; JWTs as above.
// - jwt-bearer (RFC 7523): client (1q) + trusted key (1q) + jti (1q) +
//   insert AT (1q) = 4q and one signature verification.
// - private_key_jwt adds the jti insert (1q; a sweep of expired jtis at most
//   once a minute) and a signature verification; a jwks_uri is fetched at
//   most every 5 minutes.
// - introspection: HMAC (or JWT digest) check + 1q + one AES-GCM decryption.
// - revocation: client (1q) + token (1q) + delete the grant (1q).
// - userinfo: token (1q) + client (1q); a JWT when signed.
// - issueAuthorizeCode: 1 insert. issueAuthorizeResponse (implicit/hybrid):
//   1 insert, a JWT per ID token (and per JWT access token). DELETE /admin/oauth2/tokens: 1 delete.
// - device authorization: client (1q) + insert (1q; a sweep of long-expired
//   rows at most once a minute). device_code poll: client (1q) + row (1q) +
//   record the poll (1q conditional update); when granted, + delete the row
//   (1q) + insert AT and RT (1q); JWTs as for authorization_code.
// Measured: a Prisma findUnique costs ~370 µs on SQLite against ~45 µs for
// the same SELECT through the driver adapter, so the ORM, not these steps,
// bounds throughput.
import type { ClientService } from '../client/service.js';
import type { Aead } from '../crypto/aead.js';
import { ID_TOKEN_SET, type KeyService } from '../jwk/service.js';
import type { AuthorizedRequest } from '../oauth2/grant.js';
import { INVALID_REQUEST_DEFAULT_HINT, invalidClient, invalidRequest } from '../oauth2/errors.js';
import { OAuth2Error } from '../errors.js';
import { splitScope } from '../oauth2/scope.js';
import type { ClientRecord } from '../client/repository.js';
import { authorizeCodeGrant, consentedGrant, issueAuthorizeResponse, type AuthorizeResponseParts, type AuthorizeResponseTokens } from './authorize-response.js';
import { ClientAuthenticator } from './client-authentication.js';
import type { ClientJwks } from './client-jwks.js';
import type { OutboundHttp } from '../outbound/http.js';
import { discoveryDocument, type DiscoverySettings } from './discovery.js';
import { Form, type FormInput } from './form.js';
import type { GrantDeps, GrantHandler, TokenResponse } from './grants/grant.js';
import { authorizationCodeGrant } from './grants/authorization-code.js';
import { clientCredentialsGrant } from './grants/client-credentials.js';
import { refreshTokenGrant } from './grants/refresh-token.js';
import { JWT_BEARER_GRANT, jwtBearerGrant, type TrustedKeySource } from './grants/jwt-bearer.js';
import { ImportedKeys } from './imported-keys.js';
import { deviceCodeGrant } from './grants/device-code.js';
import { DEVICE_CODE_GRANT, DeviceAuthorizations, type DeviceAuthorizationResponse } from './device.js';
import type { DeviceAuthorizationRepository } from './device-repository.js';
import { TokenHooks } from './hooks.js';
import { IdTokens } from './id-token.js';
import { introspect, type Introspection } from './introspection.js';
import { JwtAccessTokens } from './jwt-access-token.js';
import { expiry } from './lifespans.js';
import { TokenLookup } from './lookup.js';
import { TokenMinter } from './minting.js';
import { OpaqueTokenCodec } from './opaque.js';
import type { TokenRepository } from './repository.js';
import { revoke } from './revocation.js';
import { SessionCodec } from './session-codec.js';
import { tokenEndpointUrls, type TokenSettings } from './settings.js';
import { userinfo, type UserinfoResponse } from './userinfo.js';

export type { TokenResponse } from './grants/grant.js';
export type { AuthorizeResponseParts, AuthorizeResponseTokens } from './authorize-response.js';
export type { Introspection } from './introspection.js';
export type { UserinfoResponse } from './userinfo.js';
export { BearerChallengeError } from './userinfo.js';

export interface TokenServiceDeps {
  repo: TokenRepository;
  deviceRepo: DeviceAuthorizationRepository;
  clients: ClientService;
  keys: KeyService;
  /** The system secrets: HMAC keys of opaque tokens. */
  secrets: readonly string[];
  /** Aead with purpose 'token-session'. */
  sessionAead: Aead;
  settings: TokenSettings;
  /** What the settings decide about the discovery document. */
  discovery: DiscoverySettings;
  /** Calls to token hooks. */
  http: OutboundHttp;
  /** Client key sets (jwks / jwks_uri), shared with request objects so each jwks_uri is fetched once. */
  clientJwks: ClientJwks;
  now?: () => Date;
  /** Trusted JWT-bearer issuers (TrustService); without it the jwt-bearer grant is not served. */
  trust?: TrustedKeySource;
}

/** A token or revocation request as the HTTP edge hands it over. */
export interface ClientRequest {
  /** The urlencoded body. */
  body: FormInput | undefined;
  authorization?: string | undefined;
}

export class TokenService {
  private readonly lookup: TokenLookup;
  private readonly minter: TokenMinter;
  private readonly clientAuth: ClientAuthenticator;
  private readonly grants: ReadonlyMap<string, GrantHandler>;
  private readonly idTokens: IdTokens;
  private readonly now: () => Date;
  /** RFC 8628 device authorizations: the browser flow accepts and rejects them. */
  readonly devices: DeviceAuthorizations;

  constructor(private readonly deps: TokenServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.idTokens = new IdTokens(deps.keys, deps.settings.issuer);
    const opaque = new OpaqueTokenCodec(deps.secrets);
    const sessions = new SessionCodec(deps.sessionAead);
    this.lookup = new TokenLookup(deps.repo, opaque, sessions, deps.settings);
    this.minter = new TokenMinter(opaque, sessions, new JwtAccessTokens(deps.keys, deps.settings), deps.settings);
    const tokenUrls = tokenEndpointUrls(deps.settings);
    this.clientAuth = new ClientAuthenticator({
      clients: deps.clients,
      jwks: deps.clientJwks,
      tokens: deps.repo,
      tokenUrls,
      now: this.now,
    });
    const grantDeps: GrantDeps = {
      repo: deps.repo,
      lookup: this.lookup,
      minter: this.minter,
      idTokens: this.idTokens,
      hooks: new TokenHooks(deps.http, deps.settings),
      settings: deps.settings,
    };
    this.devices = new DeviceAuthorizations({
      repo: deps.deviceRepo,
      opaque,
      sessions,
      settings: deps.settings.device,
      scopeStrategy: deps.settings.scopeStrategy,
      publicUrl: deps.settings.publicUrl,
    });
    this.grants = new Map([
      ['authorization_code', authorizationCodeGrant(grantDeps)],
      ['client_credentials', clientCredentialsGrant(grantDeps)],
      ['refresh_token', refreshTokenGrant(grantDeps)],
      [DEVICE_CODE_GRANT, deviceCodeGrant(grantDeps, this.devices)],
      ...(deps.trust ? [[JWT_BEARER_GRANT, jwtBearerGrant(grantDeps, { trust: deps.trust, keys: new ImportedKeys(), tokenUrls })] as const] : []),
    ]);
  }

  /** POST /oauth2/token. */
  async token(request: ClientRequest): Promise<TokenResponse> {
    const form = nonEmptyForm(request.body);
    const grant = this.grantFor(form);
    const client = await this.clientAuth.authenticate({ form, authorization: request.authorization });
    return grant({ form, client, now: this.now() });
  }

  /** POST /oauth2/device/auth (RFC 8628 §3.1): the client authenticates as at the token endpoint. */
  async deviceAuthorization(request: ClientRequest): Promise<DeviceAuthorizationResponse> {
    const form = nonEmptyForm(request.body);
    const client = await this.clientAuth.authenticate({ form, authorization: request.authorization });
    return this.devices.start(client, form, this.now());
  }

  /**
   * POST /oauth2/revoke. As Hydra's revocation writer does, only
   * invalid_request and invalid_client are reported (and then without their
   * hints); other OAuth 2.0 errors (jti_known…) end as a silent success.
   * Storage failures are not hidden (Hydra answers 200 to those too).
   */
  async revoke(request: ClientRequest): Promise<void> {
    try {
      const form = nonEmptyForm(request.body);
      const client = await this.clientAuth.authenticate({ form, authorization: request.authorization });
      await revoke(this.lookup, this.deps.repo, client, { token: form.get('token'), tokenTypeHint: form.get('token_type_hint') }, this.now());
    } catch (err) {
      if (!(err instanceof OAuth2Error)) throw err;
      if (err.error === 'invalid_request') throw invalidRequest(INVALID_REQUEST_DEFAULT_HINT, err.message);
      if (err.error === 'invalid_client') throw invalidClient(undefined, err.message);
    }
  }

  /** POST /admin/oauth2/introspect. */
  async introspect(body: FormInput | undefined): Promise<Introspection> {
    const form = nonEmptyForm(body);
    const { issuer, scopeStrategy } = this.deps.settings;
    return introspect(this.lookup, { issuer, scopeStrategy, now: this.now() }, {
      token: form.get('token'),
      tokenTypeHint: form.get('token_type_hint'),
      scope: form.get('scope'),
    });
  }

  /** GET/POST /userinfo. */
  async userinfo(accessToken: string): Promise<UserinfoResponse> {
    const { clients, keys, settings } = this.deps;
    return userinfo({ lookup: this.lookup, clients, keys, issuer: settings.issuer }, accessToken, this.now());
  }

  /** DELETE /admin/oauth2/tokens?client_id=: the client's access tokens (refresh tokens stay, as in Hydra). */
  async deleteAccessTokensOfClient(clientId: string): Promise<void> {
    if (!clientId) throw invalidRequest("Query parameter 'client_id' is not defined but it should have been.");
    await this.deps.repo.deleteAccessTokensOfClient(clientId);
  }

  /**
   * Hydra v1's POST /oauth2/flush: removes expired access and refresh tokens
   * requested before `notAfter` (default: now). Codes stay, so a replayed code
   * is still recognised.
   */
  async flushInactiveTokens(notAfter?: Date): Promise<number> {
    const now = this.now();
    return this.deps.repo.deleteExpiredTokens(notAfter ?? now, now);
  }

  /** /.well-known/openid-configuration. */
  async discovery() {
    const { alg } = await this.deps.keys.signingKey(ID_TOKEN_SET);
    return discoveryDocument(this.deps.settings, this.deps.discovery, alg);
  }

  /**
   * The end of the browser flow: a consented authorization request becomes an
   * authorization code. The consent session row (consent_request_id =
   * request.requestId) must exist already.
   */
  async issueAuthorizeCode(request: AuthorizedRequest): Promise<{ code: string }> {
    const now = this.now();
    const grant = consentedGrant({ client_id: request.clientId, access_token_strategy: '' }, request, now);
    const code = this.minter.authorizeCode(authorizeCodeGrant(grant, request), expiry(now, this.deps.settings.ttl.authCode)!);
    await this.deps.repo.insert([code.record]);
    return { code: code.token };
  }

  /**
   * The end of the browser flow for any response type: the code, access token
   * and ID token the authorization endpoint answers with (one insert, one RSA
   * signature per ID token). The consent session row must exist already.
   */
  async issueAuthorizeResponse(client: ClientRecord, request: AuthorizedRequest, parts: AuthorizeResponseParts): Promise<AuthorizeResponseTokens> {
    const { repo, settings } = this.deps;
    return issueAuthorizeResponse({ repo, minter: this.minter, idTokens: this.idTokens, settings }, client, request, parts, this.now());
  }

  /**
   * Hydra runs a grant only when grant_type names exactly one grant it
   * handles; anything else (password, several values, none) is the bare
   * invalid_request, checked before client authentication matters.
   */
  private grantFor(form: Form): GrantHandler {
    const types = splitScope(form.get('grant_type'));
    if (types.length === 0) throw invalidRequest("Request parameter 'grant_type' is missing");
    const grant = types.length === 1 ? this.grants.get(types[0]!) : undefined;
    if (!grant) throw invalidRequest(INVALID_REQUEST_DEFAULT_HINT);
    return grant;
  }
}

function nonEmptyForm(body: FormInput | undefined): Form {
  const form = new Form(body ?? {});
  if (form.isEmpty) throw invalidRequest('The POST body can not be empty.');
  return form;
}
