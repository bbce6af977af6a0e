// What the token layer needs from storage. One row per authorization code,
// access token and refresh token, keyed by the token's signature (never the
// token). The tokens of one grant share requestId, so a grant is revoked with
// one statement.
export type TokenKind = 'authorize_code' | 'access_token' | 'refresh_token';

export interface TokenRecord {
  signature: string;
  kind: TokenKind;
  /** The grant: the consent request id for code flows, a fresh UUID for client_credentials. */
  requestId: string;
  /** The consent session the grant came from (deleting it deletes the tokens); null for client_credentials. */
  consentId: string | null;
  clientId: string;
  subject: string;
  requestedAt: Date;
  /** null: never expires (a refresh token lifespan of -1). */
  expiresAt: Date | null;
  active: boolean;
  grantedScope: string[];
  grantedAudience: string[];
  /** The TokenSession, sealed by SessionCodec. */
  encryptedSession: string;
  /** Refresh tokens under graceful rotation. */
  firstUsedAt: Date | null;
  usedTimes: number;
  /** Refresh tokens: the access token issued alongside (graceful rotation deletes only that one). */
  accessTokenSignature: string | null;
}

export interface RefreshRotation {
  /** The refresh token being redeemed, as read. */
  used: TokenRecord;
  /** Graceful: mark only `used` as used (optimistically, on its usedTimes) and delete only its access token. */
  graceful: boolean;
  now: Date;
  /** The new access and refresh token. */
  issue: TokenRecord[];
}

export interface TokenRepository {
  /** All rows in one statement. */
  insert(tokens: readonly TokenRecord[]): Promise<void>;
  findBySignature(signature: string): Promise<TokenRecord | undefined>;
  /**
   * Marks an active authorization code used with one conditional update;
   * true only for the caller that flipped it, so two concurrent exchanges
   * cannot both win.
   */
  claimCode(signature: string): Promise<boolean>;
  /**
   * Retires the used refresh token (conditionally, as claimCode), removes the
   * access token(s) it superseded and inserts `issue`; false when another
   * request redeemed it first.
   */
  rotateRefresh(rotation: RefreshRotation): Promise<boolean>;
  /** Deletes every access and refresh token of the grant (the used code stays, so a replay is still recognised). */
  revokeByRequestId(requestId: string): Promise<void>;
  /** Hydra's DELETE /admin/oauth2/tokens: access tokens only; returns how many. */
  deleteAccessTokensOfClient(clientId: string): Promise<number>;
  /**
   * Records a client-assertion jti (its hash) until `expiresAt`; false when it
   * is known and not yet expired.
   */
  useJti(signature: string, expiresAt: Date, now: Date): Promise<boolean>;
  /** Deletes access and refresh tokens expired by `now` and requested before `notAfter`; returns how many. */
  deleteExpiredTokens(notAfter: Date, now: Date): Promise<number>;
}
