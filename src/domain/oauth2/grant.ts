// The contract between the browser flow (src/domain/flow) and the token layer
// (src/domain/token): what a completed, consented authorization request hands
// over, and what every token issued from one grant carries (Hydra's
// oauth2.Session).

/** Carried by every token of a grant; stored encrypted with each token row. */
export interface GrantSession {
  /** The real subject; the client id for client_credentials. */
  subject: string;
  /** `sub` of ID tokens and userinfo: a pairwise identifier when the client uses one, else `subject`. */
  idTokenSubject: string;
  /** The consent's session.id_token: extra ID-token and userinfo claims. */
  idTokenClaims: Record<string, unknown>;
  /** The consent's session.access_token: `ext` of introspection and of JWT access tokens. */
  accessTokenClaims: Record<string, unknown>;
  /** When the user authenticated (unix seconds). */
  authTime?: number;
  /** When the authorization request started (unix seconds; the `rat` claim). */
  requestedAt?: number;
  acr?: string;
  amr?: string[];
  /** The login session id (`sid`). */
  sid?: string;
}

/** The OpenID Connect parameters of the authorization request that ID tokens are checked against. */
export interface OidcRequest {
  nonce: string;
  /** Seconds; undefined when not sent. */
  maxAge?: number;
  prompt: string[];
  acrValues: string[];
}

/** An authorization request the user authenticated for and consented to, at the end of the browser flow. */
export interface AuthorizedRequest {
  /** The consent request id: shared by every token of the grant (and its refresh chain), and the consent session's key. */
  requestId: string;
  clientId: string;
  requestedScope: string[];
  requestedAudience: string[];
  grantedScope: string[];
  grantedAudience: string[];
  /** redirect_uri exactly as sent in the authorization request; '' when it was omitted. */
  redirectUri: string;
  /** PKCE; both '' when the request had no code_challenge. */
  codeChallenge: string;
  codeChallengeMethod: string;
  oidc: OidcRequest;
  session: GrantSession;
}
