// Every setting Gatehouse reads, under Hydra's names. The YAML key is the dotted
// path; the environment variable is the same path upper-cased with `.` → `_`
// (`ttl.access_token` ⇔ `TTL_ACCESS_TOKEN`), as in Hydra. Lists come from env
// vars as comma-separated values.
import { parseDuration } from '../domain/duration.js';

export interface Setting<T> {
  default: T;
  /** Turns a YAML value or an env string into T; throws with a readable reason. */
  parse(raw: unknown): T;
  help: string;
  /** How the default reads in --help when it differs from JSON (durations). */
  defaultText?: string;
}

const fail = (why: string): never => {
  throw new Error(why);
};

const str = (def: string, help: string, allowed?: readonly string[]): Setting<string> => ({
  default: def,
  help,
  parse(raw) {
    if (typeof raw !== 'string' && typeof raw !== 'number') fail('must be a string');
    const value = String(raw);
    if (allowed && !allowed.includes(value)) fail(`must be one of ${allowed.join(', ')}`);
    return value;
  },
});

const url = (help: string): Setting<string> => ({
  default: '',
  help,
  parse(raw) {
    if (typeof raw !== 'string') return fail('must be a URL string');
    if (raw === '') return raw;
    try {
      new URL(raw);
    } catch {
      fail(`"${raw}" is not an absolute URL`);
    }
    return raw;
  },
});

const bool = (def: boolean, help: string): Setting<boolean> => ({
  default: def,
  help,
  parse(raw) {
    if (typeof raw === 'boolean') return raw;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0' || raw === '') return false;
    return fail('must be true or false');
  },
});

const int = (def: number, help: string, min: number, max: number): Setting<number> => ({
  default: def,
  help,
  parse(raw) {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) fail(`must be a whole number from ${min} to ${max}`);
    return n;
  },
});

const list = (def: string[], help: string): Setting<string[]> => ({
  default: def,
  help,
  parse(raw) {
    if (Array.isArray(raw)) return raw.map((v) => (typeof v === 'string' ? v : fail('must be a list of strings')));
    if (typeof raw === 'string') return raw === '' ? [] : raw.split(',').map((v) => v.trim()).filter(Boolean);
    return fail('must be a list of strings');
  },
});

/** A duration, kept as milliseconds. */
const duration = (def: string, help: string): Setting<number> => ({
  default: parseDuration(def),
  defaultText: def,
  help,
  parse(raw) {
    if (typeof raw !== 'string') return fail('must be a duration such as "1h" or "30m"');
    try {
      return parseDuration(raw);
    } catch (err) {
      return fail((err as Error).message);
    }
  },
});

/** A webhook Gatehouse calls (Hydra's webhook_config). */
export interface WebhookConfig {
  url: string;
  /** Hydra's only kind: an API key sent as a header or a cookie. */
  auth?: { type: 'api_key'; config: { in: 'header' | 'cookie'; name: string; value: string } };
}

/**
 * A URL, or { url, auth: { type: api_key, config: { in, name, value } } }; an
 * environment variable holds the URL or that object as JSON.
 */
const webhook = (help: string): Setting<WebhookConfig | null> => ({
  default: null,
  defaultText: 'none',
  help,
  parse(raw) {
    let value = raw;
    if (typeof value === 'string') {
      if (value.trim() === '') return null;
      value = value.trim().startsWith('{') ? parseJson(value) : { url: value };
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail('must be a URL or { url, auth }');
    const { url: target, auth } = value as { url?: unknown; auth?: unknown };
    if (typeof target !== 'string' || !/^https?:\/\//.test(target) || !URL.canParse(target)) return fail('url must be an absolute http(s) URL');
    if (auth === undefined || auth === null) return { url: target };
    const { type, config } = auth as { type?: unknown; config?: { in?: unknown; name?: unknown; value?: unknown } };
    if (type !== 'api_key') return fail('auth.type must be api_key');
    const where = config?.in ?? 'header';
    if (where !== 'header' && where !== 'cookie') return fail('auth.config.in must be header or cookie');
    if (typeof config?.name !== 'string' || config.name === '' || typeof config.value !== 'string') return fail('auth.config needs a name and a value');
    return { url: target, auth: { type, config: { in: where, name: config.name, value: config.value } } };
  },
});

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fail('is not valid JSON');
  }
}

