// Makes the tokens of a grant and their rows: opaque codes, access and
// refresh tokens (HMAC, only the signature stored), or JWT access tokens. One
// sealed session per row. Nothing is written here; grants insert the rows.
import type { ClientRecord } from '../client/repository.js';
import { JwtAccessTokens } from './jwt-access-token.js';
import type { OpaqueTokenCodec } from './opaque.js';
import type { TokenKind, TokenRecord } from './repository.js';
import type { SessionCodec } from './session-codec.js';
import type { TokenSession } from './session.js';
import type { TokenSettings } from './settings.js';

/** What every token of one grant shares. */
export interface GrantContext {
  client: Pick<ClientRecord, 'client_id' | 'access_token_strategy'>;
  requestId: string;
  consentId: string | null;
  grantedScope: string[];
  grantedAudience: string[];
  session: TokenSession;
  now: Date;
}

export interface Minted {
  token: string;
  record: TokenRecord;
}

export class TokenMinter {
  constructor(
    private readonly opaque: OpaqueTokenCodec,
    private readonly sessions: SessionCodec,
    private readonly jwt: JwtAccessTokens,
    private readonly settings: TokenSettings,
  ) {}

  authorizeCode(grant: GrantContext, expiresAt: Date): Minted {
    const { token, signature } = this.opaque.generate('authorize_code');
    return { token, record: this.record(grant, 'authorize_code', signature, expiresAt, grant.session) };
  }

  async accessToken(grant: GrantContext, expiresAt: Date): Promise<Minted> {
    const { session } = grant;
    if (!this.usesJwt(grant.client)) {
      const { token, signature } = this.opaque.generate('access_token');
      return { token, record: this.record(grant, 'access_token', signature, expiresAt, session) };
    }
    const signed = await this.jwt.sign({
      subject: session.grant.subject,
      clientId: grant.client.client_id,
      grantedScope: grant.grantedScope,
      grantedAudience: grant.grantedAudience,
      extra: session.grant.accessTokenClaims,
      issuedAt: grant.now,
      expiresAt,
    });
    return { token: signed.token, record: this.record(grant, 'access_token', signed.signature, expiresAt, { ...session, jwtDigest: signed.digest }) };
  }

  refreshToken(grant: GrantContext, expiresAt: Date | null, accessTokenSignature: string): Minted {
    const { token, signature } = this.opaque.generate('refresh_token');
    const record = this.record(grant, 'refresh_token', signature, expiresAt, grant.session);
    return { token, record: { ...record, accessTokenSignature } };
  }

  /** The client's access_token_strategy, else strategies.access_token. */
  usesJwt(client: GrantContext['client']): boolean {
    return (client.access_token_strategy || this.settings.accessTokenStrategy) === 'jwt';
  }

  private record(grant: GrantContext, kind: TokenKind, signature: string, expiresAt: Date | null, session: TokenSession): TokenRecord {
    return {
      signature,
      kind,
      requestId: grant.requestId,
      consentId: grant.consentId,
      clientId: grant.client.client_id,
      subject: session.grant.subject,
      requestedAt: grant.now,
      expiresAt,
      active: true,
      grantedScope: grant.grantedScope,
      grantedAudience: grant.grantedAudience,
      encryptedSession: this.sessions.seal(signature, session),
      firstUsedAt: null,
      usedTimes: 0,
      accessTokenSignature: null,
    };
  }
}
