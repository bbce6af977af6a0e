// Login sessions (a browser's remembered authentication) and consent sessions
// (a completed flow whose consent was granted), as Hydra keeps them in
// hydra_oauth2_authentication_session and hydra_oauth2_flow.
import type { OidcContext } from '../flow/flow.js';

export interface LoginSession {
  /** The `sid`: also the session cookie's value and the ID token's sid. */
  id: string;
  subject: string;
  authenticatedAt: Date;
  /** Only remembered sessions let a later login be skipped. */
  remember: boolean;
  identityProviderSessionId: string;
  expiresAt: Date;
}

/** The consent request as the consent app saw it, kept with the consent session for listings. */
export interface ConsentRequestSnapshot {
  requestUrl: string;
  oidcContext: OidcContext;
  acr: string;
  amr: string[];
  context: unknown;
}

/** The consent's session claims (accept body `session`). */
export interface GrantedSessionClaims {
  access_token: Record<string, unknown>;
  id_token: Record<string, unknown>;
}

export interface ConsentSession {
  /** The flow id (Hydra's login_challenge column): one consent session per flow. */
  id: string;
  /** Shared by every token of the grant. */
  consentRequestId: string;
  subject: string;
  clientId: string;
  loginSessionId: string | null;
  requestedAt: Date;
  handledAt: Date;
  /** A consent accepted while skipped: never a base for later skips, never listed. */
  skip: boolean;
  remember: boolean;
  /** Seconds; 0 means it never expires. */
  rememberFor: number;
  /** requestedAt + rememberFor when rememberFor > 0, else null. */
  expiresAt: Date | null;
  requestedScope: string[];
  requestedAudience: string[];
  grantedScope: string[];
  grantedAudience: string[];
  request: ConsentRequestSnapshot;
  session: GrantedSessionClaims;
}
