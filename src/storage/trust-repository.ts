// Trusted JWT-bearer issuers in the trusted_jwt_issuers table, through Prisma.
import type { JWK } from 'jose';
import type { PrismaClient } from './database.js';
import { isUniqueViolation, strings } from './sql.js';
import type { TrustedJwtIssuer } from '../domain/trust/model.js';
import { DuplicateTrustError, type TrustedKeyQuery, type TrustListQuery, type TrustRepository } from '../domain/trust/repository.js';

type Row = NonNullable<Awaited<ReturnType<PrismaClient['trustedJwtIssuer']['findUnique']>>>;

const fromRow = (row: Row): TrustedJwtIssuer => ({
  id: row.id,
  issuer: row.issuer,
  subject: row.subject,
  allowAnySubject: row.allowAnySubject,
  scope: strings(row.scope),
  publicJwk: row.publicJwk as JWK,
  createdAt: row.createdAt,
  expiresAt: row.expiresAt,
});

export class PrismaTrustRepository implements TrustRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async insert(trust: TrustedJwtIssuer): Promise<void> {
    try {
      await this.prisma.trustedJwtIssuer.create({
        data: {
          id: trust.id,
          issuer: trust.issuer,
          subject: trust.subject,
          allowAnySubject: trust.allowAnySubject,
          scope: trust.scope,
          keyId: trust.publicJwk.kid ?? '',
          publicJwk: trust.publicJwk as object,
          createdAt: trust.createdAt,
          expiresAt: trust.expiresAt,
        },
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new DuplicateTrustError();
      throw err;
    }
  }

  async get(id: string): Promise<TrustedJwtIssuer | undefined> {
    const row = await this.prisma.trustedJwtIssuer.findUnique({ where: { id } });
    return row ? fromRow(row) : undefined;
  }

  async delete(id: string): Promise<boolean> {
    return (await this.prisma.trustedJwtIssuer.deleteMany({ where: { id } })).count === 1;
  }

  async list({ filter, afterId, limit }: TrustListQuery): Promise<{ items: TrustedJwtIssuer[]; total: number }> {
    const where = filter.issuer ? { issuer: filter.issuer } : {};
    const [rows, total] = await Promise.all([
      this.prisma.trustedJwtIssuer.findMany({ where: { ...where, ...(afterId && { id: { gt: afterId } }) }, orderBy: { id: 'asc' }, take: limit }),
      this.prisma.trustedJwtIssuer.count({ where }),
    ]);
    return { items: rows.map(fromRow), total };
  }

  async findActive({ issuer, subject, keyId, now, limit }: TrustedKeyQuery): Promise<TrustedJwtIssuer[]> {
    const rows = await this.prisma.trustedJwtIssuer.findMany({
      where: {
        issuer,
        ...(keyId !== undefined && { keyId }),
        expiresAt: { gt: now },
        OR: [{ subject }, { allowAnySubject: true }],
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
    return rows.map(fromRow);
  }
}
