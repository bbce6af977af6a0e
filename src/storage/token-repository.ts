// Tokens in `oauth2_tokens` and spent assertion jtis in `used_jtis`. Every
// method is one statement except rotateRefresh (a conditional update, then a
// delete and an insert in one transaction). Works on SQLite and PostgreSQL.
import type { PrismaClient } from './database.js';
import type { RefreshRotation, TokenKind, TokenRecord, TokenRepository } from '../domain/token/repository.js';

type Row = NonNullable<Awaited<ReturnType<PrismaClient['token']['findUnique']>>>;

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const isUniqueViolation = (err: unknown) => (err as { code?: unknown })?.code === 'P2002';

const fromRow = (row: Row): TokenRecord => ({
  signature: row.signature,
  kind: row.kind as TokenKind,
  requestId: row.requestId,
  consentId: row.consentId,
  clientId: row.clientId,
  subject: row.subject,
  requestedAt: row.requestedAt,
  expiresAt: row.expiresAt,
  active: row.active,
  grantedScope: strings(row.grantedScope),
  grantedAudience: strings(row.grantedAudience),
  encryptedSession: row.encryptedSession,
  firstUsedAt: row.firstUsedAt,
  usedTimes: row.usedTimes,
  accessTokenSignature: row.accessTokenSignature,
});

/** Spent jtis are swept at most this often (lazily, on use), not on every assertion. */
const JTI_SWEEP_INTERVAL_MS = 60_000;

export class PrismaTokenRepository implements TokenRepository {
  private lastJtiSweep = 0;

  constructor(private readonly prisma: PrismaClient) {}

  async insert(tokens: readonly TokenRecord[]): Promise<void> {
    if (tokens.length === 1) await this.prisma.token.create({ data: tokens[0]! });
    else await this.prisma.token.createMany({ data: [...tokens] });
  }

  async findBySignature(signature: string): Promise<TokenRecord | undefined> {
    const row = await this.prisma.token.findUnique({ where: { signature } });
    return row ? fromRow(row) : undefined;
  }

  async claimCode(signature: string): Promise<boolean> {
    const { count } = await this.prisma.token.updateMany({ where: { signature, kind: 'authorize_code', active: true }, data: { active: false } });
    return count === 1;
  }

  async rotateRefresh({ used, graceful, now, issue }: RefreshRotation): Promise<boolean> {
    // Strict: only an active token can be retired. Graceful: optimistic on
    // used_times, so two concurrent redemptions cannot both count as one use.
    const { count } = await this.prisma.token.updateMany({
      where: graceful ? { signature: used.signature, usedTimes: used.usedTimes } : { signature: used.signature, active: true },
      data: graceful ? { active: false, firstUsedAt: used.firstUsedAt ?? now, usedTimes: used.usedTimes + 1 } : { active: false },
    });
    if (count !== 1) return false;
    const superseded =
      graceful && used.accessTokenSignature
        ? { signature: used.accessTokenSignature, kind: 'access_token' }
        : { requestId: used.requestId, kind: 'access_token' };
    await this.prisma.$transaction([this.prisma.token.deleteMany({ where: superseded }), this.prisma.token.createMany({ data: [...issue] })]);
    return true;
  }

  async revokeByRequestId(requestId: string): Promise<void> {
    await this.prisma.token.deleteMany({ where: { requestId, kind: { in: ['access_token', 'refresh_token'] } } });
  }

  async deleteAccessTokensOfClient(clientId: string): Promise<number> {
    const { count } = await this.prisma.token.deleteMany({ where: { clientId, kind: 'access_token' } });
    return count;
  }

  async useJti(signature: string, expiresAt: Date, now: Date): Promise<boolean> {
    await this.sweepJtis(now);
    try {
      await this.prisma.usedJti.create({ data: { signature, expiresAt } });
      return true;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    // Known: still spent unless it has expired, in which case it may be used again.
    const { count } = await this.prisma.usedJti.updateMany({ where: { signature, expiresAt: { lte: now } }, data: { expiresAt } });
    return count === 1;
  }

  private async sweepJtis(now: Date): Promise<void> {
    if (now.getTime() - this.lastJtiSweep < JTI_SWEEP_INTERVAL_MS) return;
    this.lastJtiSweep = now.getTime();
    await this.prisma.usedJti.deleteMany({ where: { expiresAt: { lt: now } } });
  }
}
