// Login sessions (`login_sessions`) and consent sessions (`consent_sessions`).
// Deleting a consent session deletes its tokens through the foreign key
// oauth2_tokens.consent_id (ON DELETE CASCADE); deleting a login session
// detaches its consent sessions (ON DELETE SET NULL), as in Hydra.
import type { PrismaClient } from './database.js';
import { column, isForeignKeyViolation, isUniqueViolation, strings, type Sql } from './sql.js';
import type { LoginSession } from '../domain/session/model.js';
import {
  ConsentSessionExistsError,
  type ConsentListQuery,
  type ConsentRevocation,
  type ConsentSessionRepository,
  type LoginSessionRepository,
  type StoredConsentSession,
} from '../domain/session/repository.js';

type LoginRow = NonNullable<Awaited<ReturnType<PrismaClient['loginSession']['findUnique']>>>;
type ConsentRow = NonNullable<Awaited<ReturnType<PrismaClient['consentSession']['findUnique']>>>;


const loginFromRow = (row: LoginRow): LoginSession => ({
  id: row.id,
  subject: row.subject,
  authenticatedAt: row.authenticatedAt,
  remember: row.remember,
  identityProviderSessionId: row.identityProviderSessionId,
  expiresAt: row.expiresAt,
});

function consentFromRow(row: ConsentRow): StoredConsentSession {
  return {
    id: row.id,
    consentRequestId: row.consentRequestId,
    subject: row.subject,
    clientId: row.clientId,
    loginSessionId: row.loginSessionId,
    requestedAt: row.requestedAt,
    handledAt: row.handledAt,
    skip: row.skip,
    remember: row.remember,
    rememberFor: row.rememberFor,
    expiresAt: row.expiresAt,
    requestedScope: strings(row.requestedScope),
    requestedAudience: strings(row.requestedAudience),
    grantedScope: strings(row.grantedScope),
    grantedAudience: strings(row.grantedAudience),
    encryptedRequest: row.encryptedRequest,
    encryptedSession: row.encryptedSession,
  };
}

// The statements of every browser flow are plain SQL (see sql.ts); listing and revoking are Prisma.
const LOGIN_COLUMNS = 'id, subject, authenticated_at, remember, identity_provider_session_id, expires_at';
const FIND_REMEMBERED_LOGIN = `SELECT ${LOGIN_COLUMNS} FROM login_sessions WHERE id = ? AND remember = ?`;
const UPSERT_LOGIN = `INSERT INTO login_sessions (${LOGIN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET subject = excluded.subject, authenticated_at = excluded.authenticated_at,
  remember = excluded.remember, identity_provider_session_id = excluded.identity_provider_session_id, expires_at = excluded.expires_at`;
