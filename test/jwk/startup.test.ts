// Several instances starting at once on one (PostgreSQL) database must leave
// exactly one key in each default set.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/load.js';
import { createGatehouse, DEFAULT_KEY_SETS } from '../../src/app.js';
import { silentLogger } from '../../src/log.js';
import { backends, freshDatabase } from '../support/server.js';

describe('start-up key sets', { skip: !backends.includes('postgresql') && 'needs PostgreSQL (npm test starts one)' }, () => {
  test('three instances starting together create one key per default set', async () => {
    const database = await freshDatabase('postgresql');
    try {
      const config = loadConfig({
        dev: true,
        env: { DSN: database.dsn, SECRETS_SYSTEM: 'test-system-secret-0123456789', URLS_SELF_ISSUER: 'http://127.0.0.1:4444/' },
      });
      const instances = await Promise.all([1, 2, 3].map(() => createGatehouse(config, { logger: silentLogger })));
      try {
        for (const set of Object.keys(DEFAULT_KEY_SETS)) {
          const rows = await instances[0]!.db.prisma.jsonWebKey.findMany({ where: { setId: set } });
          assert.equal(rows.length, 1, `${set} has one key`);
          const kids = await Promise.all(instances.map(async (g) => (await g.services.keys.signingKey(set)).kid));
          assert.deepEqual(new Set(kids), new Set([rows[0]!.kid]), 'every instance signs with it');
        }
      } finally {
        await Promise.all(instances.map((g) => g.close()));
      }
    } finally {
      await database.drop();
    }
  });
});
