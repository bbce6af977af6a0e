#!/usr/bin/env node
// The `gatehouse` command: serve the listeners, manage migrations, print the
// GraphQL schema. Flags and settings follow Hydra's (`serve all --dev`,
// `--config`, the same environment variables).
import { Argument, Command, Option } from 'commander';
import { loadConfig, describeSettings, ConfigError } from '../config/load.js';
import type { Config } from '../config/settings.js';
import { createLogger } from '../log.js';
import { createGatehouse, listen, type Listener } from '../app.js';
import { openDatabase } from '../storage/database.js';
import { migrateUp, migrationStatus } from '../storage/migrate.js';
import { VERSION } from '../version.js';

interface ConfigFlags {
  config?: string;
  dev?: boolean;
}

const configOption = () => new Option('-c, --config <file>', 'YAML configuration file with Hydra\'s keys (environment variables win over it)');
const devOption = () => new Option('--dev', 'development mode: allows an http issuer, generates a system secret if none is set, migrates on start');

function settingsHelp(): string {
  const rows = describeSettings().map((s) => `  ${s.env.padEnd(52)} ${s.help} (default: ${s.default})`);
  return `\nSettings (YAML key = lower-case dotted form, e.g. TTL_ACCESS_TOKEN ⇔ ttl.access_token):\n${rows.join('\n')}\n`;
}

function config(flags: ConfigFlags): Config {
  const logger = createLogger();
  return loadConfig({ file: flags.config, dev: flags.dev, warn: (m) => logger.warn(m) });
}

async function serve(which: Listener, flags: ConfigFlags): Promise<void> {
  const cfg = config(flags);
  const logger = createLogger(cfg['log.level'], cfg['log.format']);
  if (cfg.dev) logger.warn('DEV MODE: do not use in production (http issuer allowed, migrations applied on start)');
  const gatehouse = await createGatehouse(cfg, { logger });
  const listening = await listen(gatehouse, which);
  if (listening.publicUrl) logger.info(`public listener on ${listening.publicUrl}`, { issuer: cfg['urls.self.issuer'] });
  if (listening.adminUrl) logger.info(`admin listener on ${listening.adminUrl} (REST under /admin, GraphQL at /admin/graphql)`);
  const stop = async (signal: string) => {
    logger.info(`${signal} received, shutting down`);
    await listening.close();
    await gatehouse.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

async function migrate(action: 'up' | 'status', flags: ConfigFlags & { dsn?: string }): Promise<void> {
  // Migrations need only the DSN: do not insist on production secrets here.
  const cfg = flags.dsn ? undefined : loadConfig({ file: flags.config, dev: true });
  const dsn = flags.dsn ?? cfg!.dsn;
  const db = await openDatabase(dsn);
  try {
    if (action === 'up') {
      const applied = await migrateUp(db);
      console.log(applied.length ? `applied ${applied.length} migration(s):\n${applied.map((m) => `  ${m}`).join('\n')}` : 'the database is up to date');
    } else {
      const { applied, pending } = await migrationStatus(db);
      for (const name of applied) console.log(`applied  ${name}`);
      for (const name of pending) console.log(`pending  ${name}`);
      if (pending.length) process.exitCode = 3;
    }
  } finally {
    await db.close();
  }
}

const program = new Command('gatehouse')
  .description('Gatehouse: an OAuth 2.0 and OpenID Connect server, wire-compatible with Ory Hydra, with a GraphQL admin API')
  .version(VERSION)
  .showHelpAfterError();

program
  .command('serve')
  .description('serve the public listener (OAuth 2.0 / OpenID Connect, default port 4444) and/or the admin listener (admin REST and GraphQL, default port 4445)')
  .addArgument(new Argument('[listeners]', 'which listeners to start').choices(['all', 'public', 'admin']).default('all'))
  .addOption(configOption())
  .addOption(devOption())
  .addHelpText('after', settingsHelp)
  .action((listeners: Listener, flags: ConfigFlags) => serve(listeners, flags));

const migrateCommand = program.command('migrate').description('manage the database schema (the DSN comes from --dsn, DSN or the config file)');
migrateCommand
  .command('up')
  .description('apply every pending migration')
  .addOption(configOption())
  .option('--dsn <dsn>', 'database to migrate (default: DSN / dsn from the config)')
  .action((flags) => migrate('up', flags));
migrateCommand
  .command('status')
  .description('list applied and pending migrations; exits 3 when some are pending')
  .addOption(configOption())
  .option('--dsn <dsn>', 'database to inspect (default: DSN / dsn from the config)')
  .action((flags) => migrate('status', flags));

program.parseAsync(process.argv).catch((err: unknown) => {
  const message = err instanceof ConfigError ? `configuration error: ${err.message}` : String((err as Error)?.stack ?? err);
  console.error(`gatehouse: ${message}`);
  process.exit(1);
});
