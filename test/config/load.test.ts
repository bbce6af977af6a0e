import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, ConfigError } from '../../src/config/load.js';
import { envName } from '../../src/config/settings.js';
import { parseDuration, formatDuration } from '../../src/domain/duration.js';

const prod = { URLS_SELF_ISSUER: 'https://auth.example.com/', SECRETS_SYSTEM: 'a-very-long-system-secret' };

function yamlFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'gatehouse-config-')), 'hydra.yml');
  writeFileSync(file, text);
  return file;
}

test('env names are the dotted path upper-cased, as in Hydra', () => {
  assert.equal(envName('ttl.access_token'), 'TTL_ACCESS_TOKEN');
  assert.equal(envName('serve.public.cors.allowed_origins'), 'SERVE_PUBLIC_CORS_ALLOWED_ORIGINS');
  assert.equal(envName('oauth2.hashers.bcrypt.cost'), 'OAUTH2_HASHERS_BCRYPT_COST');
});

test('defaults match Hydra', () => {
  const c = loadConfig({ env: prod });
  assert.equal(c['serve.public.port'], 4444);
  assert.equal(c['serve.admin.port'], 4445);
  assert.equal(c['ttl.access_token'], 3_600_000);
  assert.equal(c['ttl.login_consent_request'], 30 * 60_000);
  assert.equal(c['ttl.refresh_token'], 720 * 3_600_000);
  assert.equal(c['strategies.access_token'], 'opaque');
  assert.equal(c['oauth2.hashers.bcrypt.cost'], 10);
  assert.equal(c['serve.cookies.names.session'], 'ory_hydra_session');
  assert.equal(c['urls.self.public'], 'https://auth.example.com/', 'public URL defaults to the issuer');
});

test('YAML file with Hydra keys, environment wins over it', () => {
  const file = yamlFile(`
dsn: sqlite://./data/other.sqlite
urls:
  self:
    issuer: https://from-file.example.com/
  login: https://login.example.com/login
secrets:
  system:
    - first-secret-0123456789
    - second-secret-0123456789
ttl:
  access_token: 2h
strategies:
  access_token: jwt
`);
  const c = loadConfig({ file, env: { TTL_ACCESS_TOKEN: '15m' } });
  assert.equal(c['urls.self.issuer'], 'https://from-file.example.com/');
  assert.equal(c['urls.login'], 'https://login.example.com/login');
  assert.deepEqual(c['secrets.system'], ['first-secret-0123456789', 'second-secret-0123456789']);
  assert.equal(c['ttl.access_token'], 15 * 60_000, 'env wins');
  assert.equal(c['strategies.access_token'], 'jwt');
  assert.equal(c.dsn, 'sqlite://./data/other.sqlite');
});

test('lists from env are comma-separated', () => {
  const c = loadConfig({ env: { ...prod, SECRETS_SYSTEM: 'first-secret-0123456789, second-secret-0123456789' } });
  assert.deepEqual(c['secrets.system'], ['first-secret-0123456789', 'second-secret-0123456789']);
});

test('invalid values stop start-up with a message naming the setting', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ TTL_ACCESS_TOKEN: 'soon' }, /TTL_ACCESS_TOKEN.*duration/],
    [{ SERVE_PUBLIC_PORT: '99999' }, /SERVE_PUBLIC_PORT.*0 to 65535/],
    [{ STRATEGIES_ACCESS_TOKEN: 'magic' }, /STRATEGIES_ACCESS_TOKEN.*opaque, jwt/],
    [{ OAUTH2_HASHERS_BCRYPT_COST: '3' }, /OAUTH2_HASHERS_BCRYPT_COST/],
    [{ URLS_LOGIN: 'not a url' }, /URLS_LOGIN.*absolute URL/],
    [{ SECRETS_SYSTEM: 'short' }, /SECRETS_SYSTEM.*16 characters/],
    [{ DSN: 'mysql://x' }, /DSN/],
  ];
  for (const [env, message] of cases) {
    assert.throws(() => loadConfig({ env: { ...prod, ...env } }), (err: unknown) => err instanceof ConfigError && message.test(err.message), JSON.stringify(env));
  }
});

