// Tokens in `oauth2_tokens` and spent assertion jtis in `used_jtis`. Every
// method is one statement except rotateRefresh (a conditional update, then a
// delete and an insert in one transaction). Works on SQLite and PostgreSQL.
// What runs on every token request is plain SQL (see sql.ts); the rest is Prisma.
import type { PrismaClient } from './database.js';
import { column, strings, type Sql } from './sql.js';
import type { RefreshRotation, TokenKind, TokenRecord, TokenRepository } from '../domain/token/repository.js';

const isUniqueViolation = (err: unknown) => (err as { code?: unknown })?.code === 'P2002';

const TOKEN_COLUMNS = [
  'signature', 'kind', 'request_id', 'consent_id', 'client_id', 'subject', 'requested_at', 'expires_at', 'active',
  'granted_scope', 'granted_audience', 'encrypted_session', 'first_used_at', 'used_times', 'access_token_signature',
] as const;
const TOKEN_ROW = `(${TOKEN_COLUMNS.map(() => '?').join(', ')})`;
const insertTokens = (count: number) => `INSERT INTO oauth2_tokens (${TOKEN_COLUMNS.join(', ')}) VALUES ${Array(count).fill(TOKEN_ROW).join(', ')}`;
const SELECT_TOKEN = `SELECT ${TOKEN_COLUMNS.join(', ')} FROM oauth2_tokens WHERE signature = ?`;
const CLAIM_CODE = `UPDATE oauth2_tokens SET active = ? WHERE signature = ? AND kind = 'authorize_code' AND active = ?`;
const RETIRE_REFRESH = `UPDATE oauth2_tokens SET active = ? WHERE signature = ? AND kind = 'refresh_token' AND active = ?`;
const RETIRE_REFRESH_GRACEFULLY = `UPDATE oauth2_tokens SET active = ?, first_used_at = ?, used_times = ? WHERE signature = ? AND kind = 'refresh_token' AND used_times = ?`;
const DELETE_ACCESS_TOKEN = `DELETE FROM oauth2_tokens WHERE signature = ? AND kind = 'access_token'`;
const DELETE_ACCESS_TOKENS_OF_REQUEST = `DELETE FROM oauth2_tokens WHERE request_id = ? AND kind = 'access_token'`;

const tokenValues = (t: TokenRecord) => [
  t.signature, t.kind, t.requestId, t.consentId, t.clientId, t.subject, t.requestedAt, t.expiresAt, t.active,
  t.grantedScope, t.grantedAudience, t.encryptedSession, t.firstUsedAt, t.usedTimes, t.accessTokenSignature,
];

const fromSql = (row: Record<string, unknown>): TokenRecord => ({
  signature: String(row.signature),
  kind: row.kind as TokenKind,
  requestId: String(row.request_id),
  consentId: (row.consent_id as string | null) ?? null,
  clientId: String(row.client_id),
  subject: String(row.subject),
  requestedAt: column.date(row.requested_at),
  expiresAt: column.optionalDate(row.expires_at),
  active: column.bool(row.active),
  grantedScope: strings(column.json(row.granted_scope)),
  grantedAudience: strings(column.json(row.granted_audience)),
  encryptedSession: String(row.encrypted_session),
  firstUsedAt: column.optionalDate(row.first_used_at),
  usedTimes: Number(row.used_times),
  accessTokenSignature: (row.access_token_signature as string | null) ?? null,
});

/** Spent jtis are swept at most this often (lazily, on use), not on every assertion. */
const JTI_SWEEP_INTERVAL_MS = 60_000;

export class PrismaTokenRepository implements TokenRepository {
  private lastJtiSweep = 0;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly sql: Sql,
  ) {}

  /** One statement, however many tokens (a code exchange writes an access and a refresh token). */
  async insert(tokens: readonly TokenRecord[]): Promise<void> {
    await this.sql.run(insertTokens(tokens.length), tokens.flatMap(tokenValues));
  }

  async findBySignature(signature: string): Promise<TokenRecord | undefined> {
    const [row] = await this.sql.all(SELECT_TOKEN, [signature]);
    return row ? fromSql(row) : undefined;
  }

  async claimCode(signature: string): Promise<boolean> {
    return (await this.sql.run(CLAIM_CODE, [false, signature, true])) === 1;
  }

  async rotateRefresh({ used, graceful, now, issue }: RefreshRotation): Promise<boolean> {
    // Strict: only an active token can be retired. Graceful: optimistic on
    // used_times, so two concurrent redemptions cannot both count as one use.
    const retired = graceful
      ? await this.sql.run(RETIRE_REFRESH_GRACEFULLY, [false, used.firstUsedAt ?? now, used.usedTimes + 1, used.signature, used.usedTimes])
      : await this.sql.run(RETIRE_REFRESH, [false, used.signature, true]);
    if (retired !== 1) return false;
    const superseded =
      graceful && used.accessTokenSignature
        ? { sql: DELETE_ACCESS_TOKEN, params: [used.accessTokenSignature] }
        : { sql: DELETE_ACCESS_TOKENS_OF_REQUEST, params: [used.requestId] };
    await this.sql.batch([superseded, { sql: insertTokens(issue.length), params: issue.flatMap(tokenValues) }]);
    return true;
  }

  async revokeByRequestId(requestId: string): Promise<void> {
    await this.prisma.token.deleteMany({ where: { requestId, kind: { in: ['access_token', 'refresh_token'] } } });
  }

  async deleteAccessTokensOfClient(clientId: string): Promise<number> {
    const { count } = await this.prisma.token.deleteMany({ where: { clientId, kind: 'access_token' } });
    return count;
  }

  async deleteExpiredTokens(notAfter: Date, now: Date): Promise<number> {
    const { count } = await this.prisma.token.deleteMany({
      where: { kind: { in: ['access_token', 'refresh_token'] }, expiresAt: { lt: now }, requestedAt: { lt: notAfter } },
    });
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
