// Opens the database named by the DSN with the matching Prisma driver adapter.
// SQLite (better-sqlite3) is the embedded default; PostgreSQL (pg) is for
// production and for several instances sharing one database.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient } from './generated/sqlite/client.js';
import { PrismaClient as PostgresClient } from './generated/postgresql/client.js';

export type Provider = 'sqlite' | 'postgresql';

/**
 * The two generated clients have identical models; the SQLite one's type
 * stands for both so that repositories are written once.
 */
export type PrismaClient = SqliteClient;

export interface Database {
  readonly provider: Provider;
  readonly prisma: PrismaClient;
  /** Where the database lives, with any password removed: for logs. */
  readonly location: string;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DsnParts {
  provider: Provider;
  /** A file path or ':memory:' for SQLite, a connection string for PostgreSQL. */
  url: string;
}

export function parseDsn(dsn: string): DsnParts {
  if (dsn === 'memory') return { provider: 'sqlite', url: ':memory:' };
  if (/^postgres(ql)?:\/\//.test(dsn)) return { provider: 'postgresql', url: dsn };
  const match = /^(?:sqlite|file):(?:\/\/)?([^?]*)/.exec(dsn);
  if (!match || !match[1]) throw new Error(`unsupported DSN "${redactDsn(dsn)}": use sqlite://PATH or postgres://…`);
  return { provider: 'sqlite', url: match[1] === ':memory:' ? ':memory:' : resolve(match[1]) };
}

export function redactDsn(dsn: string): string {
  return dsn.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

export async function openDatabase(dsn: string): Promise<Database> {
  const { provider, url } = parseDsn(dsn);
  if (provider === 'postgresql') {
    const prisma = new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as PrismaClient;
    await prisma.$connect();
    return wrap(provider, prisma, redactDsn(dsn));
  }
  if (url !== ':memory:') mkdirSync(dirname(url), { recursive: true });
  const prisma = new SqliteClient({ adapter: new PrismaBetterSqlite3({ url }) });
  // WAL lets readers proceed during a write; NORMAL sync stays durable across
  // process crashes (only a power loss may drop the last transactions).
  await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await prisma.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
  await prisma.$executeRawUnsafe('PRAGMA foreign_keys = ON');
  await prisma.$executeRawUnsafe('PRAGMA busy_timeout = 5000');
  return wrap(provider, prisma, url);
}

function wrap(provider: Provider, prisma: PrismaClient, location: string): Database {
  return {
    provider,
    prisma,
    location,
    async ping() {
      await prisma.$queryRawUnsafe('SELECT 1');
    },
    async close() {
      await prisma.$disconnect();
    },
  };
}
