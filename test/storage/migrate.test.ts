// Versioned migrations on every backend this run has: a fresh database starts
// with everything pending, migrateUp applies each migration once, the result
// is the schema the Prisma client expects, and the migration folders say the
// same as prisma/models.prisma.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { openDatabase, type Database } from '../../src/storage/database.js';
import { listMigrations, migrateUp, migrationStatus, schemaDrift } from '../../src/storage/migrate.js';
import { backends, freshDatabase } from '../support/server.js';

async function tables(db: Database): Promise<string[]> {
  const rows =
    db.provider === 'sqlite'
      ? await db.prisma.$queryRawUnsafe<{ name: string }[]>("SELECT name FROM sqlite_master WHERE type = 'table'")
      : await db.prisma.$queryRawUnsafe<{ name: string }[]>(
          'SELECT tablename AS name FROM pg_catalog.pg_tables WHERE schemaname = current_schema()',
        );
  return rows.map((row) => row.name);
}

async function recorded(db: Database): Promise<string[]> {
  const rows = await db.prisma.$queryRawUnsafe<{ migration_name: string }[]>(
    'SELECT migration_name FROM _prisma_migrations ORDER BY migration_name',
  );
  return rows.map((row) => row.migration_name);
}

/** Prisma itself can write and read the migrated tables. */
async function roundTrip(db: Database): Promise<void> {
  const pk = randomUUID();
  await db.prisma.jsonWebKey.create({ data: { pk, setId: 'migrate-test', kid: pk, encryptedJwk: 'sealed' } });
  const key = await db.prisma.jsonWebKey.findUnique({ where: { pk } });
  assert.equal(key?.kid, pk);
  assert.equal(key?.alg, '');
  assert.ok(key?.createdAt instanceof Date);
  assert.equal(await db.prisma.client.count(), 0);
}

test('there is at least one migration per provider', () => {
  for (const provider of ['sqlite', 'postgresql'] as const) {
    assert.ok(listMigrations(provider).length > 0, `no migrations under prisma/${provider}/migrations`);
  }
});

for (const backend of backends) {
  test(`${backend}: a fresh database is migrated once, to the schema the client expects`, async (t) => {
    const database = await freshDatabase(backend);
    const db = await openDatabase(database.dsn);
    t.after(async () => {
      await db.close();
      await database.drop();
    });
    const all = listMigrations(backend);

    assert.deepEqual(await migrationStatus(db), { applied: [], pending: all });
    assert.deepEqual(await migrateUp(db), all);
    assert.deepEqual(await migrationStatus(db), { applied: all, pending: [] });
    assert.deepEqual(await migrateUp(db), []);
    assert.deepEqual(await recorded(db), all);

    const present = await tables(db);
    for (const table of ['clients', 'json_web_keys', '_prisma_migrations']) {
      assert.ok(present.includes(table), `table ${table} missing (have ${present.join(', ')})`);
    }
    await roundTrip(db);

    // Migrating left no lock behind: another instance can use the database.
    const other = await openDatabase(database.dsn);
    try {
      assert.deepEqual(await migrationStatus(other), { applied: all, pending: [] });
      await roundTrip(other);
    } finally {
      await other.close();
    }
  });

  test(`${backend}: the migrations produce exactly prisma/models.prisma`, async (t) => {
    const database = await freshDatabase(backend);
    const db = await openDatabase(database.dsn);
    t.after(async () => {
      await db.close();
      await database.drop();
    });
    assert.equal(
      await schemaDrift(db),
      '',
      'prisma/models.prisma changed without a migration: run `npm run migration:create -- <name>`',
    );
  });
}

async function columns(db: Database): Promise<string[]> {
  const rows =
    db.provider === 'sqlite'
      ? await db.prisma.$queryRawUnsafe<{ t: string; c: string }[]>(
          "SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
        )
      : await db.prisma.$queryRawUnsafe<{ t: string; c: string }[]>(
          'SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = current_schema()',
        );
  return rows.map((row) => `${row.t}.${row.c}`).sort();
}

test('sqlite and postgresql migrations create the same tables and columns', { skip: !backends.includes('postgresql') }, async (t) => {
  const [lite, postgres] = await Promise.all([freshDatabase('sqlite'), freshDatabase('postgresql')]);
  const dbs = await Promise.all([openDatabase(lite.dsn), openDatabase(postgres.dsn)]);
  t.after(async () => {
    await Promise.all(dbs.map((db) => db.close()));
    await Promise.all([lite.drop(), postgres.drop()]);
  });
  await Promise.all(dbs.map((db) => migrateUp(db)));
  const [sqliteColumns, postgresColumns] = await Promise.all(dbs.map(columns));
  assert.ok(sqliteColumns!.includes('clients.client_name'));
  assert.deepEqual(postgresColumns, sqliteColumns);
});

test('sqlite: an in-memory database is migrated through the client connection', async (t) => {
  const db = await openDatabase('memory');
  t.after(() => db.close());
  const all = listMigrations('sqlite');
  assert.deepEqual(await migrationStatus(db), { applied: [], pending: all });
  assert.deepEqual(await migrateUp(db), all);
  assert.deepEqual(await migrationStatus(db), { applied: all, pending: [] });
  assert.deepEqual(await migrateUp(db), []);
  await roundTrip(db);
});

test('postgresql: instances migrating one database at once apply each migration once', { skip: !backends.includes('postgresql') }, async (t) => {
  const database = await freshDatabase('postgresql');
  const dbs = await Promise.all([openDatabase(database.dsn), openDatabase(database.dsn), openDatabase(database.dsn)]);
  t.after(async () => {
    await Promise.all(dbs.map((db) => db.close()));
    await database.drop();
  });
  const all = listMigrations('postgresql');
  const results = await Promise.all(dbs.map((db) => migrateUp(db)));
  assert.deepEqual(results.flat().sort(), [...all].sort(), `applied: ${JSON.stringify(results)}`);
  assert.deepEqual(await recorded(dbs[0]!), all);
  for (const db of dbs) assert.deepEqual(await migrationStatus(db), { applied: all, pending: [] });
  await roundTrip(dbs[1]!);
});
