// Starts a real Gatehouse on random ports over a fresh database, SQLite by
// default or PostgreSQL when the test runner provides one
// (GATEHOUSE_TEST_POSTGRES_URL, set by scripts/run-tests.mjs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import pg from 'pg';
import { loadConfig } from '../../src/config/load.js';
import { createGatehouse, listen, type Gatehouse } from '../../src/app.js';
import { silentLogger } from '../../src/log.js';

export type Backend = 'sqlite' | 'postgresql';

/** The backends this run can test: SQLite always, PostgreSQL when the runner started one. */
export const backends: Backend[] = process.env.GATEHOUSE_TEST_POSTGRES_URL ? ['sqlite', 'postgresql'] : ['sqlite'];

export interface TestServer {
  gatehouse: Gatehouse;
  publicUrl: string;
  adminUrl: string;
  dsn: string;
  close(): Promise<void>;
}

export interface TestServerOptions {
  backend?: Backend;
  /** Extra settings as env vars, e.g. { STRATEGIES_ACCESS_TOKEN: 'jwt' }. */
  env?: Record<string, string>;
}

/** A fresh empty database; returns its DSN and how to drop it. */
export async function freshDatabase(backend: Backend): Promise<{ dsn: string; drop(): Promise<void> }> {
  if (backend === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-test-'));
    return { dsn: `sqlite://${join(dir, 'db.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const adminUrl = process.env.GATEHOUSE_TEST_POSTGRES_URL;
  if (!adminUrl) throw new Error('GATEHOUSE_TEST_POSTGRES_URL is not set: run the tests with npm test');
  const name = `gatehouse_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    dsn: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** A port free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const database = await freshDatabase(options.backend ?? 'sqlite');
  // The issuer must be the real public URL (relying parties check it against
  // discovery and ID tokens), so the public port is chosen before start.
  const publicPort = await freePort();
  const config = loadConfig({
    dev: true,
    env: {
      DSN: database.dsn,
      SERVE_PUBLIC_PORT: String(publicPort),
      SERVE_ADMIN_PORT: '0',
      SERVE_PUBLIC_HOST: '127.0.0.1',
      SERVE_ADMIN_HOST: '127.0.0.1',
      URLS_SELF_ISSUER: `http://127.0.0.1:${publicPort}/`,
      SECRETS_SYSTEM: 'test-system-secret-0123456789',
      // The lowest bcrypt cost keeps tests fast; production defaults to 10.
      OAUTH2_HASHERS_BCRYPT_COST: '4',
      ...options.env,
    },
  });
  const gatehouse = await createGatehouse(config, { logger: silentLogger });
  const listening = await listen(gatehouse, 'all');
  return {
    gatehouse,
    dsn: database.dsn,
    publicUrl: listening.publicUrl!,
    adminUrl: listening.adminUrl!,
    async close() {
      await listening.close();
      await gatehouse.close();
      await database.drop();
    },
  };
}
