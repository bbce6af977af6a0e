// A logout request (Hydra's flow.LogoutRequest): who is logged out of which
// login session, who asked, and where the browser goes afterwards. Stored
// from the moment /oauth2/sessions/logout is called until it expires
// (ttl.login_consent_request).

export interface LogoutRequest {
  subject: string;
  /** The login session (sid) that ends. */
  sessionId: string;
  /** The relying party of the id_token_hint; undefined for a logout without hint. */
  clientId: string | undefined;
  /** True when a relying party asked (with an id_token_hint). */
  rpInitiated: boolean;
  /** The /oauth2/sessions/logout URL as called; sealed at rest (it may carry the id_token_hint). */
  requestUrl: string;
  /** The client's post_logout_redirect_uri (with state), or urls.post_logout_redirect. */
  postLogoutRedirectUri: string;
  /** Also in the browser's logout CSRF cookie. */
  csrf: string;
  accepted: boolean;
  rejected: boolean;
  /** The verifier has been used: the request is over. */
  wasUsed: boolean;
  requestedAt: Date;
  expiresAt: Date;
}

/** As stored: the challenge and verifier only as digests, the request URL sealed. */
export type StoredLogoutRequest = Omit<LogoutRequest, 'requestUrl'> & {
  challengeHash: string;
  verifierHash: string | null;
  encryptedRequestUrl: string;
};