const cors = (side: 'public' | 'admin') => ({
  [`serve.${side}.cors.enabled`]: bool(false, `Answer CORS requests on the ${side} listener.`),
  [`serve.${side}.cors.allowed_origins`]: list(['*'], 'Origins allowed to make CORS requests.'),
  [`serve.${side}.cors.allowed_methods`]: list(['POST', 'GET', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'HEAD', 'OPTIONS', 'TRACE'], 'Methods allowed in CORS requests.'),
  [`serve.${side}.cors.allowed_headers`]: list(['Accept', 'Content-Type', 'Content-Length', 'Accept-Language', 'Content-Language', 'Authorization'], 'Request headers allowed in CORS requests.'),
  [`serve.${side}.cors.exposed_headers`]: list(['Cache-Control', 'Expires', 'Last-Modified', 'Pragma', 'Content-Length', 'Content-Language', 'Content-Type'], 'Response headers exposed to CORS requests.'),
  [`serve.${side}.cors.allow_credentials`]: bool(true, 'Whether CORS requests may carry credentials.'),
  [`serve.${side}.cors.max_age`]: int(0, 'Seconds a browser may cache a preflight answer.', 0, 86_400),
});

export const settings = {
  dsn: str('sqlite://./data/gatehouse.sqlite', 'Database: sqlite://PATH (embedded, default) or postgres://USER:PASS@HOST:PORT/DB.'),
  dev: bool(false, 'Development mode: http issuer allowed, a system secret is generated if none is set, migrations run on start.'),

  'serve.public.port': int(4444, 'Port of the public listener (OAuth 2.0 / OpenID Connect endpoints).', 0, 65_535),
  'serve.public.host': str('', 'Interface of the public listener; empty listens on all.'),
  'serve.admin.port': int(4445, 'Port of the admin listener (admin REST and GraphQL).', 0, 65_535),
  'serve.admin.host': str('', 'Interface of the admin listener; empty listens on all.'),
  ...cors('public'),
  ...cors('admin'),
  'serve.cookies.same_site_mode': str('None', 'SameSite attribute of Gatehouse cookies.', ['Strict', 'Lax', 'None']),
  'serve.cookies.secure': bool(false, 'Force the Secure attribute on cookies even in dev mode.'),
  'serve.cookies.domain': str('', 'Domain attribute of cookies.'),
  'serve.cookies.names.login_csrf': str('ory_hydra_login_csrf', 'Name of the login CSRF cookie.'),
  'serve.cookies.names.consent_csrf': str('ory_hydra_consent_csrf', 'Name of the consent CSRF cookie.'),
  'serve.cookies.names.device_csrf': str('ory_hydra_device_csrf', 'Name of the device-flow CSRF cookie.'),
  'serve.cookies.names.session': str('ory_hydra_session', 'Name of the authentication-session cookie.'),
  'serve.cookies.paths.session': str('/', 'Path of the authentication-session cookie.'),

  'urls.self.issuer': url('Issuer URL of this server, as published in tokens and discovery.'),
  'urls.self.public': url('Public URL of this server; defaults to the issuer.'),
  'urls.self.admin': url('Admin URL of this server.'),
  'urls.login': url('Login app URL; users are sent there with ?login_challenge=.'),
  'urls.registration': url('Registration app URL (prompt=registration).'),
  'urls.consent': url('Consent app URL; users are sent there with ?consent_challenge=.'),
  'urls.logout': url('Logout app URL; users are sent there with ?logout_challenge=.'),
  'urls.error': url('Error page URL for errors that cannot be sent back to the client.'),
  'urls.post_logout_redirect': url('Where users land after logout when the client names no post_logout_redirect_uri.'),
  'urls.device.verification': url('Device verification app URL.'),
  'urls.device.success': url('Page shown after a successful device verification.'),

  'secrets.system': list([], 'System secrets (at least 16 characters each): the first encrypts, all decrypt.'),
  'secrets.cookie': list([], 'Cookie signing secrets; default to the system secrets.'),
  'secrets.pagination': list([], 'Secrets that sign pagination tokens; default to the system secrets.'),

  'ttl.login_consent_request': duration('30m', 'Lifespan of login, consent and logout requests.'),
  'ttl.authentication_session': duration('720h', 'Lifespan of a remembered authentication session.'),
  'ttl.access_token': duration('1h', 'Lifespan of access tokens.'),
  'ttl.refresh_token': duration('720h', 'Lifespan of refresh tokens.'),
  'ttl.id_token': duration('1h', 'Lifespan of ID tokens.'),
  'ttl.auth_code': duration('10m', 'Lifespan of authorization codes.'),
  'ttl.device_user_code': duration('10m', 'Lifespan of device user codes.'),

  'strategies.access_token': str('opaque', 'Access token format: opaque or jwt.', ['opaque', 'jwt']),
  'strategies.scope': str('wildcard', 'Scope matching strategy.', ['wildcard', 'exact']),
  'strategies.jwt.scope_claim': str('list', 'How JWT access tokens carry scopes.', ['list', 'string', 'both']),

  'oauth2.expose_internal_errors': bool(false, 'Include error_debug in error responses.'),
  'oauth2.hashers.algorithm': str('bcrypt', 'Hash algorithm for client secrets (bcrypt).', ['bcrypt']),
  'oauth2.hashers.bcrypt.cost': int(10, 'bcrypt cost for client secrets.', 4, 31),
  'oauth2.pkce.enforced': bool(false, 'Require PKCE for every client.'),
  'oauth2.pkce.enforced_for_public_clients': bool(false, 'Require PKCE for public clients.'),
  'oauth2.client_credentials.default_grant_allowed_scope': bool(false, 'Grant all allowed scopes when a client_credentials request names none.'),
  'oauth2.grant.refresh_token.rotation_grace_period': duration('0s', 'How long a rotated refresh token may still be used.'),
  'oauth2.grant.refresh_token.rotation_grace_reuse_count': int(0, 'How often a rotated refresh token may be reused within the grace period.', 0, 1_000_000),
  'oauth2.grant.jwt.jti_optional': bool(false, 'JWT-bearer assertions may omit jti.'),
  'oauth2.grant.jwt.iat_optional': bool(false, 'JWT-bearer assertions may omit iat.'),
  'oauth2.grant.jwt.max_ttl': duration('720h', 'Longest accepted lifetime of a JWT-bearer assertion.'),
  'oauth2.token_hook': webhook('Called before tokens are issued, for every grant type; may replace the session claims.'),
  'oauth2.refresh_token_hook': webhook('Called before tokens are issued for refresh_token grants (before oauth2.token_hook).'),
  'oauth2.allowed_top_level_claims': list([], 'Session claims promoted to top-level JWT access token claims.'),
  'oauth2.mirror_top_level_claims': bool(true, 'Also keep promoted claims under ext.'),
  'oauth2.device_authorization.token_polling_interval': duration('5s', 'Device flow: how often a device may poll the token endpoint (faster polls get slow_down).'),
  'oauth2.device_authorization.user_code.entropy_preset': str('high', 'Device flow user codes: high (8 of 51 unambiguous letters and digits), medium (8 upper-case letters) or low (9 digits).', ['high', 'medium', 'low']),
  'oauth2.device_authorization.user_code.length': int(0, 'Device flow user code length; 0 uses the entropy preset.', 0, 64),
  'oauth2.device_authorization.user_code.character_set': str('', 'Device flow user code characters; empty uses the entropy preset.'),

  'oidc.subject_identifiers.supported_types': list(['public'], 'Subject identifier types: public, pairwise.'),
  'oidc.subject_identifiers.pairwise.salt': str('', 'Salt for pairwise subject identifiers.'),
  'oidc.dynamic_client_registration.enabled': bool(false, 'Serve OpenID Connect dynamic client registration.'),
  'oidc.dynamic_client_registration.default_scope': list([], 'Scope given to dynamically registered clients that ask for none.'),

  'webfinger.oidc_discovery.supported_claims': list([], 'Claims added to discovery\'s claims_supported (after sub).'),
  'webfinger.oidc_discovery.supported_scope': list([], 'Scopes added to discovery\'s scopes_supported (after offline_access, offline, openid).'),
  'webfinger.oidc_discovery.auth_url': url('authorization_endpoint published in discovery instead of this server\'s own.'),
  'webfinger.oidc_discovery.token_url': url('token_endpoint published in discovery instead of this server\'s own.'),
  'webfinger.oidc_discovery.jwks_url': url('jwks_uri published in discovery instead of this server\'s own.'),
  'webfinger.oidc_discovery.userinfo_url': url('userinfo_endpoint published in discovery instead of this server\'s own.'),
  'webfinger.oidc_discovery.client_registration_url': url('registration_endpoint published in discovery instead of this server\'s own.'),
  'webfinger.oidc_discovery.device_authorization_url': url('device_authorization_endpoint published in discovery instead of this server\'s own.'),

  'clients.http.disallow_private_ip_ranges': bool(false, 'Refuse outgoing calls (jwks_uri, back-channel logout, …) to private networks.'),
  'clients.http.private_ip_exception_urls': list([], 'URLs exempt from disallow_private_ip_ranges.'),

  'log.level': str('info', 'Log level.', ['trace', 'debug', 'info', 'warn', 'warning', 'error', 'fatal', 'panic']),
  'log.format': str('text', 'Log format.', ['text', 'json', 'json_pretty']),
  'log.leak_sensitive_values': bool(false, 'Log sensitive values (never in production).'),
} satisfies Record<string, Setting<unknown>>;

export type SettingName = keyof typeof settings;
export type Config = { readonly [K in SettingName]: (typeof settings)[K]['default'] };

export const envName = (name: string): string => name.toUpperCase().replace(/\./g, '_');
