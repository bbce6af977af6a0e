// The settings the token layer reads, taken once from the configuration so
// that the domain code depends on plain values, not on the config module.
import { posix } from 'node:path';
import type { Config, WebhookConfig } from '../../config/settings.js';
import type { ScopeStrategy } from '../oauth2/scope.js';

export interface TokenSettings {
  /** `urls.self.issuer` exactly as configured: the `iss` of every token. */
  issuer: string;
  /** `urls.self.public`, defaulting to the issuer. */
  publicUrl: string;
  ttl: { accessToken: number; refreshToken: number; idToken: number; authCode: number };
  accessTokenStrategy: 'opaque' | 'jwt';
  scopeStrategy: ScopeStrategy;
  jwtScopeClaim: 'list' | 'string' | 'both';
  pkceEnforced: boolean;
  pkceEnforcedForPublicClients: boolean;
  clientCredentialsDefaultGrantAllowedScope: boolean;
  /** ms; 0 = strict rotation. */
  refreshGracePeriod: number;
  /** 0 = unlimited within the grace period. */
  refreshGraceReuseCount: number;
  allowedTopLevelClaims: string[];
  mirrorTopLevelClaims: boolean;
  /** oauth2.grant.jwt.*: the RFC 7523 jwt-bearer grant's assertion rules (maxTtl in ms). */
  jwtBearer: { jtiOptional: boolean; iatOptional: boolean; maxTtl: number };
  device: DeviceSettings;
  /** oauth2.token_hook / oauth2.refresh_token_hook; null when not configured. */
  tokenHook: WebhookConfig | null;
  refreshTokenHook: WebhookConfig | null;
}

/** The device authorization grant (RFC 8628). */
export interface DeviceSettings {
  /** ttl.device_user_code, ms: how long the device and user codes live. */
  lifespan: number;
  /** ms; polls closer together get slow_down. */
  pollingInterval: number;
  userCodeLength: number;
  userCodeSymbols: string;
}

/** Hydra's user code entropy presets (length, alphabet). */
const USER_CODE_PRESETS: Record<string, [number, string]> = {
  high: [8, 'abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679'],
  medium: [8, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'],
  low: [9, '0123456789'],
};

function deviceSettingsFrom(config: Config): DeviceSettings {
  const [length, symbols] = USER_CODE_PRESETS[config['oauth2.device_authorization.user_code.entropy_preset']] ?? USER_CODE_PRESETS.high!;
  return {
    lifespan: config['ttl.device_user_code'],
    pollingInterval: config['oauth2.device_authorization.token_polling_interval'],
    userCodeLength: config['oauth2.device_authorization.user_code.length'] || length,
    userCodeSymbols: config['oauth2.device_authorization.user_code.character_set'] || symbols,
  };
}

const FIVE_MINUTES = 5 * 60_000;
const HALF_A_YEAR = 180 * 24 * 3_600_000;

export function tokenSettingsFrom(config: Config): TokenSettings {
  const issuer = config['urls.self.issuer'] || `http://localhost:${config['serve.public.port']}/`;
  const reuseCount = config['oauth2.grant.refresh_token.rotation_grace_reuse_count'];
  // Hydra clamps the grace period to 5 minutes, or 180 days when the reuse count bounds it.
  const grace = Math.max(0, Math.min(config['oauth2.grant.refresh_token.rotation_grace_period'], reuseCount > 0 ? HALF_A_YEAR : FIVE_MINUTES));
  return {
    issuer,
    publicUrl: config['urls.self.public'] || issuer,
    ttl: {
      accessToken: config['ttl.access_token'],
      refreshToken: config['ttl.refresh_token'],
      idToken: config['ttl.id_token'],
      authCode: config['ttl.auth_code'],
    },
    accessTokenStrategy: config['strategies.access_token'] === 'jwt' ? 'jwt' : 'opaque',
    scopeStrategy: config['strategies.scope'] === 'wildcard' ? 'wildcard' : 'exact',
    jwtScopeClaim: config['strategies.jwt.scope_claim'] as TokenSettings['jwtScopeClaim'],
    pkceEnforced: config['oauth2.pkce.enforced'],
    pkceEnforcedForPublicClients: config['oauth2.pkce.enforced_for_public_clients'],
    clientCredentialsDefaultGrantAllowedScope: config['oauth2.client_credentials.default_grant_allowed_scope'],
    refreshGracePeriod: grace,
    refreshGraceReuseCount: reuseCount,
    allowedTopLevelClaims: config['oauth2.allowed_top_level_claims'],
    mirrorTopLevelClaims: config['oauth2.mirror_top_level_claims'],
    jwtBearer: {
      jtiOptional: config['oauth2.grant.jwt.jti_optional'],
      iatOptional: config['oauth2.grant.jwt.iat_optional'],
      maxTtl: config['oauth2.grant.jwt.max_ttl'],
    },
    device: deviceSettingsFrom(config),
    tokenHook: config['oauth2.token_hook'],
    refreshTokenHook: config['oauth2.refresh_token_hook'],
  };
}

/** Hydra's urlx.AppendPaths: the path joined onto the base URL's path (path.Join semantics). */
export function joinUrl(base: string, path: string): string {
  const url = new URL(base);
  url.pathname = posix.join(url.pathname, path);
  return url.toString();
}

/** The token endpoint URLs a client assertion's `aud` may name (Hydra's GetTokenURLs). */
export function tokenEndpointUrls(settings: TokenSettings): string[] {
  return [...new Set([joinUrl(settings.publicUrl, '/oauth2/token'), joinUrl(settings.issuer, '/oauth2/token')])];
}
