// The decoded-client cache in the client repository, with two processes' worth
// of repositories on one database: a client decoded by one is reused only
// while no instance has changed it, so updates, secret rotation and deletes
// made elsewhere count at the next read.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase, type Database } from '../../src/storage/database.js';
import { migrateUp } from '../../src/storage/migrate.js';
import { PrismaClientRepository } from '../../src/storage/client-repository.js';
import { ClientService } from '../../src/domain/client/service.js';
import { backends, freshDatabase } from '../support/server.js';

for (const backend of backends) {
  describe(`decoded clients kept per process (${backend})`, () => {
    let here: Database;
    let elsewhere: Database;
    let drop: () => Promise<void>;
    let repo: PrismaClientRepository;
    let otherInstance: ClientService;

    before(async () => {
      const fresh = await freshDatabase(backend);
      drop = fresh.drop;
      here = await openDatabase(fresh.dsn);
      await migrateUp(here);
      elsewhere = await openDatabase(fresh.dsn);
      repo = new PrismaClientRepository(here.prisma, here.sql);
      otherInstance = new ClientService(new PrismaClientRepository(elsewhere.prisma, elsewhere.sql), { bcryptCost: 4 });
    });
    after(async () => {
      await here.close();
      await elsewhere.close();
      await drop();
    });

    test('a client read twice unchanged is decoded once, and frozen because it is shared', async () => {
      const { client_id } = await otherInstance.create({ client_name: 'kept', scope: 'read' });
      const first = await repo.get(client_id!);
      const second = await repo.get(client_id!);
      assert.ok(first);
      assert.equal(second, first, 'the same decoded record');
      assert.throws(() => {
        (first.client as { scope: string }).scope = 'admin';
      }, TypeError);
      assert.throws(() => (first.client.redirect_uris as string[]).push('https://evil.example/cb'), TypeError);
    });

    test('updates made by another instance, even twice in one millisecond, are seen at the next read', async () => {
      const { client_id } = await otherInstance.create({ client_name: 'before', scope: 'read' });
      const id = client_id!;
      assert.equal((await repo.get(id))!.client.client_name, 'before');
      await otherInstance.replace(id, { client_name: 'middle', scope: 'read' });
      await otherInstance.replace(id, { client_name: 'after', scope: 'read write' });
      const seen = await repo.get(id);
      assert.equal(seen!.client.client_name, 'after');
      assert.equal(seen!.client.scope, 'read write');
    });

    test('a rotated secret elsewhere replaces the hash this instance checks against', async () => {
      const created = await otherInstance.create({ client_name: 'rotating' });
      const before = (await repo.get(created.client_id!))!.secretHash;
      await otherInstance.rotateSecret(created.client_id!);
      const after = (await repo.get(created.client_id!))!;
      assert.notEqual(after.secretHash, before);
      assert.deepEqual(after.rotatedSecretHashes, [before]);
    });

    test('a client deleted by another instance is gone here at once', async () => {
      const { client_id } = await otherInstance.create({ client_name: 'doomed' });
      assert.ok(await repo.get(client_id!));
      await otherInstance.delete(client_id!);
      assert.equal(await repo.get(client_id!), undefined);
    });
  });
}
