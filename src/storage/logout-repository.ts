// Logout requests (`logout_requests`). A logout is rare: Prisma throughout.
// State changes are conditional updates, so a request is accepted, rejected
// or used by one caller only, whichever instance answers.
import type { PrismaClient } from './database.js';
import type { StoredLogoutRequest } from '../domain/logout/model.js';
import type { LogoutRequestRepository } from '../domain/logout/repository.js';

type Row = NonNullable<Awaited<ReturnType<PrismaClient['logoutRequest']['findUnique']>>>;

const fromRow = (row: Row): StoredLogoutRequest => ({
  challengeHash: row.challengeHash,
  verifierHash: row.verifierHash,
  subject: row.subject,
  sessionId: row.sessionId,
  clientId: row.clientId ?? undefined,
  rpInitiated: row.rpInitiated,
  encryptedRequestUrl: row.encryptedRequestUrl,
  postLogoutRedirectUri: row.postLogoutRedirectUri,
  csrf: row.csrf,
  accepted: row.accepted,
  rejected: row.rejected,
  wasUsed: row.wasUsed,
  requestedAt: row.requestedAt,
  expiresAt: row.expiresAt,
});

export class PrismaLogoutRequestRepository implements LogoutRequestRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async insert(request: StoredLogoutRequest, expiredBefore: Date): Promise<void> {
    await this.prisma.logoutRequest.deleteMany({ where: { expiresAt: { lt: expiredBefore } } });
    await this.prisma.logoutRequest.create({ data: { ...request, clientId: request.clientId ?? null } });
  }

  async findByChallenge(challengeHash: string): Promise<StoredLogoutRequest | undefined> {
    const row = await this.prisma.logoutRequest.findUnique({ where: { challengeHash } });
    return row ? fromRow(row) : undefined;
  }

  async accept(challengeHash: string, verifierHash: string): Promise<boolean> {
    const { count } = await this.prisma.logoutRequest.updateMany({
      where: { challengeHash, rejected: false, wasUsed: false },
      data: { accepted: true, verifierHash },
    });
    return count > 0;
  }

  async reject(challengeHash: string): Promise<boolean> {
    const { count } = await this.prisma.logoutRequest.updateMany({
      where: { challengeHash, wasUsed: false },
      data: { rejected: true, accepted: false, verifierHash: null },
    });
    return count > 0;
  }

  async useVerifier(verifierHash: string): Promise<StoredLogoutRequest | undefined> {
    const { count } = await this.prisma.logoutRequest.updateMany({
      where: { verifierHash, accepted: true, rejected: false, wasUsed: false },
      data: { wasUsed: true },
    });
    if (count === 0) return undefined;
    const row = await this.prisma.logoutRequest.findUnique({ where: { verifierHash } });
    return row ? fromRow(row) : undefined;
  }
}
