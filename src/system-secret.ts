// The system secret encrypts private keys at rest. Production must configure
// one (config/load.ts refuses to start otherwise); dev mode generates one and
// keeps it in a file so that keys stay readable across restarts.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from './config/settings.js';
import type { Logger } from './log.js';
import { parseDsn } from './storage/database.js';

export function devSecretPath(config: Config): string {
  const { provider, url } = parseDsn(config.dsn);
  const dir = provider === 'sqlite' && url !== ':memory:' ? dirname(url) : resolve('data');
  return join(dir, 'dev-system-secret');
}

export function resolveSystemSecrets(config: Config, logger: Logger): string[] {
  if (config['secrets.system'].length > 0) return [...config['secrets.system']];
  // loadConfig only lets an empty secrets.system through in dev mode.
  const path = devSecretPath(config);
  let secret: string;
  if (existsSync(path)) {
    secret = readFileSync(path, 'utf8').trim();
  } else {
    secret = randomBytes(32).toString('base64url');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, secret + '\n', { mode: 0o600 });
  }
  logger.warn(
    `DEV MODE: no SECRETS_SYSTEM set; using a generated system secret stored in ${path}. ` +
      'Anyone who can read that file can decrypt the private keys. Set SECRETS_SYSTEM in production.',
  );
  return [secret];
}
