// Opens the database named by the DSN with the matching Prisma driver adapter.
// SQLite (better-sqlite3) is the embedded default; PostgreSQL (pg) is for
// production and for several instances sharing one database.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Database as BetterSqlite3Database } from 'better-sqlite3';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PostgresSql, SqliteSql, type Sql } from './sql.js';
import type { PrismaClient as SqliteClient } from './generated/sqlite/client.js';

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
  /**
   * What the driver was given: a file path or ':memory:' for SQLite, the
   * connection string (password included) for PostgreSQL. Never log it.
   */
  readonly url: string;
  /**
   * The SQLite connection the Prisma client opened (undefined for PostgreSQL).
   * Migrations run on it: ':memory:' exists only there, and Prisma's schema
   * engine locks a file database exclusively.
   */
  readonly sqliteConnection?: SqlDriverAdapter;
  /** Plain SQL on the same connection(s), for hot-path statements (see sql.ts). */
  readonly sql: Sql;
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
    // Each provider's client and driver are loaded only when used: every
    // generated client brings its own query compiler (tens of MiB resident).
    const [{ PrismaClient: PostgresClient }, { PrismaPg }, { default: pg }] = await Promise.all([
      import('./generated/postgresql/client.js'),
      import('@prisma/adapter-pg'),
      import('pg'),
    ]);
    // One pool for Prisma and for the hot-path statements; Prisma ends it on $disconnect.
    const pool = new pg.Pool({ connectionString: url });
    // An idle connection dropped by the server (restart, failover) must not
    // crash the process; the pool replaces it and the next query reports.
    pool.on('error', () => {});
    const prisma = new PostgresClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) }) as unknown as PrismaClient;
    await prisma.$connect();
    return wrap(provider, prisma, redactDsn(dsn), url, new PostgresSql(pool));
  }
  if (url !== ':memory:') mkdirSync(dirname(url), { recursive: true });
  const [{ PrismaClient: SqliteClient }, { PrismaBetterSqlite3 }] = await Promise.all([
    import('./generated/sqlite/client.js'),
    import('@prisma/adapter-better-sqlite3'),
  ]);
  // The factory is wrapped only to keep the connection the client opens.
  const factory = new PrismaBetterSqlite3({ url });
  let connection: SqlDriverAdapter | undefined;
  const capturing: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => (connection = await factory.connect()),
    connectToShadowDb: () => factory.connectToShadowDb(),
  };
  const prisma = new SqliteClient({ adapter: capturing });
  // WAL lets readers proceed during a write; NORMAL sync stays durable across
  // process crashes (only a power loss may drop the last transactions).
  await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await prisma.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
  // Checkpoint every 4,000 log pages (16 MiB) rather than SQLite's 1,000: a
  // page rewritten by many commits is copied back to the database once per
  // checkpoint, so token inserts cost about a third less; the price is a
  // longer pause (~25 ms, measured) four times less often.
  await prisma.$queryRawUnsafe('PRAGMA wal_autocheckpoint = 4000');
  await prisma.$executeRawUnsafe('PRAGMA foreign_keys = ON');
  await prisma.$executeRawUnsafe('PRAGMA busy_timeout = 5000');
  // The adapter's better-sqlite3 handle: ':memory:' exists only on it, and one connection keeps writes serial.
  const handle = (connection as unknown as { client: BetterSqlite3Database }).client;
  return { ...wrap(provider, prisma, url, url, new SqliteSql(handle)), sqliteConnection: connection };
}

function wrap(provider: Provider, prisma: PrismaClient, location: string, url: string, sql: Sql): Database {
  // Prisma reconnects lazily after $disconnect; a closed database must stay
  // closed so that readiness fails during shutdown and no connection outlives it.
  let closed = false;
  return {
    provider,
    prisma,
    location,
    url,
    sql,
    async ping() {
      if (closed) throw new Error('the database connection is closed');
      await prisma.$queryRawUnsafe('SELECT 1');
    },
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
    },
  };
}