test('production refuses to start without a system secret or with an http issuer; dev allows both', () => {
  assert.throws(() => loadConfig({ env: { URLS_SELF_ISSUER: 'https://a.example/' } }), /SECRETS_SYSTEM/);
  assert.throws(() => loadConfig({ env: { ...prod, URLS_SELF_ISSUER: 'http://a.example/' } }), /https/);
  assert.throws(() => loadConfig({ env: { SECRETS_SYSTEM: prod.SECRETS_SYSTEM } }), /URLS_SELF_ISSUER/);
  const dev = loadConfig({ env: {}, dev: true });
  assert.equal(dev.dev, true);
  assert.equal(dev['urls.self.issuer'], 'http://localhost:4444/');
  assert.deepEqual(dev['secrets.system'], []);
});

test('unknown keys in the file are reported, not fatal', () => {
  const warnings: string[] = [];
  loadConfig({ file: yamlFile('urls:\n  self:\n    issuer: https://a.example/\nsecrets:\n  system: [aaaaaaaaaaaaaaaaaaaa]\nnot_a_setting: 1\n'), env: {}, warn: (w) => warnings.push(w) });
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /not_a_setting/);
});

test('Go durations', () => {
  assert.equal(parseDuration('1h30m'), 5_400_000);
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('0'), 0);
  assert.throws(() => parseDuration('1d'));
  assert.equal(formatDuration(3_600_000), '1h0m0s');
  assert.equal(formatDuration(90_000), '1m30s');
});

test('device flow settings: Hydra\'s user code presets, overridden by length and character set', async () => {
  const { tokenSettingsFrom } = await import('../../src/domain/token/settings.js');
  const device = (env: Record<string, string> = {}) => tokenSettingsFrom(loadConfig({ env: { ...prod, ...env } })).device;
  assert.deepEqual(device(), { lifespan: 600_000, pollingInterval: 5_000, userCodeLength: 8, userCodeSymbols: 'abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679' });
  assert.deepEqual(device({ OAUTH2_DEVICE_AUTHORIZATION_USER_CODE_ENTROPY_PRESET: 'low' }).userCodeSymbols, '0123456789');
  assert.equal(device({ OAUTH2_DEVICE_AUTHORIZATION_USER_CODE_ENTROPY_PRESET: 'low' }).userCodeLength, 9);
  assert.equal(device({ OAUTH2_DEVICE_AUTHORIZATION_USER_CODE_ENTROPY_PRESET: 'medium' }).userCodeSymbols, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
  const custom = device({ OAUTH2_DEVICE_AUTHORIZATION_USER_CODE_LENGTH: '6', OAUTH2_DEVICE_AUTHORIZATION_USER_CODE_CHARACTER_SET: 'XYZ', TTL_DEVICE_USER_CODE: '15m' });
  assert.deepEqual([custom.userCodeLength, custom.userCodeSymbols, custom.lifespan], [6, 'XYZ', 900_000]);
  assert.throws(() => loadConfig({ env: { ...prod, OAUTH2_DEVICE_AUTHORIZATION_USER_CODE_ENTROPY_PRESET: 'huge' } }), ConfigError);
});

test('token hooks: a URL or Hydra\'s webhook object, from YAML or an environment variable', () => {
  assert.equal(loadConfig({ env: prod })['oauth2.token_hook'], null);
  assert.deepEqual(loadConfig({ env: { ...prod, OAUTH2_TOKEN_HOOK: 'https://hooks.example/token' } })['oauth2.token_hook'], { url: 'https://hooks.example/token' });
  const file = yamlFile(`
oauth2:
  refresh_token_hook:
    url: https://hooks.example/refresh
    auth:
      type: api_key
      config:
        in: cookie
        name: hook_key
        value: s3cret
`);
  assert.deepEqual(loadConfig({ env: prod, file })['oauth2.refresh_token_hook'], {
    url: 'https://hooks.example/refresh',
    auth: { type: 'api_key', config: { in: 'cookie', name: 'hook_key', value: 's3cret' } },
  });
  const json = JSON.stringify({ url: 'https://hooks.example/t', auth: { type: 'api_key', config: { name: 'X-Key', value: 'v' } } });
  assert.equal(loadConfig({ env: { ...prod, OAUTH2_TOKEN_HOOK: json } })['oauth2.token_hook']?.auth?.config.in, 'header', 'in defaults to header');
  for (const bad of ['ftp://hooks.example/', '{"url": "https://h.example", "auth": {"type": "basic", "config": {}}}', '{not json']) {
    assert.throws(() => loadConfig({ env: { ...prod, OAUTH2_TOKEN_HOOK: bad } }), ConfigError, bad);
  }
});
