// Builds the effective configuration: defaults, then the optional YAML file,
// then environment variables (env wins, as in Hydra), then the checks that
// decide whether the server may start at all.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { settings, envName, type Config, type SettingName } from './settings.js';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface LoadOptions {
  /** Path of a YAML file with Hydra's keys. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** `--dev` on the command line; also settable as `dev: true` / `DEV=true`. */
  dev?: boolean;
  /** Called for every warning worth a human's attention. */
  warn?: (message: string) => void;
}

const names = Object.keys(settings) as SettingName[];

function lookup(tree: unknown, path: string): unknown {
  let node = tree;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Every leaf path of a YAML document, to report keys Gatehouse does not know. */
function leafPaths(tree: unknown, prefix = ''): string[] {
  if (tree === null || typeof tree !== 'object' || Array.isArray(tree)) return [prefix];
  return Object.entries(tree).flatMap(([key, value]) => leafPaths(value, prefix ? `${prefix}.${key}` : key));
}

export function loadConfig(options: LoadOptions = {}): Config {
  const env = options.env ?? process.env;
  const warn = options.warn ?? (() => {});
  let file: unknown = {};
  if (options.file) {
    try {
      file = parseYaml(readFileSync(options.file, 'utf8')) ?? {};
    } catch (err) {
      throw new ConfigError(`cannot read configuration file ${options.file}: ${(err as Error).message}`);
    }
    for (const path of leafPaths(file)) {
      const known = names.some((name) => path === name || path.startsWith(`${name}.`));
      if (!known) warn(`configuration key "${path}" in ${options.file} is not used by Gatehouse`);
    }
  }

  const values: Record<string, unknown> = {};
  for (const name of names) {
    const setting = settings[name];
    const fromEnv = env[envName(name)];
    const fromFile = lookup(file, name);
    const [raw, source] = fromEnv !== undefined ? [fromEnv, `environment variable ${envName(name)}`] : [fromFile, `"${name}" in ${options.file}`];
    if (raw === undefined || raw === null) {
      values[name] = setting.default;
      continue;
    }
    try {
      values[name] = setting.parse(raw);
    } catch (err) {
      throw new ConfigError(`invalid ${source}: ${(err as Error).message}`);
    }
  }
  if (options.dev) values.dev = true;
  return finish(values as Config);
}

/** Fills in derived defaults and refuses unsafe production settings. */
function finish(config: Config): Config {
  const c = { ...config } as { -readonly [K in keyof Config]: Config[K] };
  if (!c['urls.self.issuer']) {
    if (!c.dev) throw new ConfigError('urls.self.issuer (URLS_SELF_ISSUER) must be set outside dev mode');
    c['urls.self.issuer'] = `http://localhost:${c['serve.public.port']}/`;
  }
  const issuer = new URL(c['urls.self.issuer']);
  if (!c.dev && issuer.protocol !== 'https:') {
    throw new ConfigError(`urls.self.issuer (URLS_SELF_ISSUER) must be an https URL outside dev mode, got ${c['urls.self.issuer']}`);
  }
  if (!c['urls.self.public']) c['urls.self.public'] = c['urls.self.issuer'];
  if (!c['urls.self.admin']) c['urls.self.admin'] = `http://localhost:${c['serve.admin.port']}/`;

  for (const secret of c['secrets.system']) {
    if (secret.length < 16) throw new ConfigError('every secrets.system (SECRETS_SYSTEM) entry must be at least 16 characters long');
  }
  if (c['secrets.system'].length === 0 && !c.dev) {
    throw new ConfigError('secrets.system (SECRETS_SYSTEM) must be set outside dev mode: it encrypts private keys at rest');
  }
  if (!/^(sqlite|file|postgres|postgresql):/.test(c.dsn) && c.dsn !== 'memory') {
    throw new ConfigError(`dsn (DSN) must start with sqlite://, postgres:// or be "memory", got "${c.dsn}"`);
  }
  return Object.freeze(c);
}

/** For `--help`: every setting with its env var and default. */
export function describeSettings(): { name: string; env: string; default: string; help: string }[] {
  return names.map((name) => {
    const setting: { default: unknown; help: string; defaultText?: string } = settings[name];
    return { name, env: envName(name), default: setting.defaultText ?? JSON.stringify(setting.default), help: setting.help };
  });
}
