// Finds a presented token's row: the HMAC (or, for a JWT access token, the
// header.payload digest) is checked first, so garbage never reaches the
// database; then one lookup by signature. Callers decide what an expired or
// inactive row means for them.
import type { OpaqueTokenCodec } from './opaque.js';
import { OpaqueTokenCodec as Codec } from './opaque.js';
import { looksLikeJwt, matchesDigest } from './jwt-access-token.js';
import type { TokenKind, TokenRecord, TokenRepository } from './repository.js';
import type { SessionCodec } from './session-codec.js';
import type { TokenSession } from './session.js';
import type { TokenSettings } from './settings.js';

export interface FoundToken {
  record: TokenRecord;
  session: TokenSession;
}

export class TokenLookup {
  constructor(
    private readonly repo: TokenRepository,
    private readonly opaque: OpaqueTokenCodec,
    private readonly sessions: SessionCodec,
    private readonly settings: TokenSettings,
  ) {}

  /** The row of `token` if it is a genuine token of one of `kinds`; undefined otherwise. */
  async find(token: string, kinds: readonly TokenKind[]): Promise<FoundToken | undefined> {
    const kind = kindOf(token);
    if (!kind || !kinds.includes(kind)) return undefined;
    const jwt = kind === 'access_token' && looksLikeJwt(token);
    const signature = jwt ? token.slice(token.lastIndexOf('.') + 1) : this.opaque.verify(kind, token);
    if (!signature) return undefined;
    const record = await this.repo.findBySignature(signature);
    if (!record || record.kind !== kind) return undefined;
    const session = this.sessions.open(record.signature, record.encryptedSession);
    if (jwt && !matchesDigest(token, session.jwtDigest)) return undefined;
    return { record, session };
  }

  /** A refresh token that was rotated is still usable within the grace period, up to the reuse count. */
  refreshUsable(record: TokenRecord, now: Date): boolean {
    if (record.active) return true;
    const { refreshGracePeriod: period, refreshGraceReuseCount: count } = this.settings;
    if (period <= 0 || !record.firstUsedAt) return false;
    return record.firstUsedAt.getTime() + period > now.getTime() && (count === 0 || record.usedTimes < count);
  }
}

export function kindOf(token: string): TokenKind | undefined {
  if (typeof token !== 'string' || token === '') return undefined;
  const kind = Codec.kindOf(token);
  // Device codes are redeemed only by the device_code grant, never looked up as tokens.
  if (kind === 'device_code') return undefined;
  return kind ?? (looksLikeJwt(token) ? 'access_token' : undefined);
}

export const isExpired = (record: TokenRecord, now: Date) => record.expiresAt !== null && record.expiresAt.getTime() < now.getTime();

/** Go's default time format, as Hydra prints expiry times in hints: "2006-01-02 15:04:05.999 +0000 UTC". */
export function goTime(date: Date): string {
  const iso = date.toISOString();
  const fraction = iso.slice(19, 23).replace(/\.?0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction} +0000 UTC`;
}
