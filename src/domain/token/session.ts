// What each token row carries besides its indexed columns, sealed at rest
// (claims are personal data): the grant's session, the request's scopes, and
// for codes what the token request is checked against.
import type { GrantSession, OidcRequest } from '../oauth2/grant.js';

export interface AuthorizeParameters {
  /** '' when the authorization request had none. */
  redirectUri: string;
  codeChallenge: string;
  codeChallengeMethod: string;
  oidc: OidcRequest;
}

export interface TokenSession {
  grant: GrantSession;
  requestedScope: string[];
  requestedAudience: string[];
  /** Unix seconds: when the ID-token claims were made (Hydra's authorize-time `iat`, shown by userinfo). */
  claimsIssuedAt: number;
  /** The authorization request's nonce, repeated in every ID token of the grant. */
  nonce?: string;
  /** Authorization codes only. */
  authorize?: AuthorizeParameters;
  /** JWT access tokens: SHA-256 of "header.payload", so only the JWT as issued matches its row. */
  jwtDigest?: string;
}
