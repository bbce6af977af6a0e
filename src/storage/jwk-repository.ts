// JSON Web Keys in the json_web_keys table (model JsonWebKey), through Prisma.
import { randomUUID } from 'node:crypto';
import type { JWK } from 'jose';
import type { PrismaClient } from './database.js';
// DbNull is the runtime's singleton, shared by both generated clients.
import { Prisma } from './generated/sqlite/client.js';
import { DuplicateKeyError, type KeyRepository, type NewStoredKey, type StoredKey } from '../domain/jwk/repository.js';

type Row = Awaited<ReturnType<PrismaClient['jsonWebKey']['findFirstOrThrow']>>;
type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

const toStored = (row: Row): StoredKey => ({
  pk: row.pk,
  set: row.setId,
  kid: row.kid,
  alg: row.alg,
  use: row.use,
  publicJwk: (row.publicJwk ?? null) as JWK | null,
  encryptedJwk: row.encryptedJwk,
  createdAt: row.createdAt,
});

const isUniqueViolation = (err: unknown) => (err as { code?: string })?.code === 'P2002';

// Newest first, as Hydra orders keys (created_at DESC); pk only breaks ties.
const NEWEST_FIRST = [{ createdAt: 'desc' as const }, { pk: 'desc' as const }];

export class PrismaKeyRepository implements KeyRepository {
  constructor(readonly prisma: PrismaClient) {}

  async list(sets: readonly string[]): Promise<StoredKey[]> {
    if (sets.length === 0) return [];
    const rows = await this.prisma.jsonWebKey.findMany({ where: { setId: { in: [...sets] } }, orderBy: NEWEST_FIRST });
    return rows.map(toStored);
  }

  async find(set: string, kid: string): Promise<StoredKey | null> {
    const row = await this.prisma.jsonWebKey.findUnique({ where: { setId_kid: { setId: set, kid } } });
    return row ? toStored(row) : null;
  }

  insert(keys: readonly NewStoredKey[]): Promise<StoredKey[]> {
    return this.write((tx) => this.create(tx, keys));
  }

  async replaceKey(key: NewStoredKey): Promise<StoredKey> {
    const [stored] = await this.write(async (tx) => {
      await tx.jsonWebKey.deleteMany({ where: { setId: key.set, kid: key.kid } });
      return this.create(tx, [key]);
    });
    return stored!;
  }

  replaceSet(set: string, keys: readonly NewStoredKey[]): Promise<StoredKey[]> {
    return this.write(async (tx) => {
      await tx.jsonWebKey.deleteMany({ where: { setId: set } });
      return this.create(tx, keys);
    });
  }

  async deleteKey(set: string, kid: string): Promise<number> {
    return (await this.prisma.jsonWebKey.deleteMany({ where: { setId: set, kid } })).count;
  }

  async deleteSet(set: string): Promise<number> {
    return (await this.prisma.jsonWebKey.deleteMany({ where: { setId: set } })).count;
  }

  async listSets(): Promise<string[]> {
    const rows = await this.prisma.jsonWebKey.findMany({ distinct: ['setId'], select: { setId: true }, orderBy: { setId: 'asc' } });
    return rows.map((r) => r.setId);
  }

  private async write<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return await this.prisma.$transaction(fn);
    } catch (err) {
      if (isUniqueViolation(err)) throw new DuplicateKeyError();
      throw err;
    }
  }

  private async create(tx: Tx, keys: readonly NewStoredKey[]): Promise<StoredKey[]> {
    const out: StoredKey[] = [];
    for (const key of keys) {
      const row = await tx.jsonWebKey.create({
        data: {
          pk: randomUUID(),
          setId: key.set,
          kid: key.kid,
          alg: key.alg,
          use: key.use,
          // SQL NULL for a Json? column is Prisma.DbNull; a plain null is rejected.
          publicJwk: key.publicJwk === null ? Prisma.DbNull : (key.publicJwk as object),
          encryptedJwk: key.encryptedJwk,
          createdAt: key.createdAt,
        },
      });
      out.push(toStored(row));
    }
    return out;
  }
}
