// Versioned migrations, applied by Prisma's schema engine compiled to
// WebAssembly: no native engine download, and the history is kept in Prisma's
// own `_prisma_migrations` table, so the Prisma CLI stays usable on the same
// database.
//
// Migrations live in prisma/<provider>/migrations/<timestamp>_<name>/migration.sql
// with prisma/<provider>/migrations/migration_lock.toml (the Prisma CLI layout);
// `npm run migration:create -- <name>` writes them.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { DiffTarget, MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import type { Database, Provider } from './database.js';

export interface MigrationStatus {
  /** Migrations recorded as finished in `_prisma_migrations`, oldest first. */
  applied: string[];
  /** Migrations in the migrations folder not (successfully) applied yet, oldest first. */
  pending: string[];
}

/**
 * Session-level advisory lock key that serialises Gatehouse instances migrating
 * one PostgreSQL database. Deliberately not 72707369, the key Prisma's engine
 * may take itself: the engine runs on other connections of this process and
 * would wait for us forever.
 */
const POSTGRES_LOCK_KEY = 0x6761_7465_686f; // "gateho"

/** The folder holding package.json (and prisma/), whatever the outDir depth. */
export function packageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'prisma'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json with a prisma/ folder above ${from}`);
  }
}

export function migrationsDir(provider: Provider): string {
  return join(packageRoot(), 'prisma', provider, 'migrations');
}

/** The migration folders, oldest first (their names start with a UTC timestamp). */
export function listMigrations(provider: Provider): string[] {
  const base = migrationsDir(provider);
  if (!existsSync(base)) return [];
  return readdirSync(base, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(base, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort();
}

/** The migrations folder in the shape the schema engine reads it. */
export async function loadMigrationList(provider: Provider): Promise<MigrationList> {
  const baseDir = migrationsDir(provider);
  const lockPath = join(baseDir, 'migration_lock.toml');
  return {
    baseDir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? await readFile(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      listMigrations(provider).map(async (name) => ({
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: { tag: 'ok' as const, value: await readFile(join(baseDir, name, 'migration.sql'), 'utf8') },
        },
      })),
    ),
  };
}

/** Fast: reads the folder and `_prisma_migrations`; never loads the schema engine. */
export async function migrationStatus(db: Database): Promise<MigrationStatus> {
  const onDisk = listMigrations(db.provider);
  const applied = await appliedMigrations(db);
  const done = new Set(applied);
  return { applied, pending: onDisk.filter((name) => !done.has(name)) };
}

/**
 * Applies the pending migrations; returns their names. On PostgreSQL an
 * advisory lock makes concurrent callers (several instances starting at once)
 * wait for each other: the first applies, the others find nothing to do.
 */
export async function migrateUp(db: Database): Promise<string[]> {
  // The schema engine (WebAssembly, tens of MiB) is loaded only when there is work for it.
  if ((await migrationStatus(db)).pending.length === 0) return [];
  if (db.provider === 'sqlite') return applyWithEngine(db);
  const lock = new pg.Client({ connectionString: db.url });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [POSTGRES_LOCK_KEY]);
    // Checked under the lock: a concurrent instance may just have finished.
    if ((await migrationStatus(db)).pending.length === 0) return [];
    return await applyWithEngine(db);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [POSTGRES_LOCK_KEY]).catch(() => undefined);
    await lock.end().catch(() => undefined);
  }
}

async function appliedMigrations(db: Database): Promise<string[]> {
  const exists =
    db.provider === 'sqlite'
      ? await db.prisma.$queryRawUnsafe<{ n: number | bigint }[]>(
          "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'",
        )
      : await db.prisma.$queryRawUnsafe<{ n: number | bigint }[]>(
          "SELECT count(*)::int AS n FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = '_prisma_migrations'",
        );
  if (Number(exists[0]?.n ?? 0) === 0) return [];
  const rows = await db.prisma.$queryRawUnsafe<{ migration_name: string }[]>(
    'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name',
  );
  return [...new Set(rows.map((row) => row.migration_name))];
}

/** Kept with each PostgreSQL migration by migration:create: the schema it was made from. */
export const SCHEMA_SNAPSHOT = 'schema.prisma.snapshot';

/**
 * The SQL the migrations lack to reach prisma/<provider>/schema.prisma
 * (composed from prisma/models.prisma); '' when they are up to date.
 * - SQLite: the history is replayed on an in-memory shadow database.
 * - PostgreSQL: the engine cannot read PostgreSQL's catalog through the pg
 *   driver adapter (its `"char"` columns are an unsupported type), so the
 *   schema is compared with the snapshot kept with the latest migration.
 */
export async function schemaDrift(db: Database): Promise<string> {
  const migrationsList = await loadMigrationList(db.provider);
  if (migrationsList.lockfile.content === null) migrationsList.lockfile.content = `provider = "${db.provider}"\n`;
  const schema = await readFile(join(packageRoot(), 'prisma', db.provider, 'schema.prisma'), 'utf8');
  let from: DiffTarget = { tag: 'migrations', ...migrationsList };
  if (db.provider === 'postgresql') {
    const latest = migrationsList.migrationDirectories.at(-1)?.path;
    const snapshot = latest && join(migrationsList.baseDir, latest, SCHEMA_SNAPSHOT);
    if (!snapshot || !existsSync(snapshot)) throw new Error(`no ${SCHEMA_SNAPSHOT} in the latest PostgreSQL migration`);
    from = { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: await readFile(snapshot, 'utf8') }] };
  }
  return withSchemaEngine(db, async (engine) => {
    const result = await engine.diff({
      from,
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schema }] },
      script: true,
      exitCode: true,
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.exitCode === 2 ? (result.stdout ?? '') : '';
  });
}

async function applyWithEngine(db: Database): Promise<string[]> {
  const migrationsList = await loadMigrationList(db.provider);
  return withSchemaEngine(db, async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList,
      filters: { externalTables: [], externalEnums: [] },
    });
    return appliedMigrationNames;
  });
}

/**
 * Runs `work` with a schema engine connected to `db`, then frees the engine
 * and closes every connection it opened (the engine itself never does).
 */
async function withSchemaEngine<T>(db: Database, work: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await loadSchemaEngine();
  const opened: SqlDriverAdapter[] = [];
  const factory = trackConnections(adapterFactoryFor(db), opened);
  const logs: string[] = [];
  let engine: SchemaEngine | undefined;
  try {
    engine = await SchemaEngine.new(
      { datamodels: undefined },
      (line: string) => void logs.push(line),
      bindMigrationAwareSqlAdapterFactory(factory),
    );
    return await work(engine);
  } finally {
    engine?.free();
    await Promise.all(opened.map((connection) => connection.dispose().catch(() => undefined)));
  }
}

function adapterFactoryFor(db: Database): SqlMigrationAwareDriverAdapterFactory {
  if (db.provider === 'postgresql') return new PrismaPg({ connectionString: db.url });
  // SQLite: the engine works on the client's own connection. A ':memory:'
  // database exists only inside it; and for a file, the engine puts its
  // connection in EXCLUSIVE locking mode (how it keeps two processes from
  // migrating at once), which a second connection of ours in WAL mode would
  // make wait until it times out.
  const shared = db.sqliteConnection;
  if (!shared) throw new Error('the SQLite database has no open connection to migrate');
  const borrowed: SqlDriverAdapter = {
    provider: shared.provider,
    adapterName: shared.adapterName,
    queryRaw: (query) => shared.queryRaw(query),
    executeRaw: (query) => shared.executeRaw(query),
    executeScript: (script) => shared.executeScript(script),
    startTransaction: (isolationLevel) => shared.startTransaction(isolationLevel),
    getConnectionInfo: shared.getConnectionInfo && (() => shared.getConnectionInfo!()),
    // Not closed: it is the client's. Back to normal locking; the next read
    // gives up the exclusive lock.
    dispose: async () => {
      await shared.executeRaw({ sql: 'PRAGMA main.locking_mode = NORMAL', args: [], argTypes: [] });
      await shared.queryRaw({ sql: 'SELECT count(*) FROM sqlite_master', args: [], argTypes: [] });
    },
  };
  const shadow = new PrismaBetterSqlite3({ url: ':memory:' });
  return {
    provider: 'sqlite',
    adapterName: shared.adapterName,
    connect: async () => borrowed,
    connectToShadowDb: () => shadow.connectToShadowDb(),
  };
}

function trackConnections(
  factory: SqlMigrationAwareDriverAdapterFactory,
  opened: SqlDriverAdapter[],
): SqlMigrationAwareDriverAdapterFactory {
  const keep = (connection: SqlDriverAdapter) => (opened.push(connection), multiStatement(connection));
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => keep(await factory.connect()),
    connectToShadowDb: async () => keep(await factory.connectToShadowDb()),
  };
}

/** The WebAssembly global, which the project's lib settings (ES2023, no DOM) do not declare. */
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: Record<string, object>): Promise<{ exports: Record<string, unknown> }>;
}

/**
 * The engine replays each migration file on a shadow database as ONE raw
 * command, which better-sqlite3's prepare() refuses when it holds several
 * statements ("contains more than one statement"): run those as a script.
 */
function multiStatement(connection: SqlDriverAdapter): SqlDriverAdapter {
  if (connection.provider !== 'sqlite') return connection;
  return {
    provider: connection.provider,
    adapterName: connection.adapterName,
    queryRaw: (query) => connection.queryRaw(query),
    executeRaw: async (query) => {
      try {
        return await connection.executeRaw(query);
      } catch (error) {
        if (query.args.length > 0 || !/more than one statement/.test(String((error as Error)?.message))) throw error;
        await connection.executeScript(query.sql);
        return 0;
      }
    },
    executeScript: (script) => connection.executeScript(script),
    startTransaction: (isolationLevel) => connection.startTransaction(isolationLevel),
    getConnectionInfo: connection.getConnectionInfo && (() => connection.getConnectionInfo!()),
    dispose: () => connection.dispose(),
  };
}

type SchemaEngineModule = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');
let engineModule: Promise<SchemaEngineModule> | undefined;

/**
 * The package's ESM entry imports its .wasm file, which Node 20 cannot: compile
 * it here, once per process, and hand the bindings module its exports.
 */
export function loadSchemaEngine(): Promise<SchemaEngineModule> {
  engineModule ??= (async () => {
    const bindingsPath = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bindings = (await import(pathToFileURL(bindingsPath).href)) as SchemaEngineModule;
    const module = await wasm.compile(readFileSync(bindingsPath.replace(/\.js$/, '.wasm')));
    // The engine never clears its timers (its PostgreSQL advisory-lock timeout
    // is 10 s), which would keep the process alive that long after migrating:
    // hand it timers that do not hold the process open.
    const imports: Record<string, unknown> = { ...bindings };
    for (const name of Object.keys(imports).filter((key) => key.startsWith('__wbg_setTimeout_'))) {
      imports[name] = (callback: () => void, ms: number) => setTimeout(callback, ms >>> 0).unref();
    }
    const instance = await wasm.instantiate(module, { './schema_engine_bg.js': imports });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings;
  })();
  engineModule.catch(() => (engineModule = undefined));
  return engineModule;
}