const CONSENT_COLUMNS = [
  'id', 'consent_request_id', 'subject', 'client_id', 'login_session_id', 'requested_at', 'handled_at', 'skip', 'remember',
  'remember_for', 'expires_at', 'requested_scope', 'requested_audience', 'granted_scope', 'granted_audience',
  'encrypted_request', 'encrypted_session',
].join(', ');
const INSERT_CONSENT = `INSERT INTO consent_sessions (${CONSENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const FIND_LATEST_REMEMBERED_CONSENT = `SELECT ${CONSENT_COLUMNS} FROM consent_sessions
  WHERE subject = ? AND client_id = ? AND skip = ? AND remember = ? AND (expires_at IS NULL OR expires_at > ?)
  ORDER BY requested_at DESC, handled_at DESC LIMIT 1`;

const loginFromSql = (row: Record<string, unknown>): LoginSession => ({
  id: String(row.id),
  subject: String(row.subject),
  authenticatedAt: column.date(row.authenticated_at),
  remember: column.bool(row.remember),
  identityProviderSessionId: String(row.identity_provider_session_id),
  expiresAt: column.date(row.expires_at),
});

const consentFromSql = (row: Record<string, unknown>): StoredConsentSession => ({
  id: String(row.id),
  consentRequestId: String(row.consent_request_id),
  subject: String(row.subject),
  clientId: String(row.client_id),
  loginSessionId: (row.login_session_id as string | null) ?? null,
  requestedAt: column.date(row.requested_at),
  handledAt: column.date(row.handled_at),
  skip: column.bool(row.skip),
  remember: column.bool(row.remember),
  rememberFor: Number(row.remember_for),
  expiresAt: column.optionalDate(row.expires_at),
  requestedScope: strings(column.json(row.requested_scope)),
  requestedAudience: strings(column.json(row.requested_audience)),
  grantedScope: strings(column.json(row.granted_scope)),
  grantedAudience: strings(column.json(row.granted_audience)),
  encryptedRequest: String(row.encrypted_request),
  encryptedSession: String(row.encrypted_session),
});

/** Unexpired: no expiry, or one still ahead. */
const unexpired = (now: Date) => ({ OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] });

export class PrismaLoginSessionRepository implements LoginSessionRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly sql: Sql,
  ) {}

  async findRemembered(id: string): Promise<LoginSession | undefined> {
    const [row] = await this.sql.all(FIND_REMEMBERED_LOGIN, [id, true]);
    return row ? loginFromSql(row) : undefined;
  }

  async upsert(s: LoginSession): Promise<void> {
    await this.sql.run(UPSERT_LOGIN, [s.id, s.subject, s.authenticatedAt, s.remember, s.identityProviderSessionId, s.expiresAt]);
  }

  async delete(id: string): Promise<LoginSession | undefined> {
    const row = await this.prisma.loginSession.findUnique({ where: { id } });
    if (!row) return undefined;
    const { count } = await this.prisma.loginSession.deleteMany({ where: { id } });
    return count > 0 ? loginFromRow(row) : undefined;
  }

  async deleteBySubject(subject: string): Promise<number> {
    const { count } = await this.prisma.loginSession.deleteMany({ where: { subject } });
    return count;
  }
}

export class PrismaConsentSessionRepository implements ConsentSessionRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly sql: Sql,
  ) {}

  async insert(c: StoredConsentSession): Promise<void> {
    try {
      await this.insertRow(c);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConsentSessionExistsError(c.id);
      // The login session was revoked while the user was on the consent page:
      // keep the consent, detached, as ON DELETE SET NULL would have a moment later.
      if (isForeignKeyViolation(err) && c.loginSessionId !== null) return this.insert({ ...c, loginSessionId: null });
      throw err;
    }
  }

  private async insertRow(c: StoredConsentSession): Promise<void> {
    await this.sql.run(INSERT_CONSENT, [
      c.id, c.consentRequestId, c.subject, c.clientId, c.loginSessionId, c.requestedAt, c.handledAt, c.skip, c.remember,
      c.rememberFor, c.expiresAt, c.requestedScope, c.requestedAudience, c.grantedScope, c.grantedAudience,
      c.encryptedRequest, c.encryptedSession,
    ]);
  }

  async findLatestRemembered(subject: string, clientId: string, now: Date): Promise<StoredConsentSession | undefined> {
    const [row] = await this.sql.all(FIND_LATEST_REMEMBERED_CONSENT, [subject, clientId, false, true, now]);
    return row ? consentFromSql(row) : undefined;
  }

  async list({ subject, loginSessionId, afterId, limit, now }: ConsentListQuery): Promise<StoredConsentSession[]> {
    const rows = await this.prisma.consentSession.findMany({
      where: {
        subject,
        skip: false,
        ...(loginSessionId ? { loginSessionId } : {}),
        ...(afterId !== undefined ? { id: { gt: afterId } } : {}),
        ...unexpired(now),
      },
      orderBy: { id: 'asc' },
      take: limit,
    });
    return rows.map(consentFromRow);
  }

  async revoke(which: ConsentRevocation): Promise<number> {
    const where =
      'consentRequestId' in which
        ? { consentRequestId: which.consentRequestId }
        : 'clientId' in which
          ? { subject: which.subject, clientId: which.clientId }
          : { subject: which.subject };
    const { count } = await this.prisma.consentSession.deleteMany({ where });
    return count;
  }

  async clientIdsOfLoginSession(subject: string, loginSessionId: string): Promise<string[]> {
    const rows = await this.prisma.consentSession.findMany({
      where: { subject, loginSessionId },
      select: { clientId: true },
      distinct: ['clientId'],
    });
    return rows.map((row) => row.clientId);
  }
}

