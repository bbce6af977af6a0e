// The plain-SQL path beneath Prisma (src/storage/sql.ts) on every backend:
// values read back as written, concurrent writes group-committed with one
// failure failing only its caller, batches all-or-nothing, and (SQLite) no
// statement slipping into a Prisma transaction open on the shared connection.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase, type Database } from '../../src/storage/database.js';
import { migrateUp } from '../../src/storage/migrate.js';
import { column, isUniqueViolation } from '../../src/storage/sql.js';
import { backends, freshDatabase } from '../support/server.js';

const INSERT = 'INSERT INTO used_jtis (signature, expires_at) VALUES (?, ?)';
const SELECT = 'SELECT signature, expires_at FROM used_jtis WHERE signature = ?';
const count = async (db: Database, prefix: string) =>
  (await db.sql.all<{ signature: string }>('SELECT signature FROM used_jtis')).filter((r) => r.signature.startsWith(prefix)).length;

for (const backend of backends) {
  describe(`plain SQL beneath Prisma (${backend})`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    before(async () => {
      const fresh = await freshDatabase(backend);
      drop = fresh.drop;
      db = await openDatabase(fresh.dsn);
      await migrateUp(db);
    });
    after(async () => {
      await db.close();
      await drop();
    });

    test('a timestamp reads back as the same instant, and Prisma reads it the same', async () => {
      const at = new Date('2026-03-01T10:00:00.123Z');
      assert.equal(await db.sql.run(INSERT, ['instant', at]), 1);
      const [row] = await db.sql.all<{ expires_at: unknown }>(SELECT, ['instant']);
      assert.equal(column.date(row!.expires_at).toISOString(), at.toISOString());
      assert.equal((await db.prisma.usedJti.findUnique({ where: { signature: 'instant' } }))!.expiresAt.toISOString(), at.toISOString());
    });

    test('concurrent writes: a duplicate fails only its own caller, the others are committed', async () => {
      await db.sql.run(INSERT, ['group-taken', new Date()]);
      const results = await Promise.allSettled([
        db.sql.run(INSERT, ['group-1', new Date()]),
        db.sql.run(INSERT, ['group-taken', new Date()]),
        db.sql.run(INSERT, ['group-2', new Date()]),
      ]);
      assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
      assert.ok(isUniqueViolation((results[1] as PromiseRejectedResult).reason));
      assert.equal(await count(db, 'group-'), 3);
    });

    test('a batch is all or nothing', async () => {
      await db.sql.run(INSERT, ['batch-taken', new Date()]);
      await assert.rejects(
        db.sql.batch([
          { sql: INSERT, params: ['batch-new', new Date()] },
          { sql: INSERT, params: ['batch-taken', new Date()] },
        ]),
        (err: unknown) => isUniqueViolation(err),
      );
      assert.equal(await count(db, 'batch-new'), 0, 'the first statement was rolled back');
      assert.deepEqual(await db.sql.batch([{ sql: INSERT, params: ['batch-a', new Date()] }, { sql: INSERT, params: ['batch-b', new Date()] }]), [1, 1]);
    });

    test('a write issued during a Prisma transaction is not part of it', async () => {
      let outside: Promise<number> | undefined;
      await assert.rejects(
        db.prisma.$transaction(async (tx) => {
          await tx.usedJti.create({ data: { signature: 'tx-inside', expiresAt: new Date() } });
          outside = db.sql.run(INSERT, ['tx-outside', new Date()]);
          await new Promise((resolve) => setTimeout(resolve, 20));
          throw new Error('roll back');
        }),
        /roll back/,
      );
      assert.equal(await outside, 1);
      assert.equal(await count(db, 'tx-inside'), 0, 'Prisma rolled its own write back');
      assert.equal(await count(db, 'tx-outside'), 1, 'the plain write survived the rollback');
    });
  });
}
