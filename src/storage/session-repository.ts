// Login sessions (`login_sessions`) and consent sessions (`consent_sessions`).
// Deleting a consent session deletes its tokens through the foreign key
// oauth2_tokens.consent_id (ON DELETE CASCADE); deleting a login session
// detaches its consent sessions (ON DELETE SET NULL), as in Hydra.
import type { PrismaClient } from './database.js';
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

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const isUniqueViolation = (err: unknown) => (err as { code?: unknown })?.code === 'P2002';

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

/** Unexpired: no expiry, or one still ahead. */
const unexpired = (now: Date) => ({ OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] });

export class PrismaLoginSessionRepository implements LoginSessionRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async findRemembered(id: string): Promise<LoginSession | undefined> {
    const row = await this.prisma.loginSession.findFirst({ where: { id, remember: true } });
    return row ? loginFromRow(row) : undefined;
  }

  async upsert(session: LoginSession): Promise<void> {
    const { id, ...data } = session;
    await this.prisma.loginSession.upsert({ where: { id }, create: session, update: data });
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
  constructor(private readonly prisma: PrismaClient) {}

  async insert(session: StoredConsentSession): Promise<void> {
    try {
      await this.prisma.consentSession.create({ data: session });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConsentSessionExistsError(session.id);
      throw err;
    }
  }

  async findLatestRemembered(subject: string, clientId: string, now: Date): Promise<StoredConsentSession | undefined> {
    const row = await this.prisma.consentSession.findFirst({
      where: { subject, clientId, skip: false, remember: true, ...unexpired(now) },
      orderBy: [{ requestedAt: 'desc' }, { handledAt: 'desc' }],
    });
    return row ? consentFromRow(row) : undefined;
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
}

